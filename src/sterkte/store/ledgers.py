"""Ledgers in the store, with their provenance.

Tables (see :mod:`sterkte.store.migrations`):
- ``imports``: one row per imported file — source name and path, sha256
  checksum (unique: the same file imported twice is kept once), kind, category,
  period, when.
- ``ledger_entries``: the ledger values of each import.
- ``table_inconsistencies``: what the reader found in each published table.

When two imports hold the same (period, unit, category), the later import wins:
a corrected table supersedes the one it corrects, and both stay on record.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from sterkte.ledger import Category, Ledger, Period
from sterkte.records.imports import ImportRecord, ImportResult
from sterkte.sources.published import Inconsistency, PublishedTable
from sterkte.store.db import Connection, has_table, transaction
from sterkte.store.prognoses import PrognosisFile, write_prognoses

# Called after each entry is written with (written, total); a progress bar, or a
# test's way of failing an import half-way.
Progress = Callable[[int, int], None]


def ensure_schema(con: Connection) -> None:
    from sterkte.store.migrations import ensure_current

    ensure_current(con)


def _has_schema(con: Connection) -> bool:
    return has_table(con, "imports")


def find_import(con: Connection, checksum: str) -> ImportRecord | None:
    if not _has_schema(con):
        return None
    row = con.execute("SELECT * FROM imports WHERE checksum = ?", [checksum]).fetchone()
    return ImportRecord(*row) if row else None


def list_imports(con: Connection) -> list[ImportRecord]:
    if not _has_schema(con):
        return []
    return [ImportRecord(*r) for r in
            con.execute("SELECT * FROM imports ORDER BY import_id").fetchall()]


def import_published_tables(
    con: Connection, tables: list[PublishedTable],
    progress: Progress | None = None, prognoses: Sequence[PrognosisFile] = (),
) -> list[ImportResult]:
    """Store read tables in one transaction: all of them land, or none does — the
    published tables, and the police's prognosis files (:mod:`sterkte.store.prognoses`)
    in the same transaction (their results follow the tables' results).

    A file whose checksum is already stored is kept once (``already_present``); the
    check runs inside the transaction, so two processes importing the same file at once
    on PostgreSQL store it once (the second waits for the first, then finds it).
    """
    ensure_schema(con)
    results: list[ImportResult | None] = []
    seen: dict[str, int] = {}
    written = 0
    now = datetime.now(UTC).replace(tzinfo=None)
    with transaction(con):
        todo: list[tuple[int, PublishedTable]] = []
        for i, table in enumerate(tables):
            existing = find_import(con, table.checksum)
            if existing is not None:
                results.append(ImportResult(existing, already_present=True))
            elif table.checksum in seen:  # the same file named twice on one command line
                results.append(None)
            else:
                seen[table.checksum] = i
                results.append(None)
                todo.append((i, table))
        total = sum(len(t.ledger) for _, t in todo)
        row = con.execute("SELECT COALESCE(MAX(import_id), 0) FROM imports").fetchone()
        next_id = int(row[0]) + 1 if row else 1
        for i, table in todo:
            entries = list(table.ledger)
            record = ImportRecord(next_id, table.path.name, str(table.path), table.checksum,
                                  "published_table", table.category.value, str(table.period),
                                  now, len(entries))
            con.execute("INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [record.import_id, record.source_name, record.source_path,
                         record.checksum, record.kind, record.category, record.period,
                         record.imported_at, record.entries])
            for (period, unit, cat, flow), value in entries:
                con.execute("INSERT INTO ledger_entries VALUES (?, ?, ?, ?, ?, ?)",
                            [next_id, str(period), unit, cat.value, flow, value])
                written += 1
                if progress is not None:
                    progress(written, total)
            for seq, inc in enumerate(table.inconsistencies, start=1):
                con.execute("INSERT INTO table_inconsistencies VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            [next_id, seq, inc.unit, inc.column, inc.check, inc.expected,
                             inc.found, inc.terms])
            results[i] = ImportResult(record, already_present=False)
            next_id += 1
        extra = write_prognoses(con, prognoses, next_id, now, lambda c: find_import(con, c))
    for i, table in enumerate(tables):
        if results[i] is None:
            first = results[seen[table.checksum]]
            assert first is not None
            results[i] = ImportResult(first.record, already_present=True)
    return [*(r for r in results if r is not None), *extra]


def load_ledger(
    con: Connection, *, category: Category | None = None,
    period: Period | None = None,
) -> Ledger:
    """The stored ledger: for each (period, unit, category) the latest import's values."""
    if not _has_schema(con):
        return Ledger()
    sql = """
        SELECT e.period, e.unit, e.category, e.flow, e.value
        FROM ledger_entries e
        JOIN (SELECT period, unit, category, MAX(import_id) AS import_id
              FROM ledger_entries GROUP BY period, unit, category) latest
          ON e.period = latest.period AND e.unit = latest.unit
         AND e.category = latest.category AND e.import_id = latest.import_id
        WHERE (CAST(? AS VARCHAR) IS NULL OR e.category = ?)
          AND (CAST(? AS VARCHAR) IS NULL OR e.period = ?)
        ORDER BY e.period, e.unit, e.category, e.flow
    """
    cat = category.value if category else None
    per = str(period) if period else None
    rows = con.execute(sql, [cat, cat, per, per]).fetchall()
    return Ledger.from_records(
        {"period": p, "unit": u, "category": c, "flow": f, "value": v} for p, u, c, f, v in rows
    )


def load_inconsistencies(con: Connection,
                         import_id: int) -> list[Inconsistency]:
    rows = con.execute("SELECT unit, column_name, check_name, expected, found, terms "
                       "FROM table_inconsistencies WHERE import_id = ? ORDER BY seq",
                       [import_id]).fetchall()
    return [Inconsistency(*r) for r in rows]


def sources_for(con: Connection, category: Category,
                period: Period) -> list[ImportRecord]:
    """The imports that the ledger of (category, period) is read from (provenance)."""
    if not _has_schema(con):
        return []
    rows = con.execute(
        """SELECT DISTINCT i.* FROM imports i
           JOIN ledger_entries e ON e.import_id = i.import_id
           JOIN (SELECT period, unit, category, MAX(import_id) AS import_id
                 FROM ledger_entries GROUP BY period, unit, category) latest
             ON e.period = latest.period AND e.unit = latest.unit
            AND e.category = latest.category AND e.import_id = latest.import_id
           WHERE e.category = ? AND e.period = ? ORDER BY i.import_id""",
        [category.value, str(period)]).fetchall()
    return [ImportRecord(*r) for r in rows]


def bundled_dataset() -> list[Path]:
    """The default dataset: the published 2021 OS and ASP tables shipped with sterkte."""
    from importlib import resources

    base = resources.files("sterkte.data")
    return [Path(str(base.joinpath(n))) for n in ("os-2021-by-unit.csv", "asp-2021-by-unit.csv")]
