"""Earmarked capacity from the store: the earmarks in force (parameters), the bezetting
against each (HR records for an HR function, else imported), and the understaffing of
tasks (imported; without an import, the figures the letters published, bundled)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from sterkte.errors import InputError, Msg
from sterkte.norms.earmarks import (
    EarmarkStatus,
    TaskUnderstaffing,
    earmarks_on,
    judge_earmarks,
    understaffing_series,
)
from sterkte.parameters import ParameterSet
from sterkte.records.hr import FUNCTIONS
from sterkte.sources.monitor_inputs import read_monitor_input
from sterkte.store.db import Connection, connect
from sterkte.store.monitors import (
    earmark_bezetting,
    function_fte,
    replace_rows,
    understaffing,
)
from sterkte.store.norm_data import latest_event_date

BUNDLED_UNDERSTAFFING = "data/traffic-understaffing.csv"
HR_SOURCE = "HR"  # the source of a bezetting computed from the HR records


@dataclass(frozen=True)
class EarmarkReport:
    on: dt.date
    statuses: list[EarmarkStatus]
    understaffing: list[TaskUnderstaffing]
    understaffing_bundled: bool  # no import: the published figures shipped with sterkte


def _bundled_understaffing() -> list[tuple[str, str, float | None, float | None,
                                           float | None, str]]:
    path = resources.files("sterkte").joinpath(BUNDLED_UNDERSTAFFING)
    with resources.as_file(path) as p:
        rows = read_monitor_input(p, "understaffing")
    return [_understaffing_row(r, BUNDLED_UNDERSTAFFING) for r in rows]


def _understaffing_row(r: dict[str, object], default_source: str
                       ) -> tuple[str, str, float | None, float | None, float | None, str]:
    def num(key: str) -> float | None:
        v = r.get(key)
        return float(v) if isinstance(v, float) else None

    return (str(r["task"]), str(r["period"]), num("understaffing_percent"),
            num("formatie_fte"), num("bezetting_fte"), str(r.get("source") or default_source))


def gather_earmarks(con: Connection, params: ParameterSet,
                    on: dt.date | None = None) -> EarmarkReport:
    """The earmarks on ``on`` (default: the latest HR event, else today)."""
    day = on or latest_event_date(con) or dt.date.today()
    earmarks = earmarks_on(params, day, FUNCTIONS)
    figures: dict[tuple[str, str], list[tuple[dt.date, float, str]]] = {}
    for b in earmark_bezetting(con):
        figures.setdefault((b.earmark, b.scope), []).append((b.on, b.fte, b.source))
    hr_day = latest_event_date(con)
    for e in earmarks:
        if not e.from_hr or hr_day is None:
            continue
        when = min(day, hr_day)
        per_unit = function_fte(con, when, e.programme)
        fte = sum(per_unit.values()) if e.scope == "NP" else per_unit.get(e.scope, 0.0)
        figures[(e.programme, e.scope)] = [(when, fte, HR_SOURCE)]
    stored = understaffing(con)
    if stored:
        rows = [(u.task, u.period, u.percent, u.formatie_fte, u.bezetting_fte, u.source)
                for u in stored]
    else:
        rows = _bundled_understaffing()
    return EarmarkReport(day, judge_earmarks(earmarks, figures, day),
                         understaffing_series(rows), not stored)


def earmark_report(db: str | Path | None, on: dt.date | None = None) -> EarmarkReport:
    params = ParameterSet.bundled(engine="norms")
    con = connect(db, read_only=True)
    try:
        return gather_earmarks(con, params, on)
    finally:
        con.close()


def import_earmark_input(db: str | Path | None, kind: str, path: str | Path,
                         source: str | None = None) -> int:
    """Import bezetting against earmarks (``earmark_bezetting``) or the understaffing of
    tasks (``understaffing``), replacing the earlier import of that kind. An earmark must
    be one of the bundled (or overridden) parameters."""
    rows = read_monitor_input(path, kind)
    fallback = source or Path(path).name
    if kind == "earmark_bezetting":
        params = ParameterSet.bundled(engine="norms")
        known = {n.removeprefix("earmark_") for n in params if n.startswith("earmark_")}
        for i, r in enumerate(rows, start=2):
            if str(r["earmark"]) not in known:
                listed = ", ".join(sorted(known))
                raise InputError.at(str(path), Msg(
                    f"onbekende geoormerkte capaciteit {r['earmark']!r}: verwacht een van "
                    f"{listed}",
                    f"unknown earmark {r['earmark']!r}: expected one of {listed}"), row=i,
                    field="earmark")
        values: list[list[object]] = [[r["earmark"], r["unit"], r["date"], r["bezetting_fte"],
                                       r.get("source") or fallback] for r in rows]
    elif kind == "understaffing":
        values = [list(_understaffing_row(r, fallback)) for r in rows]
    else:
        raise ValueError(f"unknown earmark input {kind!r}")
    con = connect(db)
    try:
        return replace_rows(con, kind, values)
    finally:
        con.close()
