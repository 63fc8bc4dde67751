"""The personnel prognosis from the store: where a forecast starts, running the scenarios,
storing the runs, the variance of a realised year and calibration from the HR history.

A forecast starts from the published tables in the store (the latest year's closing
stocks), the bundled 2021 tables when the store has none, or the HR records on a day
(actual ages). The annex and the dashboard run a scenario from the *opening* stocks of the
reported year (:func:`prognosis_run`), as the police's own prognosis table is made.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sterkte.app.prognosis import PolicePrognosis, police_prognosis
from sterkte.errors import InputError, Msg, SterkteError
from sterkte.forecast import (
    CATEGORIES,
    ForecastRun,
    StartState,
    run_forecast,
    scenario_start,
    start_from_ledger,
    start_from_published,
)
from sterkte.forecast.calibrate import Estimates, calibrate
from sterkte.forecast.inputs import forecast_parameters
from sterkte.forecast.montecarlo import QUANTILES, Progress
from sterkte.forecast.required_intake import RequiredIntake, required_intake
from sterkte.forecast.start import start_from_people
from sterkte.forecast.variance import variance_table
from sterkte.ledger import Category, Ledger, Period
from sterkte.ledger.compare import Variance
from sterkte.org import NATIONAL
from sterkte.parameters import ParameterSet, Scenario, load_scenario
from sterkte.records.forecast import ForecastRecord
from sterkte.sources.published import read_published_table
from sterkte.store.db import connect, resolve_db_path
from sterkte.store.forecasts import hr_events_between, hr_people_on, save_run
from sterkte.store.ledgers import bundled_dataset, load_ledger
from sterkte.store.norm_data import latest_event_date

NO_HR_RECORDS = Msg("geen HR-gegevens in de opslag: voer eerst `sterkte hr import BESTAND…` uit",
                    "no HR records in the store: run `sterkte hr import FILE…` first")


def scenario_params(scenario: Scenario) -> ParameterSet:
    """The forecast parameters with ``scenario``'s overrides applied."""
    return scenario.apply(forecast_parameters())


def scenarios(names: list[str] | None) -> list[tuple[Scenario, ParameterSet]]:
    """Each named scenario (file or built-in; default ``base``) with its parameters."""
    out = [(sc, scenario_params(sc)) for sc in map(load_scenario, names or ["base"])]
    seen = [s.name for s, _ in out]
    if len(set(seen)) != len(seen):
        listed = ", ".join(seen)
        raise InputError.at("--scenario", Msg(
            f"de namen van de scenario's moeten verschillen, gevonden {listed}",
            f"scenario names must differ, found {listed}"))
    return out


def published_bundled() -> Ledger:
    """The bundled published 2021 tables (OS and ASP per unit) as one ledger."""
    out = Ledger()
    for path in bundled_dataset():
        for key, value in read_published_table(path).ledger:
            out.set(*key, value)
    return out


def last_complete_month_end(last: dt.date) -> dt.date:
    """The end of the last complete month of HR records whose latest event is ``last``."""
    if last.month == 12 and last.day == 31:
        return last
    return last.replace(day=1) - dt.timedelta(days=1)


def store_has_ledger(db: str | Path | None) -> bool:
    """Whether the store at ``db`` can be read and holds published OS tables."""
    try:
        con = connect(db, read_only=True)
    except SterkteError:  # no store, one another process holds, or not a store
        return False
    try:
        return bool(load_ledger(con, category=Category.OS).periods())
    finally:
        con.close()


def start_state(source: str, db: str | Path | None, params: ParameterSet,
                start_date: dt.date | None = None, scenario: Scenario | None = None,
                auto: bool = False) -> StartState:
    """Where a forecast starts. The scenario's own ``start`` (:func:`scenario_start`: for
    ``hjb2022`` the published opening stocks of 2021, as the police's table is made) unless
    the user says otherwise (``auto``: no --from-hr/--from-store given): ``hr`` (HR records
    at the end of ``start_date``, default the last complete month), ``store`` (published
    tables in the store) or ``bundled`` (the bundled 2021 tables)."""
    spec = scenario_start(scenario)
    if auto and spec.stocks == "hr":
        source = "hr"
    if source == "hr" and start_date is None and spec.stocks == "hr":
        start_date = spec.date
    if spec.stocks == "hr":  # asked for HR records but started from published tables
        spec = spec.model_copy(update={"stocks": "published", "at": "closing", "year": None})
    if source == "hr":
        con = connect(db, read_only=True)
        try:
            last = latest_event_date(con)
            day = start_date or (last_complete_month_end(last) if last else dt.date.today())
            people = hr_people_on(con, day)
        finally:
            con.close()
        if not people:
            raise InputError.at(str(resolve_db_path(db)), NO_HR_RECORDS)
        nxt = day + dt.timedelta(days=1)
        return start_from_people(people, params, nxt.year * 12 + nxt.month - 1,
                                 origin=f"HR records on {day.isoformat()}")
    if source == "store":
        con = connect(db, read_only=True)
        try:
            ledger = load_ledger(con)
        finally:
            con.close()
        if not ledger.periods():
            raise InputError.at(str(resolve_db_path(db)), Msg(
                "geen gepubliceerde tabellen in de opslag: voer eerst `sterkte import` uit",
                "no published tables in the store: run `sterkte import` first"))
        if not any(p.kind.value == "year" for p in ledger.periods()):
            return start_from_ledger(ledger, params)
        return start_from_published(ledger, params, spec)
    return start_from_published(published_bundled(), params, spec)


