"""Shared fixtures: the bundled published tables, a CLI runner, store snapshots, and a
throwaway PostgreSQL server for the tests that run on both stores (``backend``)."""

from __future__ import annotations

import csv
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

# The commands' consoles take their width from $COLUMNS when it is set as they are made,
# and from $COLUMNS at each print otherwise: a width inherited by this process (pytest-xdist's
# workers get one) would fix them at it. Each test that cares sets the width it reads.
os.environ.pop("COLUMNS", None)
os.environ.pop("LINES", None)

from sterkte.cli import app
from sterkte.store import pg_local
from sterkte.store.db import PostgresUrl, StoreLocation
from sterkte.store.ledgers import bundled_dataset

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"

# The slowest modules (by `make test`'s --durations, 6 December 2026) start first: pytest-xdist
# hands whole modules (--dist loadfile) to workers in collection order, and the web tests,
# last in the alphabet, held the slowest ones, so one worker ran alone for the last minutes.
# Refresh the list from the durations when the slowest modules change; order is all it sets.
SLOW_FIRST = (
    "tests/web/test_api.py",  # its long run: 60-90 s in one test
    "tests/web/test_visual.py",
    "tests/store/test_concurrency.py",
    "tests/web/test_accounts.py",
    "tests/store/test_same_on_both.py",
    "tests/web/test_capacity_pages.py",
    "tests/hr/test_synth.py",
    "tests/roster/test_team_commands.py",
    "tests/web/test_openapi_fuzzing.py",
    "tests/roster/test_reroster.py",
    "tests/cli/test_ledger_cli.py",
    "tests/norms/test_small_cells.py",
    "tests/store/test_monitors_on_both.py",
    "tests/report/test_annex.py",
    "tests/web/test_oidc.py",
    "tests/web/test_browser.py",
    "tests/sources/test_prognosis_tables.py",
    "tests/norms/test_diversity.py",
    "tests/web/test_store_busy.py",
    "tests/web/test_monitor_pages.py",
    "tests/web/test_one_scenario_one_answer.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {module: i for i, module in enumerate(SLOW_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))  # stable


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
    def __init__(self, db: StoreLocation) -> None:
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str | Path) -> tuple[int, str, str]:
        where = self.db.dsn if isinstance(self.db, PostgresUrl) else str(self.db)
        result = self.runner.invoke(app, [str(a) for a in args], env={"STERKTE_DB": where,
                                                                      "COLUMNS": "200"})
        return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "store.duckdb")


# The dashboard's and the commands' bookkeeping, not data: who logged in, which runs were
# made, and that an import was tried (a failed import adds its audit line, nothing else).
BOOKKEEPING = frozenset({"audit_log", "sessions", "jobs"})


def snapshot(db: StoreLocation) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every data table in the store (not :data:`BOOKKEEPING`), for
    before/after comparisons."""
    if isinstance(db, PostgresUrl):
        import psycopg

        with psycopg.connect(db.dsn) as pg:
            tables = [r[0] for r in pg.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                "current_schema() ORDER BY table_name").fetchall()]
            return {t: sorted(pg.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)
                    for t in tables if t not in BOOKKEEPING}
    if not db.exists():
        return {}
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables ORDER BY table_name").fetchall()]
        return {t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)
                for t in tables if t not in BOOKKEEPING}
    finally:
        con.close()


# -- PostgreSQL ------------------------------------------------------------------------
# One throwaway server per test session (started only when a test asks for it), one
# database, and a fresh schema per test: the store sees nothing of the other tests.

@pytest.fixture(scope="session")
def pg_server() -> Iterator[pg_local.LocalServer]:
    try:
        server = pg_local.start(pg_local.FAST)
    except pg_local.NoPostgres as exc:
        pytest.fail(f"{exc} (the PostgreSQL tests need Debian's postgresql package; "
                    "`make test` installs it)")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def pg_database(pg_server: pg_local.LocalServer) -> str:
    return pg_server.create_database("sterkte_test")


def new_pg_store(database_url: str) -> PostgresUrl:
    """A new, empty store: a fresh schema in the test database, chosen by the URL."""
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(database_url, autocommit=True) as pg:
        pg.execute(f"CREATE SCHEMA {schema}")
    return PostgresUrl(f"{database_url}?options=-csearch_path%3D{schema}")


@pytest.fixture
def pg_store(pg_database: str) -> PostgresUrl:
    return new_pg_store(pg_database)


@pytest.fixture(params=["duckdb", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> StoreLocation:
    """An empty store location, once a DuckDB file and once a PostgreSQL schema."""
    if request.param == "duckdb":
        return tmp_path / "store.duckdb"
    return new_pg_store(request.getfixturevalue("pg_database"))
