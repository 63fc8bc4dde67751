"""Tables as Markdown: numbers rounded and formatted for reading, totals in bold."""

from __future__ import annotations

from sterkte.report.table import Table


def _esc(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def to_markdown(table: Table) -> str:
    """Title (bold), the synthetic notice (a quote, when the figures are synthetic),
    explanation (italic), the table, notes. A part's heading is a row of
    its own, its text in bold in the first column."""
    lines = [f"**{_esc(table.title)}**", ""]
    if table.synthetic:
        lines += [f"> **{_esc(table.synthetic_notice)}**", ""]
    if table.explanation:
        lines += [f"*{_esc(table.explanation)}*", ""]
    lines.append("| " + " | ".join(_esc(c.header) for c in table.columns) + " |")
    lines.append("|" + "".join("---|" if c.kind == "text" or j < table.stub else "---:|"
                               for j, c in enumerate(table.columns)))
    heads = table.headings()
    for i in range(len(table.rows)):
        if i in heads:
            empty = [""] * (len(table.columns) - 1)
            lines.append("| " + " | ".join([f"**{_esc(heads[i].heading)}**", *empty]) + " |")
        cells = [_esc(table.text(i, j)) for j in range(len(table.columns))]
        if i in table.totals:
            cells = [f"**{c}**" if c else c for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
    lines.extend(["", *table.notes])
    return "\n".join(lines).rstrip() + "\n"
