"""`sterkte serve`: the web dashboard and JSON API over the store (read-only)."""

from __future__ import annotations

from typing import Annotated

import typer

from sterkte.cli.common import DbOption, LangOption, check_lang, console, user_errors
from sterkte.errors import SterkteError
from sterkte.report.labels import term
from sterkte.store.db import resolve_db_path


@user_errors
def serve_command(
    host: Annotated[str, typer.Option(help="Address to bind; 127.0.0.1 serves this machine "
                                      "only. Use 0.0.0.0 deliberately.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port.")] = 8000,
    db: DbOption = None,
    lang: LangOption = "nl",
) -> None:
    """Serve the dashboard and the API (docs at /docs) over the store, read-only. The pages
    choose their language themselves (?lang=en); --lang is this command's own words."""
    import uvicorn

    from sterkte.web import create_app

    check_lang(lang)
    path = resolve_db_path(db)
    if not path.exists():
        raise SterkteError(f"no store at {path}: run `sterkte import` first (or pass --db PATH)")
    console.print(term("serve_cli.started", lang, host=host, port=port, path=path),
                  highlight=False)
    uvicorn.run(create_app(path), host=host, port=port, log_level="warning")
