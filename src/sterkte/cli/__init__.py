"""Command-line interface: one command per job."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False, help="sterkte: police capacity.")


def main() -> None:
    app()
