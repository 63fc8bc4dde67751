"""Version 4: the police's prognoses, and what runs and HR files say about themselves.

- ``prognosis_vintages`` and ``prognosis_entries``: the police's own prognosis tables
  (Tabel 3, 4, 5) by vintage (:mod:`sterkte.store.prognoses`);
- ``anticipation_runs.override``: the reason a run that is not fit for use was saved and
  may be planned anyway (logged with the run);
- ``anticipation_outlines``: the areas' outlines kept with a run (the map's base layer;
  geometry as JSON text);
- ``hr_imports.synthetic``: the file carried the synthetic police's marker.
"""

from __future__ import annotations

DESCRIPTION = "police prognosis vintages, run overrides and outlines, synthetic HR files"
DESCRIPTION_NL = ("prognoses van de politie, overrides en gebiedsgrenzen "
                  "van runs, synthetische HR-bestanden")


def statements() -> list[str]:
    return [
        """CREATE TABLE IF NOT EXISTS prognosis_vintages (
            vintage VARCHAR PRIMARY KEY,
            description VARCHAR NOT NULL,
            first_year INTEGER NOT NULL,
            made_on DATE)""",
        """CREATE TABLE IF NOT EXISTS prognosis_entries (
            import_id INTEGER NOT NULL,
            vintage VARCHAR NOT NULL,
            tabel VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,
            year INTEGER NOT NULL,
            row_name VARCHAR NOT NULL,
            value DOUBLE NOT NULL,
            PRIMARY KEY (import_id, tabel, kind, year, row_name))""",
        "ALTER TABLE anticipation_runs ADD COLUMN IF NOT EXISTS override VARCHAR",
        """CREATE TABLE IF NOT EXISTS anticipation_outlines (
            run_id INTEGER NOT NULL, area VARCHAR NOT NULL, synthetic BOOLEAN NOT NULL,
            geometry VARCHAR NOT NULL)""",
        "ALTER TABLE hr_imports ADD COLUMN IF NOT EXISTS synthetic BOOLEAN DEFAULT FALSE",
    ]
