"""Shared helpers for the HR tests: small hand-made record files on disk."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pytest

from sterkte.store.db import Connection, PostgresUrl, StoreLocation
from sterkte.store.postgres import connect_postgres

PERSON_COLUMNS = ("person_id", "birth_year", "unit", "district", "team", "function",
                  "category", "fte", "hours")
EVENT_COLUMNS = ("event_id", "person_id", "date", "type", "unit", "team", "category", "fte",
                 "reason")


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows([["" if v is None else v for v in r] for r in rows])
    return path


def table_rows(con: Connection, table: str) -> list[tuple[object, ...]]:
    return sorted(con.execute(f"SELECT * FROM {table}").fetchall(), key=repr)


def raw_connection(where: StoreLocation) -> Connection:
    """A connection that leaves the schema alone (as a fresh store has none)."""
    if isinstance(where, PostgresUrl):
        return connect_postgres(where)
    return duckdb.connect(str(where))


@pytest.fixture
def store(backend: StoreLocation) -> Connection:
    """An empty store, once on DuckDB and once on PostgreSQL."""
    con = raw_connection(backend)
    yield con  # type: ignore[misc]
    con.close()
