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

import codecs
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

from sterkte.errors import InputError, Msg, Problem
from sterkte.errors import unreadable as cannot_read
from sterkte.records.hr import (
    REFUSED_COLUMNS,
    SIGNATURE,
    SYNTHETIC_MARKER,
    RecordKind,
    columns,
)

SUFFIXES = (".csv", ".parquet", ".pq", ".xlsx")
# What to do with a file that cannot be read: said after every such message.
EXPECTED = Msg("exporteer de HR-gegevens opnieuw als CSV (UTF-8), XLSX of Parquet, met een "
               "kopregel met de kolommen van het soort gegevens (zie docs/hr.md)",
               "export the HR records again as CSV (UTF-8), XLSX or Parquet, with a header row "
               "of the record's columns (see docs/hr.md)")


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
    synthetic: bool = False  # the file carries the synthetic police's marker column

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


def _first_bad_utf8(p: Path) -> tuple[int, int] | None:
    """(line, byte) of the first byte of ``p`` that is not UTF-8, or None."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line, offset = 1, 0
    with p.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return line + chunk[:exc.start].count(b"\n"), chunk[exc.start]
            line += chunk.count(b"\n")
            offset += len(chunk)
    return None


NO_FILE = Msg("bestand niet gevonden", "no such file")
EMPTY = Msg("het bestand is leeg; verwacht een kopregel",
            "the file is empty; expected a header row")


def unsupported(suffix: str) -> Msg:
    return Msg(f"bestandstype {suffix!r} wordt niet ondersteund; verwacht CSV, Parquet of XLSX",
               f"unsupported file type {suffix!r}; expected CSV, Parquet or XLSX")


def unreadable(file: str, reason: str = "") -> InputError:
    """The error for a file that is not a readable HR file: which file, what it seems to
    be instead, and what to do. ``reason`` is the reader's own words, used when the
    file's first bytes say nothing more."""
    p = Path(file)
    try:
        with p.open("rb") as f:
            head = f.read(4096)
    except OSError as exc:
        return cannot_read(file, exc)
    suffix = p.suffix.lower()
    row = None
    todo = EXPECTED
    utf8 = Msg("sla het op als 'CSV UTF-8' (in Excel: Opslaan als, CSV UTF-8) en importeer het "
               "opnieuw",
               "save it as 'CSV UTF-8' (in Excel: Save as, CSV UTF-8) and import it again")
    kind = suffix.lstrip('.').upper()
    why_nl, why_en = (f" ({reason})", f" ({reason})") if reason else ("", "")
    if head.startswith(b"%PDF"):
        what = Msg("is een PDF-document, geen tabel", "is a PDF document, not a table")
    elif head[:2] == b"PK" and suffix != ".xlsx":
        what = Msg(f"is een zipbestand (een XLSX-werkmap?) met de naam van een {kind}-bestand; "
                   "als het een werkmap is, noem het dan .xlsx",
                   f"is a zip file (an XLSX workbook?) with the name of a {kind} file; if it "
                   "is a workbook, name it .xlsx")
    elif head[:4] == b"PAR1" and suffix not in (".parquet", ".pq"):
        what = Msg("is een Parquet-bestand; noem het .parquet",
                   "is a Parquet file; name it .parquet")
    elif suffix == ".csv" and head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        what, todo = Msg("is UTF-16-tekst, geen UTF-8", "is UTF-16 text, not UTF-8"), utf8
    elif suffix == ".csv" and b"\x00" in head:
        what = Msg("is geen tekst (het bevat NUL-bytes), dus geen CSV-tabel",
                   "is not text (it contains NUL bytes), so not a CSV table")
    elif suffix == ".csv" and (bad := _first_bad_utf8(p)) is not None:
        row = bad[0]
        what, todo = Msg(f"is geen UTF-8-tekst (byte 0x{bad[1]:02x} is onleesbaar)",
                         f"is not UTF-8 text (byte 0x{bad[1]:02x} cannot be read)"), utf8
    elif suffix == ".xlsx":
        what = Msg(f"is geen leesbare XLSX-werkmap{why_nl}",
                   f"is not a readable XLSX workbook{why_en}")
    elif suffix in (".parquet", ".pq"):
        what = Msg(f"is geen leesbaar Parquet-bestand{why_nl}",
                   f"is not a readable Parquet file{why_en}")
    else:
        what = Msg(f"kan niet worden gelezen{why_nl}", f"cannot be read{why_en}")
    return InputError.at(file, Msg(f"{what.nl}: {todo.nl}", f"{what.en}: {todo.en}"), row=row)


