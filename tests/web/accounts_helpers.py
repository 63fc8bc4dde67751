"""Shared by the accounts tests: a copy of the web tests' store with accounts, served."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sterkte.cli import app as cli_app
from sterkte.store.db import connect
from sterkte.store.norm_data import team_units
from tests.web.conftest import Server, serving

PASSWORD = "juiste paard batterij"


def sterkte(db: Path, *args: str, stdin: str | None = None) -> str:
    """A real `sterkte` command on the store (as an administrator would type it)."""
    got = CliRunner().invoke(cli_app, [*args, "--db", str(db)], input=stdin,
                             env={"COLUMNS": "200"})
    assert got.exit_code == 0, got.stdout + got.stderr
    return got.stdout


@pytest.fixture(scope="module")
def teams(server: Server) -> dict[str, str]:
    con = connect(server.db, read_only=True)
    try:
        return team_units(con)
    finally:
        con.close()


@pytest.fixture(scope="module")
def guarded(server: Server, tmp_path_factory: pytest.TempPathFactory,
            teams: dict[str, str]) -> Iterator[tuple[Server, dict[str, str]]]:
    """A copy of the web tests' store with accounts: anna (viewer, unit AM), piet
    (planner, unit AM), kees (viewer, national), and their tokens; served on its own
    port."""
    db = tmp_path_factory.mktemp("accounts") / "sterkte.duckdb"
    shutil.copy(server.db, db)
    sterkte(db, "users", "add", "anna", "--role", "lezer", "--unit", "AM",
            "--password-stdin", stdin=PASSWORD + "\n")
    sterkte(db, "users", "add", "piet", "--role", "planner", "--unit", "AM", "--no-password")
    sterkte(db, "users", "add", "kees", "--role", "lezer", "--no-password")
    tokens = {name: sterkte(db, "tokens", "create", name).strip().splitlines()[-1]
              for name in ("anna", "piet", "kees")}
    with serving(db) as srv:
        yield srv, tokens


def _team(teams: dict[str, str], unit: str) -> str:
    return sorted(t for t, u in teams.items() if u == unit)[0]


def jobs_in(db: Path) -> int:
    """The runs (jobs) the store holds."""
    con = connect(db, read_only=True)
    try:
        row = con.execute("SELECT COUNT(*) FROM jobs").fetchone()
        return int(row[0]) if row else 0
    finally:
        con.close()
