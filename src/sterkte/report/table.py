"""The one report table: what every writer (terminal, Markdown, CSV, XLSX, HTML, JSON) draws.

A :class:`Table` keeps every number unrounded and knows, per column, what it holds
(text, a number, a percentage, a date) and how to show it; only the writers round.
Rows have keys for machines (a unit code, a flow name, a norm); some rows are totals;
a table in parts (the prognosis tables 3, 4 and 5 in one) has sections, each with a
heading. Writers: :mod:`~sterkte.report.terminal`, :mod:`~sterkte.report.markdown`,
:mod:`~sterkte.report.csv_out`, :mod:`~sterkte.report.xlsx`, the HTML macro in
``templates/grid_macros.html`` and :meth:`Table.to_json` (the web API).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sterkte.ledger import format_number, format_percent
from sterkte.report.labels import synthetic_notice

Kind = Literal["text", "number", "percent", "date"]
Value = str | float | dt.date | None


@dataclass(frozen=True)
class Column:
    """``decimals`` and ``signed`` ('+12') say how a number is shown; percentages are in
    percent (6.1 is shown '6,1 %')."""

    key: str
    header: str
    kind: Kind = "number"
    decimals: int = 0
    signed: bool = False

    @property
    def numeric(self) -> bool:
        return self.kind in ("number", "percent")


@dataclass(frozen=True)
class Format:
    """A row's own display of its numbers, for a column that mixes measures (a list of
    norms in fte, persons and percent)."""

    kind: Kind
    decimals: int = 0


@dataclass(frozen=True)
class Section:
    """The rows from ``start`` up to the next section's start form one part of the table.

    ``label`` is short and fills the section column of the CSV ('Tabel 3'); ``title`` is
    the heading shown above the part ('Tabel 3: Prognose …'; default the label)."""

    start: int
    label: str
    title: str = ""

    @property
    def heading(self) -> str:
        return self.title or self.label


@dataclass
class Table:
    """``rows[i][j]`` is the value of column ``j`` in row ``i``; ``keys[i]`` names row ``i``
    for machines. ``stub`` leading columns name a row: a narrow terminal repeats them in
    every block of columns. ``key_header``, when set, makes the CSV carry the row keys in
    a column of that name; ``section_header`` heads the CSV's section column."""

    name: str  # file-name-safe identifier, e.g. 'os-2021'
    title: str
    columns: list[Column]
    rows: list[list[Value]] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    lang: str = "nl"
    explanation: str = ""
    notes: list[str] = field(default_factory=list)
    totals: set[int] = field(default_factory=set)  # indices of total rows
    sections: list[Section] = field(default_factory=list)
    formats: dict[int, Format] = field(default_factory=dict)  # row index → its own format
    stub: int = 1
    key_header: str = ""
    section_header: str = ""
    # What of the figures is synthetic ('hr': the synthetic police's HR records,
    # 'incidents', 'planned': synthetic demand); empty for real data. Every writer shows
    # the notice (sterkte.report.labels.synthetic_notice).
    synthetic: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if len(self.keys) != len(self.rows):
            raise ValueError(f"{self.name}: {len(self.keys)} keys for {len(self.rows)} rows")
        for r in self.rows:
            if len(r) != len(self.columns):
                raise ValueError(f"{self.name}: a row has {len(r)} cells, expected "
                                 f"{len(self.columns)}")
        starts = [s.start for s in self.sections]
        if starts != sorted(starts) or any(not 0 <= s <= len(self.rows) for s in starts):
            raise ValueError(f"{self.name}: sections must start in order within the rows")

    def add(self, key: str, values: Sequence[Value], *, total: bool = False,
            fmt: Format | None = None) -> None:
        """Append one row (its cells in column order)."""
        if len(values) != len(self.columns):
            raise ValueError(f"{self.name}: row {key!r} has {len(values)} cells, expected "
                             f"{len(self.columns)}")
        self.rows.append(list(values))
        self.keys.append(key)
        i = len(self.rows) - 1
        if total:
            self.totals.add(i)
        if fmt is not None:
            self.formats[i] = fmt

    def section(self, label: str, title: str = "") -> None:
        """Start a new part: the rows added from now on belong to it."""
        self.sections.append(Section(len(self.rows), label, title))

    @property
    def synthetic_notice(self) -> str:
        """'Synthetische gegevens: …' in the table's language; empty for real data."""
        return synthetic_notice(self.synthetic, self.lang)

    def mark_synthetic(self, kinds: Sequence[str]) -> Table:
        """Add ``kinds`` of synthetic input to what the table says it rests on."""
        self.synthetic = tuple(dict.fromkeys([*self.synthetic, *kinds]))
        return self

    def column_format(self, row: int, col: int) -> Column:
        """Column ``col`` as row ``row`` shows it (its own format, if it has one)."""
        c = self.columns[col]
        f = self.formats.get(row)
        if f is None or not c.numeric:
            return c
        return Column(c.key, c.header, f.kind, f.decimals, c.signed)

    def text(self, row: int, col: int) -> str:
        """A cell as shown: rounded and formatted in the table's language."""
        return display(self.rows[row][col], self.column_format(row, col), self.lang)

    def value(self, key: str, column: str) -> Value:
        return self.rows[self.keys.index(key)][self.column_index(column)]

    def column_index(self, key: str) -> int:
        return [c.key for c in self.columns].index(key)

    def headings(self) -> dict[int, Section]:
        """Row index → the section that starts there (empty sections are left out)."""
        out: dict[int, Section] = {}
        for s in self.sections:
            if s.start < len(self.rows):
                out[s.start] = s
        return out

    def section_of(self, row: int) -> Section | None:
        found = None
        for s in self.sections:
            if s.start <= row:
                found = s
        return found

    def to_json(self) -> dict[str, Any]:
        """Unrounded values by column key, plus their display text (the web API)."""
        rows = []
        for i, (k, r) in enumerate(zip(self.keys, self.rows, strict=True)):
            row: dict[str, Any] = {
                "key": k, "total": i in self.totals,
                "values": {c.key: _json_value(v) for c, v in zip(self.columns, r, strict=True)},
                "text": {c.key: self.text(i, j) for j, c in enumerate(self.columns)}}
            section = self.section_of(i)
            if section is not None:
                row["section"] = section.label
            rows.append(row)
        return {
            "name": self.name, "title": self.title, "lang": self.lang,
            "explanation": self.explanation, "notes": self.notes,
            "synthetic": bool(self.synthetic), "synthetic_notice": self.synthetic_notice,
            "columns": [{"key": c.key, "header": c.header, "kind": c.kind,
                         "decimals": c.decimals} for c in self.columns],
            "rows": rows,
        }


