"""`sterkte serve`: the web dashboard and JSON API over the store (read-only)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sterkte.cli.common import DbOption, LangOption, check_lang, console, user_errors
from sterkte.errors import Msg, SterkteError
from sterkte.report.labels import term
from sterkte.store.db import StoreBusy, resolve_db_path


@user_errors
def serve_command(
    host: Annotated[str, typer.Option(help="Address to bind; 127.0.0.1 serves this machine "
                                      "only. Use 0.0.0.0 deliberately.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port.")] = 8000,
    db: DbOption = None,
    lang: LangOption = "nl",
    oidc: Annotated[Path | None, typer.Option(
        envvar="STERKTE_OIDC", help="Log in through an identity provider (OpenID Connect): "
        "its settings and the mapping of its groups to roles, a YAML or TOML file "
        "(docs/deploy.md).")] = None,
) -> None:
    """Serve the dashboard and the API (docs at /docs) over the store, read-only. The pages
    choose their language themselves (?lang=en); --lang is this command's own words."""
    import uvicorn

    from sterkte.web import create_app

    check_lang(lang)
    from sterkte.app.oidc import load_settings

    oidc_settings = load_settings(oidc) if oidc is not None else None
    path = resolve_db_path(db)
    if not path.exists():
        raise SterkteError(Msg(
            f"geen opslag in {path}: voer eerst `sterkte import` uit (of geef --db PAD)",
            f"no store at {path}: run `sterkte import` first (or pass --db PATH)"))
    from sterkte.app.accounts import store_has_accounts

    loopback = host in ("127.0.0.1", "::1", "localhost") or host.startswith("127.")
    try:
        guarded: bool | None = store_has_accounts(path)
    except StoreBusy:
        # an import is writing: on this machine only, start anyway (every request checks
        # the accounts again, and pages say the store is busy until the import is done)
        if not loopback:
            raise
        guarded = None
    if oidc_settings is not None:
        guarded = True  # every route needs a login, local or through the provider
    if not guarded and not loopback:
        raise SterkteError(term("serve_cli.refuse_open", lang, host=host))
    console.print(term("serve_cli.started", lang, host=host, port=port, path=path),
                  highlight=False)
    said = {True: "serve_cli.guarded", False: "serve_cli.open", None: "serve_cli.busy"}
    console.print(term(said[guarded], lang), highlight=False)
    if oidc_settings is not None:
        console.print(term("serve_cli.oidc", lang, provider=oidc_settings.provider,
                           rules=len(oidc_settings.rules)), highlight=False)
    uvicorn.run(create_app(path, oidc_settings=oidc_settings), host=host, port=port,
                log_level="warning")
