"""Read a CSV or XLSX file into a grid of cells, with clear errors for what is not a table.

CSV: UTF-8 (with or without BOM) or UTF-16 with BOM; delimiter ``,``, ``;`` or
tab, sniffed from the header line. XLSX: one sheet, the first unless named.
Cells come back as ``str`` (CSV) or ``str | float | None`` (XLSX), with their
1-based row number as a spreadsheet shows it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from sterkte.errors import InputError, Msg, decode_text, unreadable

CellValue = str | float | None


@dataclass(frozen=True)
class Sheet:
    path: Path
    rows: list[tuple[int, list[CellValue]]]  # (1-based row number, cells)
    delimiter: str | None  # None for XLSX
    sheet: str | None  # None for CSV
    checksum: str  # sha256 of the file's bytes


def file_checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_sheet(path: Path, sheet: str | None = None,
              looks_like_header: object = None) -> Sheet:
    """The cells of ``path``. ``looks_like_header`` (a callable taking a row) lets
    the XLSX reader tell the user which other sheet holds the table."""
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError.at(name, Msg("bestand niet gevonden", "no such file")) from None
    except IsADirectoryError:
        raise InputError.at(name, Msg("is een map, verwacht een CSV- of XLSX-bestand",
                                       "is a folder, expected a CSV or XLSX file")) from None
    except OSError as exc:
        raise unreadable(name, exc) from None
    if not data.strip():
        raise InputError.at(name, Msg("het bestand is leeg: verwacht een tabel met een kopregel",
                                      "the file is empty: expected a table with a header row"))
    if data[:2] == b"PK" or path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path, data, sheet, looks_like_header)
    if sheet is not None:
        raise InputError.at(name, Msg("--sheet geldt alleen voor XLSX-bestanden",
                                      "--sheet applies to XLSX files only"))
    return _read_csv(path, data)


_NOT_TEXT = Msg("geen teksttabel (het bevat NUL-bytes): verwacht CSV-tekst in UTF-8, of een "
                "XLSX-werkmap",
                "not a text table (it contains NUL bytes): expected CSV text in UTF-8, or an "
                "XLSX workbook")
_SAVE_CSV = Msg("kies in Excel bij het opslaan 'CSV UTF-8'",
                "in Excel choose 'CSV UTF-8' when saving")


def csv_error(name: str, exc: csv.Error, row: int) -> InputError:
    """The error for a CSV line Python's reader refused (its words are English)."""
    if "field larger than field limit" in str(exc):
        limit = f"{csv.field_size_limit():,}"
        return InputError.at(name, Msg(
            f"een cel is langer dan {limit.replace(',', '.')} tekens: verwacht een tabel "
            "met gewone cellen (staat er een aanhalingsteken \" dat niet wordt gesloten?)",
            f"a cell is longer than {limit} characters: expected a table of ordinary "
            "cells (is there a quote \" that is never closed?)"), row=row)
    return InputError.at(name, Msg(f"geen geldige CSV-tabel: {exc}",
                                   f"not a valid CSV table: {exc}"), row=row)


def _read_csv(path: Path, data: bytes) -> Sheet:
    text = decode_text(str(path), data, _NOT_TEXT, _SAVE_CSV)
    # A title line may stand above the header: sniff from the busiest early line.
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    delimiter = max((";", ",", "\t"), key=lambda d: max(line.count(d) for line in lines))
    if max(line.count(delimiter) for line in lines) == 0:
        raise InputError.at(str(path), Msg(
            "geen tabel: geen enkele regel heeft kolommen gescheiden door ',', ';' of een tab",
            "not a table: no line has columns separated by ',', ';' or a tab"), row=1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[CellValue]]] = []
    try:
        for cells in reader:
            rows.append((reader.line_num, [c.strip() for c in cells]))
    except csv.Error as exc:
        raise csv_error(str(path), exc, reader.line_num) from None
    return Sheet(path, rows, delimiter, None, file_checksum(data))


def _read_xlsx(path: Path, data: bytes, sheet: str | None, looks_like_header: object) -> Sheet:
    from openpyxl import load_workbook  # imported here: a heavy import only XLSX needs

    name = str(path)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError.at(name, Msg(
            f"geen leesbare XLSX-werkmap ({exc.__class__.__name__})",
            f"not a readable XLSX workbook ({exc.__class__.__name__})")) from None
    try:
        names = list(wb.sheetnames)
        if sheet is not None and sheet not in names:
            listed = ", ".join(repr(n) for n in names)
            raise InputError.at(name, Msg(f"geen werkblad met de naam {sheet!r}; de werkmap "
                                          f"heeft {listed}",
                                          f"no sheet named {sheet!r}; the workbook has {listed}"))
        chosen = sheet if sheet is not None else names[0]
        grids = {n: _sheet_rows(wb[n]) for n in ([chosen] if sheet else names)}
    finally:
        wb.close()
    rows = grids[chosen]
    if sheet is None and callable(looks_like_header) and not any(
        looks_like_header(cells) for _, cells in rows[:20]
    ):
        others = [n for n in names[1:]
                  if any(looks_like_header(c) for _, c in grids[n][:20])]
        if others:
            raise InputError.at(name, Msg(
                f"werkblad {chosen!r} heeft geen tabel, maar werkblad {others[0]!r} wel: geef "
                f"--sheet {others[0]!r}",
                f"sheet {chosen!r} has no table, but sheet {others[0]!r} "
                f"has one: pass --sheet {others[0]!r}"))
    return Sheet(path, rows, None, chosen, file_checksum(data))


def _sheet_rows(ws: object) -> list[tuple[int, list[CellValue]]]:
    out: list[tuple[int, list[CellValue]]] = []
    for i, row in enumerate(ws.iter_rows(values_only=True), start=1):  # type: ignore[attr-defined]
        cells: list[CellValue] = []
        for v in row:
            if v is None or isinstance(v, str):
                cells.append(v.strip() if isinstance(v, str) else None)
            elif isinstance(v, bool):
                cells.append(str(v))
            elif isinstance(v, int | float):
                cells.append(float(v))
            else:
                cells.append(str(v))
        out.append((i, cells))
    return out
