"""Shared helpers for the HR tests: small hand-made record files on disk."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pytest

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


def table_rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[object, ...]]:
    return sorted(con.execute(f"SELECT * FROM {table}").fetchall(), key=repr)


@pytest.fixture
def store(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(tmp_path / "store.duckdb"))
    yield con  # type: ignore[misc]
    con.close()
