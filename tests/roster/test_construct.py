"""The first roster by greedy cover (:mod:`sterkte.roster.construct`) on a police team:
every rule kept (by the independent checker), cover met where the team can meet it, and
no single shift left out that would have shortened the cover while keeping every rule."""

from __future__ import annotations

import datetime as dt

from sterkte.roster.check import check_roster
from sterkte.roster.construct import construct
from sterkte.roster.model import RosterProblem
from sterkte.roster.police import Officer, flat_cover, police_problem
from sterkte.roster.search import SearchSettings, solve_roster

MONDAY = dt.date(2026, 1, 5)


def team(trained: int, aspirants: int, community: int, volunteers: int) -> list[Officer]:
    out = [Officer(f"T{i:02d}", 36.0, days_off=frozenset({(3 * i) % 28, (3 * i + 1) % 28}))
           for i in range(trained)]
    out += [Officer(f"A{i:02d}", 36.0, frozenset({"aspirant"})) for i in range(aspirants)]
    out += [Officer(f"W{i:02d}", 36.0, frozenset({"trained", "community_officer"}))
            for i in range(community)]
    out += [Officer(f"V{i:02d}", 8.0, frozenset({"volunteer"}), volunteer_hours_used=500.0)
            for i in range(volunteers)]
    return out


def test_a_team_that_can_meet_its_cover_gets_it_all_and_keeps_every_rule() -> None:
    p = police_problem(team(30, 6, 4, 3), flat_cover(28, night=3, day=5, evening=6), MONDAY)
    roster = construct(p, seed=1)
    rep = check_roster(p, roster)
    assert rep.valid, rep.lines()
    # 30 trained officers at 36 h a week can staff 3–7 persons round the clock: nothing short
    assert rep.cover_short == 0
    # the aspirants and volunteers work, each beside a trained colleague (checked above),
    # and the community officers keep the 80 % neighbourhood norm (checked above)
    assert any(e.startswith("A") for e, _ in roster)
    # no shift where every hour it covers was covered already (each shift added shortened
    # the cover when it was added): at most the hours of one shift too many per hour block
    over = sum(max(0, c.achieved - c.required) for c in rep.cover)
    assert over < sum(c.required for c in rep.cover) * 0.5


def _short_after(p: RosterProblem, roster: dict[tuple[str, int], str]) -> int:
    return check_roster(p, roster).cover_short


def test_no_single_shift_left_out_would_shorten_the_cover() -> None:
    # too few people for the cover: the greedy roster leaves hours short, and none of
    # them could be shortened by one more shift for anybody free that day
    p = police_problem(team(10, 3, 2, 2), flat_cover(28, night=3, day=5, evening=6), MONDAY)
    roster = construct(p, seed=2)
    rep = check_roster(p, roster)
    assert rep.valid, rep.lines()
    assert rep.cover_short > 0
    short_days = {c.day for c in p.cover if c.day is not None} & {
        cv.day for cv, res in zip(p.cover, rep.cover, strict=True) if res.short}
    tried = 0
    for e in p.employees:
        for d in sorted(short_days):
            if (e.id, d) in roster:
                continue
            for s in p.shifts:
                more = {**roster, (e.id, d): s.id}
                after = check_roster(p, more)
                tried += 1
                assert not (after.valid and after.cover_short < rep.cover_short), (e.id, d, s.id)
    assert tried > 100


def test_a_short_deterministic_budget_rosters_the_team() -> None:
    # before the greedy first roster, one work unit on a team of 43 kept the empty roster
    p = police_problem(team(30, 6, 4, 3), flat_cover(28, night=3, day=5, evening=6), MONDAY)
    sol = solve_roster(p, 1.0, SearchSettings(workers=1, work=1.0, seed=1))
    assert sol.objective is not None and sol.assignment
    rep = check_roster(p, sol.assignment)
    assert rep.valid and rep.cost == sol.objective
    assert rep.cover_short == 0
    # the same seed and budget: the same roster (the greedy part has no clock)
    again = solve_roster(p, 1.0, SearchSettings(workers=1, work=1.0, seed=1))
    assert again.assignment == sol.assignment


def test_the_check_of_a_team_roster_prints_numbers_the_dutch_way() -> None:
    from sterkte.report.roster_text import check_lines

    p = police_problem(team(30, 6, 4, 3), flat_cover(28, night=3, day=5, evening=6), MONDAY)
    rep = check_roster(p, construct(p, seed=1))
    checks = rep.rules["min_rest"].checked
    assert checks >= 1000  # a count with a thousands separator
    nl, en = check_lines(rep, {}, "nl"), check_lines(rep, {}, "en")
    assert f"Minimale rust tussen diensten: gehouden in alle {checks // 1000}.{checks % 1000:03d} " \
           "controles" in "\n".join(nl)
    assert f"holds in all {checks // 1000},{checks % 1000:03d} checks" in "\n".join(en)
    # a team too small for its cover: hours short at 100 each
    q = police_problem(team(10, 3, 2, 2), flat_cover(28, night=3, day=5, evening=6), MONDAY)
    short = check_roster(q, construct(q, seed=2))
    cost = short.cost
    assert cost >= 1000
    assert f"(totale kosten {cost // 1000}.{cost % 1000:03d}):" in "\n".join(
        check_lines(short, {}, "nl"))


def test_wishes_and_days_asked_off_decide_who_is_asked_first() -> None:
    from sterkte.roster.model import Cover, Employee, Request, ShiftType

    d = ShiftType("D", 480, 480)
    # one person a day for four days; A asked for day 1 off and to work day 2; B the
    # other way round; otherwise alike, so without the requests A (first) or B by lot
    p = RosterProblem(
        days=4, shifts=(d,), employees=(Employee("A"), Employee("B")),
        cover=tuple(Cover(((k, "D"),), 1, 100, 1) for k in range(4)),
        requests=(Request("A", 1, None, 5, False), Request("A", 2, "D", 5, True),
                  Request("B", 2, None, 5, False), Request("B", 1, "D", 5, True)))
    for seed in range(5):
        roster = construct(p, seed=seed)
        assert roster[("B", 1)] == "D" and ("A", 1) not in roster
        assert roster[("A", 2)] == "D" and ("B", 2) not in roster
        rep = check_roster(p, roster)
        assert rep.valid and rep.cover_short == 0 and dict(rep.missed)["personal requests"] == 0
    # nothing to cover: nobody is rostered
    assert construct(RosterProblem(days=4, shifts=(d,), employees=(Employee("A"),))) == {}
