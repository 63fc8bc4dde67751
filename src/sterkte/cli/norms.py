"""`sterkte norms`, `sterkte norms import`, `sterkte teams`, `sterkte commitments`."""

from __future__ import annotations

import datetime as dt
import math
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from sterkte.cli.common import (
    DbOption,
    Format,
    LangOption,
    check_lang,
    console,
    emit,
    parse_units,
    user_errors,
)
from sterkte.errors import SterkteError
from sterkte.norms.commitments import Status, with_status
from sterkte.norms.evaluate import evaluate
from sterkte.norms.teams import protect_rates, protect_teams
from sterkte.norms.volunteers import hours_cap
from sterkte.org import national_police
from sterkte.report.norm_tables import (
    absence_table,
    commitments_table,
    norms_table,
    over_cap_table,
    teams_table,
)
from sterkte.report.table import Table
from sterkte.sources.commitments import load_register
from sterkte.sources.norm_inputs import FORMATS, read_norm_input
from sterkte.sources.norm_parameters import bundled_norm_parameters
from sterkte.store.db import connect
from sterkte.store.norm_data import (
    absence_series,
    gather_inputs,
    gather_team_figures,
    latest_event_date,
    replace_input,
    team_rows,
    team_units,
    volunteer_hours,
)

app = typer.Typer(no_args_is_help=False, add_completion=False,
                  help="Norms, targets and commitments: are they met?")


class Fmt(StrEnum):
    term = "term"
    md = "md"
    csv = "csv"


class InputKind(StrEnum):
    population = "population"
    time = "time"
    targets = "targets"
    survey = "survey"
    team_formatie = "team_formatie"


DateOpt = Annotated[str | None, typer.Option(
    "--date", help="Date to judge on, YYYY-MM-DD (default: the latest HR event).")]
UnitOpt = Annotated[list[str] | None, typer.Option(
    "--unit", help="Only this unit (code or name; NP = national); repeatable.")]
FmtOpt = Annotated[Fmt, typer.Option("--format", help="term, md or csv.")]


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r}: expected a date as YYYY-MM-DD",
                                 param_hint="--date") from None


def _emit(table: Table, fmt: Fmt) -> None:
    emit([table], Format(fmt.value))


@app.callback(invoke_without_command=True)
@user_errors
def norms_command(
    ctx: typer.Context,
    unit: UnitOpt = None,
    date: DateOpt = None,
    lang: LangOption = "nl",
    fmt: FmtOpt = Fmt.term,
    db: DbOption = None,
) -> None:
    """Status of every norm: value, target, met or not, trend and projection."""
    if ctx.invoked_subcommand is not None:
        return
    check_lang(lang)
    params = bundled_norm_parameters()
    con = connect(db, read_only=True)
    try:
        inputs = gather_inputs(con, _date(date), params)
    finally:
        con.close()
    statuses = evaluate(inputs, params)
    wanted = set(parse_units(unit) or []) or None
    if wanted is not None:
        statuses = [s for s in statuses if s.scope in wanted]
    order = {code: i for i, code in enumerate(["NP", *[u.code for u in national_police()]])}
    statuses.sort(key=lambda s: (s.norm, order.get(s.scope, 99), s.scope))
    _emit(norms_table(statuses, lang), fmt)


@app.command("import")
@user_errors
def import_command(
    kind: Annotated[InputKind, typer.Argument(
        help="population, time, targets, survey or team_formatie.")],
    file: Annotated[Path, typer.Argument(help="CSV or XLSX file (formats in docs/norms.md).")],
    on: Annotated[str | None, typer.Option(
        "--date", help="population: the date the inhabitants are counted on.")] = None,
    db: DbOption = None,
) -> None:
    """Import an input of the norms; it replaces the previous one of that kind."""
    rows = read_norm_input(file, kind.value)
    source = file.name
    columns = [*FORMATS[kind.value].columns, *FORMATS[kind.value].optional]
    data: list[list[object]] = [[r.get(c) for c in columns] + [source] for r in rows]
    names = [*columns, "source"]
    if kind is InputKind.population:
        day = _date(on) or dt.date.today()
        data = [[day, *r] for r in data]
        names = ["on_date", *names]
    con = connect(db)
    try:
        n = replace_input(con, kind.value, names, data)
    finally:
        con.close()
    console.print(f"{file.name}: {n} rows of {kind.value} imported (replacing earlier ones)")


