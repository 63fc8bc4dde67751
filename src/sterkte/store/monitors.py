"""The imported inputs of the earmark monitor and the team dashboard, and the HR figures
they read (portable SQL, ``?`` parameters; each import replaces the earlier one of its
kind whole, in one transaction):

- ``survey_results``: employee-survey results per team, wave and dimension;
- ``earmark_bezetting``: fte in post against an earmark, per scope, on a date;
- ``task_understaffing``: understaffing of a task per period (percent, or the formatie
  and bezetting it follows from).

The tables are schema version 5 (:mod:`sterkte.store.migrations.v005_monitors`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sterkte.store.db import Connection, exact_sum, has_table, transaction
from sterkte.store.hr import has_hr
from sterkte.store.hr_timeline import timeline_cte
from sterkte.store.migrations import ensure_current

TABLES = {"survey": "survey_results", "earmark_bezetting": "earmark_bezetting",
          "understaffing": "task_understaffing"}
COLUMNS = {
    "survey": ("team", "wave", "dimension", "respondents", "score", "source"),
    "earmark_bezetting": ("earmark", "scope", "on_date", "bezetting_fte", "source"),
    "understaffing": ("task", "period", "understaffing_percent", "formatie_fte",
                      "bezetting_fte", "source"),
}


@dataclass(frozen=True)
class SurveyResult:
    team: str
    wave: dt.date
    dimension: str
    respondents: int
    score: float
    source: str


@dataclass(frozen=True)
class Bezetting:
    earmark: str
    scope: str
    on: dt.date
    fte: float
    source: str


@dataclass(frozen=True)
class Understaffing:
    task: str
    period: str  # 2017, 2019-04 or 2019-09-30, as the source dates it
    percent: float | None
    formatie_fte: float | None
    bezetting_fte: float | None
    source: str


def _has(con: Connection, table: str) -> bool:
    return has_table(con, table)


def replace_rows(con: Connection, kind: str,
                 rows: Sequence[Sequence[object]]) -> int:
    """Replace the stored input of ``kind`` (survey, earmark_bezetting, understaffing)."""
    table = TABLES[kind]
    cols = COLUMNS[kind]
    ensure_current(con)
    with transaction(con):
        con.execute(f"DELETE FROM {table}")
        if rows:
            marks = ", ".join("?" for _ in cols)
            con.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})",
                            [list(r) for r in rows])
    return len(rows)


def survey_results(con: Connection, team: str | None = None
                   ) -> list[SurveyResult]:
    if not _has(con, "survey_results"):
        return []
    sql = "SELECT team, wave, dimension, respondents, score, source FROM survey_results"
    args: list[object] = []
    if team is not None:
        sql += " WHERE team = ?"
        args.append(team)
    return [SurveyResult(t, w, d, int(n), float(s), src) for t, w, d, n, s, src in
            con.execute(sql + " ORDER BY team, wave, dimension", args).fetchall()]


def earmark_bezetting(con: Connection) -> list[Bezetting]:
    if not _has(con, "earmark_bezetting"):
        return []
    return [Bezetting(e, s, d, float(f), src) for e, s, d, f, src in con.execute(
        "SELECT earmark, scope, on_date, bezetting_fte, source FROM earmark_bezetting "
        "ORDER BY earmark, scope, on_date").fetchall()]


def understaffing(con: Connection) -> list[Understaffing]:
    if not _has(con, "task_understaffing"):
        return []
    return [Understaffing(t, p, pc, f, b, src) for t, p, pc, f, b, src in con.execute(
        "SELECT task, period, understaffing_percent, formatie_fte, bezetting_fte, source "
        "FROM task_understaffing ORDER BY task, period").fetchall()]


def function_fte(con: Connection, on: dt.date, function: str
                 ) -> dict[str, float]:
    """Fte of professionals (OS, ASP, NOS) in an HR function per unit on ``on`` (the
    function as on the person record: functions are not historised)."""
    if not has_hr(con):
        return {}
    rows = con.execute(f"""
        WITH {timeline_cte(con)},
        last AS (SELECT person_id, MAX(seq) AS seq FROM t WHERE date <= ?
                 GROUP BY person_id),
        s AS (SELECT t.* FROM t JOIN last USING (person_id, seq) WHERE act_a = 1)
        SELECT s.unit_a, {exact_sum('s.fte_a')} FROM s JOIN hr_persons p USING (person_id)
        WHERE s.cat_a IN ('OS', 'ASP', 'NOS') AND p.function = ?
        GROUP BY s.unit_a ORDER BY s.unit_a""", [on, function]).fetchall()
    return {u: float(v) for u, v in rows}


def volunteers_by_type(con: Connection, on: dt.date
                       ) -> dict[tuple[str, str | None], int]:
    """Volunteers per unit and appointment type on ``on`` (the type as on the person
    record; None when not recorded, or when the record is no longer a volunteer's)."""
    if not has_hr(con):
        return {}
    kind = "CASE WHEN p.category = 'VOL' THEN p.appointment_type END"
    rows = con.execute(f"""
        WITH {timeline_cte(con)},
        last AS (SELECT person_id, MAX(seq) AS seq FROM t WHERE date <= ?
                 GROUP BY person_id),
        s AS (SELECT t.* FROM t JOIN last USING (person_id, seq) WHERE act_a = 1)
        SELECT s.unit_a, {kind}, COUNT(*) FROM s JOIN hr_persons p USING (person_id)
        WHERE s.cat_a = 'VOL' GROUP BY s.unit_a, {kind}""", [on]).fetchall()
    return {(u, k): int(n) for u, k, n in rows}
