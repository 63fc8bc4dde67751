"""`sterkte migrate`: bring a store made by an older sterkte to this version's schema."""

from __future__ import annotations

from sterkte.cli.common import DbOption, LangOption, check_lang, console, user_errors
from sterkte.report.labels import term
from sterkte.store.db import resolve_db_path
from sterkte.store.migrations import CURRENT, VERSIONS, upgrade


@user_errors
def migrate_command(db: DbOption = None, lang: LangOption = "nl") -> None:
    """Upgrade the store's schema to this sterkte's version, in one transaction (every
    row is kept). Commands that write do this themselves; the dashboard and read-only
    commands ask for it. Back the store up first (docs/deploy.md)."""
    check_lang(lang)
    where = resolve_db_path(db)
    before, applied = upgrade(where)
    if not applied:
        console.print(term("migrate.current", lang, where=where, version=CURRENT))
        return
    for v in applied:
        described = VERSIONS[v].DESCRIPTION if lang == "en" else VERSIONS[v].DESCRIPTION_NL
        console.print(term("migrate.version", lang, version=v, description=described))
    key = "migrate.created" if before == 0 else "migrate.upgraded"
    console.print(term(key, lang, where=where, before=before, version=CURRENT))
