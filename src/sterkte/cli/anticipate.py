"""``sterkte anticipate``: forecast, backtest and audit crime anticipation per grid cell.

Register in the main CLI with
``app.add_typer(anticipate.app, name="anticipate")``.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, TypeVar

import numpy as np
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from sterkte.anticipate.backtest import BacktestResult, rolling_origins, run_backtest
from sterkte.anticipate.criteria import Fitness, RunVerdict, check_criteria, choose_model
from sterkte.anticipate.freshness import check_data_age, last_event_before
from sterkte.anticipate.history import EventHistory
from sterkte.anticipate.metrics import COVERAGES
from sterkte.anticipate.models.base import Model
from sterkte.anticipate.models.registry import MODEL_NAMES, build_model, build_models
from sterkte.anticipate.parameters import ParameterSet, bundled
from sterkte.anticipate.predict import build_history, forecast_cells
from sterkte.cli.common import LangOption, check_lang
from sterkte.errors import InputError
from sterkte.ledger import format_number
from sterkte.records.outlines import AreaOutline
from sterkte.report.backtest_tables import backtest_tables, write_scores
from sterkte.report.labels import term
from sterkte.report.terminal import print_table
from sterkte.sources.areas import area_outlines, read_areas
from sterkte.sources.crime_events import CrimeEvents, GateResult, read_crime_events
from sterkte.sources.external_rates import read_external_rates

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="Crime anticipation per grid cell: forecast, backtest, bias audit. Never about persons.",
)
err = Console(stderr=True)
out = Console()

T = TypeVar("T")

EventsOpt = Annotated[Path, typer.Option("--events", help="Events file (CSV or Parquet).")]
DaysOpt = Annotated[int, typer.Option("--days", min=1, help="Forecast horizon in days.")]
CellOpt = Annotated[float, typer.Option("--cell-size", min=1.0, help="Cell side in metres.")]
CrsOpt = Annotated[str, typer.Option("--crs", help="Projected CRS of the grid (EPSG code).")]
SourceCrsOpt = Annotated[
    str | None, typer.Option("--source-crs", help="CRS of x/y columns (not for lon/lat).")
]
BoundaryOpt = Annotated[
    Path | None, typer.Option("--boundary", help="GeoJSON study-area boundary (WGS84).")
]
OffenceOpt = Annotated[
    list[str] | None, typer.Option("--offence", help="Only these offence types (repeatable).")
]
PoliceOpt = Annotated[
    bool,
    typer.Option("--include-police-initiated",
                 help="Also train on police-initiated records (off: they reflect where "
                      "police already looked)."),
]


@dataclass(frozen=True)
class _Data:
    gate: GateResult
    training: CrimeEvents


def _run(action: Callable[[], T]) -> T:
    """Run a command body; bad input becomes a message on stderr and exit code 2."""
    try:
        return action()
    except InputError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None


def _parse_date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError.at(option, f"{text!r} is not a date; expected YYYY-MM-DD") from None


def _load(
    events: Path, crs: str, source_crs: str | None, offence: list[str] | None, police: bool,
    lang: str = "nl",
) -> _Data:
    gate = read_crime_events(events, target_crs=crs, source_crs=source_crs)
    gate_word = term("anticipate_cli.gate", lang)
    for notice in gate.report.notices:
        err.print(f"[yellow]{gate_word}:[/yellow] {escape(notice)}", highlight=False,
                  soft_wrap=True)
    training = gate.events.for_training(citizen_only=not police, offences=offence)
    if len(training) == 0:
        raise InputError.at(str(events), "no events left to train on after the channel and "
                            "offence filters")
    excluded = len(gate.events) - len(training)
    if excluded:
        err.print(f"{gate_word}: " + term("anticipate_cli.excluded", lang, n=excluded),
                  highlight=False)
    return _Data(gate, training)


def _history(
    data: _Data, cell_size: float, area_before: date, boundary: Path | None, crs: str
) -> EventHistory:
    polygons = None
    if boundary is not None:
        polygons = [p for a in read_areas(boundary, target_crs=crs) for p in a.polygons]
    ev = data.training
    try:
        return build_history(ev.time, ev.x, ev.y, cell_size, area_before, polygons)
    except ValueError as exc:
        raise InputError.at(data.gate.report.file, str(exc)) from None


@contextmanager
def _progress(total: int, what: str) -> Iterator[Callable[[str, date], None]]:
    with Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=err, transient=False, disable=not err.is_terminal,
    ) as bar:
        task = bar.add_task(what, total=total)

        def step(model: str, origin: date) -> None:
            bar.update(task, advance=1, description=f"{what}: {model} {origin.isoformat()}")

        yield step


def _backtest(
    history: EventHistory, models: list[Model], origins: list[date], days: int
) -> BacktestResult:
    with _progress(len(models) * len(origins), "backtest") as step:
        return run_backtest(history, models, origins, days, COVERAGES, step)


def _data_days(ev: CrimeEvents) -> tuple[date, date]:
    days = ev.time.astype("datetime64[D]")
    return days.min().astype(date), days.max().astype(date)


def _select_model(
    data: _Data, at: date, days: int, cell_size: float, boundary: Path | None, crs: str,
    params: ParameterSet, criteria: ParameterSet, today: date, lang: str = "nl",
) -> tuple[str, bool, list[Fitness]]:
    """Backtest all models on the periods before ``at`` and pick the best fit one."""
    n = int(criteria.number("evaluation_origins", today))
    step = int(params.number("origin_step_days", today))
    first_day, _ = _data_days(data.training)
    origins = [at - timedelta(days=days + step * k) for k in range(n)][::-1]
    origins = [o for o in origins if o >= first_day + timedelta(days=91)]
    if not origins:
        raise InputError.at(data.gate.report.file, "too little history before --at to choose "
                            "a model (need 91 days plus the horizon); name one with --model")
    if len(origins) < n:
        err.print("[yellow]" + escape(term("anticipate_cli.few_origins", lang, n=len(origins),
                                           of=n)) + "[/yellow]")
    history = _history(data, cell_size, origins[0], boundary, crs)
    result = _backtest(history, build_models(None, params, today), origins, days)
    fitness = check_criteria(result, criteria, today)
    name, fit = choose_model(fitness, result)
    return name, fit, fitness


@app.command()
def forecast(
    events: EventsOpt,
    at: Annotated[str, typer.Option("--at", help="Forecast origin (YYYY-MM-DD, 00:00).")],
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Output CSV, one row per cell.")] = None,
    days: DaysOpt = 14,
    cell_size: CellOpt = 125.0,
    crs: CrsOpt = "EPSG:28992",
    source_crs: SourceCrsOpt = None,
    model: Annotated[
        str | None,
        typer.Option("--model", help="One of " + ", ".join(MODEL_NAMES)
                     + "; default: the model that best meets the success criteria."),
    ] = None,
    boundary: BoundaryOpt = None,
    offence: OffenceOpt = None,
    include_police_initiated: PoliceOpt = False,
    save: Annotated[bool, typer.Option(
        "--save", help="Store the cells, model, period and presence plan in the store "
                       "(--db) for the dashboard and `sterkte capacity --anticipation`.")] = False,
    areas: Annotated[Path | None, typer.Option(
        "--areas", help="GeoJSON areas whose property (--area-property) is a basisteam "
                        "code; assigns cells to teams for the presence plan.")] = None,
    area_property: Annotated[str, typer.Option(
        "--area-property", help="The areas' property naming the team.")] = "team",
    db: Annotated[str | None, typer.Option(
        "--db", help="Store file for --save (default: $STERKTE_DB, else "
                     "./sterkte.duckdb).")] = None,
    lang: LangOption = "nl",
    override_unfit: Annotated[str | None, typer.Option(
        "--override-unfit", metavar="REASON",
        help="Save a run that is NOT FIT FOR USE anyway, for this reason (stored with the "
             "run and shown at the CM-tafel). Without it such a run is not saved.")] = None,
) -> None:
    """Expected events per study-area cell in [AT, AT + DAYS): x_min,y_min,cell_size,score."""
    check_lang(lang)

    def body() -> None:
        if out_file is None and not save:
            raise InputError.at("--out", "give an output CSV (--out FILE), --save, or both")
        today = date.today()
        origin = _parse_date(at, "--at")
        params, criteria = bundled("models"), bundled("criteria")
        data = _load(events, crs, source_crs, offence, include_police_initiated, lang)
        check_data_age(str(events), last_event_before(data.training.time, origin), origin,
                       int(criteria.number("max_data_age_days", today)))
        fit: bool | None = None
        if model is None:
            name, fit, _ = _select_model(data, origin, days, cell_size, boundary, crs,
                                         params, criteria, today, lang)
            said = (escape(term("anticipation.verdict_fit", lang)) if fit else
                    "[red]" + escape(term("anticipation.verdict_not_fit", lang)) + "[/red]"
                    + escape(term("anticipate_cli.see_backtest", lang)))
            err.print(f"{term('anticipate_cli.model', lang)}: {name} — {said}")
        else:
            name = model
        verdict = _verdict(fit, override_unfit, save)
        chosen = build_model(name, params, today)
        history = _history(data, cell_size, origin, boundary, crs)
        fc = forecast_cells(history, chosen, origin, days)
        if out_file is not None:
            out_file.parent.mkdir(parents=True, exist_ok=True)
            with out_file.open("w", newline="", encoding="utf-8") as fh:
                w = csv.writer(fh)
                w.writerow(["x_min", "y_min", "cell_size", "score"])
                for x, y, s in zip(fc.x_min, fc.y_min, fc.score, strict=True):
                    w.writerow([f"{x:.0f}", f"{y:.0f}", f"{fc.cell_size:g}", f"{s:.6g}"])
        err.print(term("anticipate_cli.cells", lang, n=len(fc.score),
                       expected=format_number(float(fc.score.sum()), lang, 1), model=fc.model,
                       origin=origin.isoformat(), days=days)
                  + (f" → {out_file}" if out_file is not None else ""), highlight=False)
        if save:
            area_of = _cell_areas(history, areas, area_property, crs)
            _save(db, name, verdict, origin, days, fc.cell_size, crs, str(events), fc.x_min,
                  fc.y_min, fc.score, area_of, today, lang,
                  area_outlines(areas, area_property, crs) if areas else [])

    _run(body)


def _verdict(fit: bool | None, override: str | None, save: bool) -> RunVerdict:
    """The run's verdict; a run not fit for use is saved only with a reason to override."""
    if override is not None and not override.strip():
        raise InputError.at("--override-unfit", "give the reason for the override")
    if fit is not False:
        if override is not None:
            err.print("[yellow]--override-unfit ignored: the run is not one found unfit for "
                      "use[/yellow]")
        return RunVerdict(fit)
    if save and override is None:
        raise InputError.at("--save", (
            "the run is NOT FIT FOR USE (no model meets the success criteria), so it is not "
            "saved and the CM-tafel will not plan its presence; nothing was written. To save "
            "it anyway give --override-unfit \"REASON\" (stored with the run and shown "
            "wherever it is used), or use --out without --save to look at the cells only"))
    if override is not None:
        err.print(f"[red]OVERRIDE[/red]: saving a run NOT FIT FOR USE; reason: "
                  f"{escape(override)}", highlight=False)
    return RunVerdict(fit, override)


