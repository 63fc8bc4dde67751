"""Hand-made teams whose right roster is known, and conflicts that are named."""

from __future__ import annotations

from sterkte.roster.explain import explain_infeasible
from sterkte.roster.model import Cover, Employee, Request, RosterProblem, ShiftType
from sterkte.roster.search import SearchSettings, solve_roster

D = ShiftType("D", 480, 8 * 60)


def test_two_officers_share_the_week_by_their_wishes() -> None:
    # one person a day Monday–Friday; A wants Monday and Tuesday off, B the rest
    p = RosterProblem(
        days=5, shifts=(D,), employees=(Employee("A"), Employee("B")),
        cover=tuple(Cover(((d, "D"),), 1, 100, 10) for d in range(5)),
        requests=(*(Request("A", d, None, 5, False) for d in (0, 1)),
                  *(Request("B", d, None, 5, False) for d in (2, 3, 4))))
    sol = solve_roster(p, 10.0)
    assert sol.optimal and sol.objective == 0
    assert sol.assignment == {("B", 0): "D", ("B", 1): "D", ("A", 2): "D", ("A", 3): "D",
                              ("A", 4): "D"}


def test_cover_is_left_short_when_nobody_may_work() -> None:
    p = RosterProblem(days=2, shifts=(D,), employees=(Employee("A", days_off=frozenset({0})),),
                      cover=(Cover(((0, "D"),), 1, 100), Cover(((1, "D"),), 1, 100)))
    sol = solve_roster(p, 10.0)
    assert sol.objective == 100 and sol.assignment == {("A", 1): "D"}


def test_conflicting_rules_are_named() -> None:
    # six shifts needed in a week without the weekend: impossible, and it says why
    p = RosterProblem(days=7, shifts=(D,), employees=(
        Employee("A", min_minutes=6 * 480, max_weekends=0, days_off=frozenset({3})),),
        cover=(Cover(((0, "D"),), 1, 10),))
    assert solve_roster(p, 5.0).objective is None
    assert explain_infeasible(p) == ["max_weekends", "min_minutes"]


def test_a_feasible_problem_has_nothing_to_explain() -> None:
    p = RosterProblem(days=7, shifts=(D,), employees=(Employee("A", min_minutes=480),))
    assert explain_infeasible(p) == []


def test_a_team_in_squads_keeps_every_rule_and_meets_easy_cover() -> None:
    import datetime as dt

    from sterkte.roster.check import check_roster
    from sterkte.roster.police import Officer, flat_cover, police_problem
    from sterkte.roster.squads import solve_in_squads, squads

    team = [Officer(f"T{i:02d}", 36.0) for i in range(16)]
    team += [Officer(f"A{i}", 36.0, frozenset({"aspirant"})) for i in range(4)]
    p = police_problem(team, flat_cover(14, night=1, day=2, evening=2), dt.date(2026, 1, 5))
    groups = squads(p, 10)
    assert len(groups) == 2 and all(any(e.startswith("A") for e in g) for g in groups)
    # a deterministic budget: the result does not depend on the machine's load
    sol = solve_in_squads(p, 20.0, size=10, settings=SearchSettings(work=20.0))
    rep = check_roster(p, sol.assignment)
    assert rep.valid and rep.cover_short == 0
