"""Supply from staff records, the gap per week, and the CM-tafel options."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from sterkte.demand.gap import TeamGap, WeekGap, options, short_hours
from sterkte.demand.model import Incident
from sterkte.demand.planning import DemandSettings, capacity_view
from sterkte.demand.supply import SupplyRates, team_supply
from sterkte.records.staff import StaffMember

RATES = SupplyRates(absence=0.06, leave=0.11, training=0.04, neighbourhood_share=0.8,
                    aspirant_work_share=0.5, volunteer_cap_hours=576, volunteer_month_hours=16,
                    full_time_hours=36)
DAY = dt.date(2026, 7, 6)


def member(pid: str, function: str, cat: str = "OS", hours: float | None = 36.0,
           team: str = "T1", used: float = 0.0) -> StaffMember:
    return StaffMember(pid, team, "D", function, cat, hours, used)


def test_supply_counts_each_function_its_way() -> None:
    staff = [member("a", "noodhulp"), member("b", "wijkagent"), member("c", "aspirant", "ASP"),
             member("d", "opsporing"), member("v", "vrijwilliger", "VOL", None, used=500.0)]
    s = team_supply(staff, "T1", DAY, RATES)
    avail = 1 - 0.06 - 0.11 - 0.04
    vol = min(76 / (((dt.date(2026, 12, 31) - DAY).days + 1) / 7), 16 * 12 / 52)
    assert s.neighbourhood == pytest.approx(36 * avail * 0.8)
    assert s.aspirant == pytest.approx(36 * avail * 0.5)
    assert s.volunteer == pytest.approx(vol)
    assert s.response == pytest.approx(36 * avail * (1 + 0.2 + 0.5) + vol)
    assert s.persons == 5 and s.relief_factor == pytest.approx(168 / (36 * avail))


def test_solidarity_and_cross_team_options_with_their_effect() -> None:
    def gap(team: str, g: float) -> TeamGap:
        return TeamGap(team, "D", [WeekGap(0, 100.0, 100.0 + g, 0.0, 0.0)])

    gaps = {"short": gap("short", -50.0), "room": gap("room", 30.0), "more": gap("more", 10.0)}
    options(gaps, shift_hours=8.0)
    opts = gaps["short"].options
    assert [(o.kind, o.source, o.hours, o.gap_after) for o in opts] == [
        ("solidarity", "room", 30.0, -20.0), ("solidarity", "more", 10.0, -10.0),
        ("cross-team", "D", 40.0, -10.0)]
    assert opts[0].shifts == 4  # 30 h as 8-hour shifts
    assert not gaps["room"].options


def test_short_hours_are_runs_above_the_average_on_duty() -> None:
    prof = np.zeros(168)
    prof[10:13] = 5.0
    sup = team_supply([member("a", "noodhulp")], "T1", DAY, RATES)
    runs = short_hours(prof, sup)
    assert [(r.first_slot, r.last_slot) for r in runs] == [(10, 12)]


def test_capacity_view_of_a_small_district() -> None:
    staff = [member(f"a{i}", "noodhulp") for i in range(10)]
    staff += [member(f"b{i}", "noodhulp", team="T2") for i in range(2)]
    start = dt.date(2026, 1, 5)
    hist = start - dt.timedelta(weeks=2)
    # T2: two 3-hour calls with 2 units every day of the history (2 officers per unit)
    inc = [Incident(dt.datetime.combine(hist, dt.time(12)) + dt.timedelta(days=d), "T2", 2,
                    "x", 2, 180.0) for d in range(14)]
    settings = DemandSettings(uncommitted_share=0.0, officers_per_unit=2, p_free=0.9,
                              history_weeks=2, cover_tolerance=0.05)
    gaps = capacity_view(staff, inc, [], ["T2"], start, 1, settings, RATES, {}, 8.0)
    wk = gaps["T2"].weeks[0]
    assert wk.demand == pytest.approx(7 * 2 * 2 * 3)
    assert wk.supply == pytest.approx(2 * 36 * (1 - 0.21))
    assert wk.gap < 0 and gaps["T2"].options[0].source == "T1"
