"""Why is cover short? On a week of nights where the answer is known by hand: seven
nights to cover, four officers of whom one is sick, and the working-time rules allow
each officer two nights in eight days (36 per 16 weeks, pro rata, rounded down) — so
one night stays open, and both the night-shift limit and the sickness explain it."""

from __future__ import annotations

import datetime as dt

import pytest

from sterkte.report.roster_text import shortage_lines
from sterkte.roster.check import check_roster
from sterkte.roster.police import STANDARD_SHIFTS, Officer, Weights, police_problem
from sterkte.roster.reroster import with_days_off
from sterkte.roster.search import SearchSettings, solve_roster
from sterkte.roster.shortage import NOBODY, SICK, explain_shortage

MONDAY = dt.date(2026, 1, 5)
DAYS = 8
SICK_DAYS = {"P4": range(DAYS)}


def nights_only() -> list[list[int]]:
    """One person 23:00–07:00 on the nights starting day 0 … 6 (day 0 before 07:00 is the
    previous roster's)."""
    return [[1 if (h >= 23 and d < 7) or (h < 7 and 0 < d <= 7) else 0 for h in range(24)]
            for d in range(DAYS)]


@pytest.fixture(scope="module")
def case() -> tuple[object, dict[tuple[str, int], str]]:
    team = [Officer(f"P{i}", 36.0) for i in range(1, 5)]
    p = police_problem(team, nights_only(), MONDAY, shifts=STANDARD_SHIFTS[:3],
                       weights=Weights(fair_nights=0, fair_weekends=0))
    p = with_days_off(p, SICK_DAYS)
    sol = solve_roster(p, 10.0, SearchSettings(work=10.0))
    assert sol.optimal
    return p, sol.assignment


def test_one_night_stays_open(case: tuple) -> None:
    p, roster = case
    rep = check_roster(p, roster)
    assert p.rules["max_nights"].value == 36  # per 16 weeks: floor(36 × 8 / 112) = 2 here
    assert rep.valid and rep.cover_short == 8  # 7 nights × 8 h needed, 3 × 2 nights given


def test_the_night_limit_and_the_sickness_are_named(case: tuple) -> None:
    p, roster = case
    why = explain_shortage(p, roster, sick=SICK_DAYS)
    assert why.total == 8
    causes = {c.rule: c for c in why.causes}
    assert set(causes) == {"max_nights", SICK}
    assert causes["max_nights"].filled == 8 and causes[SICK].filled == 8
    assert causes[SICK].persons == ("P4",)
    # those who would take the open night have used their two nights
    nights = {e: sum(1 for (x, _), s in roster.items() if x == e and s == "N")
              for e in ("P1", "P2", "P3")}
    assert nights == {"P1": 2, "P2": 2, "P3": 2}
    assert set(causes["max_nights"].persons) <= {"P1", "P2", "P3"}
    nl = "\n".join(shortage_lines(why, MONDAY, "nl"))
    assert "8 persoonsuren tekort" in nl
    assert "hoogstens 36 nachtdiensten per 16 weken" in nl and "Arbeidstijdenwet" in nl
    assert "ziekte van P4 (ma 5 jan – ma 12 jan)" in nl
    en = "\n".join(shortage_lines(why, MONDAY, "en"))
    assert "at most 36 night shifts in 16 weeks" in en and "sickness of P4" in en


def test_without_people_nothing_can_help() -> None:
    # two needed on the first night, one officer: no rule to blame, nobody else
    cover = [[2 if d == 0 and h == 23 else 0 for h in range(24)] for d in range(DAYS)]
    p = police_problem([Officer("P1", 36.0)], cover, MONDAY, shifts=STANDARD_SHIFTS[:3],
                       weights=Weights(fair_nights=0, fair_weekends=0))
    roster = {("P1", 0): "N"}
    assert check_roster(p, roster).cover_short == 1
    why = explain_shortage(p, roster)
    assert [c.rule for c in why.causes] == [NOBODY]
    assert "te weinig mensen" in "\n".join(shortage_lines(why, MONDAY, "nl"))


def test_full_cover_needs_no_explanation() -> None:
    empty = police_problem([Officer("P1", 36.0)], [[0] * 24 for _ in range(DAYS)], MONDAY)
    assert shortage_lines(explain_shortage(empty, {}), None, "nl") == [
        "De bezetting is overal gehaald."]
