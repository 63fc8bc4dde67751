"""Working at the same time, with real processes: a planner imports while the dashboard
runs; two imports at once; a DuckDB file held by another process.

On PostgreSQL an import beside a running ``sterkte serve`` lands and the dashboard
shows it on its next request (it watches the store's write counter); two imports
queue on the store's write lock and both land. On DuckDB, one process writes at a
time: an import beside an idle dashboard lands (the dashboard opens the file only
to read its figures), and an import into a file another process holds says so
plainly — exit code 2, no traceback, nothing written.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psycopg
import pytest

from sterkte.store.db import PostgresUrl, StoreLocation
from sterkte.store.dialect import WRITE_LOCK
from tests.conftest import snapshot

SterkteRun = subprocess.CompletedProcess[str]
STERKTE = str(Path(sys.executable).parent / "sterkte")  # the installed command


def _where(db: StoreLocation) -> str:
    return db.dsn if isinstance(db, PostgresUrl) else str(db)


def sterkte(db: StoreLocation, *args: str | Path, wait: float | None = None) -> SterkteRun:
    env = {**os.environ, "STERKTE_DB": _where(db), "COLUMNS": "200"}
    if wait is not None:
        env["STERKTE_DB_WAIT"] = str(wait)
    return subprocess.run([STERKTE, *map(str, args)],
                          capture_output=True, text=True, timeout=300, env=env, check=False)


def start_sterkte(db: StoreLocation, *args: str | Path,
                  **extra_env: str) -> subprocess.Popen[str]:
    env = {**os.environ, "STERKTE_DB": _where(db), "COLUMNS": "200", **extra_env}
    return subprocess.Popen([STERKTE, *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


@contextmanager
def serving(db: StoreLocation) -> Iterator[httpx.Client]:
    """``sterkte serve`` in its own process, on a free port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    proc = start_sterkte(db, "serve", "--port", str(port))
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as http:
            deadline = time.monotonic() + 120
            while True:
                assert proc.poll() is None, proc.communicate()[1]
                try:
                    if http.get("/api/units").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "sterkte serve did not answer"
                time.sleep(0.2)
            yield http
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def corrected_os_table(bundled: dict[str, Path], folder: Path) -> Path:
    """The published OS table with Limburg's closing stock corrected from 2554 to 2555."""
    corrected = folder / "os-2021-corrected.csv"
    corrected.write_text(bundled["os"].read_text().replace(
        "Limburg,2594,48,95,7,-186,-3,-40,2554", "Limburg,2594,48,95,7,-186,-3,-39,2555"))
    return corrected


def limburg_closing(http: httpx.Client) -> float:
    entries = http.get("/api/ledger", params={"period": "2021", "unit": "LB",
                                              "category": "OS"}).json()["entries"]
    return next(float(e["value"]) for e in entries if e["flow"] == "closing")


def test_an_import_beside_a_running_dashboard_lands_and_shows_on_the_next_request(
        tmp_path: Path, backend: StoreLocation, bundled: dict[str, Path]) -> None:
    assert sterkte(backend, "import").returncode == 0
    corrected = corrected_os_table(bundled, tmp_path)
    with serving(backend) as http:
        assert limburg_closing(http) == 2554  # the published table
        done = sterkte(backend, "import", corrected)
        assert done.returncode == 0, done.stderr
        assert "ingelezen als #4" in done.stdout  # after the two tables and the prognosis
        assert limburg_closing(http) == 2555  # the dashboard's next request


def test_two_imports_at_once_on_postgresql_queue_and_both_land(
        tmp_path: Path, pg_store: PostgresUrl, bundled: dict[str, Path]) -> None:
    corrected = corrected_os_table(bundled, tmp_path)
    assert sterkte(pg_store, "import", bundled["os"]).returncode == 0
    # another writer holds the store's write lock: both imports must wait for it
    with psycopg.connect(pg_store.dsn) as holder:
        holder.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])
        first = start_sterkte(pg_store, "import", bundled["asp"])
        second = start_sterkte(pg_store, "import", corrected)
        time.sleep(3)
        assert first.poll() is None and second.poll() is None  # waiting, not failing
        holder.rollback()  # releases the lock
    outputs = [p.communicate(timeout=120) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outputs
    con = psycopg.connect(pg_store.dsn)
    try:
        rows = con.execute("SELECT import_id, source_name FROM imports ORDER BY import_id"
                           ).fetchall()
        per_import = con.execute("SELECT import_id, COUNT(*) FROM ledger_entries "
                                 "GROUP BY import_id ORDER BY import_id").fetchall()
    finally:
        con.close()
    assert [i for i, _ in rows] == [1, 2, 3]
    assert {n for _, n in rows} == {"os-2021-by-unit.csv", "asp-2021-by-unit.csv",
                                    "os-2021-corrected.csv"}
    assert [n for _, n in per_import] == [16 * 8] * 3  # each import whole


def test_the_same_file_imported_twice_at_once_on_postgresql_is_stored_once(
        pg_store: PostgresUrl, bundled: dict[str, Path]) -> None:
    procs = [start_sterkte(pg_store, "import", bundled["os"]) for _ in range(2)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    said = " ".join(out for out, _ in outputs)
    assert "ingelezen als #1" in said and "al in de store" in said
    with psycopg.connect(pg_store.dsn) as con:
        assert con.execute("SELECT COUNT(*) FROM imports").fetchone() == (1,)


def test_an_import_into_a_duckdb_file_another_process_holds_says_so(
        tmp_path: Path, bundled: dict[str, Path]) -> None:
    db = tmp_path / "store.duckdb"
    assert sterkte(db, "import", bundled["os"]).returncode == 0
    before = snapshot(db)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time\n"
         "con = duckdb.connect(sys.argv[1])\nprint('holding', flush=True)\ntime.sleep(120)",
         str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        done = sterkte(db, "import", bundled["asp"], wait=1)
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 2
    assert "is in gebruik door een ander sterkte-proces" in done.stderr
    assert "PostgreSQL-opslag voor meerdere gebruikers" in done.stderr
    assert "Traceback" not in done.stderr and "-readonly" not in done.stderr
    assert snapshot(db) == before


@pytest.mark.parametrize("command", [["table", "os", "--year", "2021"], ["norms"]])
def test_reading_a_duckdb_file_another_process_writes_says_so(
        tmp_path: Path, bundled: dict[str, Path], command: list[str]) -> None:
    db = tmp_path / "store.duckdb"
    assert sterkte(db, "import", bundled["os"]).returncode == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time\n"
         "con = duckdb.connect(sys.argv[1])\nprint('holding', flush=True)\ntime.sleep(120)",
         str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        done = sterkte(db, *command, wait=1)
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 2
    assert "is in gebruik door een ander sterkte-proces" in done.stderr
    assert "Traceback" not in done.stderr
