"""An anticipation run: the jobs behind `sterkte anticipate forecast | backtest | audit`.

Each function reads the events file through the gate, builds the study area's event
history on the grid, runs the anticipation engines (the models, the rolling-origin
backtest, the success criteria, the preventive presence) and returns plain results;
:func:`save_forecast` stores a run for the CM-tafel and the dashboard. The CLI only parses
options, calls these and renders; the dashboard can call the same functions.

Every default — the grid's cell size and coordinate system, the horizon, the days between
backtest origins, the history needed to choose a model, the period a backtest covers —
is a parameter of ``data/parameters/anticipate/`` in force on the day of the run
(``today``); an option given for one run (``cell_size=…``) overrides it. Units: metres,
days; a forecast origin is 00:00 of its date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from sterkte.anticipate.audit import Audit, build_audit
from sterkte.anticipate.backtest import BacktestResult, rolling_origins, run_backtest
from sterkte.anticipate.criteria import Fitness, RunVerdict, check_criteria, choose_model
from sterkte.anticipate.features import feature_names
from sterkte.anticipate.freshness import check_data_age, last_event_before
from sterkte.anticipate.grid import cells_in_polygons
from sterkte.anticipate.history import EventHistory
from sterkte.anticipate.metrics import COVERAGES
from sterkte.anticipate.models.base import Model
from sterkte.anticipate.models.registry import MODEL_NAMES as MODEL_NAMES  # for the CLI
from sterkte.anticipate.models.registry import build_model, build_models
from sterkte.anticipate.predict import CellForecast, build_history, forecast_cells
from sterkte.anticipate.presence import preventive_presence
from sterkte.errors import InputError, Msg, SterkteError, message_of
from sterkte.parameters import ParameterSet
from sterkte.records.presence import PresencePlan
from sterkte.sources.areas import area_outlines, read_areas
from sterkte.sources.crime_events import CrimeEvents, GateResult, read_crime_events
from sterkte.sources.external_rates import read_external_rates
from sterkte.store.anticipation import save_run
from sterkte.store.db import connect, resolve_db_path
from sterkte.synth import town

#: A step of a backtest's progress: the model and the origin just done.
Step = Callable[[str, date], None]
#: Opens a progress display for ``total`` steps described by ``what``.
Progress = Callable[[int, str], AbstractContextManager[Step]]


@contextmanager
def no_progress(total: int, what: str) -> Iterator[Step]:
    """A progress display that shows nothing."""
    yield lambda model, origin: None


def parameters() -> ParameterSet:
    """The anticipation parameters (``data/parameters/anticipate/``) with the overrides of
    ``$STERKTE_PARAMETERS``."""
    return ParameterSet.bundled(engine="anticipate")


@dataclass(frozen=True)
class Grid:
    """The grid and horizon of a run: cell side (metres), projected CRS, horizon (days) and
    days between backtest origins."""

    cell_size: float
    crs: str
    days: int
    step: int


def grid(params: ParameterSet, on: date, *, cell_size: float | None = None,
         crs: str | None = None, days: int | None = None, step: int | None = None) -> Grid:
    """The run's grid: what is given, else the parameters ``cell_size``, ``crs``,
    ``horizon_days`` and ``origin_step_days`` in force on ``on``."""
    return Grid(
        cell_size=cell_size if cell_size is not None else params["cell_size"].number(on),
        crs=crs if crs is not None else params["crs"].text(on),
        days=days if days is not None else int(params["horizon_days"].number(on)),
        step=step if step is not None else int(params["origin_step_days"].number(on)))


@dataclass(frozen=True)
class Events:
    """The events file as the gate read it, and the events a model may learn from."""

    gate: GateResult
    training: CrimeEvents

    @property
    def file(self) -> str:
        return self.gate.report.file

    @property
    def excluded(self) -> int:
        """Events the gate accepted that are not learned from (channel, offence filters)."""
        return len(self.gate.events) - len(self.training)

    def days(self) -> tuple[date, date]:
        """The first and last day with a training event."""
        days = self.training.time.astype("datetime64[D]")
        return days.min().astype(date), days.max().astype(date)


def read_events(path: Path, crs: str, source_crs: str | None = None,
                offences: Sequence[str] | None = None,
                include_police_initiated: bool = False) -> Events:
    """The events file through the gate, in the grid's ``crs``; police-initiated records are
    left out of training unless asked for (they reflect where police already looked)."""
    gate = read_crime_events(path, target_crs=crs, source_crs=source_crs)
    training = gate.events.for_training(citizen_only=not include_police_initiated,
                                        offences=list(offences) if offences else None)
    if len(training) == 0:
        raise InputError.at(str(path), Msg(
            "geen gebeurtenissen over om van te leren na de filters op kanaal en delict",
            "no events left to train on after the channel and offence filters"))
    return Events(gate, training)


def study_history(events: Events, cell_size: float, area_before: date,
                  boundary: Path | None, crs: str) -> EventHistory:
    """The events on the grid; the study area is fixed before ``area_before`` (the cells
    inside ``boundary``, a GeoJSON file, or else those with an event)."""
    polygons = None
    if boundary is not None:
        polygons = [p for a in read_areas(boundary, target_crs=crs) for p in a.polygons]
    ev = events.training
    try:
        return build_history(ev.time, ev.x, ev.y, cell_size, area_before, polygons,
                             facility=ev.facility)
    except ValueError as exc:
        raise InputError.at(events.file, message_of(exc)) from None


def backtest(history: EventHistory, models: list[Model], origins: list[date], days: int,
             progress: Progress = no_progress) -> BacktestResult:
    """Every model forecast at every origin and scored against what happened."""
    with progress(len(models) * len(origins), "backtest") as step:
        return run_backtest(history, models, origins, days, COVERAGES, step)


@dataclass(frozen=True)
class Choice:
    """The model a forecast without --model uses: the best by the success criteria."""

    model: str
    fit: bool
    fitness: list[Fitness]
    origins: int  # backtest origins evaluated
    wanted: int  # origins the criteria ask for (evaluation_origins)


def choose(events: Events, at: date, g: Grid, boundary: Path | None, params: ParameterSet,
           today: date, progress: Progress = no_progress) -> Choice:
    """Backtest every model on the periods before ``at`` and pick the best fit one. Origins
    need ``model_choice_history_days`` of events before them."""
    n = int(params["evaluation_origins"].number(today))
    need = int(params["model_choice_history_days"].number(today))
    first_day, _ = events.days()
    origins = [at - timedelta(days=g.days + g.step * k) for k in range(n)][::-1]
    origins = [o for o in origins if o >= first_day + timedelta(days=need)]
    if not origins:
        raise InputError.at(events.file, Msg(
            f"te weinig geschiedenis vóór --at om een model te kiezen (nodig: {need} dagen "
            "plus de horizon); noem er een met --model",
            f"too little history before --at to choose a model "
            f"(need {need} days plus the horizon); name one with --model"))
    history = study_history(events, g.cell_size, origins[0], boundary, g.crs)
    result = backtest(history, build_models(None, params, today), origins, g.days, progress)
    fitness = check_criteria(result, params, today)
    name, fit = choose_model(fitness, result)
    return Choice(name, fit, fitness, len(origins), n)


def run_verdict(fit: bool | None, override: str | None, save: bool) -> RunVerdict:
    """The verdict of a run about to be made: a run not fit for use is saved only with a
    reason to override (``override``), which is stored with it."""
    if override is not None and not override.strip():
        raise InputError.at("--override-unfit", Msg("geef de reden om toch door te gaan",
                                                    "give the reason for the override"))
    if fit is not False:
        return RunVerdict(fit)
    if save and override is None:
        raise InputError.at("--save", Msg(
            "de run is NIET GESCHIKT VOOR GEBRUIK (geen model voldoet aan de succescriteria), "
            "dus wordt hij niet bewaard en plant de CM-tafel zijn presentie niet; er is niets "
            "geschreven. Om hem toch te bewaren geef --override-unfit \"REDEN\" (bewaard bij "
            "de run en getoond overal waar hij gebruikt wordt), of gebruik --out zonder --save "
            "om alleen de cellen te bekijken",
            "the run is NOT FIT FOR USE (no model meets the success criteria), so it is not "
            "saved and the CM-tafel will not plan its presence; nothing was written. To save "
            "it anyway give --override-unfit \"REASON\" (stored with the run and shown "
            "wherever it is used), or use --out without --save to look at the cells only"))
    return RunVerdict(fit, override)


@dataclass(frozen=True)
class ForecastRun:
    """A forecast made: the events, the model (chosen or named), its verdict and the
    expected events per study cell over ``grid.days`` from ``origin``."""

    events: Events
    grid: Grid
    origin: date
    model: str
    choice: Choice | None  # None: the model was named
    verdict: RunVerdict
    override_ignored: bool  # an override was given for a run that is not unfit
    history: EventHistory
    cells: CellForecast


def forecast(events_file: Path, origin: date, g: Grid, *, source_crs: str | None = None,
             model: str | None = None, boundary: Path | None = None,
             offences: Sequence[str] | None = None, include_police_initiated: bool = False,
             save: bool = False, override: str | None = None,
             params: ParameterSet | None = None, today: date | None = None,
             progress: Progress = no_progress) -> ForecastRun:
    """Expected events per study cell in ``[origin, origin + g.days)``, by ``model`` or, when
    None, the model that best meets the success criteria. Stale events are refused
    (``max_data_age_days``); with ``save`` an unfit run is refused unless ``override``."""
    params = params or parameters()
    today = today or date.today()
    events = read_events(events_file, g.crs, source_crs, offences, include_police_initiated)
    check_data_age(str(events_file), last_event_before(events.training.time, origin), origin,
                   int(params["max_data_age_days"].number(today)))
    choice = None
    if model is None:
        choice = choose(events, origin, g, boundary, params, today, progress)
    name = choice.model if choice is not None else str(model)
    fit = choice.fit if choice is not None else None
    verdict = run_verdict(fit, override, save)
    chosen = build_model(name, params, today)
    history = study_history(events, g.cell_size, origin, boundary, g.crs)
    cells = forecast_cells(history, chosen, origin, g.days)
    return ForecastRun(events, g, origin, name, choice, verdict,
                       override is not None and fit is not False, history, cells)


def cell_areas(history: EventHistory, areas: Path | None, prop: str,
               crs: str) -> list[str | None]:
    """Each study cell's area (team code) by its centre; None outside every area."""
    labels: list[str | None] = [None] * history.area.n_cells
    if areas is None:
        return labels
    for a in read_areas(areas, target_crs=crs, name_property=prop):
        inside = history.area.position(cells_in_polygons(history.area.grid, a.polygons))
        for i in inside[inside >= 0]:
            labels[int(i)] = a.name
    if all(v is None for v in labels):
        raise InputError.at(str(areas), Msg(
            "geen cel van het studiegebied ligt in een van de gebieden (verkeerd CRS of een "
            "andere plaats?)",
            "no study cell lies inside any of its areas (wrong CRS or another place?)"))
    return labels