def scenario_forecast(source: str, db: str | Path | None, scenario: Scenario, params: ParameterSet,
             years: int, *, start_date: dt.date | None = None, auto: bool = False,
             unit: str = NATIONAL, samples: int = 0, seed: int = 0,
             scheduler: str | None = None, progress: Progress | None = None) -> ForecastRun:
    """One scenario's forecast of ``years`` years from where it starts
    (:func:`start_state`); ``unit`` must be one of the start's units (or NP)."""
    state = start_state(source, db, params, start_date, scenario, auto)
    if unit != NATIONAL and unit not in state.units:
        units = ", ".join(state.units)
        raise InputError.at("--unit", Msg(
            f"onbekende eenheid {unit!r}; verwacht NP of een van {units}",
            f"unknown unit {unit!r}; expected NP or one of {units}"))
    return run_forecast(params, state, years, scenario=scenario.name, samples=samples,
                        seed=seed, scheduler=scheduler, progress=progress)


def prognosis_run(realised: Ledger, year: int, scenario: Scenario, params: ParameterSet,
                  horizon: int, *, samples: int = 0, seed: int = 0,
                  progress: Progress | None = None) -> ForecastRun:
    """The prognosis from the opening stocks of ``year``, ``horizon`` years (fte)."""
    state = start_from_ledger(realised, params, period=Period.of_year(year), stock="opening")
    return run_forecast(params, state, horizon, scenario=scenario.name, samples=samples,
                        seed=seed, progress=progress)


def to_record(run: ForecastRun, scenarios: list[Scenario]) -> ForecastRecord:
    """``run`` as the store keeps it: rows, and the parameters and scenarios as JSON."""
    bands = []
    if run.ensemble is not None:
        for cat in CATEGORIES:
            for unit, band in run.bands(cat).items():
                for qi, q in enumerate(QUANTILES):
                    for pi, period in enumerate(run.periods):
                        bands.append((str(period), unit, cat.value, q, float(band[qi, pi])))
    summary = run.summary()
    return ForecastRecord(
        scenario=run.scenario, origin=run.origin, start_month=str(summary["start"]),
        months=run.months, samples=run.samples, seed=run.seed,
        parameters=run.params.to_dict(), scenarios=[s.to_dict() for s in scenarios],
        summary=summary, entries=[(str(p), u, c.value, f, v) for (p, u, c, f), v in run.ledger],
        bands=bands, formatie=[(u, y, v) for (u, y), v in run.formatie_at_year_end().items()])


def save_runs(db: str | Path | None, runs: list[tuple[ForecastRun, Scenario]]) -> list[int]:
    """Store each run with its scenario, in the store at ``db``; their run ids."""
    con = connect(db)
    try:
        return [save_run(con, to_record(run, [sc])) for run, sc in runs]
    finally:
        con.close()


def realised_ledger(db: str | Path | None) -> Ledger:
    """The published tables in the store, else the bundled 2021 tables."""
    if resolve_db_path(db).exists():
        con = connect(db, read_only=True)
        try:
            ledger = load_ledger(con)
        finally:
            con.close()
        if ledger.periods():
            return ledger
    return published_bundled()


@dataclass(frozen=True)
class YearVariance:
    """Realisation beside sterkte's model run from the year's opening stocks (per flow and
    unit), and beside the police's own prognosis for the year when the store holds one."""

    year: int
    scenario: str
    rows: list[Variance]
    run: ForecastRun
    realised: Ledger
    police: PolicePrognosis | None = None


def variance(db: str | Path | None, year: int, scenario: tuple[Scenario, ParameterSet]
             ) -> YearVariance:
    """The realised ``year`` beside the prognosis run from its opening stocks, per flow and
    unit, largest differences first."""
    sc, params = scenario
    realised = realised_ledger(db)
    period = Period.of_year(year)
    if period not in realised.periods():
        have = ", ".join(str(p) for p in realised.periods())
        raise InputError.at("--year", Msg(
            f"geen realisatie over {year}; aanwezig: {have or 'geen'}",
            f"no realised ledger for {year}; have {have or 'none'}"))
    state = start_from_ledger(realised, params, period=period, stock="opening")
    run = run_forecast(params, state, 1, scenario=sc.name)
    police = None
    if resolve_db_path(db).exists():
        con = connect(db, read_only=True)
        try:
            police = police_prognosis(con, year)
        finally:
            con.close()
    return YearVariance(year, sc.name, variance_table(run.ledger, realised, period), run,
                        realised, police)


def calibration(db: str | Path | None, year: int | None) -> tuple[int, Estimates]:
    """Outflow and transfer rates estimated from one calendar year of HR history (default:
    the last full year in the records); (the year, the estimates)."""
    con = connect(db, read_only=True)
    try:
        latest = latest_event_date(con) or dt.date.today()
        last = last_complete_month_end(latest) if year is None else dt.date(year, 12, 31)
        y = last.year if year is None and last.month == 12 else (year or last.year - 1)
        first, end = dt.date(y, 1, 1), dt.date(y, 12, 31)
        before = hr_people_on(con, first - dt.timedelta(days=1))
        after = hr_people_on(con, end)
        events = hr_events_between(con, first, end)
    finally:
        con.close()
    if not before and not after:
        raise InputError.at(str(resolve_db_path(db)), NO_HR_RECORDS)
    return y, calibrate(before, after, events, y)


def intake_needed(source: str, db: str | Path | None, scenario: tuple[Scenario, ParameterSet],
                  target: dt.date, start_date: dt.date | None = None, auto: bool = False
                  ) -> RequiredIntake:
    """The academy intake per year that brings each unit to formatie by ``target``, within
    the academy's capacity, from the start ``source`` (see :func:`start_state`)."""
    sc, params = scenario
    return required_intake(params, start_state(source, db, params, start_date, sc, auto),
                           target)
