"""`sterkte migrate`: bring a store made by an older sterkte to this version's schema."""

from __future__ import annotations

from sterkte.cli.common import DbOption, console, user_errors
from sterkte.store.db import resolve_db_path


@user_errors
def migrate_command(db: DbOption = None) -> None:
    """Upgrade the store's schema to this sterkte's version, in one transaction (every
    row is kept). Commands that write do this themselves; the dashboard and read-only
    commands ask for it. Back the store up first (docs/deploy.md)."""
    from sterkte.store.migrations import CURRENT, VERSIONS, upgrade

    where = resolve_db_path(db)
    before, applied = upgrade(where)
    if not applied:
        console.print(f"the store {where} is at schema version {CURRENT}; nothing to do")
        return
    for v in applied:
        console.print(f"  version {v}: {VERSIONS[v].DESCRIPTION}")
    what = "created" if before == 0 else f"upgraded from version {before}"
    console.print(f"the store {where} is {what} to schema version {CURRENT}")
