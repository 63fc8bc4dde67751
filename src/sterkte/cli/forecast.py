"""``sterkte forecast``: the personnel prognosis, its scenarios, uncertainty and variance.

Register with ``app.add_typer(forecast_app, name="forecast")`` where
``from sterkte.cli.forecast import app as forecast_app``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from sterkte.cli.common import DbOption, LangOption, check_lang, console, err_console, user_errors
from sterkte.errors import InputError
from sterkte.forecast import (
    ForecastRun,
    StartState,
    run_forecast,
    scenario_start,
    start_from_ledger,
    start_from_published,
)
from sterkte.forecast.inputs import forecast_parameters
from sterkte.forecast.required_intake import RequiredIntake, required_intake
from sterkte.forecast.start import start_from_people
from sterkte.forecast.tables import prognosis_table
from sterkte.forecast.variance import variance_table
from sterkte.ledger import Category, Ledger, Period, format_number, format_percent, label
from sterkte.ledger.display import round_half_away
from sterkte.org.units import NATIONAL
from sterkte.parameters import ParameterSet, Scenario, load_scenario
from sterkte.store.db import connect, resolve_db_path

app = typer.Typer(add_completion=False, invoke_without_command=True,
                  help="Personnel prognosis: cohorts, outflow, formatie, scenarios, uncertainty.")

ScenarioOption = Annotated[list[str] | None, typer.Option(
    "--scenario", "-s", help="Scenario YAML file or built-in name (base, hjb2022, "
    "short-training); repeat to compare.")]


def _parse_date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError.at(option, f"expected a date YYYY-MM-DD, found {text!r}") from None


def _scenarios(names: list[str] | None) -> list[tuple[Scenario, ParameterSet]]:
    base = forecast_parameters()
    out = []
    for name in names or ["base"]:
        sc = load_scenario(name)
        out.append((sc, sc.apply(base)))
    seen = [s.name for s, _ in out]
    if len(set(seen)) != len(seen):
        raise InputError.at("--scenario", f"scenario names must differ, found {seen}")
    return out


def _published_bundled() -> Ledger:
    from sterkte.sources.published import read_published_table
    from sterkte.store.ledgers import bundled_dataset

    out = Ledger()
    for path in bundled_dataset():
        for key, value in read_published_table(path).ledger:
            out.set(*key, value)
    return out


def _start(source: str, db: str | None, params: ParameterSet, start_date: dt.date | None,
           scenario: Scenario | None = None, auto: bool = False) -> StartState:
    """The start state: the scenario's ``start`` (:func:`scenario_start`) unless
    ``--from-hr``/``--from-store``/``--start-date`` say otherwise (``auto``: no flag)."""
    spec = scenario_start(scenario)
    if auto and spec.stocks == "hr":
        source = "hr"
    if source == "hr" and start_date is None and spec.stocks == "hr":
        start_date = spec.date
    if spec.stocks == "hr":
        spec = spec.model_copy(update={"stocks": "published", "at": "closing", "year": None})
    if source == "hr":
        from sterkte.store.forecasts import hr_people_on

        con = connect(db, read_only=True)
        try:
            day = start_date or _hr_last_day(con)
            people = hr_people_on(con, day)
        finally:
            con.close()
        if not people:
            raise InputError.at(str(resolve_db_path(db)), "no HR records in the store: run "
                                "`sterkte hr import FILE…` first")
        nxt = day + dt.timedelta(days=1)
        return start_from_people(people, params, nxt.year * 12 + nxt.month - 1,
                                 origin=f"HR records on {day.isoformat()}")
    if source == "store":
        from sterkte.store.ledgers import load_ledger

        con = connect(db, read_only=True)
        try:
            ledger = load_ledger(con)
        finally:
            con.close()
        if not ledger.periods():
            raise InputError.at(str(resolve_db_path(db)), "no published tables in the store: "
                                "run `sterkte import` first")
        if not any(p.kind.value == "year" for p in ledger.periods()):
            return start_from_ledger(ledger, params)
        return start_from_published(ledger, params, spec)
    return start_from_published(_published_bundled(), params, spec)


def _hr_last_day(con: object) -> dt.date:
    import duckdb

    assert isinstance(con, duckdb.DuckDBPyConnection)
    row = con.execute("SELECT MAX(date) FROM hr_events").fetchone()
    if not row or row[0] is None:
        return dt.date.today()
    last: dt.date = row[0]
    # the last complete month
    first_of_month = last.replace(day=1)
    return first_of_month - dt.timedelta(days=1) if last.month != 12 or last.day != 31 else last


@contextmanager
def _progress(samples: int, enabled: bool) -> Iterator[object]:
    if not enabled or samples <= 0:
        yield None
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                  TimeElapsedColumn(), console=err_console, transient=True) as bar:
        task = bar.add_task(f"{samples} samples", total=samples)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done)

        yield update


def _csv_number(v: float) -> str:
    return str(round_half_away(v, 1))


def _csv(runs: list[ForecastRun], unit: str) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    many = len(runs) > 1
    years = [str(p) for p in runs[0].periods]
    w.writerow([*(["scenario"] if many else []), "table", "row", "flow", *years])
    for run in runs:
        for row, values in prognosis_table(run.ledger, unit, run.periods):
            w.writerow([*([run.scenario] if many else []), row.table.split(":")[0], row.label_nl,
                        row.name if row.category is not None else f"total_{row.name}",
                        *(_csv_number(v) for v in values)])
        formatie = run.formatie_at_year_end()
        if any((unit, p.year) in formatie for p in run.periods):
            w.writerow([*([run.scenario] if many else []), "Formatie", "Formatie OS (opgeleid)",
                        "formatie", *(_csv_number(formatie.get((unit, p.year), math.nan))
                                      if (unit, p.year) in formatie else "" for p in run.periods)])
            w.writerow([*([run.scenario] if many else []), "Formatie",
                        "Verschil formatie - bezetting OS", "gap",
                        *(_csv_number(formatie[(unit, p.year)]
                                      - run.ledger.closing(p, unit, Category.OS))
                          if (unit, p.year) in formatie else "" for p in run.periods)])
        if run.ensemble is not None and unit in run.bands(Category.OS):
            band = run.bands(Category.OS)[unit]
            for qi, q in enumerate(("P5", "P50", "P95")):
                w.writerow([*([run.scenario] if many else []), "Steekproef",
                            f"Bezetting OS einde boekjaar {q} ({run.samples} samples, "
                            f"seed {run.seed})", f"closing_{q.lower()}",
                            *(_csv_number(float(band[qi, i])) for i in range(len(run.periods)))])
        eb = next((b for b in run.ensemble_balance if b.unit == unit), None)
        if eb is not None:
            w.writerow([*([run.scenario] if many else []), "Steekproef",
                        "Kans formatie bereikt (eind boekjaar)", "p_balance",
                        *(f"{eb.probability_by.get(p.end, math.nan):.3f}" for p in run.periods)])
        posts = run.aspirant_posts_at_year_end()
        if unit == NATIONAL and posts:
            w.writerow([*([run.scenario] if many else []), "Formatie",
                        "Formatie aspiranten (aspirantenplaatsen)", "aspirant_posts",
                        *(_csv_number(posts[p.year]) if p.year in posts else ""
                          for p in run.periods)])
    return buf.getvalue()


def _print_tables(runs: list[ForecastRun], unit: str, lang: str) -> None:
    for run in runs:
        title = run.scenario
        table = Table(title=f"{title} — {unit} — {run.origin}", title_justify="left")
        table.add_column("")
        for p in run.periods:
            table.add_column(str(p), justify="right")
        current = None
        for row, values in prognosis_table(run.ledger, unit, run.periods):
            if row.table != current:
                current = row.table
                table.add_row(f"[bold]{row.table}[/]", *[""] * len(values))
            table.add_row(row.label(lang), *(format_number(v, lang) for v in values))
        formatie = run.formatie_at_year_end()
        if any((unit, p.year) in formatie for p in run.periods):
            table.add_row("Formatie OS", *(format_number(formatie.get((unit, p.year)), lang)
                                           for p in run.periods))
            table.add_row("Verschil formatie − bezetting OS", *(
                format_number(formatie[(unit, p.year)] - run.ledger.closing(p, unit, Category.OS),
                              lang) if (unit, p.year) in formatie else "–"
                for p in run.periods))
        console.print(table)
        if run.ensemble is not None:
            bands = run.bands(Category.OS).get(unit)
            if bands is not None:
                t = Table(title=f"{title}: OS einde boekjaar, P5 / P50 / P95 "
                                f"({run.samples} samples, seed {run.seed})",
                          title_justify="left")
                t.add_column("")
                for p in run.periods:
                    t.add_column(str(p), justify="right")
                for qi, q in enumerate(("P5", "P50", "P95")):
                    t.add_row(q, *(format_number(float(bands[qi, i]), lang)
                                   for i in range(len(run.periods))))
                console.print(t)
    _print_balance(runs, lang)


def _print_balance(runs: list[ForecastRun], lang: str) -> None:
    t = Table(title="Balans formatie en bezetting (OS ≥ formatie − tolerantie): eerste maand",
              title_justify="left")
    t.add_column("Eenheid")
    for run in runs:
        t.add_column(run.scenario, justify="right")
        if run.ensemble_balance:
            last = max(run.ensemble_balance[0].probability_by)
            t.add_column(f"P(≤ {last.isoformat()})", justify="right")
    units = [b.unit for b in runs[0].balance]
    for unit in units:
        cells = []
        for run in runs:
            b = next(x for x in run.balance if x.unit == unit)
            cells.append(b.describe() if b.date else "niet binnen horizon")
            if run.ensemble_balance:
                eb = next(x for x in run.ensemble_balance if x.unit == unit)
                last = max(eb.probability_by)
                cells.append(format_percent(100 * eb.probability_by[last], lang))
        t.add_row(unit, *cells)
    console.print(t)


def _chart(runs: list[ForecastRun], unit: str, path: Path) -> None:
    import plotly.graph_objects as go

    fig = go.Figure()
    for run in runs:
        x = [p.end.isoformat() for p in run.periods]
        y = [run.ledger.closing(p, unit, Category.OS) for p in run.periods]
        fig.add_trace(go.Scatter(x=x, y=y, mode="lines+markers", name=f"{run.scenario}: OS"))
        band = run.bands(Category.OS).get(unit) if run.ensemble is not None else None
        if band is not None:
            fig.add_trace(go.Scatter(x=x + x[::-1], y=list(band[2]) + list(band[0])[::-1],
                                     fill="toself", opacity=0.2, line={"width": 0},
                                     name=f"{run.scenario}: P5–P95"))
    formatie = runs[0].formatie_at_year_end()
    fx = [p.end.isoformat() for p in runs[0].periods if (unit, p.year) in formatie]
    fig.add_trace(go.Scatter(x=fx, y=[formatie[(unit, int(d[:4]))] for d in fx],
                             mode="lines", line={"dash": "dash"}, name="formatie"))
    fig.update_layout(title=f"Bezetting (OS) en formatie — {unit}", yaxis_title="fte")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.write_html(str(path), include_plotlyjs=True, full_html=True)


def _print_required(name: str, ri: RequiredIntake, lang: str) -> None:
    t = Table(title=f"{name}: benodigde instroom per jaar ({', '.join(map(str, ri.years))}) "
                    f"om formatie te bereiken op {ri.target.isoformat()}", title_justify="left")
    t.add_column("Eenheid")
    t.add_column("Instroom fte/jaar", justify="right")
    t.add_column("OS op doeldatum", justify="right")
    t.add_column("Formatie − tol.", justify="right")
    for unit, need in ri.per_unit.items():
        got, want = ri.reached.get(unit, (math.nan, math.nan))
        t.add_row(unit, format_number(need, lang),
                  "–" if math.isnan(got) else format_number(got, lang),
                  "–" if math.isnan(want) else format_number(want, lang))
    t.add_row("[bold]Totaal[/]", format_number(ri.national, lang), "", "")
    console.print(t)
    for y, cap in ri.capacity.items():
        console.print(f"{y}: academy capacity {format_number(cap, lang)} fte")
    if ri.feasible:
        console.print("[green]Feasible within the academy's capacity.[/]")
    else:
        for p in ri.problems:
            console.print(f"[bold red]Not feasible:[/] {p}")


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
        raise typer.BadParameter("expected table or csv", param_hint="--format")
    if from_store and from_hr:
        raise typer.BadParameter("choose one of --from-store and --from-hr")
    store_exists = resolve_db_path(db).exists()
    auto = not (from_hr or from_store)  # no flag: the start the scenario asks for
    if from_hr:
        source = "hr"
    elif from_store:
        source = "store"
    else:
        source = "store" if store_exists and _store_has_ledger(db) else "bundled"
    start_day = _parse_date(start_date, "--start-date") if start_date else None
    if start_day is not None and (start_day + dt.timedelta(days=1)).day != 1:
        raise InputError.at("--start-date", f"expected the last day of a month (the forecast "
                            f"starts the month after), found {start_day.isoformat()}")
    sets = _scenarios(scenario)
    if req_intake:
        if not target_date:
            raise typer.BadParameter("--required-intake needs --target-date")
        target = _parse_date(target_date, "--target-date")
        for sc, params in sets:
            state = _start(source, db, params, start_day, sc, auto)
            _print_required(sc.name, required_intake(params, state, target), lang)
        return
    runs = []
    for sc, params in sets:
        state = _start(source, db, params, start_day, sc, auto)
        if unit != NATIONAL and unit not in state.units:
            raise InputError.at("--unit", f"unknown unit {unit!r}; expected NP or one of "
                                f"{', '.join(state.units)}")
        with _progress(samples, fmt == "table") as progress:
            runs.append(run_forecast(params, state, years, scenario=sc.name, samples=samples,
                                     seed=seed, scheduler=scheduler,
                                     progress=progress if callable(progress) else None))
    if fmt == "csv":
        typer.echo(_csv(runs, unit), nl=False)
    else:
        _print_tables(runs, unit, lang)
    if chart is not None:
        _chart(runs, unit, chart)
        err_console.print(f"chart written to {chart}")
    if save if save is not None else store_exists:
        from sterkte.store.forecasts import save_run

        con = connect(db)
        try:
            ids = [save_run(con, run, [sc]) for run, (sc, _) in zip(runs, sets, strict=True)]
        finally:
            con.close()
        err_console.print(f"stored as forecast run(s) {', '.join(map(str, ids))} in "
                          f"{resolve_db_path(db)}")


def _store_has_ledger(db: str | None) -> bool:
    from sterkte.store.ledgers import load_ledger

    try:
        con = connect(db, read_only=True)
    except Exception:  # a store another process holds, or not a store: use the bundled data
        return False
    try:
        return bool(load_ledger(con, category=Category.OS).periods())
    finally:
        con.close()


@app.command("variance")
@user_errors
def variance_command(
    year: Annotated[int, typer.Option("--year", help="The realised year.")],
    db: DbOption = None,
    scenario: ScenarioOption = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Only this unit.")] = None,
    lang: LangOption = "nl",
) -> None:
    """Realisation vs prognosis of a year: the prognosis made from the year's opening
    stocks, beside the realised ledger, per flow and unit, largest differences first."""
    check_lang(lang)
    sc, params = _scenarios(scenario)[0]
    realised = _realised(db)
    period = Period.of_year(year)
    if period not in realised.periods():
        raise InputError.at("--year", f"no realised ledger for {year}; have "
                            f"{', '.join(str(p) for p in realised.periods()) or 'none'}")
    state = start_from_ledger(realised, params, period=period, stock="opening")
    run = run_forecast(params, state, 1, scenario=sc.name)
    rows = variance_table(run.ledger, realised, period)
    t = Table(title=f"Realisatie {year} naast prognose ({sc.name}), fte", title_justify="left")
    for col in ("Eenheid", "Cat.", "", "Prognose", "Realisatie", "Verschil"):
        t.add_column(col, justify="right" if col in ("Prognose", "Realisatie", "Verschil")
                     else "left")
    for v in rows:
        if unit is not None and v.unit != unit:
            continue
        t.add_row(v.unit, v.category.value, label(v.flow, lang), format_number(v.prognosis, lang),
                  format_number(v.realised, lang), format_number(v.difference, lang, signed=True))
    console.print(t)


def _realised(db: str | None) -> Ledger:
    from sterkte.store.ledgers import load_ledger

    if resolve_db_path(db).exists():
        con = connect(db, read_only=True)
        try:
            ledger = load_ledger(con)
        finally:
            con.close()
        if ledger.periods():
            return ledger
    return _published_bundled()


@app.command("calibrate")
@user_errors
def calibrate_command(
    db: DbOption = None,
    year: Annotated[int | None, typer.Option("--year", help="Calendar year of HR history to "
                                             "estimate from (default: the last full year).")
                    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Scenario file to write.")] = Path(
        "calibrated.yaml"),
) -> None:
    """Estimate outflow and transfer rates from the HR records in the store and write
    them as a scenario (use it with --scenario)."""
    from sterkte.forecast.calibrate import calibrate, scenario_yaml
    from sterkte.store.forecasts import hr_events_between, hr_people_on

    con = connect(db, read_only=True)
    try:
        last = _hr_last_day(con) if year is None else dt.date(year, 12, 31)
        y = last.year if year is None and last.month == 12 else (year or last.year - 1)
        first, end = dt.date(y, 1, 1), dt.date(y, 12, 31)
        before = hr_people_on(con, first - dt.timedelta(days=1))
        after = hr_people_on(con, end)
        events = hr_events_between(con, first, end)
    finally:
        con.close()
    if not before and not after:
        raise InputError.at(str(resolve_db_path(db)), "no HR records in the store: run "
                            "`sterkte hr import FILE…` first")
    est = calibrate(before, after, events, y)
    text = scenario_yaml(est, y, str(resolve_db_path(db)))
    out.write_text(text, encoding="utf-8")
    console.print(text)
    err_console.print(f"written to {out}; use it with `sterkte forecast --scenario {out}`")


__all__ = ["app"]