def _cell_areas(history: EventHistory, areas: Path | None, prop: str,
                crs: str) -> list[str | None]:
    """Each study cell's area (team code) by its centre; None outside every area."""
    from sterkte.anticipate.grid import cells_in_polygons

    labels: list[str | None] = [None] * history.area.n_cells
    if areas is None:
        return labels
    for a in read_areas(areas, target_crs=crs, name_property=prop):
        inside = history.area.position(cells_in_polygons(history.area.grid, a.polygons))
        for i in inside[inside >= 0]:
            labels[int(i)] = a.name
    if all(v is None for v in labels):
        raise InputError.at(str(areas), "no study cell lies inside any of its areas (wrong "
                            "CRS or another place?)")
    return labels


def _save(db: str | None, model: str, verdict: RunVerdict, origin: date, days: int,
          cell_size: float, crs: str, source: str, x_min: np.ndarray, y_min: np.ndarray,
          score: np.ndarray, area_of: list[str | None], today: date, lang: str = "nl",
          outlines: list[AreaOutline] | None = None) -> None:
    from sterkte.anticipate.presence import preventive_presence
    from sterkte.errors import SterkteError
    from sterkte.store.anticipation import save_run
    from sterkte.store.db import connect, resolve_db_path

    # the plan covers the cells with an area (a team); without --areas one "study area"
    named = [i for i, a in enumerate(area_of) if a is not None]
    if named:
        idx = np.asarray(named, dtype=np.int64)
        plan = preventive_presence(x_min[idx], y_min[idx], score[idx], days,
                                   bundled("presence"), today,
                                   [str(area_of[i]) for i in named])
    else:
        plan = preventive_presence(x_min, y_min, score, days, bundled("presence"), today)
    path = resolve_db_path(db)
    try:
        con = connect(path)
        try:
            run_id = save_run(con, model=model, fit=verdict.fit, verdict=verdict.text,
                              origin=origin, days=days, cell_size=cell_size, crs=crs,
                              source=source, x_min=x_min.tolist(), y_min=y_min.tolist(),
                              score=score.tolist(), area=area_of, plan=plan,
                              override=verdict.override, outlines=outlines or [])
        finally:
            con.close()
    except SterkteError as exc:
        raise InputError.at("--db", str(exc)) from None
    err.print(term("anticipate_cli.saved", lang, run=run_id, path=path, cells=len(plan.cells),
                   hours=format_number(plan.hours_per_week, lang, 1), areas=len(plan.areas)),
              highlight=False)


