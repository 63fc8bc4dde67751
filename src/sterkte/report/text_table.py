"""Tables of already formatted text (status lists, registers): terminal, Markdown, CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from rich import box
from rich.console import Console
from rich.table import Table as RichTable


@dataclass
class TextTable:
    title: str
    headers: list[str]
    rows: list[list[str]]
    right: set[int] = field(default_factory=set)  # columns to align right (numbers)
    notes: list[str] = field(default_factory=list)
    lang: str = "nl"


def print_text_table(table: TextTable, console: Console) -> None:
    t = RichTable(title=table.title, title_justify="left", box=box.SIMPLE_HEAD)
    for i, h in enumerate(table.headers):
        t.add_column(h, justify="right" if i in table.right else "left",
                     overflow="fold", no_wrap=i in table.right)
    for row in table.rows:
        t.add_row(*row)
    width = sum(max(len(h), *(len(r[i]) for r in table.rows)) + 3
                for i, h in enumerate(table.headers)) if table.rows else 80
    if not console.is_terminal and console.width < width:
        console = Console(file=console.file, width=min(width, 220))
    console.print(t)
    for note in table.notes:
        console.print(note, style="dim")


def to_markdown(table: TextTable) -> str:
    def esc(s: str) -> str:
        return s.replace("|", "\\|")

    lines = [f"**{esc(table.title)}**", "",
             "| " + " | ".join(esc(h) for h in table.headers) + " |",
             "|" + "".join("---:|" if i in table.right else "---|"
                           for i in range(len(table.headers)))]
    lines += ["| " + " | ".join(esc(c) for c in r) + " |" for r in table.rows]
    return "\n".join([*lines, "", *table.notes]).rstrip() + "\n"


def to_csv(table: TextTable) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";" if table.lang != "en" else ",", lineterminator="\n")
    w.writerow(table.headers)
    w.writerows(table.rows)
    return buf.getvalue()
