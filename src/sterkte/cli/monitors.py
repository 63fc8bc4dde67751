"""`sterkte diversity`, `sterkte earmarks`, `sterkte teams` (with `--team`, the team
dashboard) and `sterkte synth-aggregates`: the monitors of issue 16."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from sterkte.app.diversity import diversity_monitor, import_background
from sterkte.app.earmarks import earmark_report, import_earmark_input
from sterkte.app.hr import synthetic_records
from sterkte.app.synth_aggregates import synthetic_aggregates
from sterkte.app.team_dashboard import import_survey, team_dashboard
from sterkte.app.teams import team_indicators
from sterkte.cli.common import (
    DbOption,
    Format,
    LangOption,
    check_lang,
    console,
    emit,
    maybe_date,
    parse_units,
    user_errors,
)
from sterkte.norms.diversity import DIMENSIONS, POPULATIONS
from sterkte.report.diversity_tables import monitor_tables
from sterkte.report.labels import term
from sterkte.report.monitor_tables import dashboard_tables, earmark_table, understaffing_table
from sterkte.report.norm_tables import teams_table

diversity_app = typer.Typer(no_args_is_help=False, add_completion=False,
                            help="The diversity monitor (Politie voor Iedereen).")
earmarks_app = typer.Typer(no_args_is_help=False, add_completion=False,
                           help="Earmarked capacity: formatie set aside, bezetting against it.")
teams_app = typer.Typer(no_args_is_help=False, add_completion=False,
                        help="Team indicators, or one team's dashboard (--team).")

FormatOpt = Annotated[Format, typer.Option("--format", help="term, md, csv, xlsx or html.")]
OutOpt = Annotated[Path | None, typer.Option("--out", help="File to write (md, csv, xlsx, "
                                                           "html).")]
KOpt = Annotated[int | None, typer.Option(
    "--k", help="Smallest group a figure may be about (default: the parameter small_cell_k).",
    min=2)]


class Population(StrEnum):
    intake = "intake"
    leadership = "leadership"
    outflow = "outflow"
    staff = "staff"


class Dimension(StrEnum):
    gender = "gender"
    age = "age"
    background = "background"


assert tuple(p.value for p in Population) == POPULATIONS
assert tuple(d.value for d in Dimension) == DIMENSIONS


@diversity_app.callback(invoke_without_command=True)
@user_errors
def diversity_command(
    ctx: typer.Context,
    year: Annotated[int | None, typer.Option(help="Year (default: of the latest HR "
                                                  "event).")] = None,
    population: Annotated[list[Population] | None, typer.Option(
        "--population", help="intake, leadership, outflow or staff (repeatable; default "
                             "all).")] = None,
    dimension: Annotated[list[Dimension] | None, typer.Option(
        "--dimension", help="gender, age or background (repeatable; default all).")] = None,
    trend: Annotated[bool, typer.Option(help="Add the share of each group with a target "
                                             "over the years.")] = True,
    k: KOpt = None,
    lang: LangOption = "nl",
    fmt: FormatOpt = Format.term,
    out: OutOpt = None,
    db: DbOption = None,
) -> None:
    """Intake, leadership, outflow and staff by gender, age and cultural background, per
    unit against the targets, every figure under the small-cell rule."""
    if ctx.invoked_subcommand is not None:
        return
    check_lang(lang)
    monitor = diversity_monitor(db, year, k)
    tables = monitor_tables(monitor, lang, [p.value for p in population or []],
                            [d.value for d in dimension or []], trend)
    if not tables:
        console.print(term("diversity.nothing", lang, year=monitor.year))
        return
    synthetic = synthetic_records(db)  # every figure of the monitor counts HR records
    emit([t.mark_synthetic(synthetic) for t in tables], fmt, out)


@diversity_app.command("import")
@user_errors
def diversity_import_command(
    file: Annotated[Path, typer.Argument(help="CSV or XLSX: year, population, unit, "
                                              "[team], group, persons, [source].")],
    definition: Annotated[str | None, typer.Option(
        help="The source's definition of its groups (required).")] = None,
    source: Annotated[str | None, typer.Option(
        help="Where the counts come from (else the file's source column).")] = None,
    lang: LangOption = "nl",
    db: DbOption = None,
) -> None:
    """Import counts of cultural background per unit from a statistical source (never per
    person); replaces the earlier import."""
    check_lang(lang)
    n = import_background(db, file, source, definition)
    console.print(term("diversity.imported", lang, file=file.name, n=n))


@earmarks_app.callback(invoke_without_command=True)
@user_errors
def earmarks_command(
    ctx: typer.Context,
    date: Annotated[str | None, typer.Option(
        "--date", help="Date to judge on, YYYY-MM-DD (default: the latest HR event).")] = None,
    lang: LangOption = "nl",
    fmt: FormatOpt = Format.term,
    out: OutOpt = None,
    db: DbOption = None,
) -> None:
    """Each earmark in force (MIT, AVIM, TIM, …) beside its bezetting, and the
    understaffing of tasks."""
    if ctx.invoked_subcommand is not None:
        return
    check_lang(lang)
    r = earmark_report(db, maybe_date(date))
    # a bezetting read from the HR functions is synthetic when the records are
    from_hr = any(s.earmark.from_hr and s.bezetting is not None for s in r.statuses)
    emit([earmark_table(r.statuses, r.on, lang).mark_synthetic(
              synthetic_records(db) if from_hr else ()),
          understaffing_table(r.understaffing, r.understaffing_bundled, lang)], fmt, out)


class EarmarkInput(StrEnum):
    bezetting = "bezetting"
    understaffing = "understaffing"


@earmarks_app.command("import")
@user_errors
def earmarks_import_command(
    kind: Annotated[EarmarkInput, typer.Argument(help="bezetting or understaffing.")],
    file: Annotated[Path, typer.Argument(help="CSV or XLSX (formats in docs/monitors.md).")],
    source: Annotated[str | None, typer.Option(
        help="Where the figures come from (else the source column, else the file "
             "name).")] = None,
    lang: LangOption = "nl",
    db: DbOption = None,
) -> None:
    """Import bezetting against earmarks, or the understaffing of tasks; replaces the
    earlier import of that kind."""
    check_lang(lang)
    which = "earmark_bezetting" if kind is EarmarkInput.bezetting else "understaffing"
    n = import_earmark_input(db, which, file, source)
    console.print(term("earmarks.imported", lang, file=file.name, n=n, kind=kind.value))


@teams_app.callback(invoke_without_command=True)
@user_errors
def teams_command(
    ctx: typer.Context,
    team: Annotated[str | None, typer.Option(
        "--team", help="One team's dashboard: survey over the waves, staffing, absence, "
                       "overtime pressure and the CM-tafel gap.")] = None,
    unit: Annotated[list[str] | None, typer.Option(
        "--unit", help="Only this unit (code or name); repeatable.")] = None,
    date: Annotated[str | None, typer.Option(
        "--date", help="Date, YYYY-MM-DD (default: the latest HR event).")] = None,
    weeks: Annotated[int | None, typer.Option(
        help="--team: CM-tafel planning weeks (default: demand_planning_weeks).", min=1,
        max=13)] = None,
    k: KOpt = None,
    lang: LangOption = "nl",
    fmt: FormatOpt = Format.term,
    out: OutOpt = None,
    db: DbOption = None,
) -> None:
    """Team indicators (staffing, absence, volunteers, survey) with small cells hidden;
    with --team, that team's dashboard."""
    if ctx.invoked_subcommand is not None:
        return
    check_lang(lang)
    synthetic = synthetic_records(db)
    if team is not None:
        d = team_dashboard(db, team, maybe_date(date), k, weeks)
        emit(dashboard_tables(d, lang, synthetic), fmt, out)
        return
    got = team_indicators(db, maybe_date(date), k, parse_units(unit))
    emit([teams_table(got.teams, got.k, lang).mark_synthetic(synthetic)], fmt, out)