def _json_value(v: Value) -> Value:
    return v.isoformat() if isinstance(v, dt.date) else v


def display(value: Value, column: Column, lang: str) -> str:
    """A value as a report shows it: numbers rounded half away from zero, in the Dutch
    (46.174; 6,1 %) or English (46,174; 6.1 %) format; no value (None, NaN) as '–'."""
    if isinstance(value, str):
        return value
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y") if lang != "en" else value.isoformat()
    if value is None or math.isnan(value):
        return "–"
    if column.kind == "percent":
        if column.signed:
            return f"{format_number(value, lang, column.decimals, signed=True)} %"
        return format_percent(value, lang, column.decimals)
    return format_number(value, lang, column.decimals, signed=column.signed)


def stack(tables: Sequence[Table], column: Column, labels: Sequence[str]) -> Table:
    """One table of several with the same columns, a leading text ``column`` saying which
    each row came from (``labels[i]`` for ``tables[i]``); for a CSV of scenarios."""
    if not tables:
        raise ValueError("nothing to stack")
    first = tables[0]
    out = Table(first.name, first.title, [column, *first.columns], lang=first.lang,
                explanation=first.explanation, notes=list(first.notes), stub=first.stub + 1,
                key_header=first.key_header, section_header=first.section_header,
                synthetic=tuple(dict.fromkeys(k for t in tables for k in t.synthetic)))
    for t, lab in zip(tables, labels, strict=True):
        if [c.key for c in t.columns] != [c.key for c in first.columns]:
            raise ValueError(f"{t.name}: columns differ from {first.name}'s")
        heads = t.headings()
        for i, (k, r) in enumerate(zip(t.keys, t.rows, strict=True)):
            if i in heads:
                out.section(heads[i].label, heads[i].title)
            out.add(k, [lab, *r], total=i in t.totals, fmt=t.formats.get(i))
    return out
