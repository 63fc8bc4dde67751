"""The few places where DuckDB and PostgreSQL need different SQL, in one module.

Everything else in ``sterkte.store`` is one query for both. The differences:

- **Types in DDL.** The schema is written with DuckDB's names; :func:`ddl` turns
  ``DOUBLE`` into ``DOUBLE PRECISION`` and gives every text column the ``"C"``
  collation on PostgreSQL, so that text sorts and compares byte by byte as in DuckDB
  (identical ordering on both, and the fast comparison the event sort needs).
- **Carrying a value forward** over a person's events (the state after each
  event): DuckDB has ``LAST_VALUE(x IGNORE NULLS)``; PostgreSQL 15 has not, and
  :func:`carried` uses ``MAX`` over the position-prefixed value instead (one sort
  either way).
- **Reading a CSV file** into a temporary table: DuckDB's ``read_csv`` with the file
  path; PostgreSQL's ``COPY … FROM STDIN`` fed by the client (the server may not
  see the client's files). :func:`load_text_table` for Arrow tables likewise.
- **Writers queue** on PostgreSQL (:func:`lock_for_writing`); DuckDB allows one
  writing process anyway.
- **Indexes** that let PostgreSQL look up one person's records; DuckDB scans.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from sterkte.store.db import Connection, has_table, is_postgres

# pg_advisory_xact_lock key of the store's writers (any fixed number; "sterkte" in ASCII).
WRITE_LOCK = 0x737465726B7465
# PostgreSQL: the notification every counted write sends (sterkte.store.pg_listen).
CHANNEL = "sterkte_changes"


def ddl(con: Connection, statement: str) -> str:
    """A CREATE TABLE statement in the engine's type names."""
    if not is_postgres(con):
        return statement
    statement = re.sub(r"\bDOUBLE\b(?! PRECISION)", "DOUBLE PRECISION", statement)
    return re.sub(r"\bVARCHAR\b", 'VARCHAR COLLATE "C"', statement)


def lock_for_writing(con: Connection) -> None:
    if is_postgres(con):
        con.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")


def count_change(con: Connection) -> None:
    """Count one committed write (read by a dashboard to notice new data); on PostgreSQL
    also notify the dashboards listening (delivered when, and only if, it commits)."""
    if has_table(con, "sterkte_changes"):
        con.execute("UPDATE sterkte_changes SET changes = changes + 1")
    if is_postgres(con):
        con.execute(f"NOTIFY {CHANNEL}")


def replace_temp_table(con: Connection, name: str, select: str) -> None:
    """``CREATE OR REPLACE TEMP TABLE name AS select`` (PostgreSQL has no OR REPLACE)."""
    con.execute(f"DROP TABLE IF EXISTS {name}")
    con.execute(f"CREATE TEMP TABLE {name} AS {select}")


def carried(con: Connection | None, value: str, order_key: str, frame: str) -> str:
    """The last non-null ``value`` over the window ``frame`` (ordered by ``order_key``,
    a positive integer increasing along the window's order), as the same type.

    On PostgreSQL: ``MAX`` of the value's text behind the zero-padded position, cut
    off again and cast back; a float's text round-trips exactly (PostgreSQL ≥ 12)."""
    if con is None or not is_postgres(con):
        return f"LAST_VALUE({value} IGNORE NULLS) OVER {frame}"
    return (f"SUBSTRING(MAX(CASE WHEN {value} IS NOT NULL THEN (LPAD(CAST({order_key} AS "
            f"TEXT), 12, '0') || CAST({value} AS TEXT)) COLLATE \"C\" END) OVER {frame} "
            "FROM 13)")


def read_csv(con: Connection, table: str, path: Path, names: tuple[str, ...],
             delimiter: str) -> None:
    """Load a plain CSV file (header line, then one record per line) into the new
    temporary ``table`` of text columns, one per name, in file order; raises the
    engine's error if the file does not parse. :func:`numbered` adds the line numbers."""
    if not is_postgres(con):
        cols = ", ".join(f"'{n}': 'VARCHAR'" for n in names)
        quoted = str(path).replace("'", "''")
        replace_temp_table(con, table, f"""SELECT * FROM read_csv(
            '{quoted}', header = true, delim = '{delimiter}', quote = '"', escape = '"',
            auto_detect = false, columns = {{{cols}}}, strict_mode = true,
            ignore_errors = true)""")
        return
    _copy_table(con, table, names, _file_chunks(path),
                f"FORMAT csv, HEADER true, DELIMITER '{delimiter}', QUOTE '\"', "
                "ESCAPE '\"'", first_row=2)