@app.command()
def demo(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the two files.")],
    team: Annotated[list[str] | None, typer.Option(
        "--team", help="Team codes (repeatable); default the first three synthetic teams "
                       "of `sterkte synth`.")] = None,
    start: Annotated[str, typer.Option("--start", help="First day of events.")] = "2024-01-01",
    days: Annotated[int, typer.Option("--days", min=120, max=3650,
                                      help="Days of events.")] = 730,
    seed: Annotated[int, typer.Option("--seed", help="Seed.")] = 1,
    lang: LangOption = "nl",
) -> None:
    """SYNTHETIC demo data (not real): events and square basisteam areas for a few teams,
    so that `forecast --areas … --save` can feed the CM-tafel and the dashboard."""
    import json

    from sterkte.synth import town as synthetic

    check_lang(lang)

    def body() -> None:
        teams = team or ["syn-AM-D1-T01", "syn-AM-D1-T02", "syn-AM-D1-T03"]
        first = _parse_date(start, "--start")
        out_dir.mkdir(parents=True, exist_ok=True)
        rows = synthetic.events(teams, first, days, seed)
        ev = out_dir / "synthetic-events.csv"
        with ev.open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
        ar = out_dir / "synthetic-areas.geojson"
        ar.write_text(json.dumps(synthetic.areas_geojson(teams)), encoding="utf-8")
        err.print(term("anticipate_cli.demo", lang, n=len(rows), events=ev, teams=len(teams),
                       areas=ar), highlight=False)

    _run(body)


