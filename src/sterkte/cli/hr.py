"""`sterkte hr import|rejects`, `sterkte synth` and `sterkte ledger --from-hr`.

``app`` is the ``hr`` sub-command group; :func:`synth_command` and
:func:`ledger_command` are registered as top-level commands by the main CLI.
"""

from __future__ import annotations

import time
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from sterkte.app.accounts import audited
from sterkte.app.hr import hr_ledger, hr_rejects, import_hr, refused_rows, synthetic_records
from sterkte.cli.common import (
    DbOption,
    LangOption,
    check_lang,
    console,
    err_console,
    maybe_date,
    parse_units,
    say_synthetic,
    show,
    user_errors,
)
from sterkte.ledger import (
    CLOSING,
    OPENING,
    Category,
    Ledger,
    PeriodKind,
    format_number,
    label,
)
from sterkte.org import national_police
from sterkte.report.hr_messages import row_message
from sterkte.report.labels import CATALOGUE, term
from sterkte.report.table import Column, Table
from sterkte.store.hr import ImportSummary
from sterkte.store.hr_gate import REASONS

app = typer.Typer(no_args_is_help=True, add_completion=False,
                  help="HR records: import person-level records and events, see rejects.")


AsOfOption = Annotated[str | None, typer.Option(
    "--as-of", help="The import day, YYYY-MM-DD (default: today); a record dated after it "
                    "is refused.")]


@app.command("import")
@user_errors
def import_command(
    files: Annotated[list[Path], typer.Argument(
        help="CSV, Parquet or XLSX files of persons, events, sickness spells or volunteer "
             "hours (told apart by their columns; persons are imported first).")],
    db: DbOption = None,
    as_of: AsOfOption = None,
    lang: LangOption = "nl",
) -> None:
    """Import HR files into the store in one transaction; rejected rows go to the rejects
    table. Exit code 2 when any row was rejected."""
    check_lang(lang)
    day = maybe_date(as_of, "--as-of")
    with audited(db, "hr.import", " ".join(f.name for f in files)):
        summary, elapsed = import_hr(db, files, day)
    _print_summary(summary, elapsed, lang)
    if summary.rejected:
        raise typer.Exit(2)


def _print_summary(summary: ImportSummary, elapsed: float, lang: str) -> None:
    table = Table("hr-import", term("hr_import.title", lang), [
        Column("file", term("hr_import.file", lang), "text"),
        Column("kind", term("hr_import.kind", lang), "text"),
        *(Column(k, term(f"hr_import.{k}", lang))
          for k in ("rows", "accepted", "unchanged", "rejected"))], lang=lang)
    for f in summary.files:
        done = not f.already_imported
        table.add(f.file, [f.file, f.kind.value, float(f.rows),
                           float(f.accepted) if done else None,
                           float(f.unchanged) if done else None,
                           float(f.rejected) if done else None])
    if any(f.synthetic for f in summary.files):
        table.mark_synthetic(["hr"])
    show(table)
    skipped = [f.file for f in summary.files if f.already_imported]
    if skipped:
        console.print(term("hr_import.already", lang, n=len(skipped)))
    if summary.rejected:
        err_console.print(Text(term("hr_import.refused", lang, n=summary.rejected),
                               style="bold red"))
        for reason, n in summary.reasons.most_common():
            err_console.print(f"  {reason}: {n} — {_reason(reason, lang)}", highlight=False)
        total = sum(summary.problems.values())
        if total > summary.rejected:
            listed = ", ".join(f"{r} {n}" for r, n in summary.problems.most_common())
            err_console.print(term("hr_import.problems", lang, n=total, list=listed),
                              highlight=False)
        err_console.print(term("hr_import.first_problems", lang))
        for p in summary.examples:  # a row cut short has no column to name
            said = replace(p, message=row_message(str(p.message), lang))
            err_console.print("  " + said.render(lang), highlight=False, soft_wrap=True)
    console.print(term("hr_import.stored", lang, n=summary.accepted,
                       seconds=format_number(elapsed, lang, 1)))


def _reason(code: str, lang: str) -> str:
    key = f"hr_reason.{code}"
    return term(key, lang) if key in CATALOGUE else REASONS.get(code, "")


@app.command("rejects")
@user_errors
def rejects_command(
    db: DbOption = None,
    file: Annotated[str | None, typer.Option(help="Only rows of this file (as imported).")] = None,
    reason: Annotated[str | None, typer.Option(help="Only this reason code.")] = None,
    limit: Annotated[int, typer.Option(help="Rows to list (0: counts only).")] = 20,
    lang: LangOption = "nl",
) -> None:
    """Rows refused by earlier imports: rows per reason (each under its first problem),
    then the problems."""
    check_lang(lang)
    rows = hr_rejects(db, file, reason)
    if not rows:
        console.print(term("hr_rejects.none", lang))
        return
    say_synthetic(synthetic_records(db), lang)
    counts = refused_rows(rows)
    console.print(term("hr_rejects.counts", lang, rows=sum(counts.values()), problems=len(rows)))
    for code, n in counts.most_common():
        console.print(f"{code}: {n} — {_reason(code, lang)}", highlight=False)
    if limit <= 0:
        return
    table = Table("hr-rejects", "", [
        Column("import", term("hr_import.import", lang), "text"),
        Column("file", term("hr_import.file", lang), "text"),
        Column("row", term("hr_import.row", lang), "text"),
        Column("column", term("hr_import.column", lang), "text"),
        Column("reason", term("hr_import.reason", lang), "text"),
        Column("message", term("hr_import.message", lang), "text")], lang=lang, stub=2)
    for n, r in enumerate(rows[:limit]):
        table.add(str(n), [str(r.import_id), r.file, "" if r.row is None else str(r.row),
                           r.field or "", r.reason, row_message(r.message, lang)])
    show(table)
    if len(rows) > limit:
        console.print(term("hr_rejects.more", lang, n=len(rows) - limit))


