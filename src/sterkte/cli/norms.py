"""`sterkte norms`, `sterkte norms import`, `sterkte commitments` (`sterkte teams` is in
:mod:`sterkte.cli.monitors`)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from sterkte.app.commitments import register_decisions
from sterkte.app.hr import synthetic_records
from sterkte.app.norms import import_norm_input, norms_status
from sterkte.app.teams import absence_by_month, volunteers_over_cap
from sterkte.cli.common import (
    DbOption,
    Format,
    LangOption,
    check_lang,
    console,
    emit,
    err_console,
    maybe_date,
    parse_units,
    user_errors,
)
from sterkte.norms.commitments import Status
from sterkte.report.labels import term
from sterkte.report.norm_tables import (
    absence_table,
    commitments_table,
    norms_table,
    over_cap_table,
)
from sterkte.report.table import Table

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


def _emit(table: Table, fmt: Fmt, synthetic: Sequence[str] = ()) -> None:
    """``table`` in ``fmt``, saying what of it is ``synthetic`` (the store's HR records)."""
    emit([table.mark_synthetic(synthetic)], Format(fmt.value))


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
    statuses = norms_status(db, maybe_date(date), parse_units(unit))
    _emit(norms_table(statuses, lang), fmt, synthetic_records(db))


@app.command("import")
@user_errors
def import_command(
    kind: Annotated[InputKind, typer.Argument(
        help="population, time, targets, survey or team_formatie.")],
    file: Annotated[Path, typer.Argument(help="CSV or XLSX file (formats in docs/norms.md).")],
    on: Annotated[str | None, typer.Option(
        "--date", help="population: the date the inhabitants are counted on.")] = None,
    db: DbOption = None,
    lang: LangOption = "nl",
) -> None:
    """Import an input of the norms; it replaces the previous one of that kind."""
    check_lang(lang)
    n = import_norm_input(db, kind.value, file, maybe_date(on))
    console.print(term("norms.imported", lang, file=file.name, n=n, kind=kind.value))


@user_errors
def commitments_command(
    status: Annotated[list[Status] | None, typer.Option(
        "--status", help="Only these statuses (repeatable), e.g. Openstaand.")] = None,
    register: Annotated[Path | None, typer.Option(
        help="A register YAML file (default: the bundled capacity register).")] = None,
    lang: LangOption = "nl",
    fmt: FmtOpt = Fmt.term,
    db: DbOption = None,
) -> None:
    """The register of commitments and motions on police capacity; where the store's
    figures decide a status (a norm, an earmark), they do."""
    check_lang(lang)
    decided = register_decisions(db, register)
    if status:
        decided = [d for d in decided if d.status in set(status)]
    # a status the figures decide rests on the store's HR records: synthetic ones say so
    by_data = any(d.by_data for d in decided)
    _emit(commitments_table([d.commitment for d in decided], lang, decisions=decided), fmt,
          synthetic_records(db) if by_data else ())


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
    """Sickness absence per month (moving average, CBS method), per unit or team."""
    check_lang(lang)
    t = absence_by_month(db, by.value, months, maybe_date(date), parse_units(unit))
    _emit(absence_table(t.months, t.groups, t.rates, t.long_sick, t.target, t.k, lang,
                        t.long_sick_hidden), fmt,
          synthetic_records(db))


@app.command("over-cap")
@user_errors
def over_cap_command(
    year: Annotated[int | None, typer.Option(help="Calendar year (default: of the latest "
                                                  "HR event).")] = None,
    lang: LangOption = "nl",
    fmt: FmtOpt = Fmt.term,
    db: DbOption = None,
) -> None:
    """Volunteers deployed more than the yearly cap (volunteer_hours_cap), by pseudonymous
    id only."""
    check_lang(lang)
    got = volunteers_over_cap(db, year)
    _emit(over_cap_table(got.over, got.cap, got.year, lang), fmt, synthetic_records(db))
    err_console.print(term("norms.over_cap_count", lang, n=len(got.over), of=got.volunteers),
                      style="dim")
