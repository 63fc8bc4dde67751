"""`sterkte serve`: the web dashboard and JSON API over the store (read-only)."""

from __future__ import annotations

from typing import Annotated

import typer

from sterkte.cli.common import DbOption, console, user_errors
from sterkte.errors import SterkteError
from sterkte.store.db import resolve_db_path


@user_errors
def serve_command(
    host: Annotated[str, typer.Option(help="Address to bind; 127.0.0.1 serves this machine "
                                      "only. Use 0.0.0.0 deliberately.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port.")] = 8000,
    db: DbOption = None,
) -> None:
    """Serve the dashboard and the API (docs at /docs) over the store, read-only."""
    import uvicorn

    from sterkte.web import create_app

    path = resolve_db_path(db)
    if not path.exists():
        raise SterkteError(f"no store at {path}: run `sterkte import` first (or pass --db PATH)")
    console.print(f"sterkte dashboard on http://{host}:{port}/ (API docs: /docs), store "
                  f"{path} read-only; Ctrl+C stops it")
    uvicorn.run(create_app(path), host=host, port=port, log_level="warning")
