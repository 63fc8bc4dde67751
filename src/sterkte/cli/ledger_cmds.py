"""`sterkte import`, `sterkte validate` and `sterkte table`: published tables in and out."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress
from rich.text import Text

from sterkte.app.accounts import audited
from sterkte.app.hr import synthetic_records
from sterkte.app.ledger import (
    ReadOptions,
    files_or_bundled,
    import_tables,
    read_files,
    table_ledger,
)
from sterkte.cli.common import (
    DbOption,
    Format,
    LangOption,
    check_lang,
    console,
    emit,
    err_console,
    parse_units,
    show,
    user_errors,
)
from sterkte.errors import InputError, Msg, Problem, SterkteError
from sterkte.ledger import Category, Period, format_number
from sterkte.ledger.layouts import LAYOUTS
from sterkte.report.labels import CATALOGUE, term
from sterkte.report.published import published_table
from sterkte.report.table import Column, Table
from sterkte.sources.numbers import NumberFormat
from sterkte.sources.prognosis import (
    REALISED_OPENING,
    ROW_IDENTITY,
    TOTAL,
    YEAR_CHAIN,
    cross_check,
)
from sterkte.sources.published import COLUMN_TOTAL, ROW_FLOWS, ROW_STOCKS, Inconsistency
from sterkte.store.db import resolve_db_path


class TableName(StrEnum):
    os = "os"
    asp = "asp"


FilesArg = Annotated[list[Path] | None, typer.Argument(
    help="CSV or XLSX files with a published OS or ASP table (tabel 1, 2) or the police's "
         "prognosis tables (tabel 3, 4, 5). None: the bundled 2021 tables and prognosis.",
    show_default=False)]
CategoryOpt = Annotated[TableName | None, typer.Option(
    "--category", help="Which table the files hold (default: told by their columns).")]
YearOpt = Annotated[int | None, typer.Option(
    help="Year of the table when its columns are not dated (default: from the file name).")]
NumberFormatOpt = Annotated[NumberFormat, typer.Option(
    "--number-format", help="Number format of CSV cells: auto, nl (46.174) or plain (46174.5).")]
SheetOpt = Annotated[str | None, typer.Option(help="XLSX sheet holding the table.")]
VintageOpt = Annotated[str | None, typer.Option(
    "--vintage", help="Prognosis tables: the prognosis they belong to, e.g. hjb2022-1 "
                      "(default: prognose-YEAR, the first year they forecast).")]
DescriptionOpt = Annotated[str | None, typer.Option(
    "--description", help="Prognosis tables: what the prognosis is, e.g. the letter that "
                          "published it.")]


def _options(category: TableName | None, year: int | None, number_format: NumberFormat,
             sheet: str | None, vintage: str | None = None,
             description: str | None = None) -> ReadOptions:
    cat = Category.OS if category is TableName.os else (
        Category.ASP if category is TableName.asp else None)
    return ReadOptions(cat, year, number_format, sheet, vintage, description)


# The checks a table's figures are put to, by the words the readers of tables use.
CHECKS = {ROW_FLOWS: "row_flows", ROW_STOCKS: "row_stocks", COLUMN_TOTAL: "column_total",
          ROW_IDENTITY: "row_identity", YEAR_CHAIN: "year_chain",
          REALISED_OPENING: "realised_opening", TOTAL: "tabel5_total"}


def check_label(check: str, lang: str) -> str:
    """A check's words in ``lang`` ('stromen = saldo'); an unknown one as it is."""
    key = f"validate.check.{CHECKS.get(check, '')}"
    return term(key, lang) if key in CATALOGUE else check


def _span(years: list[int]) -> str:
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


