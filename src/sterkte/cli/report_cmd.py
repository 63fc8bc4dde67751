"""`sterkte report`: the capacity annex as HTML (with charts), XLSX, Markdown and CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from sterkte.app.annex import DEFAULT_SCENARIO, annex_figures
from sterkte.cli.common import (
    DbOption,
    LangOption,
    check_lang,
    console,
    err_console,
    user_errors,
)
from sterkte.parameters import load_scenario
from sterkte.report.annex import build_annex
from sterkte.report.annex_render import synthetic_banner, write_annex
from sterkte.report.labels import term


@user_errors
def report_command(
    out: Annotated[Path, typer.Option(help="Folder to write the report into.")] = Path("out"),
    year: Annotated[int | None, typer.Option("--year", "--period",
                                             help="Year to report (default: the latest "
                                                  "year in the store).")] = None,
    scenario: Annotated[str, typer.Option(
        "--scenario", "-s", help="Scenario of the prognosis (built-in name or YAML file).")
    ] = DEFAULT_SCENARIO,
    lang: LangOption = "nl",
    db: DbOption = None,
) -> None:
    """Write the capacity annex (HTML with charts, XLSX, Markdown, CSV per table) and print
    the path of the HTML file."""
    check_lang(lang)
    sc = load_scenario(scenario)
    fig = annex_figures(db, year=year, scenario=sc)
    sections = build_annex(fig, lang)
    written = write_annex(fig, sections, out, lang)
    banner = synthetic_banner(sections, lang)
    if banner:  # the annex rests partly on synthetic data: the terminal says so too
        err_console.print(Text(banner, style="bold red"))
    console.print(term("report_cli.written", lang, path=written.html.resolve()),
                  highlight=False)
    console.print(term("report_cli.also", lang, xlsx=written.xlsx, md=written.markdown,
                       n=len(written.csv), out=out), style="dim", highlight=False)
