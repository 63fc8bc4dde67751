"""What the norms read from the store: HR-derived figures and imported norm inputs.

HR figures replay the event histories (:mod:`sterkte.store.hr_timeline`), so a person
counts in the unit, category and fte of their state on the date asked. Teams and
districts are those on the person record (the extract date).

Norm inputs have a table each (see :mod:`sterkte.store.migrations`), replaced whole
by each import, in one transaction:
- ``norm_population``: inhabitants per municipality and unit on a date;
- ``norm_time``: community officers' hours worked and hours for the neighbourhood;
- ``norm_target_realisations``: realisations of national targets by year;
- ``norm_survey``: employee-survey scores per team with their respondents;
- ``norm_team_formatie``: the formatie of each team, fte.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sterkte.records.staff import AbsenceRows, TeamRow
from sterkte.store.db import Connection, exact_sum, has_table, transaction
from sterkte.store.hr import has_hr
from sterkte.store.hr_timeline import timeline_cte

TABLE_OF = {"population": "norm_population", "time": "norm_time",
            "targets": "norm_target_realisations", "survey": "norm_survey",
            "team_formatie": "norm_team_formatie"}


def _has(con: Connection, table: str) -> bool:
    return has_table(con, table)


def replace_input(con: Connection, kind: str, columns: Sequence[str],
                  rows: Sequence[Sequence[object]]) -> int:
    """Replace the stored input of ``kind`` with ``rows``, in one transaction."""
    from sterkte.store.migrations import ensure_current

    table = TABLE_OF[kind]
    ensure_current(con)
    with transaction(con):
        con.execute(f"DELETE FROM {table}")
        marks = ", ".join("?" for _ in columns)
        if rows:
            con.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                            [list(r) for r in rows])
    return len(rows)


def population(con: Connection
               ) -> tuple[dict[str, int], str, dt.date] | None:
    """Imported inhabitants per unit, their source and the date they count on, or None
    when none were imported."""
    if not _has(con, "norm_population"):
        return None
    rows = con.execute("SELECT unit, SUM(inhabitants), MIN(source), MIN(on_date) "
                       "FROM norm_population GROUP BY unit ORDER BY unit").fetchall()
    if not rows:
        return None
    on = rows[0][3]
    day = on.date() if isinstance(on, dt.datetime) else on
    return {u: int(n) for u, n, _, _ in rows}, str(rows[0][2]), day


def target_realisations(con: Connection) -> dict[str, dict[int, float]] | None:
    if not _has(con, "norm_target_realisations"):
        return None
    out: dict[str, dict[int, float]] = {}
    for t, y, v in con.execute("SELECT target, year, realised FROM norm_target_realisations"
                               ).fetchall():
        out.setdefault(t, {})[int(y)] = float(v)
    return out or None  # none imported (the table exists in every store)


def team_formatie(con: Connection) -> dict[str, float]:
    if not _has(con, "norm_team_formatie"):
        return {}
    return {t: float(f) for t, f in con.execute(
        "SELECT team, formatie_fte FROM norm_team_formatie").fetchall()}


def survey(con: Connection) -> dict[str, tuple[int, float | None, float | None]]:
    if not _has(con, "norm_survey"):
        return {}
    return {t: (int(n), s, w) for t, n, s, w in con.execute(
        "SELECT team, respondents, social_safety, workload FROM norm_survey").fetchall()}


# -- HR-derived ---------------------------------------------------------------

def latest_event_date(con: Connection) -> dt.date | None:
    """The date of the latest HR event in the store (the records' extract date), or None
    when the store holds no HR records. The one place this is computed."""
    if not has_hr(con):
        return None
    row = con.execute("SELECT MAX(date) FROM hr_events").fetchone()
    return row[0] if row and row[0] else None


def _state_on(con: Connection, on: dt.date) -> str:
    return f"""WITH {timeline_cte(con)},
        last AS (SELECT person_id, MAX(seq) AS seq FROM t WHERE date <= DATE '{on.isoformat()}'
                 GROUP BY person_id),
        s AS (SELECT t.* FROM t JOIN last USING (person_id, seq) WHERE act_a = 1)"""


def wijkagent_fte(con: Connection, on: dt.date) -> dict[str, float]:
    """Fte of operational community officers per unit on ``on``."""
    fte = exact_sum("s.fte_a")
    rows = con.execute(_state_on(con, on) + f"""
        SELECT s.unit_a, {fte} FROM s JOIN hr_persons p USING (person_id)
        WHERE s.cat_a = 'OS' AND p.function = 'wijkagent' GROUP BY s.unit_a
        ORDER BY s.unit_a""").fetchall()
    return {u: float(v) for u, v in rows}


def stocks(con: Connection, on: dt.date, category: str) -> dict[str, float]:
    """Stock per unit on ``on``: fte, or persons for volunteers (VOL)."""
    measure = "COUNT(*)" if category == "VOL" else exact_sum("s.fte_a")
    rows = con.execute(_state_on(con, on) + f"""
        SELECT s.unit_a, {measure} FROM s WHERE s.cat_a = ? GROUP BY s.unit_a
        ORDER BY s.unit_a""",
                       [category]).fetchall()
    return {u: float(v) for u, v in rows}


def team_rows(con: Connection, on: dt.date) -> list[TeamRow]:
    """Persons per team and category on ``on`` (teams as on the person record)."""
    fte = exact_sum("CASE WHEN s.cat_a = 'VOL' THEN 0 ELSE s.fte_a END")
    rows = con.execute(_state_on(con, on) + f"""
        SELECT p.unit, COALESCE(p.district, '?'), p.team, s.cat_a, COUNT(*), {fte}
        FROM s JOIN hr_persons p USING (person_id)
        WHERE p.team IS NOT NULL AND s.unit_a = p.unit
        GROUP BY p.unit, p.district, p.team, s.cat_a
        ORDER BY p.unit, p.district, p.team, s.cat_a""").fetchall()
    out: dict[str, TeamRow] = {}
    for unit, district, team, cat, n, fte in rows:
        row = out.setdefault(team, TeamRow(unit, district, team, {}, 0.0))
        row.counts[cat] = int(n)
        out[team] = TeamRow(row.unit, row.district, row.team, row.counts,
                            row.fte + float(fte or 0.0))
    return list(out.values())


def absence_rows(con: Connection, as_of: dt.date, by: str = "unit",
                 ) -> AbsenceRows:
    """Employment and sickness pieces of professionals (OS, ASP, NOS), per unit or team
    (``by``). Days are half-open ranges; a running spell runs to ``as_of``."""
    if by not in ("unit", "team"):
        raise ValueError("by must be 'unit' or 'team'")
    group = "t.unit_a" if by == "unit" else \
        "CASE WHEN t.unit_a = p.unit THEN p.team END"
    end = (as_of + dt.timedelta(days=1)).isoformat()
    seg_sql = f"""
        WITH {timeline_cte(con)},
        -- The next event ends a segment whatever it is (a leave too): take it before
        -- keeping only the active segments.
        nx AS (SELECT t.*, COALESCE(t.next_date, DATE '{end}') AS nxt FROM t),
        seg AS (
          SELECT t.person_id, t.date AS s, t.nxt AS e, t.fte_a AS fte, {group} AS grp
          FROM nx t JOIN hr_persons p USING (person_id)
          WHERE t.act_a = 1 AND t.cat_a IN ('OS', 'ASP', 'NOS') AND t.fte_a IS NOT NULL)
        SELECT * FROM seg WHERE grp IS NOT NULL AND e > s AND s < DATE '{end}'"""
    # ordered, so that the absence figures add them up in one order on any engine
    avail = con.execute(f"SELECT s, LEAST(e, DATE '{end}'), fte, grp FROM ({seg_sql}) a "
                        "ORDER BY 4, 1, 2, 3").fetchall()
    sick: list[tuple[Any, ...]] = []
    if _has(con, "hr_sickness"):
        sick = con.execute(f"""
            WITH seg AS ({seg_sql})
            SELECT DENSE_RANK() OVER (ORDER BY k.person_id, k.start),
                   GREATEST(k.start, seg.s),
                   LEAST(COALESCE(k."end" + INTERVAL '1 day', DATE '{end}'), seg.e,
                         DATE '{end}'),
                   seg.fte * k.percentage / 100.0, seg.grp, k.start
            FROM hr_sickness k JOIN seg ON k.person_id = seg.person_id
             AND k.start < seg.e AND COALESCE(k."end" + INTERVAL '1 day', DATE '{end}') > seg.s
            ORDER BY 1, 2, 3, 4, 5""").fetchall()
    groups = sorted({r[3] for r in avail} | {r[4] for r in sick})
    index = {g: i for i, g in enumerate(groups)}

    def day(v: object) -> dt.date:
        return v.date() if isinstance(v, dt.datetime) else v  # type: ignore[return-value]

    # Each sick piece carries its whole spell's first day, so the two-year point is the
    # spell's even when a change of fte or unit cuts it into pieces.
    return AbsenceRows(
        available=[(day(a), day(b), float(w), index[g]) for a, b, w, g in avail],
        sick=[(day(a), day(b), float(w), index[g]) for _, a, b, w, g, _ in sick],
        spells=[(int(i), day(s)) for i, _, _, _, _, s in sick],
        groups=groups)


def volunteer_hours(con: Connection, year: int) -> dict[str, float]:
    """Hours deployed per volunteer (pseudonymous id) in ``year``."""
    if not _has(con, "hr_volunteer_hours"):
        return {}
    rows = con.execute(f"SELECT person_id, {exact_sum('hours')} FROM hr_volunteer_hours "
                       "WHERE month LIKE ? GROUP BY person_id ORDER BY person_id",
                       [f"{year}-%"]).fetchall()
    return {p: float(h) for p, h in rows}


def neighbourhood_hours(con: Connection, first: dt.date, last: dt.date,
                        ) -> dict[str, tuple[float, float]]:
    """(neighbourhood hours, hours worked) per team, unit and NP between two dates."""
    if not _has(con, "norm_time") or not has_hr(con):
        return {}
    rows = con.execute(f"""
        SELECT p.unit, p.team, {exact_sum("t.neighbourhood_hours")}, {exact_sum("t.hours")}
        FROM norm_time t JOIN hr_persons p USING (person_id)
        WHERE t.date BETWEEN ? AND ? GROUP BY p.unit, p.team
        ORDER BY p.unit, p.team""", [first, last]).fetchall()  # one order of adding up
    out: dict[str, tuple[float, float]] = {}
    for unit, team, wijk, total in rows:
        for scope in (team, unit, "NP"):
            if scope is None:
                continue
            a, b = out.get(scope, (0.0, 0.0))
            out[scope] = (a + float(wijk), b + float(total))
    return out


def team_units(con: Connection) -> dict[str, str]:
    """The unit of each team, as on the person records."""
    if not has_hr(con):
        return {}
    return dict(con.execute("SELECT DISTINCT team, unit FROM hr_persons "
                            "WHERE team IS NOT NULL").fetchall())
