"""`sterkte hr import|rejects`, `sterkte synth` and `sterkte ledger --from-hr`.

``app`` is the ``hr`` sub-command group; :func:`synth_command` and
:func:`ledger_command` are registered as top-level commands by the main CLI.
"""

from __future__ import annotations

import time
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from sterkte.app.hr import hr_ledger, hr_rejects, import_hr
from sterkte.cli.common import (
    DbOption,
    LangOption,
    check_lang,
    console,
    err_console,
    parse_units,
    show,
    user_errors,
)
from sterkte.ledger import (
    CLOSING,
    OPENING,
    Category,
    Ledger,
    PeriodKind,
    label,
)
from sterkte.org import national_police
from sterkte.report.labels import term
from sterkte.report.table import Column, Table
from sterkte.store.hr import ImportSummary
from sterkte.store.hr_gate import REASONS

app = typer.Typer(no_args_is_help=True, add_completion=False,
                  help="HR records: import person-level records and events, see rejects.")


@app.command("import")
@user_errors
def import_command(
    files: Annotated[list[Path], typer.Argument(
        help="CSV, Parquet or XLSX files of persons, events, sickness spells or volunteer "
             "hours (told apart by their columns; persons are imported first).")],
    db: DbOption = None,
) -> None:
    """Import HR files into the store in one transaction; rejected rows go to the rejects
    table. Exit code 2 when any row was rejected."""
    summary, elapsed = import_hr(db, files)
    _print_summary(summary, elapsed)
    if summary.rejected:
        raise typer.Exit(2)


# The hr commands print English (they have no --lang); numbers in the Dutch format.
WORDS = "en"


def _print_summary(summary: ImportSummary, elapsed: float) -> None:
    w = WORDS
    table = Table("hr-import", term("hr_import.title", w), [
        Column("file", term("hr_import.file", w), "text"),
        Column("kind", term("hr_import.kind", w), "text"),
        *(Column(k, term(f"hr_import.{k}", w))
          for k in ("rows", "accepted", "unchanged", "rejected"))], lang="nl")
    for f in summary.files:
        done = not f.already_imported
        table.add(f.file, [f.file, f.kind.value, float(f.rows),
                           float(f.accepted) if done else None,
                           float(f.unchanged) if done else None,
                           float(f.rejected) if done else None])
    show(table)
    skipped = [f.file for f in summary.files if f.already_imported]
    if skipped:
        console.print(f"{len(skipped)} file(s) already imported (same checksum): nothing changed.")
    if summary.rejected:
        err_console.print(f"[bold red]{summary.rejected} row(s) rejected[/] "
                          "(see `sterkte hr rejects`):")
        for reason, n in summary.reasons.most_common():
            err_console.print(f"  {reason}: {n} — {REASONS.get(reason, '')}")
        err_console.print("first problems:")
        for p in summary.examples:
            err_console.print(f"  {p}", highlight=False, soft_wrap=True)
    console.print(f"{summary.accepted} record(s) stored in {elapsed:.1f} s.")


@app.command("rejects")
@user_errors
def rejects_command(
    db: DbOption = None,
    file: Annotated[str | None, typer.Option(help="Only rows of this file (as imported).")] = None,
    reason: Annotated[str | None, typer.Option(help="Only this reason code.")] = None,
    limit: Annotated[int, typer.Option(help="Rows to list (0: counts only).")] = 20,
) -> None:
    """Rows refused by earlier imports: counts per reason, then the rows."""
    rows = hr_rejects(db, file, reason)
    if not rows:
        console.print("No rejected rows.")
        return
    counts = Counter(r.reason for r in rows)
    for code, n in counts.most_common():
        console.print(f"{code}: {n} — {REASONS.get(code, '')}")
    if limit <= 0:
        return
    w = WORDS
    table = Table("hr-rejects", "", [
        Column("import", term("hr_import.import", w), "text"),
        Column("file", term("hr_import.file", w), "text"),
        Column("row", term("hr_import.row", w), "text"),
        Column("column", term("hr_import.column", w), "text"),
        Column("reason", term("hr_import.reason", w), "text"),
        Column("message", term("hr_import.message", w), "text")], lang="nl", stub=2)
    for n, r in enumerate(rows[:limit]):
        table.add(str(n), [str(r.import_id), r.file, "" if r.row is None else str(r.row),
                           r.field or "", r.reason, r.message])
    show(table)
    if len(rows) > limit:
        console.print(f"… and {len(rows) - limit} more (use --limit).")


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
        console.print("Nothing to show (no complete period, or the filters match nothing).")
        return
    for cat in ledger.categories():
        show(_ledger_table(ledger.select(categories=[cat]), cat, lang))


def _drop_empty(ledger: Ledger) -> Ledger:
    """Without the (unit, category) cells that are zero in every period: nobody there."""
    busy = {(u, c) for (_, u, c, _), v in ledger if v != 0}
    return Ledger(((p, u, c, f), v) for (p, u, c, f), v in ledger if (u, c) in busy)


def _ledger_table(ledger: Ledger, cat: Category, lang: str) -> Table:
    """Per period and unit: opening, each flow, closing (fte; volunteers in persons)."""
    flows = sorted(ledger.flow_names(), key=_flow_order)
    measure = "persons" if cat is Category.VOLUNTEER else "fte"
    cols = [Column("period", term("period", lang), "text"),
            Column("unit", term("unit", lang), "text")]
    cols += [Column(name, label(name, lang)) for name in (OPENING, *flows, CLOSING)]
    table = Table(f"ledger-{cat.value}", term("hr_ledger.title", WORDS, category=cat.value,
                                              measure=measure), cols, lang=lang, stub=2)
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
) -> None:
    """Generate a synthetic national police (no real person in it): persons, events
    2019-2022, sickness spells and volunteer hours, calibrated to the 2021 tables."""
    from sterkte.synth.police import generate

    if not 0 < scale <= 1:
        raise typer.BadParameter("expected a number in (0, 1]", param_hint="--scale")
    started = time.perf_counter()
    s = generate(seed, out, scale=scale)
    elapsed = time.perf_counter() - started
    console.print(f"Synthetic police (seed {seed}) written to {s.out_dir} in {elapsed:.1f} s:")
    console.print(f"  {s.persons} persons ({s.employees_end_2021} employees and "
                  f"{s.volunteers_end_2021} volunteers on 31-12-2021), {s.events} events, "
                  f"{s.spells} sickness spells, {s.volunteer_months} volunteer months")
    console.print(f"Import with: sterkte hr import {' '.join(str(f) for f in s.files)}")
