"""Tables as Markdown (numbers rounded and formatted for reading)."""

from __future__ import annotations

from sterkte.ledger import format_number
from sterkte.report.tables import Table


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def to_markdown(table: Table) -> str:
    lines = [f"**{_cell(table.title)}**", ""]
    lines.append("| " + " | ".join(_cell(h) for h in table.headers) + " |")
    lines.append("|" + "---|" + "---:|" * (len(table.headers) - 1))
    for row in table.rows:
        cells = [format_number(v, table.lang, table.decimals) for v in row.values]
        label = f"**{_cell(row.label)}**" if row.total else _cell(row.label)
        if row.total:
            cells = [f"**{c}**" for c in cells]
        lines.append("| " + " | ".join([label, *cells]) + " |")
    lines.extend(["", *table.notes])
    return "\n".join(lines).rstrip() + "\n"