@user_errors
def teams_command(
    unit: UnitOpt = None,
    date: DateOpt = None,
    k: Annotated[int | None, typer.Option(
        help="Smallest group a figure may be about (default: the dated parameter, 10).",
        min=2)] = None,
    lang: LangOption = "nl",
    fmt: FmtOpt = Fmt.term,
    db: DbOption = None,
) -> None:
    """Team indicators (staffing, absence, volunteers, survey) with small cells hidden."""
    check_lang(lang)
    params = bundled_norm_parameters()
    con = connect(db, read_only=True)
    try:
        day, figures = gather_team_figures(
            con, _date(date), int(params["absence_long_spell_days"].number(dt.date.today())))
    finally:
        con.close()
    if not figures:
        raise SterkteError("no teams in the HR records: import them (sterkte hr import) or "
                           "run `sterkte synth`")
    threshold = k or int(params["small_cell_k"].number(day))
    wanted = set(parse_units(unit) or []) or None
    if wanted is not None:
        figures = [f for f in figures if f.unit in wanted]
    _emit(teams_table(protect_teams(figures, threshold), threshold, lang), fmt)


@user_errors
def commitments_command(
    status: Annotated[list[Status] | None, typer.Option(
        "--status", help="Only these statuses (repeatable), e.g. Openstaand.")] = None,
    register: Annotated[Path | None, typer.Option(
        help="A register YAML file (default: the bundled capacity register).")] = None,
    lang: LangOption = "nl",
    fmt: FmtOpt = Fmt.term,
) -> None:
    """The register of commitments and motions on police capacity."""
    check_lang(lang)
    entries = with_status(load_register(register), set(status) if status else None)
    _emit(commitments_table(entries, lang), fmt)


class By(StrEnum):
    unit = "unit"
    team = "team"


@app.command("absence")
@user_errors
def absence_command(
    by: Annotated[By, typer.Option(help="One row per unit or per team.")] = By.unit,
    months: Annotated[int, typer.Option(help="Months to show, up to the date.", min=1,
                                        max=36)] = 6,
    date: DateOpt = None,
    unit: UnitOpt = None,
    lang: LangOption = "nl",
    fmt: FmtOpt = Fmt.term,
    db: DbOption = None,
) -> None:
    """Sickness absence per month (12-month moving average, CBS method), per unit or team."""
    check_lang(lang)
    params = bundled_norm_parameters()
    con = connect(db, read_only=True)
    try:
        day, series = absence_series(con, _date(date), by.value,
                                     int(params["absence_long_spell_days"].number(
                                         dt.date.today())))
        unit_of = team_units(con) if by is By.team else {}
        teams = team_rows(con, day) if by is By.team else []
    finally:
        con.close()
    wanted = parse_units(unit)
    averages = series.moving_average()[:, -months:]
    rates: list[list[float | None]] = [list(map(float, row)) for row in averages]
    k = int(params["small_cell_k"].number(day))
    if by is By.team:  # figures about a team's people: small teams hidden (None)
        persons = {t.team: sum(t.counts.values()) for t in teams}
        district = {t.team: t.district for t in teams}
        for j in range(averages.shape[1]):
            column = {g: rates[i][j] for i, g in enumerate(series.groups)}
            safe = protect_rates(column, persons, district, k)
            for i, g in enumerate(series.groups):
                v = safe[g]
                rates[i][j] = None if v is not None and math.isnan(v) else v
    order = {c: i for i, c in enumerate(["NP", *(u.code for u in national_police())])}

    def position(i: int) -> tuple[int, str]:
        g = series.groups[i]
        return (order.get(unit_of.get(g, g), 99), g)

    keep = sorted((i for i, g in enumerate(series.groups)
                   if wanted is None or unit_of.get(g, g) in wanted), key=position)
    _emit(absence_table(series.months[-months:], [series.groups[i] for i in keep],
                        [rates[i] for i in keep], series.long_spells,
                        params["absence_target"].number(day), k, lang), fmt)


@app.command("over-cap")
@user_errors
def over_cap_command(
    year: Annotated[int | None, typer.Option(help="Calendar year (default: of the latest "
                                                  "HR event).")] = None,
    lang: LangOption = "nl",
    fmt: FmtOpt = Fmt.term,
    db: DbOption = None,
) -> None:
    """Volunteers deployed more than the yearly cap (576 hours), by pseudonymous id only."""
    check_lang(lang)
    params = bundled_norm_parameters()
    con = connect(db, read_only=True)
    try:
        y = year or (latest_event_date(con) or dt.date.today()).year
        hours = volunteer_hours(con, y)
    finally:
        con.close()
    cap = params["volunteer_hours_cap"].number(dt.date(y, 12, 31))
    _, over = hours_cap(hours, cap, y, dt.date(y, 12, 31), params["volunteer_hours_cap"].reference)
    _emit(over_cap_table(over, cap, y, lang), fmt)
    console.print(f"{len(over)} of {len(hours)} volunteers over the cap", style="dim")
