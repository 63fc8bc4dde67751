"""`sterkte report`: the ledger report as HTML (with charts), XLSX, Markdown and CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sterkte.cli.common import DbOption, LangOption, check_lang, console, user_errors
from sterkte.errors import SterkteError
from sterkte.ledger import Period, format_number
from sterkte.ledger.layouts import LAYOUTS
from sterkte.report.csv_out import to_csv
from sterkte.report.html import Section, render_html, write_html
from sterkte.report.markdown import to_markdown
from sterkte.report.tables import Table, published_table
from sterkte.report.xlsx import write_xlsx
from sterkte.store.db import connect
from sterkte.store.ledgers import load_inconsistencies, load_ledger, sources_for

_TEXT = {
    "nl": {"title": "Personele sterkte politie {y}",
           "intro": "Operationele sterkte en aspiranten per eenheid: bezetting begin {y}, "
                    "in- en uitstroom in {y} en bezetting eind {y}, in fte. Cijfers zoals "
                    "gepubliceerd; afrondingsverschillen staan per tabel vermeld.",
           "source": "{name} (sha256 {sum}…, geïmporteerd {at:%d-%m-%Y %H:%M} UTC)"},
    "en": {"title": "Police staffing {y}",
           "intro": "Operational strength and trainees per unit: opening stock {y}, flows in "
                    "{y} and closing stock, in fte. Figures as published; rounding "
                    "differences are listed per table.",
           "source": "{name} (sha256 {sum}…, imported {at:%Y-%m-%d %H:%M} UTC)"},
}


@user_errors
def report_command(
    out: Annotated[Path, typer.Option(help="Folder to write the report into.")] = Path("out"),
    year: Annotated[int | None, typer.Option("--year", "--period",
                                             help="Year to report (default: the latest "
                                                  "year in the store).")] = None,
    lang: LangOption = "nl",
    db: DbOption = None,
) -> None:
    """Write the report (HTML with charts, XLSX, Markdown, CSV per table) and print its path."""
    check_lang(lang)
    text = _TEXT[lang]
    con = connect(db, read_only=True)
    try:
        ledger = load_ledger(con)
        years = sorted({p.year for p in ledger.periods()})
        if not years:
            raise SterkteError("the store holds no tables: run `sterkte import` first")
        y = year if year is not None else years[-1]
        period = Period.of_year(y)
        sections: list[Section] = []
        tables: list[Table] = []
        provenance: list[str] = []
        for layout in LAYOUTS.values():
            try:
                table = published_table(ledger, layout, period, lang)
            except LookupError:
                continue
            findings: list[str] = []
            for rec in sources_for(con, layout.category, period):
                provenance.append(text["source"].format(name=rec.source_name,
                                                        sum=rec.checksum[:12],
                                                        at=rec.imported_at))
                for inc in load_inconsistencies(con, rec.import_id):
                    findings.append(
                        f"{inc.unit} · {inc.column} · {inc.check}: "
                        f"{format_number(inc.found, lang)} ≠ {format_number(inc.expected, lang)}"
                        f" ({format_number(inc.difference, lang, signed=True)})")
            sections.append(Section(table, findings))
            tables.append(table)
    finally:
        con.close()
    if not tables:
        raise SterkteError(f"the store holds no tables for {y}; it has "
                           + ", ".join(str(x) for x in years))
    out.mkdir(parents=True, exist_ok=True)
    title = text["title"].format(y=y)
    html_path = write_html(out / f"report-{y}.html",
                           render_html(title, text["intro"].format(y=y), sections,
                                       provenance, lang))
    write_xlsx(tables, out / f"report-{y}.xlsx")
    (out / f"report-{y}.md").write_text(
        f"# {title}\n\n" + "\n".join(to_markdown(t) for t in tables), encoding="utf-8")
    for t in tables:
        (out / f"{t.name}.csv").write_text(to_csv(t), encoding="utf-8")
    console.print(f"report: {html_path.resolve()}")
    console.print(f"also: {out / f'report-{y}.xlsx'}, {out / f'report-{y}.md'}, "
                  + ", ".join(str(out / f'{t.name}.csv') for t in tables), style="dim")
