"""The norms status, team indicators and absence, from the store: read, then judge.

:func:`gather_inputs` reads everything :func:`sterkte.norms.evaluate.evaluate` needs on a
date (HR-derived stocks, imported norm inputs, the academy's realisation and the prognosis
it is held against); :func:`gather_team_figures` the team rows with their absence and
survey scores; :func:`absence_series` the monthly absence per unit or team.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from pathlib import Path

import numpy as np

from sterkte.app.population import inhabitants_on
from sterkte.app.prognosis import police_prognosis
from sterkte.forecast import forecast_parameters
from sterkte.forecast.run import run_forecast
from sterkte.forecast.start import start_from_ledger
from sterkte.ledger import Category, Ledger, Period, PeriodKind
from sterkte.norms.absence import AbsenceSeries, Segments, absence, month_bounds
from sterkte.norms.academy import police_basis
from sterkte.norms.evaluate import NormInputs, evaluate
from sterkte.norms.status import NormStatus
from sterkte.norms.teams import TeamFigures, team_figures
from sterkte.org import NATIONAL, national_police
from sterkte.parameters import ParameterSet
from sterkte.sources.norm_inputs import FORMATS, bundled_target_realisations, read_norm_input
from sterkte.sources.norm_parameters import bundled_norm_parameters
from sterkte.sources.published_figures import figure_on
from sterkte.store.db import Connection, connect
from sterkte.store.hr import has_hr
from sterkte.store.hr_derive import derive_ledger
from sterkte.store.ledgers import load_ledger
from sterkte.store.norm_data import (
    absence_rows,
    latest_event_date,
    neighbourhood_hours,
    replace_input,
    stocks,
    survey,
    target_realisations,
    team_formatie,
    team_rows,
    volunteer_hours,
    wijkagent_fte,
)


def absence_segments(con: Connection, as_of: dt.date, by: str = "unit",
                     ) -> tuple[Segments, Segments, list[str]]:
    """Employment and sickness segments of professionals per unit or team (``by``), from
    the store, as the absence engine counts them."""
    rows = absence_rows(con, as_of, by)
    return (Segments.of(rows.available), Segments.of(rows.sick, spells=rows.spells),
            rows.groups)


def gather_inputs(con: Connection, on: dt.date | None,
                  params: ParameterSet) -> NormInputs:
    """Everything :func:`sterkte.norms.evaluate.evaluate` needs, from the store.

    ``on`` defaults to the date of the latest HR event. Inhabitants are those of that date
    (:mod:`sterkte.app.population`). The national wijkagenten are the published figure
    when the letters state one for that date; per unit they come from the HR records.
    """
    hr = has_hr(con)
    latest = latest_event_date(con)
    day = on or latest or dt.date.today()
    people = inhabitants_on(con, day)
    inputs = NormInputs(on=day, inhabitants=people.by_unit,
                        inhabitants_source=people.describe("en"),
                        inhabitants_source_nl=people.describe("nl"), wijkagent_fte=None)
    published_wijk = figure_on("wijkagent_fte", NATIONAL, day)
    if published_wijk is not None:
        inputs.wijkagent_fte = {NATIONAL: published_wijk.value}
        inputs.wijkagent_source = published_wijk.source
    realisations = target_realisations(con)
    if realisations is None:
        realisations = bundled_target_realisations()
    inputs.target_realisations = realisations
    _academy(con, inputs, day, hr)
    inputs.records_used = hr
    if not hr:
        return inputs

    trend_years = int(params["norm_trend_years"].number(day))
    year_ends = [dt.date(y, 12, 31) for y in range(day.year - trend_years, day.year) if
                 latest is None or dt.date(y, 12, 31) <= latest]
    inputs.wijkagent_fte = {**wijkagent_fte(con, day), **(inputs.wijkagent_fte or {})}
    hist_w: dict[str, list[tuple[dt.date, float]]] = {}
    hist_v: dict[str, list[tuple[dt.date, float, float]]] = {}
    for d in year_ends:
        for u, v in _national(wijkagent_fte(con, d)).items():
            hist_w.setdefault(u, []).append((d, v))
        vol, os_ = _national(stocks(con, d, "VOL")), _national(stocks(con, d, "OS"))
        for u in set(vol) | set(os_):
            hist_v.setdefault(u, []).append((d, vol.get(u, 0.0), os_.get(u, 0.0)))
    inputs.wijkagent_history = hist_w
    inputs.volunteer_history = hist_v
    inputs.volunteers = stocks(con, day, "VOL")
    inputs.os_fte = stocks(con, day, "OS")
    inputs.volunteer_hours = volunteer_hours(con, day.year)

    _, inputs.absence = absence_series(con, day, "unit", params)
    inputs.neighbourhood = neighbourhood_hours(con, dt.date(day.year - 1, day.month, 1), day)

    return inputs


def _academy(con: Connection, inputs: NormInputs, day: dt.date,
             hr: bool) -> None:
    """Academy intake and graduates realised in ``day``'s year so far, beside the year's
    prognosis as made at its start. Realisation: the published tables of the year when the
    whole year is judged and published, else the HR records. Prognosis: nationally the
    police's own (its vintage made for the year) when the store holds one; per unit, and
    nationally without one, sterkte's model: the planned national intake split over the
    units, and the graduates of a forecast from the previous year-end HR stocks. Both are
    due over the year by the intake moments."""
    ledger = derive_ledger(con).roll_up_flows() if hr else Ledger()
    plan = forecast_parameters()
    months_done = [p for p in ledger.periods() if p.year == day.year and p.index <= day.month]
    intake: dict[str, float] = {}
    graduated: dict[str, float] = {}
    for p in months_done:
        for unit in ledger.units():
            intake[unit] = intake.get(unit, 0.0) + ledger.get(p, unit, Category.ASP, "intake")
            graduated[unit] = graduated.get(unit, 0.0) + ledger.get(p, unit, Category.OS,
                                                                    "graduated_in")
    realised = {"intake": _national(intake), "graduated": _national(graduated)}
    months = len(months_done)
    year = Period.of_year(day.year)
    published = load_ledger(con)
    if (day.month, day.day) == (12, 31) and year in published.periods():
        months = 12
        for flow, cat, key in (("intake", Category.ASP, "intake"),
                               ("graduated", Category.OS, "graduated_in")):
            realised[flow] = {u: published.get(year, u, cat, key) for u in published.units()
                              if published.has(year, u, cat, key)}
    inputs.academy_realised = realised
    from_published = (day.month, day.day) == (12, 31) and year in published.periods()
    inputs.academy_from_records = set() if from_published or not hr else {"intake", "graduated"}
    inputs.academy_months_elapsed = months
    year_start = dt.date(day.year, 1, 1)
    national_intake = plan["academy_intake"].number(year_start)
    shares = plan["intake_unit_share"].mapping(year_start)
    moments = plan["intake_moments"].mapping(year_start)
    inputs.academy_prognosis = {
        "intake": _national({u: national_intake * s for u, s in shares.items()}),
        "intake_moments": moments,
        "graduated_moments": moments,
    }
    graduates = (prognosed_graduates(con, day.year, plan) if hr
                 else published_graduates(published, day.year, plan))
    if graduates is not None:
        inputs.academy_prognosis["graduated"] = graduates
        if hr:  # the units' prognosis runs from the HR-derived stocks
            inputs.academy_from_records.add("graduated")
    police = police_prognosis(con, day.year)
    if police is not None:
        for flow, tabel, key in (("intake", "4", "intake"), ("graduated", "3", "graduated_in")):
            value = police.value(tabel, day.year, key)
            if value is not None:
                inputs.academy_prognosis.setdefault(flow, {})[NATIONAL] = value
        inputs.academy_basis = {NATIONAL: police_basis(police.vintage.name)}


def _national(d: dict[str, float]) -> dict[str, float]:
    return {**d, NATIONAL: sum(d.values())}


def prognosed_graduates(con: Connection, year: int,
                        params: ParameterSet) -> dict[str, float] | None:
    """Graduates per unit (and NP) in ``year`` as forecast from the HR-derived stocks at
    the end of the year before; None when that year is not in the HR history."""
    yearly = derive_ledger(con, period_kind=PeriodKind.YEAR)
    before = Period.of_year(year - 1)
    if before not in yearly.periods():
        return None
    run = run_forecast(params, start_from_ledger(yearly, params, period=before), 1,
                       scenario="prognosis")
    period = run.periods[0]
    return {u: run.ledger.get(period, u, Category.OS, "graduated_in")
            for u in run.ledger.units()}


def published_graduates(published: Ledger, year: int, params: ParameterSet
                        ) -> dict[str, float] | None:
    """Graduates per unit (and NP) in ``year`` as forecast from the published stocks at its
    opening (without HR records); None when the store has no published table of ``year``."""
    period = Period.of_year(year)
    if period not in published.periods():
        return None
    run = run_forecast(params, start_from_ledger(published, params, period=period,
                                                 stock="opening"), 1, scenario="prognosis")
    first = run.periods[0]
    return {u: run.ledger.get(first, u, Category.OS, "graduated_in") for u in run.ledger.units()}


def months_back(day: dt.date, months: int) -> tuple[int, int]:
    """(year, month) of the first of ``months`` calendar months ending with ``day``'s."""
    index = day.year * 12 + day.month - 1 - (months - 1)
    return index // 12, index % 12 + 1


