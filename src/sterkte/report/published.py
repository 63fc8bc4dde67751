"""The published layout (tabel 1, tabel 2) of a ledger as a report table."""

from __future__ import annotations

from sterkte.errors import Msg
from sterkte.ledger import CLOSING, NET, OPENING, Ledger, Period
from sterkte.ledger.layouts import TableLayout
from sterkte.org import NATIONAL, OrgTree, national_police
from sterkte.report.table import Column, Table, Value


def published_table(
    ledger: Ledger, layout: TableLayout, period: Period, lang: str = "nl",
    units: list[str] | None = None, tree: OrgTree | None = None, source_label: str = "",
) -> Table:
    """The published layout of ``layout`` for ``period`` (fte, unrounded).

    Rows are the reporting units present in ``ledger`` in published order (keys: unit
    codes), then the total row: the printed total when the ledger carries one (so a
    table read from a letter renders as printed), else the sum of the units. ``units``
    limits the rows to those unit codes (the total row is shown only when asked for as
    NATIONAL). Columns: ``unit``, then ``c1`` … one per published column.
    """
    tree = tree or national_police()
    cat = layout.category
    present = {u for (p, u, c, _), _ in ledger if p == period and c == cat}
    if not present:
        raise LookupError(Msg(f"geen {layout.name.upper()}-cijfers voor {period} in de opslag",
                              f"no {layout.name.upper()} figures for {period} in the store"))
    order = [c for c in tree.children(NATIONAL) if c in present]
    order += sorted(u for u in present if u not in order and u != NATIONAL)
    if NATIONAL not in present:
        ledger = ledger.select(periods=[period], categories=[cat]).map_units(
            {u.code: u.parent for u in tree})
    title = layout.title(lang)
    if source_label:
        title = f"{title} ({source_label})"
    columns = [Column("unit", layout.unit_header(lang), "text")]
    columns += [Column(f"c{i}", c.header(lang, period))
                for i, c in enumerate(layout.columns, start=1)]
    table = Table(f"{layout.name}-{period}", title, columns, lang=lang)
    for code in [*order, NATIONAL]:
        if units is not None and code not in units:
            continue
        values: list[Value] = []
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
        table.add(code, [label, *values], total=code == NATIONAL)
    if not table.rows:
        raise LookupError(Msg(f"geen van de eenheden {units} heeft {layout.name.upper()}-cijfers "
                              f"voor {period}",
                              f"none of the units {units} has {layout.name.upper()} figures "
                              f"for {period}"))
    return table