def check_header(file: str, header: list[str]) -> RecordKind:
    """The kind of file a header belongs to; refuses forbidden and unknown columns.

    Raises :class:`InputError` naming every offending column, so nothing of the
    file is read, let alone stored.
    """
    names = [normalise_header(h) for h in header]
    problems = [Problem(file, 1, raw, Msg(
                        f"geweigerd bij de poort: {REFUSED_COLUMNS[n].nl}; verwijder deze kolom "
                        "en importeer opnieuw",
                        f"refused at the gate: {REFUSED_COLUMNS[n].en}; "
                        "remove this column and import again"))
                for raw, n in zip(header, names, strict=True) if n in REFUSED_COLUMNS]
    if problems:
        raise InputError(problems)
    kinds = [k for k, sig in SIGNATURE.items() if sig <= set(names)]
    if len(kinds) != 1:
        expected = "; ".join(f"{k}: {', '.join(sorted(s))}" for k, s in SIGNATURE.items())
        raise InputError.at(file, Msg(
            "aan de kopregel is niet te zien wat voor HR-bestand dit is; verwacht de "
            f"kolommen van een van: {expected}",
            "cannot tell what kind of HR file this is from its header; "
            f"expected the columns of one of: {expected}"), row=1)
    kind = kinds[0]
    allowed = {c.name for c in columns(kind)} | {SYNTHETIC_MARKER}
    for raw, n in zip(header, names, strict=True):
        if n not in allowed:
            problems.append(Problem(file, 1, raw, Msg(
                f"geen kolom van {kind}-gegevens (toegestaan: {', '.join(sorted(allowed))}); "
                "kolommen buiten het schema worden geweigerd omdat ze persoonsgegevens kunnen "
                "bevatten",
                f"not a column of {kind} records (allowed: {', '.join(sorted(allowed))}); "
                "columns outside the schema are refused because they may carry personal data")))
    seen: set[str] = set()
    for raw, n in zip(header, names, strict=True):
        if n in seen:
            problems.append(Problem(file, 1, raw, Msg("de kolom komt twee keer voor",
                                                      "the column appears twice")))
        seen.add(n)
    for c in columns(kind):
        if c.required and c.name not in names:
            problems.append(Problem(file, 1, c.name, Msg(
                f"verplichte kolom van {kind} ontbreekt", f"required column of {kind} is missing")))
    if problems:
        raise InputError(problems)
    return kind


def peek_hr_file(path: str | Path) -> RecordKind:
    """The kind of HR file at ``path``, from its header alone; refuses forbidden and
    unknown columns (so a batch can be refused before anything of it is read)."""
    p = Path(path)
    file = str(path)
    if not p.is_file():
        raise InputError.at(file, NO_FILE)
    suffix = p.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError.at(file, unsupported(suffix))
    if suffix == ".csv" and p.stat().st_size == 0:
        raise InputError.at(file, EMPTY, row=1)
    try:
        if suffix == ".csv":
            with p.open(encoding="utf-8-sig", newline="") as f:
                first = f.readline()
            if "\x00" in first:
                raise unreadable(file)
            delimiter = ";" if first.count(";") > first.count(",") else ","
            header = next(csv.reader([first], delimiter=delimiter), [])
        elif suffix == ".xlsx":
            header = _xlsx_sheet(p, file)[1]
        else:
            header = list(pq.read_schema(p).names)
    except InputError:
        raise
    except Exception as exc:  # any unreadable file: a message, not a traceback
        raise unreadable(file, str(exc)) from None
    if not header:
        raise InputError.at(file, EMPTY, row=1)
    return check_header(file, header)


def _header_kind(header: list[str]) -> RecordKind | None:
    names = {normalise_header(h) for h in header}
    kinds = [k for k, sig in SIGNATURE.items() if sig <= names]
    return kinds[0] if len(kinds) == 1 else None