def numbered(con: Connection, table: str) -> str:
    """A relation over a table of :func:`read_csv` with ``_row``, the record's line
    number (the header is line 1), before its columns."""
    if not is_postgres(con):  # rowids count the records in file order (insertion order)
        return (f"(SELECT CAST(rowid - (SELECT MIN(rowid) FROM {table}) + 2 AS BIGINT) "
                f"AS _row, * FROM {table})")
    return table  # numbered by COPY (an identity column)


def load_text_table(con: Connection, table: str, data: pa.Table) -> None:
    """A temporary ``table`` holding ``data`` (its first column ``_row``, the rest text)."""
    if not is_postgres(con):
        con.register(f"{table}_arrow", data)
        try:
            replace_temp_table(con, table, f"SELECT * FROM {table}_arrow")
        finally:
            con.unregister(f"{table}_arrow")
        return
    names = tuple(data.column_names)
    sink = pa.BufferOutputStream()
    pacsv.write_csv(data, sink, pacsv.WriteOptions(include_header=False,
                                                  quoting_style="all_valid"))
    buf = sink.getvalue().to_pybytes()
    _copy_table(con, table, names[1:], iter([buf]), "FORMAT csv", first_row=None,
                row_column=True)


def _copy_table(con: Connection, table: str, names: tuple[str, ...],
                chunks: Iterator[bytes], options: str, *, first_row: int | None,
                row_column: bool = False) -> None:
    assert is_postgres(con)
    cols = ", ".join(f'"{n}" TEXT COLLATE "C"' for n in names)
    con.execute(f"DROP TABLE IF EXISTS {table}")
    if row_column:  # _row comes with the data
        con.execute(f"CREATE TEMP TABLE {table} (_row BIGINT, {cols})")
        target = ", ".join(["_row", *(f'"{n}"' for n in names)])
    else:  # numbered in arrival order, which COPY keeps
        con.execute(f"CREATE TEMP TABLE {table} (_row BIGINT GENERATED ALWAYS AS IDENTITY "
                    f"(START WITH {first_row}), {cols})")
        target = ", ".join(f'"{n}"' for n in names)
    try:
        con.copy_in(f"COPY {table} ({target}) FROM STDIN WITH ({options})", chunks)
    except BaseException:
        con.execute(f"DROP TABLE IF EXISTS {table}")
        raise


def _file_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as f:
        head = f.read(3)
        if head != b"\xef\xbb\xbf":  # a byte-order mark is not part of the header
            yield head
        while chunk := f.read(1 << 20):
            yield chunk


def create_indexes(con: Connection) -> None:
    """Indexes for one person's records and the events' dates (PostgreSQL only: DuckDB
    scans and hashes)."""
    for table, cols in (("hr_persons", "person_id"), ("hr_events", "person_id"),
                        ("hr_events", "date"),
                        ("hr_sickness", "person_id"), ("hr_volunteer_hours", "person_id"),
                        ("ledger_entries", "period, unit, category"),
                        ("forecast_entries", "run_id"), ("anticipation_cells", "run_id")):
        create_index(con, table, cols)
    # the first mutation (not a hire) starts the derived ledger: found without a scan
    create_index(con, "hr_events", "date", where="type <> 'hire'",
                 name="hr_events_by_date_of_mutations")


def create_index(con: Connection, table: str, cols: str, *, where: str | None = None,
                 name: str | None = None) -> None:
    if is_postgres(con):
        name = name or f"{table}_by_{cols.split(',')[0].strip()}"
        partial = f" WHERE {where}" if where else ""
        con.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({cols}){partial}")


def analyze(con: Connection, tables: tuple[str, ...]) -> None:
    """Refresh the planner's statistics after a bulk write (PostgreSQL): without them a
    freshly filled table looks empty and joins on it are planned as nested loops."""
    if is_postgres(con) and tables:
        con.execute(f"ANALYZE {', '.join(tables)}")
