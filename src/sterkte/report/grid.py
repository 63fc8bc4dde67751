"""A report grid: a table whose columns say what they hold (text, fte, percent, date).

The annex mixes published-layout tables (numbers only) with status lists and
registers (text beside numbers). A :class:`Grid` keeps every number unrounded
and knows, per column, how to show it; renderers: Markdown and HTML (rounded,
Dutch format by default), CSV and XLSX (numbers as numbers), JSON (the web API).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any, Literal

from sterkte.ledger import format_number, format_percent
from sterkte.report.csv_out import plain_number
from sterkte.report.tables import Table

Kind = Literal["text", "number", "percent"]
Value = str | float | None


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: Kind = "number"
    decimals: int = 0
    signed: bool = False  # differences: '+12'


@dataclass
class Grid:
    """``rows[i][j]`` is the value of column ``j``; ``keys[i]`` names row ``i`` for
    machines (a unit code, a flow name, a norm and scope)."""

    name: str  # file-name-safe identifier, e.g. 'os-2021'
    title: str
    columns: list[Column]
    rows: list[list[Value]]
    keys: list[str]
    lang: str = "nl"
    explanation: str = ""
    notes: list[str] = field(default_factory=list)
    totals: set[int] = field(default_factory=set)  # indices of total rows

    def __post_init__(self) -> None:
        if len(self.keys) != len(self.rows):
            raise ValueError(f"{self.name}: {len(self.keys)} keys for {len(self.rows)} rows")
        for r in self.rows:
            if len(r) != len(self.columns):
                raise ValueError(f"{self.name}: a row has {len(r)} cells, expected "
                                 f"{len(self.columns)}")

    def text(self, row: int, col: int) -> str:
        """A cell as shown: rounded and formatted in the grid's language."""
        return display(self.rows[row][col], self.columns[col], self.lang)

    def value(self, key: str, column: str) -> Value:
        return self.rows[self.keys.index(key)][[c.key for c in self.columns].index(column)]

    def to_json(self) -> dict[str, Any]:
        """Unrounded values by column key, plus their display text (the web API)."""
        return {
            "name": self.name, "title": self.title, "lang": self.lang,
            "explanation": self.explanation, "notes": self.notes,
            "columns": [{"key": c.key, "header": c.header, "kind": c.kind,
                         "decimals": c.decimals} for c in self.columns],
            "rows": [{"key": k, "total": i in self.totals,
                      "values": {c.key: v for c, v in zip(self.columns, r, strict=True)},
                      "text": {c.key: self.text(i, j) for j, c in enumerate(self.columns)}}
                     for i, (k, r) in enumerate(zip(self.keys, self.rows, strict=True))],
        }


def display(value: Value, column: Column, lang: str) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return "–"
    if column.kind == "percent":
        if column.signed:
            return f"{format_number(value, lang, column.decimals, signed=True)} %"
        return format_percent(value, lang, column.decimals)
    return format_number(value, lang, column.decimals, signed=column.signed)


def from_table(table: Table, explanation: str = "") -> Grid:
    """A published-layout :class:`Table` as a grid (first column: the unit)."""
    cols = [Column("unit", table.headers[0], "text")]
    cols += [Column(f"c{i}", h, "number", table.decimals)
             for i, h in enumerate(table.headers[1:], start=1)]
    return Grid(table.name, table.title, cols,
                [[r.label, *r.values] for r in table.rows],
                [r.unit or r.label for r in table.rows], table.lang, explanation,
                list(table.notes), {i for i, r in enumerate(table.rows) if r.total})


def to_markdown(grid: Grid) -> str:
    def esc(s: str) -> str:
        return s.replace("|", "\\|").replace("\n", " ")

    lines = [f"**{esc(grid.title)}**", ""]
    if grid.explanation:
        lines += [f"*{esc(grid.explanation)}*", ""]
    lines.append("| " + " | ".join(esc(c.header) for c in grid.columns) + " |")
    lines.append("|" + "".join("---|" if c.kind == "text" else "---:|" for c in grid.columns))
    for i in range(len(grid.rows)):
        cells = [esc(grid.text(i, j)) for j in range(len(grid.columns))]
        if i in grid.totals:
            cells = [f"**{c}**" for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
    lines.extend(["", *grid.notes])
    return "\n".join(lines).rstrip() + "\n"


def to_csv(grid: Grid) -> str:
    """Numbers unrounded; Dutch: ``;`` and a decimal comma, English: ``,`` and a point."""
    dutch = grid.lang != "en"
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";" if dutch else ",", lineterminator="\n")
    writer.writerow([c.header for c in grid.columns])
    for row in grid.rows:
        cells = []
        for v in row:
            if v is None:
                cells.append("")
            elif isinstance(v, str):
                cells.append(v)
            else:
                text = plain_number(v)
                cells.append(text.replace(".", ",") if dutch else text)
        writer.writerow(cells)
    return buf.getvalue()
