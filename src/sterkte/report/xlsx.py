"""Tables as XLSX: one sheet per table, numbers as numbers with a display format."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

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
