"""Preventive presence becomes planned work that the demand model counts, hour for hour."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sterkte.anticipate.demand_blocks import (
    PREVENTIVE,
    block_hours,
    covered_days,
    presence_blocks,
    weekly_block_hours,
)
from sterkte.demand.workload import team_demand
from sterkte.records.presence import AreaPresence, PresencePlan

MONDAY = dt.date(2026, 3, 2)


def plan(hours: dict[str, float]) -> PresencePlan:
    return PresencePlan(14, dt.date(2026, 1, 1), [],
                        [AreaPresence(a, 1, 1.0, h) for a, h in hours.items()])


def test_fourteen_hours_a_week_is_two_hours_a_day_in_the_day_and_late_shift() -> None:
    blocks = presence_blocks(plan({"T1": 14.0}), MONDAY, 1)
    assert len(blocks) == 7
    assert {b.start.date() for b in blocks} == {MONDAY + dt.timedelta(days=d) for d in range(7)}
    assert all(b.start.hour == 10 and b.hours == 12 and b.kind == PREVENTIVE for b in blocks)
    assert all(b.persons == pytest.approx(2.0 / 12.0) for b in blocks)
    assert block_hours(blocks) == {"T1": pytest.approx(14.0)}


def test_every_week_gets_the_weekly_hours_and_areas_without_hours_give_nothing() -> None:
    blocks = presence_blocks(plan({"T1": 7.0, "T2": 0.0, "T3": 21.0}), MONDAY, 3)
    assert block_hours(blocks) == {"T1": pytest.approx(21.0), "T3": pytest.approx(63.0)}
    weeks = {(b.start.date() - MONDAY).days // 7 for b in blocks}
    assert weeks == {0, 1, 2}


def test_the_demand_model_counts_them_as_planned_work_slot_by_slot() -> None:
    blocks = presence_blocks(plan({"T1": 14.0}), MONDAY, 2)
    d = team_demand([], blocks, "T1", MONDAY, 2, uncommitted_share=0.4, officers_per_unit=2)
    assert d.planned.sum(axis=1) == pytest.approx([14.0, 14.0])
    assert d.neighbourhood.sum() == 0.0  # not community officers' neighbourhood hours
    monday = d.planned[0, :24]
    assert np.all(monday[:10] == 0) and np.all(monday[22:] == 0)
    assert monday[10:22] == pytest.approx([2.0 / 12.0] * 12)


def test_an_area_that_is_not_a_team_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="study area"):
        presence_blocks(plan({"study area": 5.0}), MONDAY, 1, teams={"T1"})
    with pytest.raises(ValueError, match="Monday"):
        presence_blocks(plan({"T1": 5.0}), MONDAY + dt.timedelta(days=1), 1)


@settings(max_examples=50, deadline=None)
@given(st.dictionaries(st.sampled_from(["A", "B", "C", "D"]),
                       st.floats(0, 500, allow_nan=False), min_size=1),
       st.integers(0, 6), st.integers(0, 23), st.floats(0.5, 24))
def test_block_hours_equal_the_recommended_hours_per_week_per_team(
        hours: dict[str, float], weeks: int, start: int, window: float) -> None:
    blocks = presence_blocks(plan(hours), MONDAY, weeks, day_start=start, window_hours=window)
    got = block_hours(blocks)
    for team, h in hours.items():
        assert got.get(team, 0.0) == pytest.approx(h * weeks, abs=1e-9)


# --- only the run's forecast period gets presence -------------------------------------

def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def test_days_outside_the_forecast_period_get_no_presence() -> None:
    period = (MONDAY + days(7), MONDAY + days(21))  # weeks 2 and 3 of four
    blocks = presence_blocks(plan({"T1": 14.0}), MONDAY, 4, period=period)
    assert {b.start.date() for b in blocks} == {MONDAY + days(d) for d in range(7, 21)}
    assert weekly_block_hours(blocks, MONDAY, 4) == {
        "T1": [0.0, pytest.approx(14.0), pytest.approx(14.0), 0.0]}


def test_a_period_before_or_after_the_weeks_gives_nothing_at_all() -> None:
    before = (dt.date(2016, 3, 1), dt.date(2016, 3, 15))
    assert presence_blocks(plan({"T1": 14.0}), MONDAY, 4, period=before) == []
    after = (MONDAY + days(28), MONDAY + days(42))  # until is exclusive, from is not
    assert presence_blocks(plan({"T1": 14.0}), MONDAY, 4, period=after) == []
    assert covered_days(MONDAY, 4, after) == []
    assert covered_days(MONDAY, 4, (MONDAY + days(27), MONDAY + days(28))) == [MONDAY + days(27)]


def test_a_partial_week_gets_a_seventh_of_the_weekly_hours_per_day_inside() -> None:
    # Thursday of week 1 up to (not including) Thursday of week 2: 4 + 3 days
    period = (MONDAY + days(3), MONDAY + days(10))
    blocks = presence_blocks(plan({"T1": 21.0, "T2": 7.0}), MONDAY, 3, period=period)
    assert weekly_block_hours(blocks, MONDAY, 3) == {
        "T1": [pytest.approx(12.0), pytest.approx(9.0), 0.0],
        "T2": [pytest.approx(4.0), pytest.approx(3.0), 0.0]}
    assert all(b.persons == pytest.approx(21.0 / 7 / 12) for b in blocks if b.team == "T1")


def test_a_period_must_end_after_it_starts() -> None:
    with pytest.raises(ValueError, match="until after from"):
        presence_blocks(plan({"T1": 5.0}), MONDAY, 1, period=(MONDAY, MONDAY))


@settings(max_examples=50, deadline=None)
@given(st.dictionaries(st.sampled_from(["A", "B", "C"]),
                       st.floats(0, 500, allow_nan=False), min_size=1),
       st.integers(1, 6), st.integers(-20, 50), st.integers(1, 60))
def test_with_a_period_each_week_gets_hours_over_7_per_day_inside_and_whole_weeks_exact(
        hours: dict[str, float], weeks: int, offset: int, length: int) -> None:
    period = (MONDAY + days(offset), MONDAY + days(offset + length))
    blocks = presence_blocks(plan(hours), MONDAY, weeks, period=period)
    got = weekly_block_hours(blocks, MONDAY, weeks)
    for team, h in hours.items():
        for w in range(weeks):
            inside = sum(period[0] <= MONDAY + days(7 * w + d) < period[1] for d in range(7))
            expected = h if inside == 7 else h * inside / 7  # whole weeks: the hours
            assert got.get(team, [0.0] * weeks)[w] == pytest.approx(expected, abs=1e-9)
