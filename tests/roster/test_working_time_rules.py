"""Every working-time rule binds: when breaking it is the only way to meet cover, the
roster leaves the cover short (and says by how much), and switching the rule off meets it.

Shortfalls are in person-hours. Where a stricter rule would bind first (the 16-week
average before the 4-week average, contract hours before both), the test gives the
officer a long contract or switches the stricter rule off, and says so.
"""

from __future__ import annotations

import pytest

from sterkte.roster.model import ShiftType
from sterkte.roster.police import Officer
from tests.roster.helpers import roster

E = ShiftType("E", 480, 7 * 60)          # 07–15
L = ShiftType("L", 480, 15 * 60)         # 15–23
N = ShiftType("N", 480, 23 * 60)         # 23–07, a night shift
M = ShiftType("M", 720, 12 * 60)         # 12–24, twelve hours, not a night shift
X13 = ShiftType("X", 780, 7 * 60)        # 07–20, thirteen hours
N11 = ShiftType("N11", 660, 22 * 60)     # 22–09, an eleven-hour night
S19 = ShiftType("S", 240, 19 * 60)       # 19–23
ONE = [Officer("A", 36.0)]
LONG = [Officer("A", 60.0)]  # a contract long enough that the law, not the contract, binds


def short_with_and_without(rule: str, officers: list[Officer], days: int,
                           spans: list[tuple[int, int, int, int]], shifts: list[ShiftType],
                           also_off: tuple[str, ...] = ()) -> tuple[int, int]:
    base = dict.fromkeys(also_off, False)
    _, _, on = roster(officers, days, spans, shifts, enabled=base)
    _, _, off = roster(officers, days, spans, shifts, enabled={**base, rule: False})
    assert rule in on.rules and rule not in off.rules
    return on.cover_short, off.cover_short


def test_no_shift_longer_than_twelve_hours() -> None:
    assert short_with_and_without("max_shift_length", ONE, 7, [(0, 7, 20, 1)], [X13]) == (13, 0)


def test_no_night_shift_longer_than_ten_hours() -> None:
    assert short_with_and_without("night_max_length", ONE, 7, [(0, 22, 33, 1)], [N11]) == (11, 0)


def test_eleven_hours_rest_between_shifts() -> None:
    # a late shift then an early shift the next morning: 8 hours rest
    got = short_with_and_without("min_rest", ONE, 7, [(0, 15, 23, 1), (1, 7, 15, 1)], [E, L])
    assert got == (8, 0)


def test_fourteen_hours_rest_after_a_night_ending_after_two() -> None:
    # night 23–07, then 19–23 the next evening: 12 hours rest (enough for min_rest)
    got = short_with_and_without("rest_after_night", ONE, 7, [(0, 23, 31, 1), (1, 19, 23, 1)],
                                 [N, S19])
    assert got == (4, 0)


def test_forty_six_hours_rest_after_three_nights() -> None:
    spans = [(0, 23, 31, 1), (1, 23, 31, 1), (2, 23, 31, 1), (4, 7, 15, 1)]
    got = short_with_and_without("rest_after_night_series", ONE, 28, spans, [N, E])
    assert got == (8, 0)


def test_at_most_36_nights_per_16_weeks() -> None:
    # 28 days → 9 nights; cover asks for 10 nights, every other day
    spans = [(d, 23, 31, 1) for d in range(0, 20, 2)]
    assert short_with_and_without("max_nights", ONE, 28, spans, [N]) == (8, 0)


def test_free_sundays() -> None:
    # 21 a year → 2 of the 4 Sundays of a 28-day period stay free
    spans = [(d, 7, 15, 1) for d in (6, 13, 20, 27)]
    assert short_with_and_without("free_sundays", ONE, 28, spans, [E]) == (16, 0)


def test_at_most_sixty_hours_a_week() -> None:
    spans = [(d, 12, 24, 1) for d in range(1, 7)]  # 6 × 12 h in week 1
    assert short_with_and_without("max_week_hours", LONG, 28, spans, [M]) == (12, 0)


def test_weekly_rest_of_36_hours() -> None:
    spans = [(d, 7, 15, 1) for d in range(7)]  # seven early shifts in one week
    assert short_with_and_without("weekly_rest", ONE, 28, spans, [E]) == (8, 0)


def test_average_55_hours_over_4_weeks() -> None:
    # 5 × 12 h every week = 240 h > 220 h; the 16-week average (192 h) switched off
    spans = [(w * 7 + d, 12, 24, 1) for w in range(4) for d in range(1, 6)]
    got = short_with_and_without("avg_week_hours_4w", LONG, 28, spans, [M],
                                 also_off=("avg_week_hours_16w",))
    assert got == (24, 0)


def test_average_48_hours_over_16_weeks() -> None:
    # 240 h asked, 192 h allowed over a 4-week period; the 4-week average switched off
    spans = [(w * 7 + d, 12, 24, 1) for w in range(4) for d in range(1, 6)]
    got = short_with_and_without("avg_week_hours_16w", LONG, 28, spans, [M],
                                 also_off=("avg_week_hours_4w",))
    assert got == (48, 0)


def test_contract_hours_plus_share_of_extra_hours() -> None:
    # 8 h a week over 7 days + 200 h/year × 7/365 ≈ 11.8 h: one shift, not two
    part_timer = [Officer("A", 8.0)]
    got = short_with_and_without("max_minutes", part_timer, 7, [(0, 7, 15, 1), (2, 7, 15, 1)],
                                 [E])
    assert got == (8, 0)


def test_volunteer_within_576_hours_a_year() -> None:
    volunteer = [Officer("V", 36.0, frozenset({"volunteer", "trained"}),
                         volunteer_hours_used=570.0)]
    assert short_with_and_without("volunteer_cap", volunteer, 7, [(0, 7, 15, 1)], [E]) == (8, 0)


def test_aspirant_only_with_a_trained_colleague() -> None:
    team = [Officer("T", 36.0, days_off=frozenset({1})), Officer("A", 36.0, frozenset({"aspirant"}))]
    spans = [(0, 7, 15, 2), (1, 7, 15, 2)]
    # day 1 the trained colleague is off: the aspirant may not work alone
    assert short_with_and_without("aspirant_with_trained", team, 7, spans, [E]) == (16, 8)


def test_days_of_leave_stay_free() -> None:
    on_leave = [Officer("A", 36.0, days_off=frozenset({0}))]
    assert short_with_and_without("days_off", on_leave, 7, [(0, 7, 15, 1)], [E]) == (8, 0)


@pytest.mark.parametrize("rule", ["min_rest", "weekly_rest", "free_sundays"])
def test_the_report_names_each_rule_with_its_source(rule: str) -> None:
    p, _, rep = roster(ONE, 28, [(0, 7, 15, 1)], [E, L])
    assert rep.rules[rule].checked > 0 and not rep.rules[rule].violations
    assert "Arbeidstijdenwet" in p.rules[rule].reference or "Barp" in p.rules[rule].reference


def test_community_officers_keep_eighty_percent_for_the_neighbourhood() -> None:
    # one community officer, response cover only: every response shift needs four
    # neighbourhood shifts beside it, so with 2 response shifts asked (and room for
    # 4 shifts in a 7-day period of 36 h) the norm allows none of them
    w = ShiftType("W", 480, 9 * 60, task="neighbourhood")
    wijk = [Officer("W", 36.0, frozenset({"trained", "community_officer"}))]
    got = short_with_and_without("neighbourhood_norm", wijk, 7, [(0, 7, 15, 1), (2, 7, 15, 1)],
                                 [E, w])
    assert got == (16, 0)