@user_errors
def import_command(
    files: FilesArg = None,
    db: DbOption = None,
    category: CategoryOpt = None,
    year: YearOpt = None,
    number_format: NumberFormatOpt = NumberFormat.AUTO,
    sheet: SheetOpt = None,
    vintage: VintageOpt = None,
    description: DescriptionOpt = None,
    lang: LangOption = "nl",
) -> None:
    """Import published capacity tables and prognoses into the store (one transaction for
    all files)."""
    check_lang(lang)
    paths = files_or_bundled(files)
    with Progress(console=err_console, transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task(term("import.progress", lang), total=None)
        with audited(db, "import", " ".join(p.name for p in paths)):
            got, results = import_tables(
                db, paths, _options(category, year, number_format, sheet, vintage, description),
                progress=lambda done, total: bar.update(task, completed=done, total=total))

    def kept(n: int) -> str:
        return term("import.kept", lang, n=n) if n else ""

    for table, res in zip(got.published, results, strict=False):
        rec = res.record
        if res.already_present:
            console.print(term("import.already", lang, file=table.path.name, id=rec.import_id,
                               at=f"{rec.imported_at:%Y-%m-%d %H:%M}"), highlight=False)
        else:
            console.print(term("import.table", lang, file=table.path.name, id=rec.import_id,
                               table=table.layout.name.upper(), period=table.period,
                               rows=len(table.units), kept=kept(len(table.inconsistencies))),
                          highlight=False)
    for pf, res in zip(got.prognoses, results[len(got.published):], strict=True):
        rec = res.record
        if res.already_present:
            console.print(term("import.already", lang, file=pf.path.name, id=rec.import_id,
                               at=f"{rec.imported_at:%Y-%m-%d %H:%M}"), highlight=False)
            continue
        years = sorted({y for t in pf.tables for y in t.years})
        n = sum(len(t.inconsistencies) for t in pf.tables)
        console.print(term("import.prognosis", lang, file=pf.path.name, id=rec.import_id,
                           vintage=pf.vintage.name,
                           tables=", ".join(t.number for t in pf.tables), years=_span(years),
                           kept=kept(n)), highlight=False)
    console.print(term("import.store", lang, path=resolve_db_path(db)), style="dim",
                  highlight=False)


@user_errors
def validate_command(
    files: FilesArg = None,
    category: CategoryOpt = None,
    year: YearOpt = None,
    number_format: NumberFormatOpt = NumberFormat.AUTO,
    sheet: SheetOpt = None,
    lang: LangOption = "nl",
) -> None:
    """Check published tables without importing them.

    Lists every inconsistency (rows or columns that do not add up). Exit code 0 when
    the only findings are rounding differences, 1 when a difference is larger than
    rounding can explain, 2 when a file cannot be read.
    """
    check_lang(lang)
    paths = files_or_bundled(files)
    options = _options(category, year, number_format, sheet)
    worst = 0
    bad: list[Problem] = []
    prognoses = []
    for path in paths:
        try:
            got = read_files([path], options)
        except InputError as exc:
            bad.extend(exc.problems)
            continue
        if got.published:
            table = got.published[0]
            incs = table.inconsistencies
            name = f"{table.layout.name}-{table.period}-findings"
            title = term("validate.title", lang, file=path.name,
                         table=table.layout.name.upper(), period=table.period,
                         rows=len(table.units))
        else:
            pf = got.prognoses[0]
            prognoses.append(pf)
            incs = [i for t in pf.tables for i in t.inconsistencies]
            years = sorted({y for t in pf.tables for y in t.years})
            name = f"prognose-{years[0]}-findings"
            title = term("validate.prognosis_title", lang, file=path.name,
                         tables=", ".join(t.number for t in pf.tables), years=_span(years))
        if len(prognoses) > 1 and not got.published:  # tabel 5 = tabel 3 + 4 across files
            incs = incs + [i for i in cross_check([t for f in prognoses for t in f.tables])
                           if i not in incs]
        rounding = sum(1 for i in incs if i.is_rounding)
        if incs:
            show(_findings_table(name, title, incs, lang))
        console.print(term("validate.summary", lang, file=path.name, n=len(incs),
                           rounding=rounding, half=format_number(0.5, lang, 1),
                           beyond=len(incs) - rounding), highlight=False)
        if len(incs) > rounding:
            worst = max(worst, 1)
    if bad:
        for p in bad:
            err_console.print(Text.assemble((f"{term('cli.error', lang)}:", "bold red"), " ",
                                            p.render(lang)), highlight=False, soft_wrap=True)
        raise typer.Exit(2)
    raise typer.Exit(worst)


def _findings_table(name: str, title: str, incs: list[Inconsistency], lang: str) -> Table:
    """The inconsistencies of a published or prognosis table, in ``lang``."""
    whole = all(float(x).is_integer() for i in incs for x in (i.expected, i.found))
    decimals = 0 if whole else 1
    words = lang
    out = Table(name, title, [
        Column("unit", term("validate.unit", words), "text"),
        Column("column", term("validate.column", words), "text"),
        Column("check", term("validate.check", words), "text"),
        Column("expected", term("validate.expected", words), decimals=decimals),
        Column("found", term("validate.found", words), decimals=decimals),
        Column("difference", term("validate.difference", words), decimals=decimals,
               signed=True),
        Column("kind", term("validate.kind", words), "text")], lang=lang, stub=3)
    for n, i in enumerate(incs):
        out.add(str(n), [i.unit, i.column, check_label(i.check, lang), i.expected, i.found,
                         i.difference,
                         term("validate.rounding" if i.is_rounding else "validate.beyond",
                              words)])
    return out


@user_errors
def table_command(
    name: Annotated[TableName, typer.Argument(help="os (operational strength) or asp "
                                                   "(aspirants)")],
    year: Annotated[int, typer.Option(help="Year of the table.")],
    unit: Annotated[list[str] | None, typer.Option(help="Only this unit (code or name); "
                                                        "repeatable.")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.term,
    lang: LangOption = "nl",
    out: Annotated[Path | None, typer.Option(help="Write to this file instead of the "
                                                  "terminal.")] = None,
    from_hr: Annotated[bool, typer.Option("--from-hr", help="Use the ledger derived from HR "
                                                            "records.")] = False,
    db: DbOption = None,
) -> None:
    """Print the OS or ASP table of a year in the published layout."""
    check_lang(lang)
    layout = LAYOUTS[name.value]
    period = Period.of_year(year)
    ledger = table_ledger(db, layout.category, period, from_hr)
    try:
        table = published_table(ledger, layout, period, lang, units=parse_units(unit),
                                source_label=("HR" if from_hr else ""))
    except LookupError as exc:
        said = exc.args[0] if exc.args and isinstance(exc.args[0], Msg) else \
            Msg(str(exc), str(exc))
        command = "sterkte hr import" if from_hr else "sterkte import"
        raise SterkteError(Msg(f"{said.nl}: voer eerst `{command}` uit",
                               f"{said.en}: run `{command}` first")) from None
    if from_hr:
        table.mark_synthetic(synthetic_records(db))
    if fmt is Format.html:
        from sterkte.report.html import PageSection, render_html, write_html

        html = render_html(table.title, "", [PageSection(table, layout)], [], lang)
        console.print(term("wrote", lang, path=write_html(out or Path(f"{table.name}.html"),
                                                          html)), highlight=False)
        return
    emit([table], fmt, out)
