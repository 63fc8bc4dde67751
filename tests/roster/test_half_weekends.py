"""The windowed search's price on a weekend worked on one day only: the shortest path
with it is the cheapest schedule once each such weekend costs the price (checked
against every schedule, enumerated), the cost it returns is the true one, and the
price applies only where the weekend cover needs more than the staff's weekends
worked whole give (instances 11 and 12 of the benchmark, not 8)."""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sterkte.roster import columns
from sterkte.roster.check import check_roster
from sterkte.roster.model import Employee, RosterProblem, ShiftType
from sterkte.roster.nrp import to_problem
from sterkte.roster.respond import HALF_SHARE, half_weekend_price
from sterkte.sources.nrp import read_nrp

SHIFTS = (ShiftType("D", 480),)
DAYS = 14  # two weeks from a Monday: weekends on days 5-6 and 12-13


def halves(path: tuple[int, ...]) -> int:
    """Weekends worked on one day only."""
    return sum((path[sat] >= 0) != (path[sat + 1] >= 0) for sat in range(5, DAYS - 1, 7))


@settings(max_examples=16, deadline=None)
@given(seed=st.integers(0, 10_000), half=st.sampled_from([0.0, 1.0, 2.5, 40.0]),
       weekends=st.integers(1, 2), max_cons=st.integers(2, 5), sunday=st.integers(0, 1),
       day_off=st.sampled_from([None, 5, 6, 12, 13, 2]))
def test_the_path_is_the_cheapest_schedule_with_each_half_weekend_priced(
        seed: int, half: float, weekends: int, max_cons: int, sunday: int,
        day_off: int | None) -> None:
    # a day off on a weekend day: the weekend is worked on one day or not at all
    rng = np.random.default_rng(seed)
    emp = Employee("A", max_minutes=8 * 480, min_minutes=3 * 480, max_consecutive=max_cons,
                   min_consecutive=2, min_consecutive_off=1, max_weekends=weekends,
                   days_off=frozenset() if day_off is None else frozenset({day_off}))
    p = RosterProblem(DAYS, SHIFTS, (emp,))
    prices = rng.uniform(-4, 4, (DAYS, len(SHIFTS))).round(2)
    # one weekend day worth working, the other not: a half weekend at no price
    prices[5 + sunday::7] = 5.0
    prices[6 - sunday::7] = -1.5
    space = columns.new_pool(p).persons[0].space
    found = columns.best_schedules(space, prices, n_best=1, half=half)
    best = None
    for path in itertools.product(range(-1, len(SHIFTS)), repeat=DAYS):
        roster = {("A", d): SHIFTS[s].id for d, s in enumerate(path) if s >= 0}
        if not check_roster(p, roster).valid:
            continue
        true = -sum(prices[d, s] for d, s in enumerate(path) if s >= 0)
        steered = true + half * halves(path)
        if best is None or steered < best[0] - 1e-9:
            best = (steered, true)
    assert found, "a schedule exists (three shifts, no weekend needed)"
    path, value = found[0]
    true = -sum(prices[d, s] for d, s in enumerate(path.tolist()) if s >= 0)
    assert value == pytest.approx(true)  # the cost returned holds no price on halves
    assert best is not None
    assert true + half * halves(tuple(path.tolist())) == pytest.approx(best[0])


def test_the_price_applies_only_where_weekends_are_scarcer_than_whole_weekends_give(
        nrp_dir: Path) -> None:
    # instance 12: 3,705 / 13 = 285 weekend shifts required, 60 persons with 2 or 3
    # weekends (130 in all): 260 shifts worked whole, so 25 are short whatever the roster
    p12 = to_problem(read_nrp(nrp_dir / "Instance12.txt"))
    weekend = sum(c.required for c in p12.cover if all(d % 7 >= 5 for d, _ in c.cells))
    caps = sum(e.max_weekends or 0 for e in p12.employees)
    assert (weekend, caps) == (285, 130)
    assert half_weekend_price(p12) == HALF_SHARE * 100  # its weekend cover's weight
    # instance 8: the staff's weekends worked whole give more than its weekend cover
    assert half_weekend_price(to_problem(read_nrp(nrp_dir / "Instance8.txt"))) == 0.0
    # one person whose weekends are not limited: no price (a weekend costs them nothing)
    free = replace(p12.employees[0], max_weekends=None)
    assert half_weekend_price(replace(p12, employees=(free, *p12.employees[1:]))) == 0.0
    # fewer weekend shifts required than whole weekends give: none
    light = tuple(replace(c, required=min(c.required, 1)) for c in p12.cover)
    assert half_weekend_price(replace(p12, cover=light)) == 0.0