@teams_app.command("import-survey")
@user_errors
def survey_import_command(
    file: Annotated[Path, typer.Argument(help="CSV or XLSX: team, wave, dimension, "
                                              "respondents, score, [source].")],
    source: Annotated[str | None, typer.Option(
        help="Where the results come from (else the source column, else the file "
             "name).")] = None,
    lang: LangOption = "nl",
    db: DbOption = None,
) -> None:
    """Import employee-survey results per team, wave and dimension; replaces the earlier
    import."""
    check_lang(lang)
    n = import_survey(db, file, source)
    console.print(term("survey.imported", lang, file=file.name, n=n))


@user_errors
def synth_aggregates_command(
    out: Annotated[Path, typer.Option("--out", help="Folder for the files.")] = Path(
        "synth-aggregates"),
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same files).")] = 1,
    lang: LangOption = "nl",
    db: DbOption = None,
) -> None:
    """Synthetic aggregate inputs for the monitors, from the HR totals in the store:
    background counts per unit, survey results per team and wave, bezetting against the
    earmarks. Labelled synthetic in their source column."""
    check_lang(lang)
    w = synthetic_aggregates(db, out, seed)
    console.print(term("synth_aggregates.wrote", lang, background=w.background,
                       survey=w.survey, earmarks=w.earmarks), highlight=False)
    db_opt = f" --db {db}" if db else ""
    console.print(f"  sterkte diversity import {w.background} --definition "
                  f"\"{w.definition}\"{db_opt}", highlight=False, soft_wrap=True)
    console.print(f"  sterkte teams import-survey {w.survey}{db_opt}", highlight=False)
    console.print(f"  sterkte earmarks import bezetting {w.earmarks}{db_opt}",
                  highlight=False)
