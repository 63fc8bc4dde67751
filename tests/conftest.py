"""Shared fixtures: the bundled published tables, a CLI runner, store snapshots."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from sterkte.cli import app
from sterkte.store.ledgers import bundled_dataset

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"


@pytest.fixture
def bundled() -> dict[str, Path]:
    os_path, asp_path = bundled_dataset()
    return {"os": os_path, "asp": asp_path}


def reference_rows(name: str) -> list[dict[str, str]]:
    """The published table as plain CSV rows, read without any sterkte code."""
    path = Path(__file__).resolve().parents[1] / "src" / "sterkte" / "data" / name
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


class Cli:
    def __init__(self, db: Path) -> None:
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str | Path) -> tuple[int, str, str]:
        result = self.runner.invoke(app, [str(a) for a in args], env={"STERKTE_DB": str(self.db),
                                                                      "COLUMNS": "200"})
        return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "store.duckdb")


def snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table in the store, for before/after comparisons."""
    if not db.exists():
        return {}
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables ORDER BY table_name").fetchall()]
        return {t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)
                for t in tables}
    finally:
        con.close()
