"""Read HR record files (CSV, Parquet, XLSX) into raw string columns, at the gate.

This module does the file-level half of the gate: it recognises the kind of
file from its header (persons, events, sickness spells, volunteer hours),
refuses any column that must not enter the system (names, national ID
numbers, free text, contact details) and any column that is not in the
schema, and returns every cell as text with its row number. Typing and the
row-level rules are :mod:`sterkte.store.hr_gate`'s job, in SQL.

Row numbers are as a user sees them: in CSV and XLSX the header is row 1, so
the first record is row 2; in Parquet (no header line) the first record is 1.
Blank CSV lines are skipped but keep their number; a value with a line break
inside quotes is read correctly, but the rows after it are then numbered as if
it had none.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from sterkte.errors import InputError, Problem
from sterkte.records.hr import (
    REFUSED_COLUMNS,
    SIGNATURE,
    RecordKind,
    columns,
)

SUFFIXES = (".csv", ".parquet", ".pq", ".xlsx")


@dataclass(frozen=True)
class CsvSpec:
    """A plain CSV file the database can read itself (much faster than through Python).

    Only used when every line after the header is one record (``records`` lines), so
    that a record's position gives its line number; otherwise (quoted line breaks,
    blank lines) the file is read by :func:`read_hr_file` with ``fast=False``.
    """

    path: Path
    delimiter: str
    names: tuple[str, ...]  # normalised header names, in file order
    records: int  # lines after the header


@dataclass(frozen=True)
class RawRecords:
    """One file's records as text: a ``_row`` column plus one string column per field,
    either as an Arrow ``table`` or, for plain CSV, as a ``csv`` for the database."""

    file: str  # the path as given, for messages
    kind: RecordKind
    sha256: str  # of the file's bytes: the same file is imported once
    table: pa.Table | None
    # rows the reader could not split into fields (CSV): (row, message)
    unreadable: list[tuple[int, str]] = field(default_factory=list)
    csv: CsvSpec | None = None
    loaded: str | None = None  # a temporary table already holding the CSV's text

    @property
    def num_rows(self) -> int:
        if self.table is not None:
            return int(self.table.num_rows)
        return self.csv.records if self.csv is not None else 0


def normalise_header(name: str) -> str:
    """``" Birth Year"`` → ``"birth_year"``."""
    return "_".join(str(name).strip().lower().replace("-", " ").split())


def file_sha256(path: Path) -> str:
    return _scan(path)[0]


def _scan(path: Path) -> tuple[str, int, bool]:
    """SHA-256 of the file, its number of lines, and whether it has a blank line."""
    h = hashlib.sha256()
    lines = 0
    blank = False
    last = b"\n"
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 22), b""):
            h.update(chunk)
            lines += chunk.count(b"\n")
            blank = blank or b"\n\n" in chunk or b"\n\r\n" in chunk or (
                last == b"\n" and chunk[:1] in (b"\n", b"\r"))
            last = chunk[-1:]
    if last != b"\n":
        lines += 1
    return h.hexdigest(), lines, blank


def check_header(file: str, header: list[str]) -> RecordKind:
    """The kind of file a header belongs to; refuses forbidden and unknown columns.

    Raises :class:`InputError` naming every offending column, so nothing of the
    file is read, let alone stored.
    """
    names = [normalise_header(h) for h in header]
    problems = [Problem(file, 1, raw, f"refused at the gate: {REFUSED_COLUMNS[n]}; "
                        "remove this column and import again")
                for raw, n in zip(header, names, strict=True) if n in REFUSED_COLUMNS]
    if problems:
        raise InputError(problems)
    kinds = [k for k, sig in SIGNATURE.items() if sig <= set(names)]
    if len(kinds) != 1:
        expected = "; ".join(f"{k}: {', '.join(sorted(s))}" for k, s in SIGNATURE.items())
        raise InputError.at(file, "cannot tell what kind of HR file this is from its header; "
                            f"expected the columns of one of: {expected}", row=1)
    kind = kinds[0]
    allowed = {c.name for c in columns(kind)}
    for raw, n in zip(header, names, strict=True):
        if n not in allowed:
            problems.append(Problem(file, 1, raw, (
                f"not a column of {kind} records (allowed: {', '.join(sorted(allowed))}); "
                "columns outside the schema are refused because they may carry personal data")))
    seen: set[str] = set()
    for raw, n in zip(header, names, strict=True):
        if n in seen:
            problems.append(Problem(file, 1, raw, "the column appears twice"))
        seen.add(n)
    for c in columns(kind):
        if c.required and c.name not in names:
            problems.append(Problem(file, 1, c.name, f"required column of {kind} is missing"))
    if problems:
        raise InputError(problems)
    return kind


def peek_hr_file(path: str | Path) -> RecordKind:
    """The kind of HR file at ``path``, from its header alone; refuses forbidden and
    unknown columns (so a batch can be refused before anything of it is read)."""
    p = Path(path)
    file = str(path)
    if not p.is_file():
        raise InputError.at(file, "no such file")
    suffix = p.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError.at(file, f"unsupported file type {suffix!r}; expected CSV, Parquet "
                            "or XLSX")
    try:
        if suffix == ".csv":
            with p.open(encoding="utf-8-sig", newline="") as f:
                first = f.readline()
            delimiter = ";" if first.count(";") > first.count(",") else ","
            header = next(csv.reader([first], delimiter=delimiter), [])
        elif suffix == ".xlsx":
            import openpyxl

            wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
            try:
                row = next(wb.worksheets[0].iter_rows(max_row=1, values_only=True), ())
            finally:
                wb.close()
            header = [str(v) for v in row if v is not None]
        else:
            header = list(pq.read_schema(p).names)
    except InputError:
        raise
    except Exception as exc:  # any unreadable file: a message, not a traceback
        raise InputError.at(file, f"cannot read the file: {exc}") from None
    if not header:
        raise InputError.at(file, "the file is empty; expected a header row", row=1)
    return check_header(file, header)


def read_hr_file(path: str | Path, *, fast: bool = True) -> RawRecords:
    """Read one file; raise :class:`InputError` if it is not a readable HR file.

    With ``fast``, a plain CSV file (no blank lines, no line breaks inside quotes)
    is only checked here and left for the database to read (:class:`CsvSpec`)."""
    p = Path(path)
    file = str(path)
    if not p.is_file():
        raise InputError.at(file, "no such file")
    suffix = p.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError.at(file, f"unsupported file type {suffix!r}; expected CSV, Parquet "
                            "or XLSX")
    if fast and suffix == ".csv":
        kind = peek_hr_file(p)
        sha, lines, blank = _scan(p)
        with p.open(encoding="utf-8-sig", newline="") as f:
            first = f.readline()
        delimiter = ";" if first.count(";") > first.count(",") else ","
        names = tuple(normalise_header(h)
                      for h in next(csv.reader([first], delimiter=delimiter)))
        if not blank:
            return RawRecords(file, kind, sha, None, csv=CsvSpec(p, delimiter, names, lines - 1))
    try:
        if suffix == ".csv":
            kind, table, unreadable = _read_csv(p, file)
        elif suffix == ".xlsx":
            kind, table = _read_xlsx(p, file)
            unreadable = []
        else:
            kind, table = _read_parquet(p, file)
            unreadable = []
    except (pa.ArrowInvalid, OSError, ValueError, KeyError) as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError.at(file, f"cannot read the file: {exc}") from None
    return RawRecords(file, kind, file_sha256(p), table, unreadable)


def _finish(kind: RecordKind, header: list[str], arrays: list[pa.Array] | list[pa.ChunkedArray],
            rows: pa.Array | pa.ChunkedArray) -> pa.Table:
    names = [normalise_header(h) for h in header]
    by_name = dict(zip(names, arrays, strict=True))
    n = len(rows)
    cols: dict[str, pa.Array | pa.ChunkedArray] = {"_row": rows}
    for c in columns(kind):
        arr = by_name.get(c.name)
        cols[c.name] = arr if arr is not None else pa.nulls(n, pa.string())
    return pa.table(cols)


def _read_csv(p: Path, file: str) -> tuple[RecordKind, pa.Table, list[tuple[int, str]]]:
    with p.open(encoding="utf-8-sig", newline="") as f:
        first = f.readline()
    if not first.strip():
        raise InputError.at(file, "the file is empty; expected a header row", row=1)
    delimiter = ";" if first.count(";") > first.count(",") else ","
    header = next(csv.reader([first], delimiter=delimiter))
    kind = check_header(file, header)
    bad: list[tuple[int, str]] = []
    # blank lines are skipped by the reader but keep their number
    with p.open(encoding="utf-8-sig", newline="") as f:
        blank = [i for i, line in enumerate(f, start=1) if not line.strip()]

    def on_invalid(row: pacsv.InvalidRow) -> str:
        bad.append((int(row.number or 0), f"expected {row.expected_columns} fields, "
                    f"found {row.actual_columns}"))
        return "skip"

    def read(threads: bool) -> pa.Table:
        return pacsv.read_csv(
            p,
            read_options=pacsv.ReadOptions(use_threads=threads, encoding="utf-8"),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                             invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(
                column_types={h: pa.string() for h in header}, strings_can_be_null=True,
                null_values=[""], quoted_strings_can_be_null=True),
        )

    table = read(threads=True)
    if bad:  # line numbers of bad rows are only known when reading in one thread
        bad.clear()
        table = read(threads=False)
    n = table.num_rows
    # Physical line numbers: data starts on line 2; skipped lines are holes.
    skipped = np.array(sorted([*(r for r, _ in bad), *blank]), dtype=np.int64)
    lines = np.arange(2, n + len(skipped) + 2, dtype=np.int64)
    if len(skipped):
        lines = lines[~np.isin(lines, skipped)]
    # Whitespace is trimmed (and blanks become empty) by the gate's SQL, in parallel.
    rows = pa.chunked_array([pa.array(lines[:n])]).cast(pa.int64())
    return kind, _finish(kind, header, list(table.columns), rows), bad


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value).strip()
    return text or None


def _read_xlsx(p: Path, file: str) -> tuple[RecordKind, pa.Table]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise InputError.at(file, f"not a readable XLSX workbook: {exc}") from None
    try:
        ws = wb.worksheets[0]
        it = ws.iter_rows(values_only=True)
        first = next(it, None)
        if first is None:
            raise InputError.at(file, "the first sheet is empty; expected a header row", row=1)
        width = max((i + 1 for i, v in enumerate(first) if v is not None), default=0)
        header = [str(v) if v is not None else "" for v in first[:width]]
        kind = check_header(file, header)
        cols: list[list[str | None]] = [[] for _ in header]
        rows: list[int] = []
        for i, values in enumerate(it, start=2):
            cells = [_cell_text(v) for v in values[:width]]
            if all(c is None for c in cells):
                continue  # trailing empty rows are common in spreadsheets
            cells += [None] * (width - len(cells))
            for j, c in enumerate(cells):
                cols[j].append(c)
            rows.append(i)
    finally:
        wb.close()
    arrays = [pa.array(c, pa.string()) for c in cols]
    return kind, _finish(kind, header, arrays, pa.array(rows, pa.int64()))


def _read_parquet(p: Path, file: str) -> tuple[RecordKind, pa.Table]:
    table = pq.read_table(p)
    header = list(table.column_names)
    kind = check_header(file, header)
    arrays = []
    for col in table.columns:
        a = col.combine_chunks()
        if pa.types.is_timestamp(a.type):
            a = pc.strftime(a, format="%Y-%m-%d")
        elif pa.types.is_dictionary(a.type):
            a = a.dictionary_decode()
        arrays.append(pc.cast(a, pa.string()))
    rows = pa.array(np.arange(1, table.num_rows + 1, dtype=np.int64))
    return kind, _finish(kind, header, arrays, rows)
