"""Published tables beside the ledger derived from HR records (issue: HR → ledger).

Two grids per category: per unit, the closing stock and saldo as published and as
derived, with the largest difference in any flow; nationally, each flow side by
side. Both sets of numbers are the ledgers' own, unrounded.
"""

from __future__ import annotations

from sterkte.app.annex import Figures
from sterkte.ledger import CLOSING, NET, OPENING, Category, Ledger, label
from sterkte.ledger.layouts import LAYOUTS
from sterkte.org import NATIONAL, REPORTING_UNIT_CODES
from sterkte.report.explain import Difference, explain
from sterkte.report.grid import Column, Grid, Value
from sterkte.report.words import tr, unit_label

_WORDS = {"nl": ("Grootste verschillen tussen gepubliceerd en HR", "gepubliceerd", "HR"),
          "en": ("Largest differences between published and HR", "published", "HR")}


def hr_comparison_grids(fig: Figures, lang: str) -> list[Grid]:
    """Empty when the store has no HR-derived ledger for the year."""
    hr = fig.hr_ledger
    if hr is None:
        return []
    period, out = fig.period, []
    words = _WORDS["en" if lang == "en" else "nl"]
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
        cols = [Column("unit", tr(lang, "Eenheid", "Unit"), "text"),
                Column("closing_published", tr(lang, "Bezetting eind, gepubliceerd",
                                               "Closing, published")),
                Column("closing_hr", tr(lang, "Bezetting eind, HR", "Closing, HR")),
                Column("closing_difference", tr(lang, "Verschil", "Difference"), signed=True,
                       decimals=1),
                Column("net_published", tr(lang, "Saldo, gepubliceerd", "Net, published")),
                Column("net_hr", tr(lang, "Saldo, HR", "Net, HR")),
                Column("largest_flow_difference",
                       tr(lang, "Grootste verschil in een stroom",
                          "Largest difference in a flow"), decimals=2)]
        rows: list[list[Value]] = []
        diffs: list[Difference] = []
        for u in order:
            p_close, h_close = published.closing(period, u, cat), derived.closing(period, u, cat)
            largest = max(abs(published.get(period, u, cat, k) - derived.get(period, u, cat, k))
                          for k in (OPENING, *layout.flow_keys, CLOSING))
            rows.append([unit_label(u, lang), p_close, h_close, h_close - p_close,
                         published.net(period, u, cat), derived.net(period, u, cat), largest])
            if u != NATIONAL:
                diffs.append(Difference(unit_label(u, lang), h_close, p_close))
        title = tr(lang, f"{layout.title(lang)}: gepubliceerd en afgeleid uit HR-gegevens",
                   f"{layout.title(lang)}: published and derived from HR records")
        out.append(Grid(f"{name}-{fig.year}-hr", title, cols, rows, order, lang,
                        explain(diffs, lang, words=words), totals={len(rows) - 1}))

        fcols = [Column("row", tr(lang, "Stroom", "Flow"), "text"),
                 Column("published", tr(lang, "Gepubliceerd", "Published")),
                 Column("hr", "HR"),
                 Column("difference", tr(lang, "Verschil", "Difference"), signed=True,
                        decimals=1)]
        frows: list[list[Value]] = []
        fkeys: list[str] = []
        fdiffs: list[Difference] = []
        for key in (OPENING, *layout.flow_keys, NET, CLOSING):
            p = _value(published, fig, NATIONAL, cat, key)
            h = _value(derived, fig, NATIONAL, cat, key)
            frows.append([label(key, lang), p, h, h - p])
            fkeys.append(key)
            if key not in (OPENING, CLOSING, NET):
                fdiffs.append(Difference(label(key, lang), h, p))
        out.append(Grid(f"{name}-{fig.year}-hr-nationaal",
                        tr(lang, f"{layout.title(lang)}: per stroom, nationaal",
                           f"{layout.title(lang)}: per flow, national"),
                        fcols, frows, fkeys, lang, explain(fdiffs, lang, words=words),
                        totals={len(frows) - 1}))
    return out


def _value(ledger: Ledger, fig: Figures, unit: str, cat: Category, key: str) -> float:
    return ledger.net(fig.period, unit, cat) if key == NET else \
        ledger.get(fig.period, unit, cat, key)

