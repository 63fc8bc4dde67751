"""Realisation vs prognosis: the variance table per flow and unit.

The prognosis (made at the start of a year, in the detailed prognosis flows) is
rolled up to the flows the realisation tables publish, then compared cell by
cell (:func:`sterkte.ledger.compare`). Within each unit and category the rows
come largest difference first: the explanations the minister gives start there.
"""

from __future__ import annotations

from sterkte.ledger import CLOSING, NET, OPENING, Category, Ledger, Period, Variance, compare
from sterkte.org.units import NATIONAL, REPORTING_UNIT_CODES

ORDER = (NATIONAL, *REPORTING_UNIT_CODES)


def variance_table(prognosis: Ledger, realised: Ledger, period: Period, *,
                   categories: tuple[Category, ...] = (Category.OS, Category.ASP)
                   ) -> list[Variance]:
    """Rows (unit, category, flow) for ``period``: realised, prognosis and difference
    (realised − prognosis, fte). The opening and closing rows frame each block."""
    rolled = prognosis.select(periods=[period], categories=categories).roll_up_flows()
    real = realised.select(periods=[period], categories=categories)
    rows = [v for v in compare(real, rolled) if v.flow != NET]
    units = {v.unit for v in rows}
    order = [u for u in ORDER if u in units] + sorted(units - set(ORDER))
    out: list[Variance] = []
    for unit in order:
        for cat in categories:
            block = [v for v in rows if v.unit == unit and v.category == cat]
            if not block:
                continue
            stocks = {v.flow: v for v in block if v.flow in (OPENING, CLOSING)}
            flows = sorted((v for v in block if v.flow not in (OPENING, CLOSING)),
                           key=lambda v: (-abs(v.difference), v.flow))
            if OPENING in stocks:
                out.append(stocks[OPENING])
            out.extend(flows)
            if CLOSING in stocks:
                out.append(stocks[CLOSING])
    return out
