"""Imports land whole or not at all, once, with their provenance, in a real DuckDB file."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sterkte.ledger import Category, Period
from sterkte.sources.published import read_published_table
from sterkte.store.db import PostgresUrl, StoreLocation, connect
from sterkte.store.ledgers import import_published_tables, list_imports, load_ledger
from tests.conftest import snapshot

YEAR = Period.of_year(2021)


class Crash(Exception):
    pass


def test_a_failure_in_the_middle_of_an_import_leaves_the_store_unchanged(
        tmp_path: Path, bundled: dict[str, Path]) -> None:
    db = tmp_path / "s.duckdb"
    con = connect(db)
    import_published_tables(con, [read_published_table(bundled["os"])])
    con.close()
    before = snapshot(db)

    def fail_halfway(done: int, total: int) -> None:
        if done == total // 2:
            raise Crash("disk full")

    con = connect(db)
    with pytest.raises(Crash):
        import_published_tables(con, [read_published_table(bundled["asp"])],
                                progress=fail_halfway)
    con.close()
    assert snapshot(db) == before
    assert before["ledger_entries"]  # the earlier import is still there, whole


def test_a_process_killed_mid_import_leaves_the_store_unchanged(
        backend: StoreLocation, bundled: dict[str, Path]) -> None:
    db = backend
    con = connect(db)
    import_published_tables(con, [read_published_table(bundled["os"])])
    con.close()
    before = snapshot(db)
    where = db.dsn if isinstance(db, PostgresUrl) else str(db)
    script = textwrap.dedent(f"""
        import os
        from sterkte.sources.published import read_published_table
        from sterkte.store.db import connect
        from sterkte.store.ledgers import import_published_tables
        con = connect({where!r})
        def die(done, total):
            if done == 60:
                os._exit(9)  # no rollback, no close: as if the power went
        import_published_tables(con, [read_published_table({str(bundled["asp"])!r})],
                                progress=die)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert proc.returncode == 9, proc.stderr.decode()
    assert snapshot(db) == before


def test_importing_the_same_file_twice_keeps_one_copy(tmp_path: Path,
                                                      bundled: dict[str, Path]) -> None:
    con = connect(tmp_path / "s.duckdb")
    first = import_published_tables(con, [read_published_table(bundled["os"])])
    copy = tmp_path / "copy-of-os-2021.csv"
    copy.write_bytes(bundled["os"].read_bytes())
    again = import_published_tables(con, [read_published_table(bundled["os"]),
                                          read_published_table(copy)])
    assert not first[0].already_present
    assert [r.already_present for r in again] == [True, True]
    (n,) = con.execute("SELECT COUNT(*) FROM ledger_entries").fetchone() or (0,)
    assert n == 16 * 8
    assert len(list_imports(con)) == 1
    con.close()


def test_provenance_and_the_later_import_winning(tmp_path: Path,
                                                 bundled: dict[str, Path]) -> None:
    con = connect(tmp_path / "s.duckdb")
    import_published_tables(con, [read_published_table(bundled["os"])])
    corrected = tmp_path / "os-2021-corrected.csv"
    corrected.write_text(bundled["os"].read_text().replace(
        "Limburg,2594,48,95,7,-186,-3,-40,2554", "Limburg,2594,48,95,7,-186,-3,-39,2555"))
    import_published_tables(con, [read_published_table(corrected)])
    records = list_imports(con)
    assert [r.source_name for r in records] == ["os-2021-by-unit.csv", "os-2021-corrected.csv"]
    assert all(len(r.checksum) == 64 and r.imported_at for r in records)
    ledger = load_ledger(con, category=Category.OS)
    assert ledger.closing(YEAR, "LB", Category.OS) == 2555
    assert ledger.closing(YEAR, "NN", Category.OS) == 3820
    con.close()
