"""Tables as XLSX: one sheet per table, numbers as numbers (unrounded) with a display
format; percentages in percent (6.1 shown as '6,1 %'); dates as dates.

Each sheet: the title (row 1), the explanation (row 2, empty when there is none), the
header (row 3), then the rows; a part's heading is a bold row of its own; notes below.
A sheet whose figures are synthetic starts row 2 with the notice (bold, red) and has a
red tab; the rows stay where they are.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sterkte.report.table import Column, Table

# openpyxl (half a second to load) loads when a workbook is written, not with every command
if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name: str) -> str:
    return _BAD_SHEET_CHARS.sub("-", name)[:31]


def number_format(column: Column) -> str:
    """The cell format a column's numbers are shown with (Excel localises the marks)."""
    if column.kind == "date":
        return "dd-mm-yyyy"
    zeros = "." + "0" * column.decimals if column.decimals else ""
    fmt = f"#,##0{zeros}"
    if column.signed:
        fmt = f"+{fmt};-{fmt};0"
    return fmt + (' "%"' if column.kind == "percent" else "")


def workbook(tables: list[Table]) -> Workbook:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    for ws in list(wb.worksheets):
        wb.remove(ws)
    used: set[str] = set()
    for table in tables:
        name = sheet_name(table.name)
        while name in used:
            name = sheet_name(name[:28] + f"-{len(used)}")
        used.add(name)
        ws = wb.create_sheet(name)
        ws.append([table.title])
        ws["A1"].font = Font(bold=True)
        second = " ".join(t for t in (table.synthetic_notice, table.explanation) if t)
        ws.append([second] if second else [])
        if table.synthetic:
            ws["A2"].font = Font(bold=True, color="B00000")
            ws.sheet_properties.tabColor = "B00000"
        ws.append([c.header for c in table.columns])
        for cell in ws[3]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        heads = table.headings()
        for i, row in enumerate(table.rows):
            if i in heads:
                ws.append([heads[i].heading])
                ws.cell(ws.max_row, 1).font = Font(bold=True)
            ws.append([v if not isinstance(v, float) or v == v else None for v in row])
            r = ws.max_row
            for j in range(len(table.columns)):
                col = table.column_format(i, j)
                value = row[j]
                if col.kind != "text" and isinstance(value, float | int | dt.date):
                    ws.cell(r, j + 1).number_format = number_format(col)
                if i in table.totals:
                    ws.cell(r, j + 1).font = Font(bold=True)
        for j, col in enumerate(table.columns, start=1):
            letter = ws.cell(3, j).column_letter
            wide = col.kind == "text" or j <= table.stub
            ws.column_dimensions[letter].width = 30 if wide else 14
        last = ws.max_row
        for k, note in enumerate(table.notes):
            ws.cell(last + 2 + k, 1, note)
        no_formulas(ws)
    return wb


def no_formulas(ws: Worksheet) -> None:
    """Every cell as the value it was given: openpyxl makes text that starts with '=' a
    formula, which the spreadsheet would run (a team code or name from an imported file
    could be '=HYPERLINK(...)'); sterkte writes no formulas."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def write_xlsx(tables: list[Table], path: Path) -> Path:
    """``tables`` to ``path``, one sheet each."""
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook(tables).save(path)
    return path