def _xlsx_sheet(p: Path, file: str) -> tuple[str, list[str]]:
    """The sheet of an HR workbook and its header: the first sheet, or else the one sheet
    whose first row is the header of HR records; an error naming the sheets otherwise."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise unreadable(file, f"{exc.__class__.__name__}: {exc}") from None
    try:
        headers = {}
        for ws in wb.worksheets:
            row = next(ws.iter_rows(max_row=1, values_only=True), ())
            headers[ws.title] = [str(v) for v in row if v is not None]
    finally:
        wb.close()
    names = list(headers)
    if not names:
        raise InputError.at(file, Msg(f"de werkmap heeft geen werkbladen: {EXPECTED.nl}",
                                      f"the workbook has no sheets: {EXPECTED.en}"))
    first = names[0]
    if _header_kind(headers[first]) is not None or len(names) == 1:
        return first, headers[first]
    found = [n for n in names if _header_kind(headers[n]) is not None]
    if len(found) == 1:
        return found[0], headers[found[0]]
    sheets = ", ".join(repr(n) for n in names)
    if not found:
        raise InputError.at(file, Msg(
            f"geen werkblad van de werkmap ({sheets}) begint met de kopregel van HR-gegevens: "
            f"{EXPECTED.nl}",
            f"no sheet of the workbook ({sheets}) starts with the "
            f"header of HR records: {EXPECTED.en}"))
    listed = ", ".join(repr(n) for n in found)
    raise InputError.at(file, Msg(
        f"de werkbladen {listed} bevatten elk HR-gegevens; importeer één soort gegevens per "
        "bestand: sla elk van deze werkbladen op als een eigen werkmap (of CSV)",
        f"sheets {listed} each hold HR "
        "records; import one kind of records per file: save each of these "
        "sheets as a workbook (or CSV) of its own"))


def read_hr_file(path: str | Path, *, fast: bool = True) -> RawRecords:
    """Read one file; raise :class:`InputError` if it is not a readable HR file.

    With ``fast``, a plain CSV file (no blank lines, no line breaks inside quotes)
    is only checked here and left for the database to read (:class:`CsvSpec`)."""
    p = Path(path)
    file = str(path)
    if not p.is_file():
        raise InputError.at(file, NO_FILE)
    suffix = p.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError.at(file, unsupported(suffix))
    if fast and suffix == ".csv":
        kind = peek_hr_file(p)
        sha, lines, blank = _scan(p)
        with p.open(encoding="utf-8-sig", newline="") as f:
            first = f.readline()
        delimiter = ";" if first.count(";") > first.count(",") else ","
        names = tuple(normalise_header(h)
                      for h in next(csv.reader([first], delimiter=delimiter)))
        if not blank:
            return RawRecords(file, kind, sha, None, csv=CsvSpec(p, delimiter, names, lines - 1),
                              synthetic=SYNTHETIC_MARKER in names)
    try:
        if suffix == ".csv":
            kind, table, bad_rows, synthetic = _read_csv(p, file)
        elif suffix == ".xlsx":
            kind, table, synthetic = _read_xlsx(p, file)
            bad_rows = []
        else:
            kind, table, synthetic = _read_parquet(p, file)
            bad_rows = []
    except (pa.ArrowInvalid, OSError, ValueError, KeyError) as exc:
        if isinstance(exc, InputError):
            raise
        raise unreadable(file, str(exc)) from None
    return RawRecords(file, kind, file_sha256(p), table, bad_rows, synthetic=synthetic)


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


def _marked(header: list[str]) -> bool:
    return SYNTHETIC_MARKER in {normalise_header(h) for h in header}


def _read_csv(p: Path, file: str) -> tuple[RecordKind, pa.Table, list[tuple[int, str]], bool]:
    with p.open(encoding="utf-8-sig", newline="") as f:
        first = f.readline()
    if not first.strip():
        raise InputError.at(file, EMPTY, row=1)
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
    return kind, _finish(kind, header, list(table.columns), rows), bad, _marked(header)


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


def _read_xlsx(p: Path, file: str) -> tuple[RecordKind, pa.Table, bool]:
    import openpyxl

    sheet, _ = _xlsx_sheet(p, file)
    try:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise unreadable(file, f"{exc.__class__.__name__}: {exc}") from None
    try:
        ws = wb[sheet]
        it = ws.iter_rows(values_only=True)
        first = next(it, None)
        if first is None:
            raise InputError.at(file, Msg(f"werkblad {sheet!r} is leeg; verwacht een kopregel",
                                          f"sheet {sheet!r} is empty; expected a header row"),
                                row=1)
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
    return kind, _finish(kind, header, arrays, pa.array(rows, pa.int64())), _marked(header)


def _read_parquet(p: Path, file: str) -> tuple[RecordKind, pa.Table, bool]:
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
    return kind, _finish(kind, header, arrays, rows), _marked(header)
