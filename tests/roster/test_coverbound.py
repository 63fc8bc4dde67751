"""The least cover cost of any roster (:mod:`sterkte.roster.coverbound`): worked out by
hand on small days, never above the cover cost of a roster the checker finds valid, and
reached by the search on a police team."""

from __future__ import annotations

import datetime as dt
import itertools

from sterkte.roster.check import check_roster
from sterkte.roster.construct import construct
from sterkte.roster.coverbound import cover_bound
from sterkte.roster.model import Cover, Employee, RosterProblem, ShiftType
from sterkte.roster.police import Officer, flat_cover, police_problem
from sterkte.roster.search import SearchSettings, solve_roster

MONDAY = dt.date(2026, 1, 5)
D = ShiftType("D", 480, 8 * 60)   # 08:00-16:00
L = ShiftType("L", 480, 14 * 60)  # 14:00-22:00


def one_day(employees: tuple[Employee, ...], skill: str | None = None) -> RosterProblem:
    """One person needed 08:00-20:00 and nobody 20:00-22:00, hour by hour."""
    cover = []
    for h in range(8, 22):
        cells = tuple((0, s.id) for s in (D, L) if s.start is not None
                      and s.start <= 60 * h < s.start + s.length)
        cover.append(Cover(cells, 1 if h < 20 else 0, 100, 1, skill=skill))
    return RosterProblem(days=1, shifts=(D, L), employees=employees, cover=tuple(cover))


def cost_of(p: RosterProblem, roster: dict[tuple[str, int], str]) -> int:
    return dict(check_roster(p, roster).missed)["cover"]


def test_a_day_worked_out_by_hand() -> None:
    # two people: D and L cover every hour, two over at 14-16 and one at 20 and at 21
    two = one_day((Employee("A"), Employee("B")))
    b = cover_bound(two)
    assert (b.bound, b.proved, b.over, b.short) == (4, True, 4, 0)
    # every roster of the two, tried: none below the bound, and one at it
    costs = [cost_of(two, {(e, 0): s for e, s in zip("AB", pick, strict=True) if s})
             for pick in itertools.product((None, "D", "L"), repeat=2)]
    assert min(costs) == 4
    # one person works one shift a day: D leaves 16-20 short (4 × 100), L 08-14 (6 × 100)
    # and works 20-22 over; not D and L both
    b = cover_bound(one_day((Employee("A"),)))
    assert (b.bound, b.over, b.short) == (400, 0, 4)
    # nobody may work D: one on L (08-14 short, 20-22 over) beats two on L (six more over)
    no_d = {"D": 0}
    b = cover_bound(one_day((Employee("A", max_shifts=no_d), Employee("B", max_shifts=no_d))))
    assert (b.bound, b.over, b.short) == (602, 2, 6)
    # a day off counts: B off, as one person alone
    assert cover_bound(one_day((Employee("A"), Employee("B", days_off=frozenset({0}))))
                       ).bound == 400
    # a requirement for a skill counts only those who have it
    assert cover_bound(one_day((Employee("A"), Employee("B", skills=frozenset({"x"}))),
                               skill="x")).bound == 400
    assert cover_bound(one_day((Employee("A"), Employee("B")), skill="x")).bound == 1200


def test_the_minutes_over_the_horizon_bind() -> None:
    # two days of one D each for two people who may work 480 minutes each: one D a day
    # meets it; at 240 minutes each (no D fits) the cover is all short
    def problem(minutes: int) -> RosterProblem:
        return RosterProblem(days=2, shifts=(D,), cover=tuple(
            Cover(((d, "D"),), 1, 100, 1) for d in range(2)),
            employees=tuple(Employee(e, max_minutes=minutes) for e in "AB"))
    assert cover_bound(problem(480)).bound == 0
    assert cover_bound(problem(240)).bound == 200
    # three days, one person at most 960 minutes: one day short whatever the roster
    three = RosterProblem(days=3, shifts=(D,), employees=(Employee("A", max_minutes=960),),
                          cover=tuple(Cover(((d, "D"),), 1, 100, 1) for d in range(3)))
    assert cover_bound(three).bound == 100


def test_no_valid_roster_of_a_police_team_goes_below_it_and_the_search_reaches_it() -> None:
    # 30 trained officers and an aspirant: enough for 3-6 persons round the clock
    p = police_problem([Officer(f"T{i:02d}", 36.0, days_off=frozenset({(3 * i) % 28}))
                        for i in range(30)] + [Officer("A00", 36.0, frozenset({"aspirant"}))],
                       flat_cover(28, night=3, day=5, evening=6), MONDAY)
    b = cover_bound(p)
    assert b.proved and b.bound > 0  # eight-hour shifts on an hourly profile: some over
    rosters = [{}, construct(p, seed=1), construct(p, seed=2)]
    sol = solve_roster(p, 4.0, SearchSettings(workers=1, work=4.0, seed=1))
    assert sol.assignment
    rosters.append(sol.assignment)
    for roster in rosters:
        rep = check_roster(p, roster)
        assert rep.valid
        assert dict(rep.missed)["cover"] >= b.bound
    # the search's roster is at the bound: no roster's cover is better
    assert dict(check_roster(p, sol.assignment).missed)["cover"] == b.bound
