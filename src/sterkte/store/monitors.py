"""The imported inputs of the earmark monitor and the team dashboard, and the HR figures
they read (portable SQL, ``?`` parameters; each import replaces the earlier one of its
kind whole, in one transaction):

- ``survey_results``: employee-survey results per team, wave and dimension;
- ``earmark_bezetting``: fte in post against an earmark, per scope, on a date;
- ``task_understaffing``: understaffing of a task per period (percent, or the formatie
  and bezetting it follows from).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

from sterkte.store.db import transaction
from sterkte.store.hr import has_hr
from sterkte.store.hr_timeline import timeline_sql

TABLES = {
    "survey": ("survey_results", """CREATE TABLE IF NOT EXISTS survey_results (
        team VARCHAR NOT NULL, wave DATE NOT NULL, dimension VARCHAR NOT NULL,
        respondents INTEGER NOT NULL, score DOUBLE NOT NULL, source VARCHAR NOT NULL)"""),
    "earmark_bezetting": ("earmark_bezetting", """CREATE TABLE IF NOT EXISTS
        earmark_bezetting (
        earmark VARCHAR NOT NULL, scope VARCHAR NOT NULL, on_date DATE NOT NULL,
        bezetting_fte DOUBLE NOT NULL, source VARCHAR NOT NULL)"""),
    "understaffing": ("task_understaffing", """CREATE TABLE IF NOT EXISTS
        task_understaffing (
        task VARCHAR NOT NULL, period VARCHAR NOT NULL, understaffing_percent DOUBLE,
        formatie_fte DOUBLE, bezetting_fte DOUBLE, source VARCHAR NOT NULL)"""),
}
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


def _has(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    row = con.execute("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = ?",
                      [table]).fetchone()
    return bool(row and row[0])


def replace_rows(con: duckdb.DuckDBPyConnection, kind: str,
                 rows: Sequence[Sequence[object]]) -> int:
    """Replace the stored input of ``kind`` (survey, earmark_bezetting, understaffing)."""
    table, ddl = TABLES[kind]
    cols = COLUMNS[kind]
    with transaction(con):
        con.execute(ddl)
        con.execute(f"DELETE FROM {table}")
        if rows:
            marks = ", ".join("?" for _ in cols)
            con.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})",
                            [list(r) for r in rows])
    return len(rows)


def survey_results(con: duckdb.DuckDBPyConnection, team: str | None = None
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


def earmark_bezetting(con: duckdb.DuckDBPyConnection) -> list[Bezetting]:
    if not _has(con, "earmark_bezetting"):
        return []
    return [Bezetting(e, s, d, float(f), src) for e, s, d, f, src in con.execute(
        "SELECT earmark, scope, on_date, bezetting_fte, source FROM earmark_bezetting "
        "ORDER BY earmark, scope, on_date").fetchall()]


def understaffing(con: duckdb.DuckDBPyConnection) -> list[Understaffing]:
    if not _has(con, "task_understaffing"):
        return []
    return [Understaffing(t, p, pc, f, b, src) for t, p, pc, f, b, src in con.execute(
        "SELECT task, period, understaffing_percent, formatie_fte, bezetting_fte, source "
        "FROM task_understaffing ORDER BY task, period").fetchall()]


def function_fte(con: duckdb.DuckDBPyConnection, on: dt.date, function: str
                 ) -> dict[str, float]:
    """Fte of professionals (OS, ASP, NOS) in an HR function per unit on ``on`` (the
    function as on the person record: functions are not historised)."""
    if not has_hr(con):
        return {}
    rows = con.execute(f"""
        WITH t AS ({timeline_sql('hr_events')}),
        last AS (SELECT person_id, MAX(seq) AS seq FROM t WHERE date <= ?
                 GROUP BY person_id),
        s AS (SELECT t.* FROM t JOIN last USING (person_id, seq) WHERE act_a = 1)
        SELECT s.unit_a, SUM(s.fte_a) FROM s JOIN hr_persons p USING (person_id)
        WHERE s.cat_a IN ('OS', 'ASP', 'NOS') AND p.function = ?
        GROUP BY s.unit_a""", [on, function]).fetchall()
    return {u: float(v) for u, v in rows}


def volunteers_by_type(con: duckdb.DuckDBPyConnection, on: dt.date
                       ) -> dict[tuple[str, str | None], int]:
    """Volunteers per unit and appointment type on ``on`` (the type as on the person
    record; None when not recorded, or when the record is no longer a volunteer's)."""
    if not has_hr(con):
        return {}
    has_type = bool(con.execute(
        "SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'hr_persons' "
        "AND column_name = 'appointment_type'").fetchone()[0])  # type: ignore[index]
    kind = ("CASE WHEN p.category = 'VOL' THEN p.appointment_type END" if has_type
            else "CAST(NULL AS VARCHAR)")
    rows = con.execute(f"""
        WITH t AS ({timeline_sql('hr_events')}),
        last AS (SELECT person_id, MAX(seq) AS seq FROM t WHERE date <= ?
                 GROUP BY person_id),
        s AS (SELECT t.* FROM t JOIN last USING (person_id, seq) WHERE act_a = 1)
        SELECT s.unit_a, {kind}, COUNT(*) FROM s JOIN hr_persons p USING (person_id)
        WHERE s.cat_a = 'VOL' GROUP BY s.unit_a, {kind}""", [on]).fetchall()
    return {(u, k): int(n) for u, k, n in rows}
