"""``sterkte anticipate``: forecast, backtest and audit crime anticipation per grid cell.

The jobs themselves are :mod:`sterkte.app.anticipation`; this module parses the options,
calls it and prints. Defaults of --days, --cell-size, --crs and --step are the parameters
of ``data/parameters/anticipate/`` (``sterkte parameters list --engine anticipate``).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from sterkte.app import anticipation as run
from sterkte.cli.common import LangOption, check_lang, print_error
from sterkte.errors import InputError, Msg, SterkteError
from sterkte.ledger import format_number
from sterkte.report.anticipate_audit import RunInfo, render_audit
from sterkte.report.backtest_tables import backtest_tables, write_scores
from sterkte.report.labels import term
from sterkte.report.terminal import print_table

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="Crime anticipation per grid cell: forecast, backtest, bias audit. Never about persons.",
)
err = Console(stderr=True)
out = Console()

T = TypeVar("T")

EventsOpt = Annotated[Path, typer.Option("--events", help="Events file (CSV or Parquet).")]
DaysOpt = Annotated[int | None, typer.Option(
    "--days", min=1, help="Forecast horizon in days (default: the parameter horizon_days).")]
CellOpt = Annotated[float | None, typer.Option(
    "--cell-size", min=1.0, help="Cell side in metres (default: the parameter cell_size).")]
CrsOpt = Annotated[str | None, typer.Option(
    "--crs", help="Projected CRS of the grid, an EPSG code (default: the parameter crs).")]
StepOpt = Annotated[int | None, typer.Option(
    "--step", min=1, help="Days between origins (default: the parameter origin_step_days).")]
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


def _run(action: Callable[[], T], lang: str) -> T:
    """Run a command body; bad input becomes a message in ``lang`` on stderr and exit
    code 2 (as every command's, :func:`sterkte.cli.common.user_errors`)."""
    try:
        return action()
    except SterkteError as exc:
        print_error(exc, lang)
        raise typer.Exit(2) from None


def _parse_date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError.at(option, Msg(f"{text!r} is geen datum; verwacht JJJJ-MM-DD",
                                        f"{text!r} is not a date; expected YYYY-MM-DD")) from None


def _maybe_date(text: str | None, option: str) -> date | None:
    return None if text is None else _parse_date(text, option)


def _gate_notices(events: run.Events, lang: str) -> None:
    gate_word = term("anticipate_cli.gate", lang)
    for notice in events.gate.report.notices:
        err.print(f"[yellow]{gate_word}:[/yellow] {escape(notice.render(lang))}", highlight=False,
                  soft_wrap=True)
    if events.excluded:
        err.print(f"{gate_word}: " + term("anticipate_cli.excluded", lang, n=events.excluded),
                  highlight=False)


@contextmanager
def _progress(total: int, what: str) -> Iterator[run.Step]:
    with Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=err, transient=False, disable=not err.is_terminal,
    ) as bar:
        task = bar.add_task(what, total=total)

        def step(model: str, origin: date) -> None:
            bar.update(task, advance=1, description=f"{what}: {model} {origin.isoformat()}")

        yield step


def _write_cells(path: Path, fr: run.ForecastRun) -> None:
    """One row per study cell: x_min,y_min,cell_size,score (expected events)."""
    fc = fr.cells
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["x_min", "y_min", "cell_size", "score"])
        for x, y, s in zip(fc.x_min, fc.y_min, fc.score, strict=True):
            w.writerow([f"{x:.0f}", f"{y:.0f}", f"{fc.cell_size:g}", f"{s:.6g}"])


