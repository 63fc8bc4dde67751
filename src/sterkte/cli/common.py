"""What every command shares: the --db option, errors as messages, the console."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import Annotated, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from sterkte.errors import InputError, Msg, SterkteError
from sterkte.report.labels import synthetic_notice, term
from sterkte.report.table import Table

console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Store: a DuckDB file, or a PostgreSQL URL "
                 "postgresql://user@host:port/db (default: $STERKTE_DB, else "
                 "./sterkte.duckdb)."),
]
LangOption = Annotated[str, typer.Option(
    "--lang", help="Language of everything printed: nl (default) or en.")]

P = ParamSpec("P")
R = TypeVar("R")


def print_error(exc: SterkteError, lang: str) -> None:
    """``fout: …`` / ``error: …`` and the message in ``lang`` on stderr."""
    # the message as plain text: a file name or value with [brackets] stays as it is
    err_console.print(Text.assemble((f"{term('cli.error', lang)}:", "bold red"), " ",
                                    exc.render(lang)), highlight=False, soft_wrap=True)


def user_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn a :class:`SterkteError` into its message on stderr and exit code 2."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        lang = "en" if kwargs.get("lang") == "en" else "nl"
        try:
            return func(*args, **kwargs)
        except SterkteError as exc:
            print_error(exc, lang)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            err_console.print(term("cli.interrupted", lang))
            sys.exit(130)

    return wrapper


def parse_units(values: list[str] | None) -> list[str] | None:
    """Unit codes for ``--unit`` values given by code or name; None when none given."""
    if not values:
        return None
    from sterkte.org import national_police

    tree = national_police()
    codes = []
    for v in values:
        unit = tree.find(v)
        if unit is None:
            raise SterkteError(Msg(
                f"--unit {v!r}: onbekende eenheid; verwacht een code zoals NN of een naam "
                "zoals Noord-Nederland",
                f"--unit {v!r}: unknown unit; expected a code such as NN or a "
                "name such as Noord-Nederland"))
        codes.append(unit.code)
    return codes


def parse_date(text: str, option: str) -> dt.date:
    """The date ``text`` given with ``option`` (YYYY-MM-DD), else the user's error."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError.at(option, Msg(f"verwacht een datum JJJJ-MM-DD, gevonden {text!r}",
                                        f"expected a date YYYY-MM-DD, found {text!r}")) from None


def maybe_date(text: str | None, option: str = "--date") -> dt.date | None:
    """:func:`parse_date`, or None when the option was not given."""
    return None if text is None else parse_date(text, option)


def check_lang(lang: str) -> str:
    if lang not in ("nl", "en"):
        raise typer.BadParameter("expected nl or en", param_hint="--lang")
    return lang


class Format(StrEnum):
    """Where a command's table goes: the terminal, or a file format (see :func:`emit`)."""

    term = "term"
    md = "md"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"


def say_synthetic(kinds: Sequence[str], lang: str) -> None:
    """The synthetic notice as a line on stderr, for output that is not a table carrying
    its own (a table prints the notice above itself; a CSV has it in a column)."""
    if kinds:
        err_console.print(Text(synthetic_notice(kinds, lang), style="bold red"))


def show(table: Table) -> None:
    """A table on the terminal: split into blocks of columns when wider than it, so no
    number is cut (also in a file or a pipe: ``COLUMNS``, else 80, sets the width)."""
    from sterkte.report.terminal import print_table

    print_table(table, console)


def emit(tables: list[Table], fmt: Format, out: Path | None = None,
         title: str = "") -> None:
    """``tables`` in ``fmt``: on the terminal, or as Markdown or CSV on stdout (or in
    ``out``), or as an XLSX or HTML file (``out``, default ``<first table>.xlsx``)."""
    if fmt is Format.term:
        for t in tables:
            show(t)
        return
    if fmt is Format.xlsx:
        from sterkte.report.xlsx import write_xlsx

        path = write_xlsx(tables, out or Path(f"{tables[0].name}.xlsx"))
        console.print(term("wrote", tables[0].lang, path=path), highlight=False)
        return
    if fmt is Format.html:
        from sterkte.report.html import PageSection, render_html, write_html

        html = render_html(title or tables[0].title, "", [PageSection(t) for t in tables], [],
                           tables[0].lang)
        path = write_html(out or Path(f"{tables[0].name}.html"), html)
        console.print(term("wrote", tables[0].lang, path=path), highlight=False)
        return
    from sterkte.report.csv_out import to_csv
    from sterkte.report.markdown import to_markdown

    write = to_csv if fmt is Format.csv else to_markdown
    text = "\n".join(write(t) for t in tables)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        console.print(term("wrote", tables[0].lang, path=out), highlight=False)
    else:
        sys.stdout.write(text)

