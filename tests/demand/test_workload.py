"""Workload-based demand (Wilson & Weiss) on hand-made incidents and blocks."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from sterkte.demand.model import Incident, PlannedBlock, slot_of
from sterkte.demand.workload import cover_hours, response_staffing, team_demand
from sterkte.synth.incidents import generate_incidents, hour_of_week_profile

MON = dt.date(2026, 1, 5)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(MON, dt.time()) + dt.timedelta(days=day, hours=hour,
                                                              minutes=minute)


def test_obligated_hours_are_incidents_times_handling_time_times_units() -> None:
    # two units for 90 minutes from Tuesday 10:30: 2 units × 2 officers × 1.5 h = 6 h
    inc = [Incident(at(1, 10, 30), "T", 2, "theft", 2, 90.0)]
    d = team_demand(inc, [], "T", MON, 1, uncommitted_share=0.0, officers_per_unit=2)
    assert d.obligated.sum() == pytest.approx(6.0)
    # spread over the hours it spans: 10:30–11:00, 11:00–12:00
    assert d.obligated[0, slot_of(at(1, 10))] == pytest.approx(2.0)
    assert d.obligated[0, slot_of(at(1, 11))] == pytest.approx(4.0)


def test_uncommitted_share_inflates_obligated_time_and_blocks_add() -> None:
    inc = [Incident(at(0, 9), "T", 1, "violence", 1, 60.0)]
    blocks = [PlannedBlock("T", at(5, 12), 3.0, 10.0, "event"),
              PlannedBlock("T", at(2, 9), 8.0, 1.0, "neighbourhood")]
    d = team_demand(inc, blocks, "T", MON, 1, uncommitted_share=0.5, officers_per_unit=2)
    assert d.response[0, slot_of(at(0, 9))] == pytest.approx(4.0)  # 2 persons / (1 − 0.5)
    assert d.response[0, slot_of(at(5, 13))] == pytest.approx(10.0)
    assert d.neighbourhood.sum() == pytest.approx(8.0)
    assert d.response.sum() == pytest.approx(4.0 + 30.0)


def test_other_teams_and_other_weeks_do_not_count() -> None:
    inc = [Incident(at(0, 9), "U", 1, "x", 1, 60.0), Incident(at(9, 9), "T", 1, "x", 1, 60.0)]
    d = team_demand(inc, [], "T", MON, 1, uncommitted_share=0.0, officers_per_unit=2)
    assert d.obligated.sum() == 0.0


def test_cover_rounds_persons_up_and_respects_an_erlang_floor() -> None:
    inc = [Incident(at(0, 9), "T", 1, "x", 1, 60.0)]
    d = team_demand(inc, [], "T", MON, 1, uncommitted_share=0.4, officers_per_unit=1)
    grid = cover_hours(d, 0, 1, tolerance=0.05)
    assert grid[0][9] == 2 and grid[0][8] == 0  # 1 / 0.6 = 1.67 → 2
    floor = np.full(168, 1)
    assert cover_hours(d, 0, 1, floor, tolerance=0.05)[0][8] == 1


def test_erlang_staffing_per_hour_of_week() -> None:
    # 10 weeks with one 6-minute priority-1 call every Monday 09:00–10:00: one call per
    # hour in that slot, 0.1 erlang
    inc = [Incident(at(7 * w, 9), "T", 1, "x", 1, 6.0) for w in range(10)]
    r = response_staffing(inc, "T", MON, 10, p_free=0.85, officers_per_unit=2)
    s = slot_of(at(0, 9))
    assert r.calls[s] == pytest.approx(1.0) and r.load[s] == pytest.approx(0.1)
    assert r.units[s] == 1 and r.officers[s] == 2  # 1 − C(1, 0.1) = 0.9 ≥ 0.85
    assert r.units.sum() == 1


def test_synthetic_incidents_are_reproducible_and_follow_the_profile() -> None:
    teams = {"A": 120.0, "B": 60.0}
    one = generate_incidents(teams, MON, 8, seed=3)
    assert one == generate_incidents(teams, MON, 8, seed=3)
    assert one != generate_incidents(teams, MON, 8, seed=4)
    counts = np.zeros(168)
    for i in one:
        counts[slot_of(i.time)] += 1
    prof = hour_of_week_profile()
    night, evening = prof[3], prof[18]  # Monday 03:00 vs 18:00
    assert night < evening
    assert counts[0:24][15:23].sum() > counts[0:24][1:7].sum()
    assert {i.team for i in one} == {"A", "B"}
