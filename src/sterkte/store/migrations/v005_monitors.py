"""Version 5: the monitors of issue 16 (diversity, earmarks, the team dashboard).

- ``hr_persons.gender`` and ``hr_persons.appointment_type``: optional HR fields (a
  volunteer's appointment type: executief, esi, ath); an older store's persons get
  them empty (unknown), every row kept;
- ``diversity_background_imports`` and ``diversity_background``: cultural background as
  counts per unit (or team), year, population and group from a statistical source,
  never per person (:mod:`sterkte.store.diversity`);
- ``survey_results``: employee-survey results per team, wave and dimension;
- ``earmark_bezetting``: fte in post against an earmark, per scope, on a date;
- ``task_understaffing``: understaffing of a task per period
  (:mod:`sterkte.store.monitors`).
"""

from __future__ import annotations

DESCRIPTION = ("gender and volunteer appointment type in HR records, cultural background "
               "counts, survey waves, earmark bezetting, task understaffing")
DESCRIPTION_NL = ("geslacht en aanstellingssoort vrijwilliger in HR-gegevens, aantallen naar "
                  "culturele achtergrond, enquêtegolven, bezetting van oormerken, "
                  "onderbezetting van taken")

# The HR fields this version adds: (table, column, type), read by the frozen-DDL test.
HR_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("hr_persons", "gender", "VARCHAR"),
    ("hr_persons", "appointment_type", "VARCHAR"),
)


def statements() -> list[str]:
    return [
        *(f'ALTER TABLE {table} ADD COLUMN IF NOT EXISTS "{column}" {sql_type}'
          for table, column, sql_type in HR_COLUMNS),
        """CREATE TABLE IF NOT EXISTS diversity_background_imports (
            import_id INTEGER NOT NULL, file VARCHAR NOT NULL, sha256 VARCHAR NOT NULL,
            source VARCHAR NOT NULL, definition VARCHAR NOT NULL,
            imported_at TIMESTAMP NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS diversity_background (
            import_id INTEGER NOT NULL, year INTEGER NOT NULL, population VARCHAR NOT NULL,
            unit VARCHAR NOT NULL, team VARCHAR, grp VARCHAR NOT NULL,
            persons INTEGER NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS survey_results (
            team VARCHAR NOT NULL, wave DATE NOT NULL, dimension VARCHAR NOT NULL,
            respondents INTEGER NOT NULL, score DOUBLE NOT NULL, source VARCHAR NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS earmark_bezetting (
            earmark VARCHAR NOT NULL, scope VARCHAR NOT NULL, on_date DATE NOT NULL,
            bezetting_fte DOUBLE NOT NULL, source VARCHAR NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS task_understaffing (
            task VARCHAR NOT NULL, period VARCHAR NOT NULL, understaffing_percent DOUBLE,
            formatie_fte DOUBLE, bezetting_fte DOUBLE, source VARCHAR NOT NULL)""",
    ]