@app.command()
def forecast(
    events: EventsOpt,
    at: Annotated[str, typer.Option("--at", help="Forecast origin (YYYY-MM-DD, 00:00).")],
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Output CSV, one row per cell.")] = None,
    days: DaysOpt = None,
    cell_size: CellOpt = None,
    crs: CrsOpt = None,
    source_crs: SourceCrsOpt = None,
    model: Annotated[
        str | None,
        typer.Option("--model", help="One of " + ", ".join(run.MODEL_NAMES)
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
            raise InputError.at("--out", Msg(
                "geef een CSV-uitvoerbestand (--out BESTAND), --save, of beide",
                "give an output CSV (--out FILE), --save, or both"))
        today = date.today()
        origin = _parse_date(at, "--at")
        params = run.parameters()
        g = run.grid(params, today, cell_size=cell_size, crs=crs, days=days)
        fr = run.forecast(events, origin, g, source_crs=source_crs, model=model,
                          boundary=boundary, offences=offence,
                          include_police_initiated=include_police_initiated, save=save,
                          override=override_unfit, params=params, today=today,
                          progress=_progress)
        _gate_notices(fr.events, lang)
        if fr.choice is not None:
            c = fr.choice
            if c.origins < c.wanted:
                err.print("[yellow]" + escape(term("anticipate_cli.few_origins", lang,
                                                   n=c.origins, of=c.wanted)) + "[/yellow]")
            said = (escape(term("anticipation.verdict_fit", lang)) if c.fit else
                    "[red]" + escape(term("anticipation.verdict_not_fit", lang)) + "[/red]"
                    + escape(term("anticipate_cli.see_backtest", lang)))
            err.print(f"{term('anticipate_cli.model', lang)}: {c.model} — {said}")
        if fr.override_ignored:
            err.print("[yellow]" + escape(term("anticipate_cli.override_ignored", lang))
                      + "[/yellow]")
        elif fr.verdict.override is not None:
            err.print("[red]OVERRIDE[/red]: " + escape(term(
                "anticipate_cli.override", lang, reason=fr.verdict.override)),
                highlight=False)
        fc = fr.cells
        if out_file is not None:
            _write_cells(out_file, fr)
        err.print(term("anticipate_cli.cells", lang, n=len(fc.score),
                       expected=format_number(float(fc.score.sum()), lang, 1), model=fc.model,
                       origin=origin.isoformat(), days=g.days)
                  + (f" → {out_file}" if out_file is not None else ""), highlight=False)
        if save:
            saved = run.save_forecast(db, fr, areas, area_property, params=params, today=today)
            err.print(term("anticipate_cli.saved", lang, run=saved.run_id, path=saved.path,
                           cells=len(saved.plan.cells),
                           hours=format_number(saved.plan.hours_per_week, lang, 1),
                           areas=len(saved.plan.areas)), highlight=False)

    _run(body, lang)


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
    check_lang(lang)

    def body() -> None:
        teams = team or ["syn-AM-D1-T01", "syn-AM-D1-T02", "syn-AM-D1-T03"]
        rows, geojson = run.demo_town(teams, _parse_date(start, "--start"), days, seed)
        out_dir.mkdir(parents=True, exist_ok=True)
        ev = out_dir / "synthetic-events.csv"
        with ev.open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
        ar = out_dir / "synthetic-areas.geojson"
        ar.write_text(json.dumps(geojson), encoding="utf-8")
        err.print(term("anticipate_cli.demo", lang, n=len(rows), events=ev, teams=len(teams),
                       areas=ar), highlight=False)

    _run(body, lang)


StartOpt = Annotated[
    str | None, typer.Option("--start", help="First origin (default: the parameter "
                                             "backtest_period_days before --end).")
]
EndOpt = Annotated[
    str | None, typer.Option("--end", help="Last day of data to evaluate (default: last event).")
]
ModelsOpt = Annotated[
    list[str] | None, typer.Option("--model", help="Models to compare (repeatable; default all).")
]


def _verdict_word(fit: bool, lang: str) -> str:
    return term("anticipation.fit_for_use_lower" if fit else "backtest.not_fit", lang)


@app.command()
def backtest(
    events: EventsOpt,
    start: StartOpt = None,
    end: EndOpt = None,
    days: DaysOpt = None,
    step: StepOpt = None,
    cell_size: CellOpt = None,
    crs: CrsOpt = None,
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
        params = run.parameters()
        g = run.grid(params, today, cell_size=cell_size, crs=crs, days=days, step=step)
        ev = run.evaluate(events, _maybe_date(start, "--start"), _maybe_date(end, "--end"), g,
                          source_crs=source_crs, models=model, boundary=boundary,
                          offences=offence, include_police_initiated=include_police_initiated,
                          params=params, today=today, progress=_progress)
        _gate_notices(ev.events, lang)
        for table in backtest_tables(ev.result, ev.fitness, lang):
            print_table(table, out)
        for f in ev.fitness:
            for c in (c for c in f.criteria if not c.passed):
                out.print(escape("  " + term("anticipate_cli.fails", lang, model=f.model,
                                             requirement=c.requirement,
                                             measured=format_number(c.measured, lang, 3))),
                          highlight=False)
        name, fit = ev.best
        out.print(term("anticipate_cli.best", lang, model=name, verdict=_verdict_word(fit, lang)),
                  highlight=False)
        if out_file is not None:
            write_scores(out_file, ev.result)
            err.print(term("anticipate_cli.scores", lang, path=out_file), highlight=False)

    _run(body, lang)


@app.command()
def audit(
    events: EventsOpt,
    out_file: Annotated[Path, typer.Option("--out", help="Audit report (HTML, self-contained).")],
    start: StartOpt = None,
    end: EndOpt = None,
    days: DaysOpt = None,
    step: StepOpt = None,
    cell_size: CellOpt = None,
    crs: CrsOpt = None,
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
    check_lang(lang)

    def body() -> None:
        today = date.today()
        params = run.parameters()
        g = run.grid(params, today, cell_size=cell_size, crs=crs, days=days, step=step)
        done = run.audit(events, _maybe_date(start, "--start"), _maybe_date(end, "--end"), g,
                         areas=areas, external=external, seed=seed, source_crs=source_crs,
                         models=model, boundary=boundary, offences=offence,
                         include_police_initiated=include_police_initiated, params=params,
                         today=today, progress=_progress)
        ev = done.evaluation
        _gate_notices(ev.events, lang)
        info = RunInfo(
            command=" ".join(["sterkte", "anticipate", *sys.argv[1:]]) if sys.argv else "",
            run_date=today, crs=g.crs, cell_size=g.cell_size, seed=seed, parameters=params,
            include_police_initiated=include_police_initiated, offences=list(offence or []))
        html = render_audit(done.audit, ev.events.gate.report, info)
        out_file.parent.mkdir(parents=True, exist_ok=True)
        out_file.write_text(html, encoding="utf-8")
        err.print(term("anticipate_cli.audit", lang, path=out_file, model=ev.best[0],
                       verdict=_verdict_word(ev.best[1], lang)), highlight=False)

    _run(body, lang)
