"""What every command shares: the --db option, errors as messages, the console."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Annotated, ParamSpec, TypeVar

import typer
from rich.console import Console

from sterkte.errors import SterkteError

console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Store: a DuckDB file, or a PostgreSQL URL "
                 "postgresql://user@host:port/db (default: $STERKTE_DB, else "
                 "./sterkte.duckdb)."),
]
LangOption = Annotated[str, typer.Option("--lang", help="Report language: nl or en.")]

P = ParamSpec("P")
R = TypeVar("R")


def user_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn a :class:`SterkteError` into its message on stderr and exit code 2."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except SterkteError as exc:
            err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            err_console.print("interrupted; nothing was written")
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
            raise SterkteError(f"--unit {v!r}: unknown unit; expected a code such as NN or a "
                               "name such as Noord-Nederland")
        codes.append(unit.code)
    return codes


def check_lang(lang: str) -> str:
    if lang not in ("nl", "en"):
        raise typer.BadParameter("expected nl or en", param_hint="--lang")
    return lang