@dataclass(frozen=True)
class SavedRun:
    run_id: int
    path: str  # the store
    plan: PresencePlan


def presence_plan(run: ForecastRun, area_of: Sequence[str | None], params: ParameterSet,
                  today: date) -> PresencePlan:
    """The preventive presence recommended from the run: over the cells with an area (a
    team), or, when no cell has one, over the whole study area."""
    fc = run.cells
    named = [i for i, a in enumerate(area_of) if a is not None]
    if named:
        idx = np.asarray(named, dtype=np.int64)
        return preventive_presence(fc.x_min[idx], fc.y_min[idx], fc.score[idx], run.grid.days,
                                   params, today, [str(area_of[i]) for i in named])
    return preventive_presence(fc.x_min, fc.y_min, fc.score, run.grid.days, params, today)


def save_forecast(db: str | None, run: ForecastRun, areas: Path | None = None,
                  area_property: str = "team", *, params: ParameterSet | None = None,
                  today: date | None = None) -> SavedRun:
    """Store the run (cells, model, verdict, period, presence plan, area outlines) for the
    CM-tafel and the dashboard; ``areas`` (GeoJSON whose ``area_property`` is a basisteam
    code) assigns cells to teams."""
    params = params or parameters()
    today = today or date.today()
    crs = run.grid.crs
    area_of = cell_areas(run.history, areas, area_property, crs)
    plan = presence_plan(run, area_of, params, today)
    outlines = area_outlines(areas, area_property, crs) if areas else []
    fc = run.cells
    path = resolve_db_path(db)
    try:
        con = connect(path)
        try:
            run_id = save_run(con, model=run.model, fit=run.verdict.fit,
                              verdict=run.verdict.text, origin=run.origin, days=run.grid.days,
                              cell_size=fc.cell_size, crs=crs, source=run.events.file,
                              x_min=fc.x_min.tolist(), y_min=fc.y_min.tolist(),
                              score=fc.score.tolist(), area=area_of, plan=plan,
                              override=run.verdict.override, outlines=outlines)
        finally:
            con.close()
    except SterkteError as exc:
        raise InputError.at("--db", exc.bilingual()) from None
    return SavedRun(run_id, str(path), plan)


