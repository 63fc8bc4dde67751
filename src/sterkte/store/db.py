"""The embedded store: one DuckDB file, no server.

Where the file is: ``--db PATH`` on the command line, else the environment
variable ``STERKTE_DB``, else ``sterkte.duckdb`` in the current directory.

SQL here and in the other store modules stays portable (plain types, no
DuckDB-only syntax, ``?`` parameters) so the same schema can run on PostgreSQL.
Every write is one transaction: it lands whole or not at all.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from sterkte.errors import SterkteError

ENV_VAR = "STERKTE_DB"
DEFAULT_NAME = "sterkte.duckdb"


def resolve_db_path(option: str | Path | None = None) -> Path:
    """The store path from the ``--db`` option, ``$STERKTE_DB`` or the default."""
    if option:
        return Path(option)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return Path(DEFAULT_NAME)


class StoreError(SterkteError):
    """The store cannot be opened or is not a sterkte store."""


def connect(path: str | Path | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the store (creating it unless ``read_only``)."""
    p = resolve_db_path(path)
    if read_only and not p.exists():
        raise StoreError(f"no store at {p}: run `sterkte import` first (or pass --db PATH)")
    if not read_only:
        p.parent.mkdir(parents=True, exist_ok=True)
    try:
        return duckdb.connect(str(p), read_only=read_only)
    except duckdb.Error as exc:
        raise StoreError(f"cannot open the store {p}: {exc}") from exc


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN … COMMIT, or ROLLBACK on any exception (which is re-raised)."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