def absence_rule(params: ParameterSet, day: dt.date) -> tuple[int, int]:
    """(two-year point of a spell in days, moving-average window in months) in force on
    ``day``."""
    return (int(params["absence_long_spell_days"].number(day)),
            int(params["absence_window_months"].number(day)))


def absence_series(con: Connection, on: dt.date | None, by: str,
                   params: ParameterSet, years: int = 2) -> tuple[dt.date, AbsenceSeries]:
    """Monthly absence per unit (with the nation) or team to ``on`` (default: the latest
    HR event): ``years`` years of months with a whole moving-average window of history
    each (``absence_window_months`` more months are read before them)."""
    day = on or latest_event_date(con) or dt.date.today()
    long_spell_days, window = absence_rule(params, day)
    available, sick, groups = absence_segments(con, day, by)
    first = months_back(day, 12 * years + window - 12)
    series = absence(available, sick, groups, month_bounds(first, (day.year, day.month)),
                     long_spell_days, day)
    return day, with_national(series) if by == "unit" else series


def with_national(series: AbsenceSeries) -> AbsenceSeries:
    return AbsenceSeries(
        months=series.months, groups=[*series.groups, NATIONAL],
        sick_days=np.vstack([series.sick_days, series.sick_days.sum(axis=0)]),
        available_days=np.vstack([series.available_days, series.available_days.sum(axis=0)]),
        beyond_days=np.vstack([series.beyond_days, series.beyond_days.sum(axis=0)]),
        long_sick={**series.long_sick, **({NATIONAL: n} if (n := sum(
            series.long_sick.values())) else {})},
    )