def evaluation_origins(events: Events, start: date | None, end: date | None, g: Grid,
                       params: ParameterSet, today: date) -> list[date]:
    """The origins of a backtest: every ``g.step`` days from ``start`` (default
    ``backtest_period_days`` before ``end``) to ``end`` (default the last event)."""
    first_day, last_day = events.days()
    last = end or last_day
    check_data_age(events.file, last_event_before(events.training.time,
                                                  last + timedelta(days=1)), last,
                   int(params["max_data_age_days"].number(today)),
                   what=Msg("de laatste dag om te evalueren (--end)",
                            "the last day to evaluate (--end)"))
    begin = start or last - timedelta(days=int(params["backtest_period_days"].number(today)))
    if begin <= first_day:
        b, f = begin.isoformat(), first_day.isoformat()
        raise InputError.at("--start", Msg(
            f"{b} laat geen geschiedenis over; de gebeurtenissen beginnen op {f}",
            f"{b} leaves no history; the events start on {f}"))
    origins = rolling_origins(begin, last, g.step, g.days)
    if not origins:
        raise InputError.at("--start", Msg(
            "er past geen startpunt van de backtest tussen --start en --end",
            "no backtest origin fits between --start and --end"))
    return origins


@dataclass(frozen=True)
class Evaluation:
    """A backtest of several models with the success criteria checked."""

    events: Events
    history: EventHistory
    models: list[Model]
    result: BacktestResult
    fitness: list[Fitness]
    best: tuple[str, bool]  # the model that best meets the criteria, and whether it is fit


