"""Published tables beside the ledger derived from HR records (issue: HR → ledger).

Two tables per category: per unit, the closing stock and saldo as published and as
derived, with the largest difference in any flow; nationally, each flow side by
side. Both sets of numbers are the ledgers' own, unrounded.
"""

from __future__ import annotations

from sterkte.app.annex import Figures
from sterkte.ledger import CLOSING, NET, OPENING, Category, Ledger, label
from sterkte.ledger.layouts import LAYOUTS
from sterkte.org import NATIONAL, REPORTING_UNIT_CODES
from sterkte.report.explain import Difference, explain
from sterkte.report.labels import term, unit_label
from sterkte.report.table import Column, Table


def hr_comparison_tables(fig: Figures, lang: str) -> list[Table]:
    """Empty when the store has no HR-derived ledger for the year."""
    hr = fig.hr_ledger
    if hr is None:
        return []
    period, out = fig.period, []
    words = (term("hr.lead", lang), term("published_lower", lang), "HR")
    for name in ("os", "asp"):
        layout = LAYOUTS[name]
        cat = layout.category
        published = fig.realised.select(periods=[period], categories=[cat])
        if not published.cells():
            continue
        derived = hr.select(periods=[period], categories=[cat]).map_units(
            {u: NATIONAL for u in hr.units() if u != NATIONAL})
        units = [u for u in published.units() if u != NATIONAL]
        order = [c for c in REPORTING_UNIT_CODES if c in units] + [NATIONAL]
        cols = [Column("unit", term("unit", lang), "text"),
                Column("closing_published", term("hr.closing_published", lang)),
                Column("closing_hr", term("hr.closing_hr", lang)),
                Column("closing_difference", term("difference", lang), signed=True,
                       decimals=1),
                Column("net_published", term("hr.net_published", lang)),
                Column("net_hr", term("hr.net_hr", lang)),
                Column("largest_flow_difference", term("hr.largest_flow_difference", lang),
                       decimals=2)]
        table = Table(f"{name}-{fig.year}-hr", term("hr.title", lang, title=layout.title(lang)),
                      cols, lang=lang)
        diffs: list[Difference] = []
        for u in order:
            p_close, h_close = published.closing(period, u, cat), derived.closing(period, u, cat)
            largest = max(abs(published.get(period, u, cat, k) - derived.get(period, u, cat, k))
                          for k in (OPENING, *layout.flow_keys, CLOSING))
            table.add(u, [unit_label(u, lang), p_close, h_close, h_close - p_close,
                          published.net(period, u, cat), derived.net(period, u, cat), largest],
                      total=u == NATIONAL)
            if u != NATIONAL:
                diffs.append(Difference(unit_label(u, lang), h_close, p_close))
        table.explanation = explain(diffs, lang, words=words)
        out.append(table)

        flows = Table(f"{name}-{fig.year}-hr-nationaal",
                      term("hr.national_title", lang, title=layout.title(lang)),
                      [Column("row", term("flow", lang), "text"),
                       Column("published", term("published", lang)),
                       Column("hr", "HR"),
                       Column("difference", term("difference", lang), signed=True,
                              decimals=1)], lang=lang)
        fdiffs: list[Difference] = []
        for key in (OPENING, *layout.flow_keys, NET, CLOSING):
            p = _value(published, fig, NATIONAL, cat, key)
            h = _value(derived, fig, NATIONAL, cat, key)
            flows.add(key, [label(key, lang), p, h, h - p], total=key == CLOSING)
            if key not in (OPENING, CLOSING, NET):
                fdiffs.append(Difference(label(key, lang), h, p))
        flows.explanation = explain(fdiffs, lang, words=words)
        out.append(flows)
    return out


def _value(ledger: Ledger, fig: Figures, unit: str, cat: Category, key: str) -> float:
    return ledger.net(fig.period, unit, cat) if key == NET else \
        ledger.get(fig.period, unit, cat, key)
