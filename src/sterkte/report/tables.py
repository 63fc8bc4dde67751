"""A report table: what every renderer (terminal, Markdown, CSV, XLSX, HTML) draws.

Values stay unrounded here; each renderer rounds for display (or, for CSV and
XLSX, writes the numbers as numbers).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sterkte.ledger import CLOSING, NET, OPENING, Ledger, Period
from sterkte.ledger.layouts import TableLayout
from sterkte.org import NATIONAL, OrgTree, national_police


@dataclass(frozen=True)
class Row:
    label: str
    values: list[float | None]
    unit: str = ""  # unit code, when the row is a unit
    total: bool = False


@dataclass
class Table:
    name: str  # a file-name-safe identifier, e.g. 'os-2021'
    title: str
    headers: list[str]  # first header is the row-label column
    rows: list[Row]
    lang: str = "nl"
    decimals: int = 0
    notes: list[str] = field(default_factory=list)


def published_table(
    ledger: Ledger, layout: TableLayout, period: Period, lang: str = "nl",
    units: list[str] | None = None, tree: OrgTree | None = None, source_label: str = "",
) -> Table:
    """The published layout of ``layout`` for ``period``.

    Rows are the reporting units present in ``ledger`` in published order, then the
    total row: the printed total when the ledger carries one (so a table read from a
    letter renders as printed), else the sum of the units. ``units`` limits the rows
    to those unit codes (the total row is shown only when asked for as NATIONAL).
    """
    tree = tree or national_police()
    cat = layout.category
    present = {u for (p, u, c, _), _ in ledger if p == period and c == cat}
    if not present:
        raise LookupError(f"no {layout.name.upper()} figures for {period} in the store")
    order = [c for c in tree.children(NATIONAL) if c in present]
    order += sorted(u for u in present if u not in order and u != NATIONAL)
    if NATIONAL not in present:
        ledger = ledger.select(periods=[period], categories=[cat]).map_units(
            {u.code: u.parent for u in tree})
    rows: list[Row] = []
    for code in [*order, NATIONAL]:
        if units is not None and code not in units:
            continue
        values: list[float | None] = []
        for col in layout.columns:
            if col.key == OPENING:
                values.append(ledger.opening(period, code, cat))
            elif col.key == CLOSING:
                values.append(ledger.closing(period, code, cat))
            elif col.key == NET:
                values.append(ledger.net(period, code, cat))
            else:
                values.append(ledger.get(period, code, cat, col.key))
        unit = tree.find(code)
        label = unit.label(lang) if unit is not None else code
        rows.append(Row(label, values, code, total=code == NATIONAL))
    if not rows:
        raise LookupError(f"none of the units {units} has {layout.name.upper()} figures "
                          f"for {period}")
    title = layout.title(lang)
    if source_label:
        title = f"{title} ({source_label})"
    return Table(
        name=f"{layout.name}-{period}",
        title=title,
        headers=[layout.unit_header(lang), *[c.header(lang, period) for c in layout.columns]],
        rows=rows,
        lang=lang,
    )
