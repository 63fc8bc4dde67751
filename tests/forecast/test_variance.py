"""Realisation vs prognosis: the 2021 prognosis from the opening stocks beside the
published 2021 realisation, per flow and unit, largest differences first."""

from __future__ import annotations

import pytest

from sterkte.forecast import run_forecast, start_from_ledger
from sterkte.forecast.variance import variance_table
from sterkte.ledger import CLOSING, OPENING, Category, Ledger, Period
from sterkte.org.units import NATIONAL
from sterkte.parameters import ParameterSet

Y2021 = Period.of_year(2021)


def test_variance_table_2021(params: ParameterSet, published_2021: Ledger) -> None:
    state = start_from_ledger(published_2021, params, period=Y2021, stock="opening")
    run = run_forecast(params, state, 1)
    rows = variance_table(run.ledger, published_2021, Y2021)
    nat_os = [v for v in rows if v.unit == NATIONAL and v.category is Category.OS]
    # framed by opening and closing; the opening is the same stock in both
    assert nat_os[0].flow == OPENING and nat_os[-1].flow == CLOSING
    assert nat_os[0].realised == nat_os[0].prognosis == 46174  # the units add up to it
    flows = nat_os[1:-1]
    sizes = [abs(f.difference) for f in flows]
    assert sizes == sorted(sizes, reverse=True)  # largest explanation first
    by_flow = {v.flow: v for v in flows}
    assert set(by_flow) == {"lateral_entry", "graduated_in", "transfer_other", "outflow",
                            "working_time"}
    # realised as printed; prognosis = the detailed prognosis flows rolled up
    assert by_flow["outflow"].realised == -2541
    planned = run.ledger.get(Y2021, NATIONAL, Category.OS, "outflow_planned")
    unplanned = run.ledger.get(Y2021, NATIONAL, Category.OS, "outflow_unplanned")
    assert by_flow["outflow"].prognosis == pytest.approx(planned + unplanned)
    # differences form a ledger: closing difference = opening difference + flow differences,
    # up to the rounding of the printed cells (at most 0.5 fte each)
    for unit in ("DH", "LE"):
        for cat in (Category.OS, Category.ASP):
            block = [v for v in rows if v.unit == unit and v.category is cat]
            d = {v.flow: v.difference for v in block}
            assert d[CLOSING] == pytest.approx(d[OPENING] + sum(
                v for k, v in d.items() if k not in (OPENING, CLOSING)), abs=0.5 * len(d))
