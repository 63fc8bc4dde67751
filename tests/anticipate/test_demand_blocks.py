"""Preventive presence becomes planned work that the demand model counts, hour for hour."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sterkte.anticipate.capacity import AreaPresence, PresencePlan
from sterkte.anticipate.demand_blocks import PREVENTIVE, block_hours, presence_blocks
from sterkte.demand.workload import team_demand

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
