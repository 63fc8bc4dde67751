"""A process killed in the middle of an import leaves the store exactly as it was, on
DuckDB and on PostgreSQL (where the server rolls back the dead session's transaction)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from sterkte.store.db import PostgresUrl, StoreLocation
from sterkte.store.hr import ingest

from .conftest import EVENT_COLUMNS, PERSON_COLUMNS, raw_connection, table_rows, write_csv

TABLES = ("hr_persons", "hr_events", "hr_sickness", "hr_volunteer_hours", "hr_imports",
          "hr_rejects", "hr_timeline", "hr_flows", "sterkte_changes")

CRASHING_IMPORT = textwrap.dedent("""
    import os, sys
    import duckdb
    from sterkte.store.db import PostgresUrl
    from sterkte.store.hr import ingest
    from sterkte.store.postgres import connect_postgres

    calls = 0

    def die_after_two_chunks(rows_written: int) -> None:
        global calls
        calls += 1
        if calls == 2:
            os._exit(1)  # no cleanup, no rollback: as if the machine lost power

    where = sys.argv[1]
    con = (connect_postgres(PostgresUrl(where)) if where.startswith("postgresql:")
           else duckdb.connect(where))
    ingest(con, sys.argv[2:], progress=die_after_two_chunks, chunk_rows=3)
    print("import finished")  # must not be reached
""")


def _files(tmp_path: Path) -> tuple[Path, Path, Path]:
    first = write_csv(tmp_path / "persons-1.csv", PERSON_COLUMNS, [
        (f"a{i}", 1980, "NN", None, None, "noodhulp", "OS", "1", "36") for i in range(5)])
    second = write_csv(tmp_path / "persons-2.csv", PERSON_COLUMNS, [
        *[(f"b{i}", 1985, "LB", None, None, "opsporing", "OS", "0.8", "28.8")
          for i in range(10)],
        ("bad", 1985, "Nowhere", None, None, "opsporing", "OS", "0.8", "28.8")])
    events = write_csv(tmp_path / "events.csv", EVENT_COLUMNS, [
        (f"h{i}", f"b{i}", "2019-01-01", "hire", "LB", None, "OS", "0.8", None)
        for i in range(10)])
    return first, second, events


def test_a_crash_mid_import_leaves_the_store_unchanged(tmp_path: Path,
                                                       backend: StoreLocation) -> None:
    first, second, events = _files(tmp_path)
    con = raw_connection(backend)
    ingest(con, [str(first)])
    before = {t: table_rows(con, t) for t in TABLES}
    con.close()

    where = backend.dsn if isinstance(backend, PostgresUrl) else str(backend)
    run = subprocess.run([sys.executable, "-c", CRASHING_IMPORT, where, str(second),
                          str(events)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, run.stderr
    assert "import finished" not in run.stdout

    con = raw_connection(backend)
    assert {t: table_rows(con, t) for t in TABLES} == before
    # and the interrupted files were not marked as imported: the import can simply be redone
    summary = ingest(con, [str(second), str(events)])
    assert (summary.accepted, summary.rejected) == (20, 1)
    con.close()
