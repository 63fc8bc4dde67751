"""Tables on the terminal (rich). Numbers never break; long headers wrap between words."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table as RichTable

from sterkte.ledger import format_number
from sterkte.report.tables import Table


def to_rich(table: Table, width: int | None = None) -> tuple[RichTable, int]:
    """The rich table and the width it needs.

    Each value column is as wide as its longest header word when ``width`` allows
    (or is ``None``: output to a file), else as wide as its widest number, so on a
    narrow screen a header folds inside a word but a number never breaks.
    """
    cells = [[format_number(v, table.lang, table.decimals) for v in row.values]
             for row in table.rows]
    label_width = max((len(r.label) for r in table.rows), default=10)
    value_widths = [max((len(c[i]) for c in cells), default=1)
                    for i in range(len(table.headers) - 1)]
    word_widths = [max(map(len, h.split()), default=1) for h in table.headers[1:]]
    natural = [max(v, w) for v, w in zip(value_widths, word_widths, strict=True)]
    natural_total = label_width + sum(natural) + 4 * len(table.headers) + 2
    narrow_total = label_width + sum(value_widths) + 4 * len(table.headers) + 2
    fits = width is None or width >= natural_total
    t = RichTable(title=table.title, title_justify="left", box=box.SIMPLE_HEAD,
                  padding=(0, 1))
    t.add_column(table.headers[0], no_wrap=True, min_width=label_width)
    for h, v, n in zip(table.headers[1:], value_widths, natural, strict=True):
        t.add_column(h, justify="right", min_width=n if fits else v, max_width=n,
                     overflow="fold")
    for i, row in enumerate(table.rows):
        last_before_total = i + 1 < len(table.rows) and table.rows[i + 1].total
        t.add_row(row.label, *cells[i], style="bold" if row.total else None,
                  end_section=last_before_total)
    return t, natural_total if fits else narrow_total


def print_table(table: Table, console: Console) -> None:
    screen = console.width if console.is_terminal else None
    rich_table, needed = to_rich(table, screen)
    if console.width < needed:
        # Print wider and let the terminal wrap the line rather than break a number.
        console = Console(file=console.file, width=needed, no_color=console.no_color,
                          force_terminal=console.is_terminal)
    console.print(rich_table)
    for note in table.notes:
        console.print(note, style="dim")
