"""The police's own prognoses in the store: vintages of Tabel 3, 4 and 5, with provenance.

A *vintage* is one prognosis as the police made it — named (e.g. the letter that
published it), with the first year it forecasts (made at the start of that year) and,
when known, the date it was made. Several vintages stand side by side; within a
vintage a later import of a table supersedes the earlier one, and both stay on record.

Tables (schema version 4, :mod:`sterkte.store.migrations`; the file itself is an
``imports`` row of kind ``prognosis_table``, its findings in ``table_inconsistencies``):
- ``prognosis_vintages``: name, description, first year, made on;
- ``prognosis_entries``: per import, table (3, 4, 5), kind (``realisation`` or
  ``prognosis``), year, row (the ledger's name) and fte as printed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sterkte.ledger.prognosis_layout import TABLES
from sterkte.records.imports import ImportRecord, ImportResult, Vintage
from sterkte.sources.numbers import NumberFormat
from sterkte.sources.prognosis import PROGNOSED, REALISED, PrognosisTable
from sterkte.sources.published import Inconsistency
from sterkte.store.db import Connection, has_table

KIND = "prognosis_table"

@dataclass(frozen=True)
class PrognosisFile:
    """The prognosis tables read from one file, for one vintage."""

    path: Path
    checksum: str
    vintage: Vintage
    tables: list[PrognosisTable]


def _has(con: Connection) -> bool:
    return has_table(con, "prognosis_entries")


def write_prognoses(con: Connection, files: Sequence[PrognosisFile],
                    next_id: int, now: dt.datetime,
                    find: Callable[[str], ImportRecord | None]) -> list[ImportResult]:
    """Write ``files`` (inside the caller's transaction) as imports ``next_id``, … .
    A file already stored (same checksum) is kept once; a vintage already stored keeps
    its description unless this one says more."""
    out: list[ImportResult] = []
    seen: dict[str, ImportRecord] = {}
    for f in files:
        known = find(f.checksum) or seen.get(f.checksum)
        if known is not None:
            out.append(ImportResult(known, already_present=True))
            continue
        v = f.vintage
        con.execute("""INSERT INTO prognosis_vintages VALUES (?, ?, ?, ?)
                       ON CONFLICT (vintage) DO UPDATE SET
                         description = excluded.description,
                         made_on = COALESCE(excluded.made_on, prognosis_vintages.made_on)""",
                    [v.name, v.description, v.first_year, v.made_on])
        rows = [(next_id, v.name, t.number, kind, year, key, value)
                for t in f.tables
                for kind, year, values in [(REALISED, t.realised_year, t.realised),
                                           *((PROGNOSED, y, t.prognosis[y]) for y in t.years)]
                if year is not None for key, value in values.items()]
        record = ImportRecord(next_id, f.path.name, str(f.path), f.checksum, KIND,
                              ",".join(t.number for t in f.tables), str(v.first_year), now,
                              len(rows))
        con.execute("INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [record.import_id, record.source_name, record.source_path,
                     record.checksum, record.kind, record.category, record.period,
                     record.imported_at, record.entries])
        if rows:
            con.executemany("INSERT INTO prognosis_entries VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        findings = [[next_id, seq, i.unit, i.column, i.check, i.expected, i.found, i.terms]
                    for seq, i in enumerate((i for t in f.tables for i in t.inconsistencies),
                                            start=1)]
        if findings:
            con.executemany("INSERT INTO table_inconsistencies VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            findings)
        seen[f.checksum] = record
        out.append(ImportResult(record, already_present=False))
        next_id += 1
    return out


def list_vintages(con: Connection) -> list[Vintage]:
    """Every stored vintage, by first year, then name."""
    if not _has(con):
        return []
    rows = con.execute("SELECT vintage, description, first_year, made_on "
                       "FROM prognosis_vintages ORDER BY first_year, vintage").fetchall()
    return [Vintage(str(n), str(d), int(y), m) for n, d, y, m in rows]


def vintage_for_year(con: Connection, year: int, tabel: str | None = None
                     ) -> Vintage | None:
    """The prognosis made for ``year`` (first year ``year``) that holds table ``tabel``
    ('3', '4', '5'; any when None); of several, the one imported last. None when the store
    holds no such prognosis."""
    if not _has(con):
        return None
    which = "" if tabel is None else " AND e.tabel = ?"
    row = con.execute(f"""
        SELECT v.vintage, v.description, v.first_year, v.made_on
        FROM prognosis_vintages v JOIN prognosis_entries e ON e.vintage = v.vintage
        WHERE v.first_year = ?{which}
        GROUP BY v.vintage, v.description, v.first_year, v.made_on
        ORDER BY MAX(e.import_id) DESC LIMIT 1""",
                      [year] if tabel is None else [year, tabel]).fetchone()
    return Vintage(str(row[0]), str(row[1]), int(row[2]), row[3]) if row else None


def load_prognosis(con: Connection, vintage: str) -> list[PrognosisTable]:
    """The tables of ``vintage`` (each from its latest import), in table order."""
    if not _has(con):
        return []
    rows = con.execute("""
        SELECT e.tabel, e.kind, e.year, e.row_name, e.value, i.source_path, i.checksum,
               e.import_id
        FROM prognosis_entries e JOIN imports i ON i.import_id = e.import_id
        JOIN (SELECT tabel, MAX(import_id) AS import_id FROM prognosis_entries
              WHERE vintage = ? GROUP BY tabel) latest
          ON latest.tabel = e.tabel AND latest.import_id = e.import_id
        WHERE e.vintage = ? ORDER BY e.tabel, e.kind, e.year""", [vintage, vintage]).fetchall()
    by_number = {n: title for title, (n, _) in TABLES.items()}
    tables: dict[str, PrognosisTable] = {}
    for tabel, kind, year, key, value, path, checksum, import_id in rows:
        title = by_number[str(tabel)]
        t = tables.get(tabel)
        if t is None:
            t = PrognosisTable(Path(str(path)), title, str(tabel), TABLES[title][1], None, {},
                               {}, str(checksum), NumberFormat.PLAIN)
            t.inconsistencies = [i for i in load_findings(con, int(import_id))
                                 if i.unit.startswith(f"Tabel {tabel}")]
            tables[tabel] = t
        if kind == REALISED:
            t.realised_year = int(year)
            t.realised[str(key)] = float(value)
        else:
            t.prognosis.setdefault(int(year), {})[str(key)] = float(value)
    return [tables[k] for k in sorted(tables)]


def load_findings(con: Connection, import_id: int) -> list[Inconsistency]:
    rows = con.execute("SELECT unit, column_name, check_name, expected, found, terms "
                       "FROM table_inconsistencies WHERE import_id = ? ORDER BY seq",
                       [import_id]).fetchall()
    return [Inconsistency(*r) for r in rows]
