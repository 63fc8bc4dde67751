"""The ledger identities hold after any aggregation or comparison (property tests)."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from sterkte.ledger import Category, Ledger, Period, PeriodKind, compare, difference_ledger
from sterkte.org import national_police

OS_FLOWS = ["lateral_entry", "graduated_in", "transfer_other", "outflow_planned",
            "outflow_unplanned", "working_time"]
UNITS = ["NN", "AM", "LE", "PDC"]
fte = st.floats(min_value=-500, max_value=500, allow_nan=False, allow_infinity=False)


def _build(units: list[str], stocks: list[float], months: list[list[dict[str, float]]]) -> Ledger:
    ledger = Ledger()
    for unit, stock, flows_by_month in zip(units, stocks, months, strict=True):
        for m, flows in enumerate(flows_by_month):
            period = Period.month(2021 + m // 12, m % 12 + 1)
            ledger.set(period, unit, Category.OS, "opening", stock)
            for f, v in flows.items():
                ledger.set(period, unit, Category.OS, f, v)
            stock = stock + math.fsum(flows.values())
            ledger.set(period, unit, Category.OS, "closing", stock)
    return ledger


@st.composite
def ledger_pairs(draw: st.DrawFn) -> tuple[Ledger, Ledger]:
    """Two consistent monthly OS ledgers over the same units and whole years
    (a realisation and a prognosis of it)."""
    n = 12 * draw(st.integers(min_value=1, max_value=2))
    units = draw(st.lists(st.sampled_from(UNITS), min_size=1, max_size=3, unique=True))
    month = st.dictionaries(st.sampled_from(OS_FLOWS), fte, max_size=3)
    stocks = st.lists(st.floats(min_value=0, max_value=10_000, allow_nan=False),
                      min_size=len(units), max_size=len(units))
    flows = st.lists(st.lists(month, min_size=n, max_size=n), min_size=len(units),
                     max_size=len(units))
    return (_build(units, draw(stocks), draw(flows)), _build(units, draw(stocks), draw(flows)))


monthly_ledgers = ledger_pairs().map(lambda pair: pair[0])


def _tolerance(ledger: Ledger) -> float:
    return 1e-9 * max(1.0, max((abs(v) for _, v in ledger), default=1.0)) * 100


@settings(max_examples=40, deadline=None)
@given(monthly_ledgers, st.sampled_from(list(PeriodKind)))
def test_identities_hold_after_aggregating_months(ledger: Ledger, kind: PeriodKind) -> None:
    assert ledger.check_identities(_tolerance(ledger)) == []
    coarse = ledger.aggregate_periods(kind)
    assert coarse.check_identities(_tolerance(ledger)) == []
    # Flows are conserved: the year's lateral entry is the sum of the months'.
    for unit in ledger.units():
        total = math.fsum(v for (p, u, _, f), v in ledger if u == unit and f == "lateral_entry")
        agg = math.fsum(v for (p, u, _, f), v in coarse if u == unit and f == "lateral_entry")
        assert math.isclose(total, agg, rel_tol=1e-9, abs_tol=1e-6)


@settings(max_examples=40, deadline=None)
@given(monthly_ledgers)
def test_identities_hold_after_aggregating_up_the_unit_tree(ledger: Ledger) -> None:
    tree = national_police()
    national = ledger.map_units({u.code: u.parent for u in tree})
    assert national.check_identities(_tolerance(ledger)) == []
    for period in ledger.periods():
        parts = math.fsum(ledger.closing(period, u, Category.OS) for u in ledger.units())
        assert math.isclose(national.closing(period, "NP", Category.OS), parts,
                            rel_tol=1e-9, abs_tol=1e-6)


@settings(max_examples=40, deadline=None)
@given(ledger_pairs())
def test_identities_hold_for_realisation_minus_prognosis(pair: tuple[Ledger, Ledger]) -> None:
    a, b = pair
    diff = difference_ledger(a, b)
    assert diff.check_identities(_tolerance(a) + _tolerance(b)) == []
    for v in compare(a, b):
        assert math.isclose(v.difference, v.realised - v.prognosis)


def test_aggregating_replaces_a_printed_total_instead_of_adding_to_it() -> None:
    year = Period.of_year(2021)
    ledger = Ledger()
    for unit, closing in (("NN", 100.0), ("AM", 50.0), ("NP", 151.0)):  # total printed as 151
        ledger.set(year, unit, Category.OS, "closing", closing)
    national = ledger.map_units({u.code: u.parent for u in national_police()})
    assert national.closing(year, "NP", Category.OS) == 150.0


def test_variance_percent_is_relative_to_the_prognosis() -> None:
    year = Period.of_year(2022)
    realised, prognosis = Ledger(), Ledger()
    realised.set(year, "NP", Category.ASP, "intake", 2300)
    prognosis.set(year, "NP", Category.ASP, "intake", 2501)
    (v,) = compare(realised, prognosis)
    assert v.difference == -201
    assert v.percent is not None and math.isclose(v.percent, -201 / 2501 * 100)


def test_an_incomplete_year_is_not_passed_off_as_a_year() -> None:
    ledger = Ledger()
    for m in range(1, 5):
        ledger.set(Period.month(2020, m), "NN", Category.ASP, "intake", 10)
    try:
        ledger.aggregate_periods(PeriodKind.YEAR)
    except ValueError as exc:
        assert "incomplete" in str(exc)
    else:
        raise AssertionError("a year from four months must be refused")
    assert ledger.aggregate_periods(PeriodKind.TERTIAL).get(
        Period.parse("2020-T1"), "NN", Category.ASP, "intake") == 40