def _origins(
    data: _Data, start: str | None, end: str | None, days: int, step: int, max_age: int
) -> list[date]:
    first_day, last_day = _data_days(data.training)
    last = _parse_date(end, "--end") if end else last_day
    check_data_age(data.gate.report.file, last_event_before(
        data.training.time, last + timedelta(days=1)), last, max_age,
        what="the last day to evaluate (--end)")
    begin = _parse_date(start, "--start") if start else last - timedelta(days=365)
    if begin <= first_day:
        raise InputError.at("--start", f"{begin.isoformat()} leaves no history; the events "
                            f"start on {first_day.isoformat()}")
    origins = rolling_origins(begin, last, step, days)
    if not origins:
        raise InputError.at("--start", "no backtest origin fits between --start and --end")
    return origins


StartOpt = Annotated[
    str | None, typer.Option("--start", help="First origin (default: a year before --end).")
]
EndOpt = Annotated[
    str | None, typer.Option("--end", help="Last day of data to evaluate (default: last event).")
]
ModelsOpt = Annotated[
    list[str] | None, typer.Option("--model", help="Models to compare (repeatable; default all).")
]


@app.command()
def backtest(
    events: EventsOpt,
    start: StartOpt = None,
    end: EndOpt = None,
    days: DaysOpt = 14,
    step: Annotated[int, typer.Option("--step", min=1, help="Days between origins.")] = 14,
    cell_size: CellOpt = 125.0,
    crs: CrsOpt = "EPSG:28992",
    source_crs: SourceCrsOpt = None,
    model: ModelsOpt = None,
    boundary: BoundaryOpt = None,
    offence: OffenceOpt = None,
    include_police_initiated: PoliceOpt = False,
    out_file: Annotated[
        Path | None, typer.Option("--out", help="CSV of every score per model and origin.")
    ] = None,
    lang: LangOption = "nl",
) -> None:
    """Rolling-origin backtest of every model, with the success criteria checked."""
    check_lang(lang)

    def body() -> None:
        today = date.today()
        params, criteria = bundled("models"), bundled("criteria")
        data = _load(events, crs, source_crs, offence, include_police_initiated, lang)
        origins = _origins(data, start, end, days, step,
                           int(criteria.number("max_data_age_days", today)))
        history = _history(data, cell_size, origins[0], boundary, crs)
        models = build_models(model, params, today)
        result = _backtest(history, models, origins, days)
        fitness = check_criteria(result, criteria, today)
        for table in backtest_tables(result, fitness, lang):
            print_table(table, out)
        for f in fitness:
            failed = [c for c in f.criteria if not c.passed]
            for c in failed:
                out.print(escape("  " + term("anticipate_cli.fails", lang, model=f.model,
                                             requirement=c.requirement,
                                             measured=format_number(c.measured, lang, 3))),
                          highlight=False)
        name, fit = choose_model(fitness, result)
        out.print(term("anticipate_cli.best", lang, model=name, verdict=term(
            "anticipation.fit_for_use_lower" if fit else "backtest.not_fit", lang)),
                  highlight=False)
        if out_file is not None:
            write_scores(out_file, result)
            err.print(term("anticipate_cli.scores", lang, path=out_file), highlight=False)

    _run(body)