def gather_team_figures(con: Connection, on: dt.date | None,
                        params: ParameterSet) -> tuple[dt.date, list[TeamFigures]]:
    """Team rows, their moving-average absence (over ``absence_window_months``) and
    survey scores, on ``on`` (default: the latest HR event)."""
    day = on or latest_event_date(con) or dt.date.today()
    long_spell_days, window = absence_rule(params, day)
    rows = team_rows(con, day)
    available, sick, groups = absence_segments(con, day, "team")
    first = months_back(day, window)
    series = absence(available, sick, groups, month_bounds(first, (day.year, day.month)),
                     long_spell_days, day)
    avg = series.moving_average(window)[:, -1]
    rates = {g: float(v) for g, v in zip(groups, avg, strict=True) if not np.isnan(v)}
    return day, team_figures(rows, rates, survey(con), team_formatie(con))


def team_absence(con: Connection, on: dt.date,
                 params: ParameterSet) -> dict[str, float]:
    """Moving-average sickness absence per team (fraction), as the norms compute it."""
    _, figures = gather_team_figures(con, on, params)
    return {f.team: f.absence_percent / 100.0 for f in figures
            if f.absence_percent is not None}


def norms_status(db: str | Path | None, on: dt.date | None = None,
                 units: Collection[str] | None = None) -> list[NormStatus]:
    """Every norm's status on ``on`` (default: the latest HR event), nationally and per
    unit (only ``units`` when given), ordered by norm, then the nation, then the units."""
    params = bundled_norm_parameters()
    con = connect(db, read_only=True)
    try:
        inputs = gather_inputs(con, on, params)
    finally:
        con.close()
    statuses = evaluate(inputs, params)
    if units:
        statuses = [s for s in statuses if s.scope in set(units)]
    order = {code: i for i, code in enumerate([NATIONAL, *[u.code for u in national_police()]])}
    return sorted(statuses, key=lambda s: (s.norm, order.get(s.scope, 99), s.scope))


def import_norm_input(db: str | Path | None, kind: str, file: Path,
                      on: dt.date | None = None) -> int:
    """Read a norm input file (:mod:`sterkte.sources.norm_inputs`) and replace the stored
    input of that kind with it, in one transaction; the number of rows stored. A
    population is counted on ``on`` (default: today)."""
    rows = read_norm_input(file, kind)
    fmt = FORMATS[kind]
    columns = [*fmt.columns, *fmt.optional]
    data: list[list[object]] = [[r.get(c) for c in columns] + [file.name] for r in rows]
    names = [*columns, "source"]
    if kind == "population":
        data = [[on or dt.date.today(), *r] for r in data]
        names = ["on_date", *names]
    con = connect(db)
    try:
        return replace_input(con, kind, names, data)
    finally:
        con.close()
