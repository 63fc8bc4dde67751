"""``sterkte forecast``: the personnel prognosis, its scenarios, uncertainty and variance.

The work is :mod:`sterkte.app.forecast`; this module parses the options and prints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from sterkte.app.forecast import (
    calibration,
    intake_needed,
    save_runs,
    scenario_forecast,
    scenarios,
    store_has_ledger,
    variance,
)
from sterkte.app.hr import synthetic_records
from sterkte.cli.common import (
    DbOption,
    LangOption,
    check_lang,
    console,
    err_console,
    parse_date,
    say_synthetic,
    show,
    user_errors,
)
from sterkte.errors import InputError, Msg
from sterkte.forecast import ForecastRun
from sterkte.forecast.calibrate import scenario_yaml
from sterkte.forecast.required_intake import RequiredIntake
from sterkte.ledger import format_number
from sterkte.org.units import NATIONAL
from sterkte.report.charts import prognosis_lines, write_chart
from sterkte.report.csv_out import to_csv
from sterkte.report.labels import synthetic_notice, term, unit_label
from sterkte.report.police_tables import police_tables
from sterkte.report.prognosis import (
    balance_table,
    forecast_table,
    required_intake_table,
    variance_rows_table,
)
from sterkte.report.table import Column, Table, stack
from sterkte.store.db import resolve_db_path

app = typer.Typer(add_completion=False, invoke_without_command=True,
                  help="Personnel prognosis: cohorts, outflow, formatie, scenarios, uncertainty.")

ScenarioOption = Annotated[list[str] | None, typer.Option(
    "--scenario", "-s", help="Scenario YAML file or built-in name (base, hjb2022, "
    "short-training); repeat to compare.")]


@contextmanager
def _progress(samples: int, enabled: bool, lang: str) -> Iterator[object]:
    if not enabled or samples <= 0:
        yield None
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                  TimeElapsedColumn(), console=err_console, transient=True) as bar:
        task = bar.add_task(term("forecast_cli.samples", lang, n=samples), total=samples)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done)

        yield update


def _tables(runs: list[ForecastRun], unit: str, lang: str,
            synthetic: tuple[str, ...] = ()) -> list[Table]:
    return [forecast_table(run, unit, lang).mark_synthetic(synthetic) for run in runs]


def _csv(runs: list[ForecastRun], unit: str, lang: str, synthetic: tuple[str, ...] = ()
         ) -> str:
    """The published layout per period, one CSV for every scenario (a scenario column
    when there are several): the report convention, numbers unrounded."""
    tables = _tables(runs, unit, lang, synthetic)
    if len(tables) > 1:
        tables = [stack(tables, Column("scenario", term("scenario", lang), "text"),
                        [r.scenario for r in runs])]
    return to_csv(tables[0])


def _print_tables(runs: list[ForecastRun], unit: str, lang: str,
                  synthetic: tuple[str, ...] = ()) -> None:
    for table in _tables(runs, unit, lang, synthetic):
        show(table)
    show(balance_table(runs, lang).mark_synthetic(synthetic))


def _print_required(name: str, ri: RequiredIntake, lang: str,
                    synthetic: tuple[str, ...] = ()) -> None:
    show(required_intake_table(name, ri, lang).mark_synthetic(synthetic))
    for y, cap in ri.capacity.items():
        console.print(term("forecast_cli.capacity", lang, year=y,
                           fte=format_number(cap, lang)), highlight=False)
    if ri.feasible:
        console.print(f"[green]{term('forecast_cli.feasible', lang)}[/]")
    else:
        for p in ri.problems:
            console.print(f"[bold red]{term('forecast_cli.not_feasible', lang)}[/] {p}")


@app.callback(invoke_without_command=True)
@user_errors
def forecast(
    ctx: typer.Context,
    db: DbOption = None,
    from_store: Annotated[bool, typer.Option(
        "--from-store", help="Start from the published tables in the store (default when "
        "the store has them; else the bundled 2021 tables).")] = False,
    from_hr: Annotated[bool, typer.Option(
        "--from-hr", help="Start from the HR records in the store (actual ages).")] = False,
    start_date: Annotated[str | None, typer.Option(
        "--start-date", help="With --from-hr: the day whose end is the start (YYYY-MM-DD; "
        "default the last complete month).")] = None,
    years: Annotated[int, typer.Option("--years", min=1, max=40, help=(
        "Horizon: whole calendar years (a start within a year first runs to 31 "
        "December, month by month)."))] = 10,
    scenario: ScenarioOption = None,
    samples: Annotated[int, typer.Option("--samples", min=0,
                                         help="Monte Carlo samples (0: exact only).")] = 0,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the samples.")] = 0,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", help="Dask scheduler address tcp://host:port for the samples.")] = None,
    req_intake: Annotated[bool, typer.Option(
        "--required-intake", help="Compute the academy intake per year that brings each unit "
        "to formatie by --target-date.")] = False,
    target_date: Annotated[str | None, typer.Option("--target-date",
                                                    help="YYYY-MM-DD")] = None,
    unit: Annotated[str, typer.Option("--unit", help="Unit code for the tables "
                                      "(NP = national).")] = NATIONAL,
    fmt: Annotated[str, typer.Option("--format", help="table or csv")] = "table",
    chart: Annotated[Path | None, typer.Option(
        "--chart", help="Write an offline HTML chart of bezetting vs formatie.")] = None,
    save: Annotated[bool | None, typer.Option(
        "--save/--no-save", help="Store the run with its parameters (default: when the "
        "store exists).")] = None,
    lang: LangOption = "nl",
) -> None:
    """Run the prognosis for each --scenario and compare them."""
    if ctx.invoked_subcommand is not None:
        return
    check_lang(lang)
    if fmt not in ("table", "csv"):
        raise InputError.at("--format", Msg(f"verwacht table of csv, gevonden {fmt!r}",
                                            f"expected table or csv, found {fmt!r}"))
    if from_store and from_hr:
        raise InputError.at("--from-store", Msg("kies één van --from-store en --from-hr",
                                                "choose one of --from-store and --from-hr"))
    store_exists = resolve_db_path(db).exists()
    auto = not (from_hr or from_store)  # no flag: the start the scenario asks for
    if from_hr:
        source = "hr"
    elif from_store:
        source = "store"
    else:
        source = "store" if store_exists and store_has_ledger(db) else "bundled"
    start_day = parse_date(start_date, "--start-date") if start_date else None
    if start_day is not None and (start_day + dt.timedelta(days=1)).day != 1:
        found = start_day.isoformat()
        raise InputError.at("--start-date", Msg(
            f"verwacht de laatste dag van een maand (de prognose begint de maand erna), "
            f"gevonden {found}",
            f"expected the last day of a month (the forecast starts the month after), "
            f"found {found}"))
    sets = scenarios(scenario)
    synthetic = synthetic_records(db) if source == "hr" else ()
    if req_intake:
        if not target_date:
            raise InputError.at("--required-intake", Msg("vraagt --target-date",
                                                         "needs --target-date"))
        target = parse_date(target_date, "--target-date")
        for sc, params in sets:
            _print_required(sc.name, intake_needed(source, db, (sc, params), target,
                                                   start_day, auto), lang, synthetic)
        return
    runs = []
    for sc, params in sets:
        with _progress(samples, fmt == "table", lang) as progress:
            runs.append(scenario_forecast(
                source, db, sc, params, years, start_date=start_day, auto=auto, unit=unit,
                samples=samples, seed=seed, scheduler=scheduler,
                progress=progress if callable(progress) else None))
    if fmt == "csv":
        typer.echo(_csv(runs, unit, lang, synthetic), nl=False)
    else:
        _print_tables(runs, unit, lang, synthetic)
    if chart is not None:
        title = term("chart.os_and_formatie_unit", lang, unit=unit_label(unit, lang))
        if synthetic:
            title += " — " + synthetic_notice(synthetic, lang)
        write_chart(prognosis_lines(runs, lang, unit=unit, title=title), chart)
        err_console.print(term("forecast_cli.chart", lang, path=chart), highlight=False)
    if save if save is not None else store_exists:
        ids = save_runs(db, [(run, sc) for run, (sc, _) in zip(runs, sets, strict=True)])
        err_console.print(term("forecast_cli.stored", lang, ids=", ".join(map(str, ids)),
                               path=resolve_db_path(db)), highlight=False)


@app.command("variance")
@user_errors
def variance_command(
    year: Annotated[int, typer.Option("--year", help="The realised year.")],
    db: DbOption = None,
    scenario: ScenarioOption = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Only this unit.")] = None,
    lang: LangOption = "nl",
) -> None:
    """Realisation vs prognosis of a year: nationally beside the police's own prognosis for
    the year (when the store holds it), and per flow and unit beside sterkte's model run
    from the year's opening stocks, largest differences first."""
    check_lang(lang)
    result = variance(db, year, scenarios(scenario)[0])
    if result.police is not None and unit in (None, NATIONAL):
        for table in police_tables(result.police, result.run, result.realised,
                                   result.scenario, lang):
            show(table)
    elif result.police is None:
        err_console.print(term("model.no_police", lang, year=year), highlight=False)
    show(variance_rows_table(result.rows, year, result.scenario, lang, unit))


@app.command("calibrate")
@user_errors
def calibrate_command(
    db: DbOption = None,
    year: Annotated[int | None, typer.Option("--year", help="Calendar year of HR history to "
                                             "estimate from (default: the last full year).")
                    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Scenario file to write.")] = Path(
        "calibrated.yaml"),
    lang: LangOption = "nl",
) -> None:
    """Estimate outflow and transfer rates from the HR records in the store and write
    them as a scenario (use it with --scenario)."""
    check_lang(lang)
    y, est = calibration(db, year)
    synthetic = synthetic_records(db)
    text = scenario_yaml(est, y, str(resolve_db_path(db)))
    if synthetic:  # the file says so too: a YAML comment heads it
        text = f"# {synthetic_notice(synthetic, lang)}\n{text}"
    out.write_text(text, encoding="utf-8")
    say_synthetic(synthetic, lang)
    console.print(text, highlight=False, markup=False)
    err_console.print(term("forecast_cli.calibrated", lang, out=out), highlight=False)


__all__ = ["app"]
