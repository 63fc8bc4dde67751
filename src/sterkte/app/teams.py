"""Team indicators, absence per month and volunteers over the hour cap, from the store, with
every figure about fewer than k people hidden (:mod:`sterkte.norms.teams`)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from sterkte.app.norms import absence_series, gather_team_figures
from sterkte.errors import Msg, SterkteError
from sterkte.norms.suppression import protect, protection_width
from sterkte.norms.teams import TeamIndicators, protect_rates, protect_teams
from sterkte.norms.volunteers import hours_cap
from sterkte.org import NATIONAL, national_police
from sterkte.sources.norm_parameters import bundled_norm_parameters
from sterkte.store.db import connect
from sterkte.store.norm_data import latest_event_date, team_rows, team_units, volunteer_hours


@dataclass(frozen=True)
class Teams:
    """Team indicators on ``on`` with cells under ``k`` persons hidden."""

    on: dt.date
    k: int
    teams: list[TeamIndicators]


def team_indicators(db: str | Path | None, on: dt.date | None = None, k: int | None = None,
                    units: Collection[str] | None = None) -> Teams:
    """Staffing, absence, volunteers and survey scores per team on ``on`` (default: the
    latest HR event); ``k`` defaults to the dated small-cell parameter."""
    params = bundled_norm_parameters()
    con = connect(db, read_only=True)
    try:
        day, figures = gather_team_figures(con, on, params)
    finally:
        con.close()
    if not figures:
        raise SterkteError(Msg(
            "geen teams in de HR-gegevens: importeer ze (sterkte hr import) of voer `sterkte "
            "synth` uit",
            "no teams in the HR records: import them (sterkte hr import) or "
            "run `sterkte synth`"))
    threshold = k or int(params["small_cell_k"].number(day))
    if units:
        figures = [f for f in figures if f.unit in set(units)]
    return Teams(day, threshold,
                 protect_teams(figures, threshold, protection_width(params, day)))


@dataclass(frozen=True)
class AbsenceTable:
    """12-month moving absence per group (unit or team) over the last months: ``rates[i]``
    per month of ``months`` for ``groups[i]`` (percent; None where hidden)."""

    months: list[str]  # 'YYYY-MM'
    groups: list[str]
    rates: list[list[float | None]]
    long_sick: dict[str, int]  # persons past their spell's two-year point on the date
    target: float
    k: int
    # groups whose long-sick count is hidden: 1 to k−1 persons, or a team whose count
    # would follow from its unit's (published on the norms page) less the others'
    long_sick_hidden: frozenset[str] = frozenset()


def absence_by_month(db: str | Path | None, by: str, months: int, on: dt.date | None = None,
                     units: Collection[str] | None = None) -> AbsenceTable:
    """Absence per month (CBS method) per unit (with the nation) or per team; teams under
    k persons hidden with their district's complementary hiding."""
    params = bundled_norm_parameters()
    con = connect(db, read_only=True)
    try:
        day, series = absence_series(con, on, by, params)
        unit_of = team_units(con) if by == "team" else {}
        teams = team_rows(con, day) if by == "team" else []
    finally:
        con.close()
    averages = series.moving_average(int(params["absence_window_months"].number(day)))[
        :, -months:]
    rates: list[list[float | None]] = [list(map(float, row)) for row in averages]
    k = int(params["small_cell_k"].number(day))
    if by == "team":  # figures about a team's people: small teams hidden (None)
        persons = {t.team: sum(t.counts.values()) for t in teams}
        district = {t.team: t.district for t in teams}
        for j in range(averages.shape[1]):
            column = {g: rates[i][j] for i, g in enumerate(series.groups)}
            safe = protect_rates(column, persons, district, k)
            for i, g in enumerate(series.groups):
                v = safe[g]
                rates[i][j] = None if v is not None and math.isnan(v) else v
    hidden_long = frozenset(_hidden_long_sick(series.long_sick, unit_of, k,
                                              protection_width(params, day))
                            if by == "team" else ())
    order = {c: i for i, c in enumerate([NATIONAL, *(u.code for u in national_police())])}

    def position(i: int) -> tuple[int, str]:
        g = series.groups[i]
        return (order.get(unit_of.get(g, g), 99), g)

    keep = sorted((i for i, g in enumerate(series.groups)
                   if not units or unit_of.get(g, g) in set(units)), key=position)
    return AbsenceTable(list(series.months[-months:]), [series.groups[i] for i in keep],
                        [rates[i] for i in keep], dict(series.long_sick),
                        params["absence_target"].number(day), k, hidden_long)


def _hidden_long_sick(counts: Mapping[str, int], unit_of: Mapping[str, str], k: int,
                      width: float) -> set[str]:
    """Teams whose count of long-sick persons is hidden: the teams of a unit are one
    column whose total, the unit's count, the norms page shows; protected as a table."""
    by_unit: dict[str, list[str]] = {}
    for team in unit_of:
        by_unit.setdefault(unit_of[team], []).append(team)
    hidden: set[str] = set()
    for teams in by_unit.values():
        teams.sort()
        p = protect([[counts.get(t, 0)] for t in teams], k, width=width)
        hidden |= {t for t, h in zip(teams, p.cell_hidden[:, 0], strict=True) if h}
    return hidden


@dataclass(frozen=True)
class OverCap:
    """Volunteers deployed more than ``cap`` hours in ``year``: pseudonymous id → hours."""

    year: int
    cap: float
    over: list[tuple[str, float]]  # (pseudonymous id, hours), most hours first
    volunteers: int  # volunteers with hours in the year


def volunteers_over_cap(db: str | Path | None, year: int | None = None) -> OverCap:
    """Volunteers over the yearly hour cap in ``year`` (default: the year of the latest HR
    event), by pseudonymous id only."""
    params = bundled_norm_parameters()
    con = connect(db, read_only=True)
    try:
        y = year or (latest_event_date(con) or dt.date.today()).year
        hours = volunteer_hours(con, y)
    finally:
        con.close()
    end = dt.date(y, 12, 31)
    cap = params["volunteer_hours_cap"].number(end)
    _, over = hours_cap(hours, cap, y, end, params["volunteer_hours_cap"].reference_text_on(end))
    return OverCap(y, cap, over, len(hours))
