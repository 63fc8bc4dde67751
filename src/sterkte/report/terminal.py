"""Tables on the terminal (rich): no number is ever cut, folded or ellipsised.

A table wider than the console is split into blocks of columns, each repeating the
columns that name a row (the table's stub), printed one below the other: on an
80-column terminal, and equally in a file or a pipe (``COLUMNS`` or rich's default
of 80 sets the width), every number of the table is printed whole. Numbers keep
their width; headers wrap between words; long text wraps within its column.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich import box
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from sterkte.report.table import Table

_GAP = 3  # rich, box SIMPLE_HEAD, padding (0, 1): two spaces of padding and a divider
_EDGE = 1
_HEADER_WORD = 14  # a value column is as wide as a header word up to this many characters
_TEXT_MIN = 12  # a text column wraps down to its longest word, but not below this
_STUB_SHARE = 0.5  # the repeated stub takes at most this share of a narrow console


@dataclass(frozen=True)
class _Width:
    need: int  # the narrowest that shows every value whole
    want: int  # natural: every cell and the header on one line


def _measure(table: Table) -> list[_Width]:
    out = []
    for j, col in enumerate(table.columns):
        cells = [table.text(i, j) for i in range(len(table.rows))]
        header_word = max((len(w) for w in col.header.split()), default=0)
        widest = max((len(c) for c in cells), default=0)
        want = max(widest, len(col.header), 1)
        if col.kind != "text" and j >= table.stub:
            out.append(_Width(max(widest, min(header_word, _HEADER_WORD), 1), want))
            continue
        words = max((len(w) for c in cells for w in c.split()), default=0)
        out.append(_Width(min(want, max(_TEXT_MIN, words, min(header_word, _HEADER_WORD))),
                          want))
    return out


def _span(widths: list[int]) -> int:
    return sum(widths) + _GAP * len(widths) + _EDGE


def layout(table: Table, width: int) -> list[list[tuple[int, int]]]:
    """Blocks of (column index, width) that each fit in ``width`` characters where the
    values allow; the stub columns open every block. Columns get their natural width
    when the whole table fits; otherwise they start from the narrowest that shows every
    value whole and grow into the room a block leaves."""
    m = _measure(table)
    n = len(table.columns)
    stub = list(range(min(table.stub, n)))
    if _span([w.want for w in m]) <= width or n == len(stub):
        return [[(j, m[j].want) for j in range(n)]]
    stub_w = {j: m[j].want for j in stub}
    budget = int(width * _STUB_SHARE)
    for j in reversed(stub):  # shrink the stub toward its minimum, last column first
        over = _span(list(stub_w.values())) - budget
        if over > 0:
            stub_w[j] = max(m[j].need, stub_w[j] - over)
    rest = [(j, m[j].need) for j in range(len(stub), n)]
    fixed = list(stub_w.values())
    blocks = _pack(rest, fixed, width)
    # As few blocks as the width needs, then as even as possible: the narrowest width
    # that still packs into that many blocks.
    low, high = _span([*fixed, max(w for _, w in rest)]), width
    while low < high:
        mid = (low + high) // 2
        if len(_pack(rest, fixed, mid)) <= len(blocks):
            high = mid
        else:
            low = mid + 1
    if low < width:
        blocks = _pack(rest, fixed, low)
    out = []
    for block in blocks:
        widths = {j: stub_w[j] for j in stub} | dict(block)
        spare = width - _span(list(widths.values()))
        # Room goes first to text that would wrap, then to the stub, then to headers.
        texts = [j for j in widths if table.columns[j].kind == "text" and j not in stub]
        for j in texts + stub + [j for j in widths if j not in texts and j not in stub]:
            extra = min(max(spare, 0), m[j].want - widths[j])
            widths[j] += extra
            spare -= extra
        out.append(list(widths.items()))
    return out


def _pack(columns: list[tuple[int, int]], fixed: list[int], width: int
          ) -> list[list[tuple[int, int]]]:
    """Columns in order into blocks of at most ``width`` beside the ``fixed`` stub (a
    column too wide for any block gets one of its own)."""
    blocks: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for j, w in columns:
        if current and _span([*fixed, *(x for _, x in current), w]) > width:
            blocks.append(current)
            current = []
        current.append((j, w))
    if current:
        blocks.append(current)
    return blocks


def to_rich(table: Table, block: list[tuple[int, int]]) -> RichTable:
    t = RichTable(box=box.SIMPLE_HEAD, padding=(0, 1))
    for j, w in block:
        col = table.columns[j]
        numeric = col.kind != "text" and j >= table.stub
        t.add_column(col.header, justify="right" if numeric else "left", width=w,
                     overflow="fold", no_wrap=False)
    heads = table.headings()
    n = len(table.rows)
    for i in range(n):
        if i in heads:
            t.add_row(Text(heads[i].heading, style="bold"), *[""] * (len(block) - 1))
        ends = i + 1 < n and (i + 1 in table.totals or i + 1 in heads)
        t.add_row(*(Text(table.text(i, j)) for j, _ in block),
                  style="bold" if i in table.totals else None, end_section=ends)
    return t


def print_table(table: Table, console: Console) -> None:
    """The title, the synthetic notice (when the figures are synthetic), the table in as
    many blocks as the console's width needs, the explanation and the notes."""
    width = console.width
    if table.title:
        console.print(Text(table.title, style="bold"), width=width)
    if table.synthetic:
        console.print(Text(table.synthetic_notice, style="bold red"), width=width)
    for k, block in enumerate(layout(table, width)):
        if k:
            console.print()
        rich_table = to_rich(table, block)
        needed = _span([w for _, w in block])
        if needed > width:
            # Even alone a column is wider than the console: print wider and let the
            # terminal wrap the line, rather than cut a number.
            Console(file=console.file, width=needed, no_color=console.no_color,
                    force_terminal=console.is_terminal).print(rich_table)
        else:
            console.print(rich_table)
    if table.explanation:
        console.print(Text(table.explanation, style="italic"), width=width)
    for note in table.notes:
        console.print(Text(note, style="dim"), width=width)
