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

from sterkte.forecast import forecast_parameters
from sterkte.forecast.run import run_forecast
from sterkte.forecast.start import start_from_ledger
from sterkte.ledger import Category, Period, PeriodKind
from sterkte.norms.absence import AbsenceSeries, Segments, absence, month_bounds
from sterkte.norms.evaluate import NormInputs, evaluate
from sterkte.norms.status import NormStatus
from sterkte.norms.teams import TeamFigures, team_figures
from sterkte.org import NATIONAL, bundled_municipalities, inhabitants_by_unit, national_police
from sterkte.org.municipalities import SOURCE as MUNICIPALITIES_SOURCE
from sterkte.parameters import ParameterSet
from sterkte.sources.norm_inputs import FORMATS, bundled_target_realisations, read_norm_input
from sterkte.sources.norm_parameters import bundled_norm_parameters
from sterkte.store.db import Connection, connect
from sterkte.store.hr import has_hr
from sterkte.store.hr_derive import derive_ledger
from sterkte.store.norm_data import (
    absence_rows,
    latest_event_date,
    neighbourhood_hours,
    population,
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

    ``on`` defaults to the date of the latest HR event. Inhabitants come from an
    imported population file, else from the bundled municipalities of 1-1-2024.
    """
    hr = has_hr(con)
    latest = latest_event_date(con)
    day = on or latest or dt.date.today()
    imported = population(con)
    if imported is not None:
        inhabitants, source = imported
    else:
        inhabitants = inhabitants_by_unit(bundled_municipalities())
        source = MUNICIPALITIES_SOURCE
    inputs = NormInputs(on=day, inhabitants=inhabitants, inhabitants_source=source,
                        wijkagent_fte=None)
    realisations = target_realisations(con)
    if realisations is None:
        realisations = bundled_target_realisations()
    inputs.target_realisations = realisations
    if not hr:
        return inputs

    def national(d: dict[str, float]) -> dict[str, float]:
        return {**d, NATIONAL: sum(d.values())}

    year_ends = [dt.date(y, 12, 31) for y in range(day.year - 3, day.year) if
                 latest is None or dt.date(y, 12, 31) <= latest]
    inputs.wijkagent_fte = wijkagent_fte(con, day)
    hist_w: dict[str, list[tuple[dt.date, float]]] = {}
    hist_v: dict[str, list[tuple[dt.date, float, float]]] = {}
    for d in year_ends:
        for u, v in national(wijkagent_fte(con, d)).items():
            hist_w.setdefault(u, []).append((d, v))
        vol, os_ = national(stocks(con, d, "VOL")), national(stocks(con, d, "OS"))
        for u in set(vol) | set(os_):
            hist_v.setdefault(u, []).append((d, vol.get(u, 0.0), os_.get(u, 0.0)))
    inputs.wijkagent_history = hist_w
    inputs.volunteer_history = hist_v
    inputs.volunteers = stocks(con, day, "VOL")
    inputs.os_fte = stocks(con, day, "OS")
    inputs.volunteer_hours = volunteer_hours(con, day.year)

    _, inputs.absence = absence_series(con, day, "unit",
                                       int(params["absence_long_spell_days"].number(day)))
    inputs.neighbourhood = neighbourhood_hours(con, dt.date(day.year - 1, day.month, 1), day)

    ledger = derive_ledger(con).roll_up_flows()
    plan = forecast_parameters()
    months_done = [p for p in ledger.periods() if p.year == day.year and p.index <= day.month]
    intake: dict[str, float] = {}
    graduated: dict[str, float] = {}
    for p in months_done:
        for unit in ledger.units():
            intake[unit] = intake.get(unit, 0.0) + ledger.get(p, unit, Category.ASP, "intake")
            graduated[unit] = graduated.get(unit, 0.0) + ledger.get(p, unit, Category.OS,
                                                                    "graduated_in")
    inputs.academy_realised = {"intake": national(intake), "graduated": national(graduated)}
    inputs.academy_months_elapsed = len(months_done)
    # The year's prognosis, as made at its start (the police makes yearly prognoses
    # only): intake is the planned national intake split over units; graduates come
    # from a forecast started on the previous year-end stocks. Both are due over the
    # year by the intake moments (a cohort graduates a whole programme after intake).
    year_start = dt.date(day.year, 1, 1)
    national_intake = plan["academy_intake"].number(year_start)
    shares = plan["intake_unit_share"].mapping(year_start)
    moments = plan["intake_moments"].mapping(year_start)
    inputs.academy_prognosis = {
        "intake": national({u: national_intake * s for u, s in shares.items()}),
        "intake_moments": moments,
        "graduated_moments": moments,
    }
    graduates = prognosed_graduates(con, day.year, plan)
    if graduates is not None:
        inputs.academy_prognosis["graduated"] = graduates
    return inputs


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


def absence_series(con: Connection, on: dt.date | None, by: str,
                   long_spell_days: int, years: int = 2) -> tuple[dt.date, AbsenceSeries]:
    """Monthly absence per unit (with the nation) or team over ``years`` years to ``on``
    (default: the latest HR event), so every month shown has 12 months of history."""
    day = on or latest_event_date(con) or dt.date.today()
    available, sick, groups = absence_segments(con, day, by)
    first = (day.year - years, day.month % 12 + 1) if day.month < 12 else \
        (day.year - years + 1, 1)
    series = absence(available, sick, groups, month_bounds(first, (day.year, day.month)),
                     long_spell_days, day)
    return day, with_national(series) if by == "unit" else series


def with_national(series: AbsenceSeries) -> AbsenceSeries:
    return AbsenceSeries(
        months=series.months, groups=[*series.groups, NATIONAL],
        sick_days=np.vstack([series.sick_days, series.sick_days.sum(axis=0)]),
        available_days=np.vstack([series.available_days, series.available_days.sum(axis=0)]),
        long_spells={**series.long_spells, NATIONAL: sum(series.long_spells.values())},
        long_spell_days={**series.long_spell_days,
                         NATIONAL: sum(series.long_spell_days.values())},
    )


def gather_team_figures(con: Connection, on: dt.date | None,
                        long_spell_days: int) -> tuple[dt.date, list[TeamFigures]]:
    """Team rows, their 12-month absence and survey scores, on ``on`` (default: the
    latest HR event)."""
    day = on or latest_event_date(con) or dt.date.today()
    rows = team_rows(con, day)
    available, sick, groups = absence_segments(con, day, "team")
    first = (day.year - 1, day.month + 1) if day.month < 12 else (day.year, 1)
    series = absence(available, sick, groups, month_bounds(first, (day.year, day.month)),
                     long_spell_days, day)
    avg = series.moving_average()[:, -1]
    rates = {g: float(v) for g, v in zip(groups, avg, strict=True) if not np.isnan(v)}
    return day, team_figures(rows, rates, survey(con), team_formatie(con))


def team_absence(con: Connection, on: dt.date,
                 long_spell_days: int) -> dict[str, float]:
    """12-month sickness absence per team (fraction), as the norms compute it."""
    _, figures = gather_team_figures(con, on, long_spell_days)
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