class PeriodOption(StrEnum):
    year = "year"
    half = "half"
    tertial = "tertial"
    month = "month"


@user_errors
def ledger_command(
    from_hr: Annotated[bool, typer.Option(
        "--from-hr", help="Derive the ledger from the HR records in the store.")] = False,
    period: Annotated[PeriodOption, typer.Option(help="Period of each column.")] =
        PeriodOption.year,
    unit: Annotated[list[str] | None, typer.Option(
        help="Only these units (code or name; repeat the option).")] = None,
    category: Annotated[list[str] | None, typer.Option(
        help="Only these categories: OS, ASP, NOS, VOL (repeatable).")] = None,
    detail: Annotated[bool, typer.Option(
        help="Show detailed flows (planned/unplanned outflow, transfer kinds).")] = False,
    db: DbOption = None,
    lang: LangOption = "nl",
) -> None:
    """The ledger (opening, flows, closing) per period, unit and category: fte for OS,
    ASP and NOS, persons for volunteers."""
    check_lang(lang)
    if not from_hr:
        raise typer.BadParameter("only --from-hr is available here; published tables are "
                                 "shown by `sterkte table`", param_hint="--from-hr")
    units = parse_units(unit)
    try:
        cats = [Category(c.upper()) for c in category] if category else None
    except ValueError:
        raise typer.BadParameter("expected OS, ASP, NOS or VOL", param_hint="--category"
                                 ) from None
    ledger = hr_ledger(db, PeriodKind(period.value))
    if not detail:
        ledger = ledger.roll_up_flows()
    ledger = _drop_empty(ledger.select(units=units, categories=cats))
    if len(ledger) == 0:
        console.print(term("ledger.nothing", lang))
        return
    synthetic = synthetic_records(db)
    for cat in ledger.categories():
        show(_ledger_table(ledger.select(categories=[cat]), cat, lang).mark_synthetic(synthetic))


def _drop_empty(ledger: Ledger) -> Ledger:
    """Without the (unit, category) cells that are zero in every period: nobody there."""
    busy = {(u, c) for (_, u, c, _), v in ledger if v != 0}
    return Ledger(((p, u, c, f), v) for (p, u, c, f), v in ledger if (u, c) in busy)


def _ledger_table(ledger: Ledger, cat: Category, lang: str) -> Table:
    """Per period and unit: opening, each flow, closing (fte; volunteers in persons)."""
    flows = sorted(ledger.flow_names(), key=_flow_order)
    measure = term("persons", lang) if cat is Category.VOLUNTEER else "fte"
    cols = [Column("period", term("period", lang), "text"),
            Column("unit", term("unit", lang), "text")]
    cols += [Column(name, label(name, lang)) for name in (OPENING, *flows, CLOSING)]
    table = Table(f"ledger-{cat.value}", term("hr_ledger.title", lang, category=cat.value,
                                              measure=measure), cols, lang=lang,
                  stub=2)
    tree = national_police()
    for period, unit, c in ledger.cells():
        name = tree[unit].name if unit in tree else unit
        table.add(f"{period}/{unit}", [str(period), name, ledger.opening(period, unit, c),
                                       *(ledger.get(period, unit, c, f) for f in flows),
                                       ledger.closing(period, unit, c)])
    return table


_ORDER = ("lateral_entry", "intake", "graduated_in", "transfer_in", "transfer_other",
          "transfer_nos_to_os", "transfer_os_to_nos", "transfer_to_training",
          "transfer_between_units", "graduated_or_transfer_out", "graduated_out",
          "transfer_out", "outflow", "outflow_planned", "outflow_unplanned", "dropout",
          "from_professional", "to_professional", "working_time")


def _flow_order(name: str) -> tuple[int, str]:
    return (_ORDER.index(name) if name in _ORDER else len(_ORDER), name)


@user_errors
def synth_command(
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same files.")]
        = 1,
    out: Annotated[Path, typer.Option(help="Directory for the four CSV files.")] =
        Path("out/synth"),
    scale: Annotated[float, typer.Option(
        help="Size relative to the national police (only 1 is calibrated).", hidden=True)]
        = 1.0,
    lang: LangOption = "nl",
) -> None:
    """Generate a synthetic national police (no real person in it): persons, events
    2019-2022, sickness spells and volunteer hours, calibrated to the 2021 tables. Every
    file carries the column `synthetic`, so what is built on it says so."""
    from sterkte.synth.police import generate

    check_lang(lang)
    if not 0 < scale <= 1:
        raise typer.BadParameter("expected a number in (0, 1]", param_hint="--scale")
    started = time.perf_counter()
    s = generate(seed, out, scale=scale)
    elapsed = time.perf_counter() - started
    say_synthetic(["hr"], lang)
    console.print(term("synth.written", lang, seed=seed, out=s.out_dir,
                       seconds=format_number(elapsed, lang, 1)), highlight=False)
    console.print(term("synth.counts", lang, persons=s.persons,
                       employees=s.employees_end_2021, volunteers=s.volunteers_end_2021,
                       events=s.events, spells=s.spells, months=s.volunteer_months),
                  highlight=False)
    console.print(term("synth.import_with", lang,
                       files=" ".join(str(f) for f in s.files)), highlight=False)