@app.command()
def audit(
    events: EventsOpt,
    out_file: Annotated[Path, typer.Option("--out", help="Audit report (HTML, self-contained).")],
    start: StartOpt = None,
    end: EndOpt = None,
    days: DaysOpt = 14,
    step: Annotated[int, typer.Option("--step", min=1, help="Days between origins.")] = 14,
    cell_size: CellOpt = 125.0,
    crs: CrsOpt = "EPSG:28992",
    source_crs: SourceCrsOpt = None,
    model: ModelsOpt = None,
    boundary: BoundaryOpt = None,
    offence: OffenceOpt = None,
    include_police_initiated: PoliceOpt = False,
    areas: Annotated[
        Path | None, typer.Option("--areas", help="GeoJSON areas (property 'name').")
    ] = None,
    external: Annotated[
        Path | None,
        typer.Option("--external", help="CSV area,rate: an external per-area rate "
                     "(e.g. a victimisation survey); needs --areas."),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the feedback simulation.")] = 0,
    lang: LangOption = "nl",
) -> None:
    """Bias audit as an HTML report: criteria, feedback loop, concentration, model card.
    The report itself is in English; --lang is the command's own words."""
    from sterkte.anticipate.audit import build_audit
    from sterkte.anticipate.features import feature_names
    from sterkte.anticipate.grid import cells_in_polygons
    from sterkte.report.anticipate_audit import RunInfo, render_audit

    check_lang(lang)

    def body() -> None:
        today = date.today()
        if external is not None and areas is None:
            raise InputError.at("--external", "an external rate needs --areas to place cells")
        params, criteria = bundled("models"), bundled("criteria")
        data = _load(events, crs, source_crs, offence, include_police_initiated, lang)
        origins = _origins(data, start, end, days, step,
                           int(criteria.number("max_data_age_days", today)))
        history = _history(data, cell_size, origins[0], boundary, crs)
        models = build_models(model, params, today)
        result = _backtest(history, models, origins, days)
        fitness = check_criteria(result, criteria, today)
        chosen = choose_model(fitness, result)
        area_of_cell = None
        rates = None
        if areas is not None and external is not None:
            named = read_areas(areas, target_crs=crs)
            labels = np.full(history.area.n_cells, "", dtype=object)
            for a in named:
                inside = history.area.position(cells_in_polygons(history.area.grid, a.polygons))
                labels[inside[inside >= 0]] = a.name
            area_of_cell = [str(v) for v in labels]
            rates = read_external_rates(external)
        report = build_audit(history, result, fitness, chosen, feature_names(),
                             area_of_cell, rates, seed=seed, models=models)
        info = RunInfo(
            command=" ".join(["sterkte", "anticipate", *sys.argv[1:]]) if sys.argv else "",
            run_date=today,
            crs=crs,
            cell_size=cell_size,
            seed=seed,
            criteria=criteria,
            models=params,
            include_police_initiated=include_police_initiated,
            offences=list(offence or []),
        )
        html = render_audit(report, data.gate.report, info)
        out_file.parent.mkdir(parents=True, exist_ok=True)
        out_file.write_text(html, encoding="utf-8")
        err.print(term("anticipate_cli.audit", lang, path=out_file, model=chosen[0],
                       verdict=term("anticipation.fit_for_use_lower" if chosen[1]
                                    else "backtest.not_fit", lang)), highlight=False)

    _run(body)