def evaluate(events_file: Path, start: date | None, end: date | None, g: Grid, *,
             source_crs: str | None = None, models: Sequence[str] | None = None,
             boundary: Path | None = None, offences: Sequence[str] | None = None,
             include_police_initiated: bool = False, params: ParameterSet | None = None,
             today: date | None = None, progress: Progress = no_progress) -> Evaluation:
    """Rolling-origin backtest of ``models`` (default all) with the success criteria."""
    params = params or parameters()
    today = today or date.today()
    events = read_events(events_file, g.crs, source_crs, offences, include_police_initiated)
    origins = evaluation_origins(events, start, end, g, params, today)
    history = study_history(events, g.cell_size, origins[0], boundary, g.crs)
    built = build_models(list(models) if models else None, params, today)
    result = backtest(history, built, origins, g.days, progress)
    fitness = check_criteria(result, params, today)
    return Evaluation(events, history, built, result, fitness, choose_model(fitness, result))


@dataclass(frozen=True)
class AuditRun:
    evaluation: Evaluation
    audit: Audit


def audit(events_file: Path, start: date | None, end: date | None, g: Grid, *,
          areas: Path | None = None, external: Path | None = None, seed: int = 0,
          source_crs: str | None = None, models: Sequence[str] | None = None,
          boundary: Path | None = None, offences: Sequence[str] | None = None,
          include_police_initiated: bool = False, params: ParameterSet | None = None,
          today: date | None = None, progress: Progress = no_progress) -> AuditRun:
    """The bias audit of a backtest: criteria, feedback loop (``seed``), concentration and,
    with ``areas`` (GeoJSON, property 'name') and ``external`` (CSV area,rate), the gap to
    an external per-area rate."""
    if external is not None and areas is None:
        raise InputError.at("--external", Msg(
            "een externe intensiteit vraagt --areas om cellen te plaatsen",
            "an external rate needs --areas to place cells"))
    ev = evaluate(events_file, start, end, g, source_crs=source_crs, models=models,
                  boundary=boundary, offences=offences,
                  include_police_initiated=include_police_initiated, params=params,
                  today=today, progress=progress)
    area_of_cell = None
    rates = None
    if areas is not None and external is not None:
        history = ev.history
        labels = np.full(history.area.n_cells, "", dtype=object)
        for a in read_areas(areas, target_crs=g.crs):
            inside = history.area.position(cells_in_polygons(history.area.grid, a.polygons))
            labels[inside[inside >= 0]] = a.name
        area_of_cell = [str(v) for v in labels]
        rates = read_external_rates(external)
    return AuditRun(ev, build_audit(ev.history, ev.result, ev.fitness, ev.best,
                                    feature_names(), area_of_cell, rates, seed=seed,
                                    models=ev.models))


def demo_town(teams: Sequence[str], first: date, days: int, seed: int
              ) -> tuple[list[dict[str, str]], dict[str, object]]:
    """SYNTHETIC events (rows of an events file) and square basisteam areas (GeoJSON) for
    ``teams`` over ``days`` from ``first``."""
    return town.events(list(teams), first, days, seed), town.areas_geojson(list(teams))
