"""Tables as XLSX: one sheet per table, numbers as numbers with a display format."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from sterkte.report.grid import Grid
from sterkte.report.tables import Table

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name: str) -> str:
    return _BAD_SHEET_CHARS.sub("-", name)[:31]


def write_xlsx(tables: list[Table], path: Path) -> Path:
    """Write ``tables`` to ``path``; each on its own sheet: title, header, rows."""
    wb = Workbook()
    for ws in list(wb.worksheets):
        wb.remove(ws)
    for table in tables:
        ws = wb.create_sheet(sheet_name(table.name))
        ws.append([table.title])
        ws["A1"].font = Font(bold=True)
        ws.append([])
        ws.append(table.headers)
        for cell in ws[3]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        number_format = "#,##0" if table.decimals == 0 else "#,##0." + "0" * table.decimals
        for row in table.rows:
            ws.append([row.label, *row.values])
            r = ws.max_row
            for c in range(2, len(row.values) + 2):
                ws.cell(r, c).number_format = number_format
                if row.total:
                    ws.cell(r, c).font = Font(bold=True)
            if row.total:
                ws.cell(r, 1).font = Font(bold=True)
        ws.column_dimensions["A"].width = 26
        for col in "BCDEFGHIJKLMNOP"[: len(table.headers) - 1]:
            ws.column_dimensions[col].width = 14
        for i, note in enumerate(table.notes):
            ws.cell(ws.max_row + 2 + i, 1, note)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def grid_sheets(grids: list[Grid]) -> Workbook:
    """A workbook with one sheet per grid: title, explanation, header, rows. Numbers are
    numbers (unrounded) with a display format; percentages are in percent (6.1 = 6,1 %)."""
    wb = Workbook()
    for ws in list(wb.worksheets):
        wb.remove(ws)
    used: set[str] = set()
    for grid in grids:
        name = sheet_name(grid.name)
        while name in used:
            name = sheet_name(name[:28] + f"-{len(used)}")
        used.add(name)
        ws = wb.create_sheet(name)
        ws.append([grid.title])
        ws["A1"].font = Font(bold=True)
        ws.append([grid.explanation])
        ws.append([c.header for c in grid.columns])
        for cell in ws[3]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for i, row in enumerate(grid.rows):
            ws.append(list(row))
            r = ws.max_row
            for j, col in enumerate(grid.columns, start=1):
                if col.kind != "text":
                    zeros = "." + "0" * col.decimals if col.decimals else ""
                    fmt = f"#,##0{zeros}"
                    if col.signed:
                        fmt = f"+{fmt};-{fmt};0"
                    ws.cell(r, j).number_format = fmt + (' "%"' if col.kind == "percent"
                                                         else "")
                if i in grid.totals:
                    ws.cell(r, j).font = Font(bold=True)
        for j, col in enumerate(grid.columns, start=1):
            letter = ws.cell(3, j).column_letter
            ws.column_dimensions[letter].width = 30 if col.kind == "text" else 14
        for k, note in enumerate(grid.notes):
            ws.cell(ws.max_row + 2 + k, 1, note)
    return wb


def write_grids(grids: list[Grid], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    grid_sheets(grids).save(path)
    return path
