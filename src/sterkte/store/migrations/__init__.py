"""The store's schema, by version, and the upgrade of an older store.

Each ``vNNN_*.py`` module here is one version: a ``DESCRIPTION`` (and ``DESCRIPTION_NL``) and the
``statements()`` that bring a store from the version before to it (DuckDB's type
names; :func:`sterkte.store.dialect.ddl` adapts them for PostgreSQL). A store's
version is the highest row of ``sterkte_schema``; a store with sterkte tables but no
``sterkte_schema`` is version 1 (made before versions were kept), one without any is
new (0).

:func:`migrate` (every writable :func:`~sterkte.store.db.connect`, or ``sterkte
migrate``) applies the missing versions in one transaction: an upgrade lands whole or
not at all, on DuckDB and PostgreSQL alike. A store of a newer version than this
sterkte knows is refused, read or write, with a message saying so. A read-only
connection does not upgrade (the dashboard may not have the right to); it asks for
``sterkte migrate`` instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import ModuleType

from sterkte.errors import Msg
from sterkte.store import dialect
from sterkte.store.db import (
    Connection,
    StoreError,
    StoreLocation,
    has_table,
    open_store,
    transaction,
)
from sterkte.store.migrations import (
    v001_initial,
    v002_versions,
    v003_timeline,
    v004_prognoses_runs,
    v005_monitors,
    v006_accounts,
    v007_oidc_sessions,
)

VERSIONS: dict[int, ModuleType] = {1: v001_initial, 2: v002_versions, 3: v003_timeline,
                                   4: v004_prognoses_runs, 5: v005_monitors, 6: v006_accounts,
                                   7: v007_oidc_sessions}
CURRENT = max(VERSIONS)
# Extra steps of a version beyond its statements (engine-specific).
_AFTER: dict[int, Callable[[Connection], None]] = {2: dialect.create_indexes,
                                                  3: v003_timeline.fill}


def version(con: Connection) -> int:
    """The store's schema version: 0 for a new store, 1 for one made before versions."""
    if has_table(con, "sterkte_schema"):
        row = con.execute("SELECT MAX(version) FROM sterkte_schema").fetchone()
        return int(row[0]) if row and row[0] is not None else 0
    return 1 if any(has_table(con, t) for t in v001_initial.TABLES) else 0


def _newer(where: str, found: int) -> StoreError:
    return StoreError(Msg(
        f"de opslag {where} heeft schemaversie {found}, nieuwer dan deze sterkte kent "
        f"({CURRENT}): werk sterkte bij (of gebruik de opslag met de versie die haar schreef)",
        f"the store {where} has schema version {found}, newer than this "
        f"sterkte knows ({CURRENT}): upgrade sterkte (or use the store with the "
        "version that wrote it)"))


def check_readable(con: Connection, where: str) -> None:
    """Refuse a store that is new (empty), older or newer than this sterkte."""
    found = version(con)
    if found == CURRENT:
        return
    if found > CURRENT:
        raise _newer(where, found)
    if found == 0:
        raise StoreError(Msg(
            f"nog geen sterkte-opslag in {where}: voer eerst `sterkte import` uit (of een "
            "andere opdracht die schrijft)",
            f"no sterkte store at {where} yet: run `sterkte import` (or another "
            "command that writes) first"))
    raise StoreError(Msg(
        f"de opslag {where} heeft schemaversie {found}; deze sterkte gebruikt {CURRENT}: werk "
        f"haar bij met `sterkte migrate --db {where}` (na een back-up: zie docs/deploy.md)",
        f"the store {where} has schema version {found}; this sterkte uses "
        f"{CURRENT}: upgrade it with `sterkte migrate --db {where}` (after a "
        "backup: see docs/deploy.md)"))


def migrate(con: Connection, where: str = "store") -> list[int]:
    """Bring the store to :data:`CURRENT` in one transaction; the versions applied."""
    found = version(con)
    if found == CURRENT:
        return []
    if found > CURRENT:
        raise _newer(where, found)
    applied: list[int] = []
    with transaction(con):
        found = version(con)  # again, under the write lock: another process may have done it
        if found > CURRENT:
            raise _newer(where, found)
        con.execute(dialect.ddl(con, """CREATE TABLE IF NOT EXISTS sterkte_schema (
            version INTEGER PRIMARY KEY, applied_at TIMESTAMP NOT NULL,
            description VARCHAR NOT NULL)"""))
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        # a version-1 store may lack some tables (each module made its own on first
        # write): version 1's statements (all IF NOT EXISTS) complete it
        for v in range(1 if found == 1 else found + 1, CURRENT + 1):
            if v not in VERSIONS:  # a number left to another branch, merged later
                continue
            for statement in VERSIONS[v].statements():
                con.execute(dialect.ddl(con, statement))
            if v in _AFTER:
                _AFTER[v](con)
            con.execute("INSERT INTO sterkte_schema VALUES (?, ?, ?)",
                        [v, now, VERSIONS[v].DESCRIPTION])
            applied.append(v)
    return applied


def ensure_current(con: Connection) -> None:
    """Before writing with a connection not opened by ``connect`` (tests, benchmarks)."""
    migrate(con)


def upgrade(location: StoreLocation) -> tuple[int, list[int]]:
    """Open the store at ``location`` and bring it to :data:`CURRENT`: (the version it
    had, the versions applied)."""
    con = open_store(location)
    try:
        before = version(con)
        return before, migrate(con, str(location))
    finally:
        con.close()
