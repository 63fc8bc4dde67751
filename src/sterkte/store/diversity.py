"""What the diversity monitor reads from the store: persons counted by unit, gender and
birth year per population and year from the HR records, and the imported aggregate
counts of cultural background.

Populations (professionals: OS, ASP, NOS; volunteers are not employees):
- ``staff``: everyone employed on 31 December of the year (state from the events);
- ``intake``: academy intake in the year (a hire as aspirant, or an academy start);
- ``outflow``: professionals leaving in the year (leave, dropout, or a move to the
  volunteers), in the unit they left;
- ``leadership``: staff on 31 December whose function is ``leiding``. Functions are
  not historised (the person record holds the extract date's), so this population is
  counted only for the year of the latest HR event.

Cultural background is special-category personal data: it is never stored per person.
``diversity_background`` holds counts per unit (or team), year, population and group
as a statistical source delivers them, with the source and its definition of the
groups in ``diversity_background_imports``. An import replaces the earlier one whole.
SQL is portable (plain types, ``?`` parameters); the tables and the optional ``gender``
column are schema version 5 (:mod:`sterkte.store.migrations.v005_monitors`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sterkte.store.db import Connection, has_table, transaction
from sterkte.store.hr import has_hr
from sterkte.store.hr_timeline import timeline_cte
from sterkte.store.migrations import ensure_current
from sterkte.store.norm_data import latest_event_date

PROFESSIONALS = "('OS', 'ASP', 'NOS')"
LEADERSHIP_FUNCTION = "leiding"  # the HR function of team and unit management


@dataclass(frozen=True)
class PersonCount:
    """Persons of one population and year with the same unit, gender and birth year."""

    population: str
    year: int
    unit: str
    gender: str | None
    birth_year: int
    persons: int


@dataclass(frozen=True)
class BackgroundCount:
    population: str
    year: int
    unit: str
    team: str | None
    group: str
    persons: int


@dataclass(frozen=True)
class BackgroundSource:
    file: str
    sha256: str
    source: str
    definition: str
    imported_at: dt.datetime


def _has(con: Connection, table: str) -> bool:
    return has_table(con, table)


def person_counts(con: Connection, years: Sequence[int]) -> list[PersonCount]:
    """Persons per population, year, unit, gender and birth year (see the module)."""
    if not has_hr(con) or not years:
        return []
    gender = "p.gender"  # empty (unknown) for persons of a store older than version 5
    out: list[PersonCount] = []
    latest = latest_event_date(con)
    for y in years:
        on = dt.date(y, 12, 31)
        rows = con.execute(f"""
            WITH {timeline_cte(con)},
            last AS (SELECT person_id, MAX(seq) AS seq FROM t WHERE date <= ?
                     GROUP BY person_id),
            s AS (SELECT t.* FROM t JOIN last USING (person_id, seq) WHERE act_a = 1)
            SELECT s.unit_a, {gender}, p.birth_year, p.function, COUNT(*)
            FROM s JOIN hr_persons p USING (person_id)
            WHERE s.cat_a IN {PROFESSIONALS}
            GROUP BY s.unit_a, {gender}, p.birth_year, p.function""", [on]).fetchall()
        for unit, g, born, function, n in rows:
            out.append(PersonCount("staff", y, unit, g, int(born), int(n)))
            if function == LEADERSHIP_FUNCTION and latest is not None and latest.year == y:
                out.append(PersonCount("leadership", y, unit, g, int(born), int(n)))
    first, last = dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)
    rows = con.execute(f"""
        WITH {timeline_cte(con)},
        f AS (
          SELECT CAST(EXTRACT(YEAR FROM t.date) AS INTEGER) AS y, person_id,
            CASE WHEN (t.type = 'hire' AND t.category = 'ASP') OR t.type = 'academy_start'
                   THEN 'intake' ELSE 'outflow' END AS population,
            CASE WHEN (t.type = 'hire' AND t.category = 'ASP') OR t.type = 'academy_start'
                   THEN t.unit_a ELSE t.unit_b END AS unit
          FROM t
          WHERE t.date BETWEEN ? AND ? AND (
            (t.type = 'hire' AND t.category = 'ASP') OR t.type = 'academy_start'
            OR (t.type IN ('leave', 'dropout') AND t.cat_b IN {PROFESSIONALS})
            OR (t.type = 'transfer_category' AND t.category = 'VOL'
                AND t.cat_b IN {PROFESSIONALS})))
        SELECT f.population, f.y, f.unit, {gender}, p.birth_year, COUNT(*)
        FROM f JOIN hr_persons p USING (person_id)
        GROUP BY f.population, f.y, f.unit, {gender}, p.birth_year""",
                       [first, last]).fetchall()
    wanted = set(years)
    out += [PersonCount(pop, int(y), unit, g, int(born), int(n))
            for pop, y, unit, g, born, n in rows if int(y) in wanted]
    return out


def hr_years(con: Connection) -> list[int]:
    """The calendar years the HR events cover completely enough to count year ends:
    from the year of the first mutation (not a hire) to the year of the latest event."""
    if not has_hr(con):
        return []
    row = con.execute("SELECT MIN(date), MAX(date) FROM hr_events WHERE type <> 'hire'"
                      ).fetchone()
    if not row or row[0] is None:
        return []
    return list(range(row[0].year, row[1].year + 1))


def replace_background(con: Connection, path: str | Path, source: str,
                       definition: str, rows: Sequence[BackgroundCount]) -> int:
    """Replace the stored background counts with ``rows`` (one transaction)."""
    data = Path(path).read_bytes()
    ensure_current(con)
    with transaction(con):
        con.execute("DELETE FROM diversity_background")
        con.execute("DELETE FROM diversity_background_imports")
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        con.execute("INSERT INTO diversity_background_imports VALUES (1, ?, ?, ?, ?, ?)",
                    [str(path), hashlib.sha256(data).hexdigest(), source, definition, now])
        if rows:
            con.executemany("INSERT INTO diversity_background VALUES (1, ?, ?, ?, ?, ?, ?)",
                            [[r.year, r.population, r.unit, r.team, r.group, r.persons]
                             for r in rows])
    return len(rows)


def background_counts(con: Connection) -> list[BackgroundCount]:
    if not _has(con, "diversity_background"):
        return []
    return [BackgroundCount(p, int(y), u, t, g, int(n)) for y, p, u, t, g, n in con.execute(
        "SELECT year, population, unit, team, grp, persons FROM diversity_background "
        "ORDER BY year, population, unit, team, grp").fetchall()]


def background_source(con: Connection) -> BackgroundSource | None:
    if not _has(con, "diversity_background_imports"):
        return None
    row = con.execute("SELECT file, sha256, source, definition, imported_at "
                      "FROM diversity_background_imports").fetchone()
    return BackgroundSource(*row) if row else None
