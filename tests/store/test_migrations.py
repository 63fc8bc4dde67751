"""Schema versions: a store made before versions (version 1) is upgraded whole, in one
transaction, keeping every row; a newer store is refused; both on DuckDB and PostgreSQL.

A version-1 store is what sterkte wrote before this change: the tables of
``store/migrations/v001_initial.py`` and nothing else. The tests make one by building
a store with today's sterkte and removing what versions 2 and 3 added (the version
table, the change counter, the stored timeline, PostgreSQL's indexes); version 1's
tables are untouched by later versions, so what remains is a version-1 store.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sterkte.records.hr import TABLES, columns
from sterkte.sources.published import read_published_table
from sterkte.store import migrations
from sterkte.store.db import (
    StoreError,
    StoreLocation,
    connect,
    is_postgres,
    open_store,
)
from sterkte.store.dialect import ddl
from sterkte.store.hr import ingest
from sterkte.store.hr_timeline import TIMELINE_COLUMNS, timeline_sql
from sterkte.store.ledgers import bundled_dataset, import_published_tables
from sterkte.store.migrations import v001_initial, v005_monitors, v006_accounts, v007_oidc_sessions
from sterkte.store.norm_data import replace_input
from sterkte.synth.police import generate
from tests.conftest import Cli, snapshot

ADDED_LATER = ("sterkte_schema", "sterkte_changes", "hr_timeline", "hr_flows",
               "prognosis_vintages", "prognosis_entries", "anticipation_outlines",
               "diversity_background_imports", "diversity_background", "survey_results",
               "earmark_bezetting", "task_understaffing", *v006_accounts.TABLES,
               *v007_oidc_sessions.TABLES)
# Columns later versions added to version-1 tables (at their end): version 4's and 5's.
COLUMNS_ADDED_LATER = (("anticipation_runs", "override"), ("hr_imports", "synthetic"),
                       ("hr_persons", "gender"), ("hr_persons", "appointment_type"))


def build(where: StoreLocation, folder: Path) -> None:
    files = generate(1, folder / "synth", scale=0.01).files
    con = connect(where)
    try:
        import_published_tables(con, [read_published_table(p) for p in bundled_dataset()])
        assert ingest(con, list(files)).rejected == 0
        replace_input(con, "targets", ["target", "year", "realised", "source"],
                      [("aangiftes", 2021, 0.5, "test")])
    finally:
        con.close()


def to_version_1(where: StoreLocation) -> None:
    con = open_store(where)
    try:
        for table in ADDED_LATER:
            con.execute(f"DROP TABLE IF EXISTS {table}")
        for table, column in COLUMNS_ADDED_LATER:
            con.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {column}")
        if is_postgres(con):
            for (index,) in con.execute(
                    "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
                    "AND indexname LIKE '%\\_by\\_%'").fetchall():
                con.execute(f"DROP INDEX {index}")
    finally:
        con.close()


def test_a_version_1_store_is_upgraded_keeping_every_row(tmp_path: Path,
                                                         backend: StoreLocation) -> None:
    build(backend, tmp_path)
    cli = Cli(backend)
    printed_before = [cli(*args)[1] for args in (["table", "os", "--year", "2021", "--from-hr"],
                                                 ["norms", "--format", "csv"])]
    to_version_1(backend)
    old = snapshot(backend)
    assert set(old) == set(v001_initial.TABLES)
    assert sum(len(rows) for rows in old.values()) > 5_000

    # read-only commands ask for the upgrade instead of doing it
    code, _, err = cli("table", "os", "--year", "2021")
    assert code == 2 and "schemaversie 1" in err and "sterkte migrate" in err
    assert "Traceback" not in err

    code, out, err = cli("migrate")
    assert code == 0, err
    assert f"bijgewerkt van versie 1 naar schemaversie {migrations.CURRENT}" in out
    new = snapshot(backend)
    # every row of every version-1 table kept (the columns added later come after them)
    kept = {t: sorted((row[:len(old[t][0])] for row in new[t]), key=repr) if old[t] else new[t]
            for t in old}
    assert kept == old
    # the stored timeline equals the histories replayed from the stored events
    con = connect(backend, read_only=True)
    try:
        cols = ", ".join(f'"{c}"' for c in TIMELINE_COLUMNS)
        replayed = sorted(con.execute(f"SELECT {cols} FROM ({timeline_sql('hr_events', con=con)}"
                                      ") t").fetchall(), key=repr)
        stored = sorted(con.execute(f"SELECT {cols} FROM hr_timeline").fetchall(), key=repr)
        assert migrations.version(con) == migrations.CURRENT
    finally:
        con.close()
    assert stored == replayed and len(stored) == len(old["hr_events"])
    printed_after = [cli(*args)[1] for args in (["table", "os", "--year", "2021", "--from-hr"],
                                                ["norms", "--format", "csv"])]
    assert printed_after == printed_before
    assert cli("migrate")[1].strip().endswith("niets te doen")
    assert cli("migrate", "--lang", "en")[1].strip().endswith("nothing to do")


def test_a_version_1_store_with_only_the_published_tables_gets_the_other_tables(
        tmp_path: Path, backend: StoreLocation, bundled: dict[str, Path]) -> None:
    # what `sterkte import` alone left behind before versions: three tables
    con = open_store(backend)
    try:
        for table in ("imports", "ledger_entries", "table_inconsistencies"):
            con.execute(ddl(con, v001_initial.TABLES[table]))
        con.execute("INSERT INTO imports VALUES (1, 'os.csv', '/x/os.csv', 'abc', "
                    "'published_table', 'OS', '2021', TIMESTAMP '2024-01-02 03:04:05', 1)")
        con.execute("INSERT INTO ledger_entries VALUES (1, '2021', 'NN', 'OS', 'opening', "
                    "3840.5)")
        assert migrations.version(con) == 1
        assert migrations.migrate(con) == sorted(migrations.VERSIONS)
        assert migrations.version(con) == migrations.CURRENT
        assert con.execute("SELECT * FROM ledger_entries").fetchall() == [
            (1, "2021", "NN", "OS", "opening", 3840.5)]
        names = {t for (t,) in con.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema()").fetchall()}
        assert set(v001_initial.TABLES) | set(ADDED_LATER) <= names
    finally:
        con.close()


def test_an_upgrade_that_fails_half_way_changes_nothing(tmp_path: Path,
                                                        backend: StoreLocation) -> None:
    build(backend, tmp_path)
    to_version_1(backend)
    con = open_store(backend)
    try:  # a view in the way of version 3's table: its statements fail after version 2's
        con.execute("CREATE VIEW hr_timeline AS SELECT 1 AS something_else")
    finally:
        con.close()
    before = snapshot(backend)
    with pytest.raises(Exception):  # noqa: B017 - the engine's own error
        migrations.upgrade(backend)
    assert snapshot(backend) == before
    con = open_store(backend)
    try:
        assert migrations.version(con) == 1  # version 2 was not kept either
    finally:
        con.close()


def test_a_store_of_a_newer_sterkte_is_refused_read_or_write(tmp_path: Path,
                                                             backend: StoreLocation) -> None:
    connect(backend).close()
    con = open_store(backend)
    try:
        con.execute("INSERT INTO sterkte_schema VALUES (?, TIMESTAMP '2030-01-01 00:00:00', "
                    "'from the future')", [migrations.CURRENT + 1])
    finally:
        con.close()
    for read_only in (False, True):
        with pytest.raises(StoreError, match="newer than this sterkte knows"):
            connect(backend, read_only=read_only)
    code, _, err = Cli(backend)("import")
    assert code == 2 and "nieuwer dan deze sterkte kent" in err and "Traceback" not in err


def test_version_1_holds_the_hr_columns_the_records_define() -> None:
    """The frozen version-1 DDL, with the HR columns later versions add, and the HR record
    schema agree; a new field in sterkte.records.hr needs a migration (as version 5 adds
    gender and appointment_type), and this test says so."""
    later = {(table, column): sql_type for table, column, sql_type in v005_monitors.HR_COLUMNS}
    assert set(later) <= set(COLUMNS_ADDED_LATER)
    for kind, table in TABLES.items():
        ddl = v001_initial.TABLES[table]
        for c in columns(kind):
            if (table, c.name) in later:
                assert later[table, c.name] == c.sql_type and not c.required, (table, c.name)
                assert f'"{c.name}"' not in ddl, (table, c.name)
                continue
            assert f'"{c.name}" {c.sql_type}' in " ".join(ddl.split()), (table, c.name)


def test_the_version_of_a_new_store(tmp_path: Path, backend: StoreLocation) -> None:
    con = open_store(backend)
    try:
        assert migrations.version(con) == 0
    finally:
        con.close()
    connect(backend).close()
    con = connect(backend, read_only=True)
    try:
        assert migrations.version(con) == migrations.CURRENT
        rows = con.execute("SELECT version FROM sterkte_schema ORDER BY version").fetchall()
        assert rows == [(v,) for v in sorted(migrations.VERSIONS)]
    finally:
        con.close()
