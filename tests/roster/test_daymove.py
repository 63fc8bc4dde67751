"""One day re-assigned at once (roster/daymove.py), the chains of the large search
(roster/large.py) and the planted instances of benchmarks/nrp_gen.py.

Truth comes from hand computation (a two-person chain on one day) and from the
independent checker ``check_nrp``, written from the instance format alone."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
from benchmarks.nrp_gen import planted

from sterkte.roster import columns
from sterkte.roster.chains import Requests, halves, honour, transfer, weekend
from sterkte.roster.daymove import applies, options, reassign_day, spare_units, stacked
from sterkte.roster.large import large_search, reach
from sterkte.roster.lns import Clock
from sterkte.roster.model import Assignment
from sterkte.roster.nrp import check_nrp, rows_of, to_problem
from sterkte.roster.pair import large_pair
from sterkte.roster.respond import Roster, paths_of
from sterkte.sources.nrp import NrpInstance, parse_nrp
from tests.roster.helpers import planted_start

CHAIN = """SECTION_HORIZON
7
SECTION_SHIFTS
X,480,
Y,480,
SECTION_STAFF
A,X=7|Y=7,3360,0,7,1,1,1
B,X=7|Y=0,3360,0,7,1,1,1
SECTION_DAYS_OFF
SECTION_SHIFT_ON_REQUESTS
SECTION_SHIFT_OFF_REQUESTS
SECTION_COVER
3,X,1,100,1
3,Y,1,100,1
"""


def _planted_instance(persons: int, days: int, types: int, seed: int) -> NrpInstance:
    return parse_nrp(planted(persons, days, types, seed=seed)[0], "planted", "planted")


def test_a_day_reassigned_at_once_closes_a_chain_no_single_person_can() -> None:
    # A works X on Thursday, B is off; Y is short. A alone moving to Y leaves X short
    # (no gain: 100 either way) and B cannot work Y; together — A to Y, B to X — the
    # roster costs 0 instead of 100 (by hand)
    inst = parse_nrp(CHAIN, "chain", "chain")
    pool = columns.new_pool(to_problem(inst))
    r = Roster(pool, paths_of(pool, {("A", 3): "X"}))
    assert r.cost() == 100.0 and applies(r)
    assert not r.respond(0) and not r.respond(1)  # no best response improves
    assert reassign_day(r, 3)
    assert r.cost() == 0.0
    assert r.assignment() == {("A", 3): "Y", ("B", 3): "X"}
    check = check_nrp(inst, rows_of(r.assignment()))
    assert check.valid and check.objective == 0


@pytest.mark.parametrize(("size", "seed"), [((8, 28, 3), 4), ((6, 63, 4), 7)])
def test_the_options_of_a_day_are_exactly_those_the_checker_accepts(
        size: tuple[int, int, int], seed: int) -> None:
    # the compiled kernel (numba where installed) against the independent checker; the
    # second instance has nine weekends and four shift types with their counters
    text, _, roster = planted(*size, seed=seed)
    inst = parse_nrp(text, "planted", "planted")
    problem = to_problem(inst)
    pool = columns.new_pool(problem)
    paths = paths_of(pool, roster)
    ids = [s.id for s in problem.shifts]
    for i in range(4):
        space = pool.persons[i].space
        e = space.employee
        for d in range(problem.days):
            allowed = set(options(space, paths[i], d))
            for s in range(-1, len(ids)):
                path = paths[i].copy()
                path[d] = s
                rows = [(e, x, ids[k]) for x, k in enumerate(path.tolist()) if k >= 0]
                mine = [v for v in check_nrp(inst, rows).violations if v.startswith(f"{e} ")]
                assert (s in allowed) == (not mine), (e, d, s, mine)


def test_everyone_s_options_in_one_call_are_each_person_s_options() -> None:
    # the batch kernel reassign_day uses against options() person by person (itself
    # tested against the checker above), for every person on every day of a first
    # roster, and the spare minutes against the schedules
    _, problem, first = planted_start(8, 63, 4, 7, 0)
    pool = columns.new_pool(problem)
    r = Roster(pool, paths_of(pool, first))
    paths = np.stack([r.paths[i] for i in range(len(pool.persons))])
    assert np.array_equal(r.matrix(), paths)
    for d in range(problem.days):
        out, n_out = stacked(r).options(r, d)
        for i, pr in enumerate(pool.persons):
            assert out[i, :n_out[i]].tolist() == options(pr.space, paths[i], d), (i, d)
    spare = spare_units(r)
    assert spare == [pr.space.max_units - int(pr.space.units[paths[i][paths[i] >= 0]].sum())
                     for i, pr in enumerate(pool.persons)]
    assert min(spare) >= 0 and max(spare) > 0


@pytest.mark.parametrize("seed", [2, 5])
def test_a_day_reassigned_costs_what_the_best_choice_of_everyone_s_options_costs(
        seed: int) -> None:
    # brute force: every combination of every person's options on the day (each tested
    # equal to what the checker accepts, above), the roster's cost of each; the day
    # re-assigned at once must reach the cheapest. Persons with one option only are
    # left out of the assignment, so this also checks that leaving them out costs
    # nothing
    _, problem, first = planted_start(5, 28, 3, seed, 0)
    pool = columns.new_pool(problem)
    r = Roster(pool, paths_of(pool, first))
    n = len(pool.persons)
    rng = random.Random(seed)
    tried = improved = 0
    for d in rng.sample(range(problem.days), 14):
        choices = [options(pool.persons[i].space, r.paths[i], d) for i in range(n)]
        now = [int(r.paths[i][d]) for i in range(n)]
        best = r.cost()
        for combo in itertools.product(*choices):
            for i, s in enumerate(combo):
                r.set_day(i, d, s)
            best = min(best, r.cost())
        for i, s in enumerate(now):
            r.set_day(i, d, s)
        start = r.cost()
        assert reassign_day(r, d) == (best < start - 1e-9)
        assert r.cost() == pytest.approx(best)
        tried += 1
        improved += best < start - 1e-9
    assert tried == 14 and improved >= 1  # a day did have something to gain
    check = check_nrp(_planted_instance(5, 28, 3, seed), rows_of(r.assignment()))
    assert check.valid and check.objective == round(r.cost())


def test_the_totals_a_roster_keeps_equal_those_of_its_schedules_after_many_moves() -> None:
    # the roster keeps everyone's schedule as a matrix, the minutes worked and every
    # counter's count as days are re-assigned, windows answered and schedules put
    # back; a roster built afresh from the same schedules sums them from scratch
    _, problem, first = planted_start(8, 63, 4, 7, 0)
    pool = columns.new_pool(problem)
    r = Roster(pool, paths_of(pool, first))
    rng = random.Random(3)
    saved = dict(r.paths)
    changed = 0
    for step in range(120):
        before = r.matrix().copy()
        if step % 3 == 2:
            i = rng.randrange(len(pool.persons))
            a = 7 * rng.randrange(problem.days // 7)
            r.respond_window(i, a, min(problem.days, a + 14), force=True)
        elif step % 3 == 1:  # any choice the person's rules allow on a day
            i, d = rng.randrange(len(pool.persons)), rng.randrange(problem.days)
            r.set_day(i, d, rng.choice(options(pool.persons[i].space, r.paths[i], d)))
        else:
            reassign_day(r, rng.randrange(problem.days))
        changed += int((r.matrix() != before).sum())
        if step == 60:
            r.restore(saved)
        fresh = Roster(pool, r.paths)
        assert np.array_equal(r.matrix(), fresh.matrix())
        assert np.array_equal(r.matrix(), np.stack([r.paths[i]
                                                    for i in range(len(pool.persons))]))
        assert np.array_equal(r.units_used, fresh.units_used), step
        assert np.array_equal(r.counter_totals, fresh.counter_totals), step
    assert changed > 20  # the moves did change the roster
    assert r.counter_totals.size > 0 and r.counter_totals.max() > 0  # the instance has counters
    for i, pr in enumerate(pool.persons):
        sp = pr.space
        assert r.units_used[i] == int(sp.units[r.paths[i][r.paths[i] >= 0]].sum())
        assert r.counter_totals[r.koff[i]:r.koff[i + 1]].tolist() == [
            sp.count(k, r.paths[i]) for k in range(sp.cap.shape[0])]
    with pytest.raises(ValueError):
        r.matrix()[0, 0] = 0  # read only: the roster's schedules change through it alone


def test_a_planted_instance_holds_its_roster_at_the_cost_promised() -> None:
    text, cost, roster = planted(12, 56, 4, seed=2)
    check = check_nrp(parse_nrp(text, "planted", "planted"), rows_of(roster))
    assert check.valid and check.objective == cost
    assert cost > 0  # a tenth of the requests conflict with the planted roster


def test_the_large_search_with_chains_returns_a_checked_roster_no_worse_than_its_start() -> None:
    # a planted instance (10 persons, 6 weeks, 3 shift types) and a budget in moves, not
    # seconds: the same roster on any machine; it keeps every rule, its objective is the
    # checker's, and it is no worse than the first roster the search starts from
    inst, problem, first = planted_start(10, 42, 3, 1, 3)
    start = check_nrp(inst, rows_of(first))
    assert start.valid
    sol = large_search(problem, Clock(3600.0), seed=3, moves=60)
    again = large_search(problem, Clock(3600.0), seed=3, moves=60)
    check = check_nrp(inst, rows_of(sol.assignment))
    assert check.valid and check.objective == sol.objective
    assert sol.objective is not None and sol.objective < start.objective
    assert again.objective == sol.objective


def test_every_day_reassigned_never_raises_the_cost_and_keeps_every_rule() -> None:
    inst, problem, first = planted_start(10, 28, 3, 5, 0)
    pool = columns.new_pool(problem)
    r = Roster(pool, paths_of(pool, first))
    costs = [r.cost()]
    order = list(range(problem.days))
    random.Random(0).shuffle(order)
    for d in order:
        reassign_day(r, d)
        costs.append(r.cost())
    assert all(b <= a for a, b in itertools.pairwise(costs))
    check = check_nrp(inst, rows_of(r.assignment()))
    assert check.valid and check.objective == round(costs[-1])
    fresh = Roster(pool, r.paths)  # laid out anew: reassign_day updates day by day
    assert np.array_equal(fresh.count, r.count) and np.isclose(fresh.cost(), costs[-1])


def test_two_searches_in_two_processes_return_the_better_checked_roster() -> None:
    # large_pair forks a second search (seed + 1) and trades best rosters with it; the
    # roster it returns keeps every rule, its objective is the checker's, and it is no
    # worse than this seed's first roster (the search's starting point, always built
    # whatever the clock says)
    inst, problem, first = planted_start(10, 42, 3, 1, 3)
    sol = large_pair(problem, Clock(2.0), seed=3)
    assert sol.objective is not None
    check = check_nrp(inst, rows_of(sol.assignment))
    assert check.valid and check.objective == sol.objective
    assert sol.objective <= check_nrp(inst, rows_of(first)).objective


TWO = """SECTION_HORIZON
{days}
SECTION_SHIFTS
D,480,
SECTION_STAFF
A,D={days},{most},0,7,1,1,1
B,D={days},{most},0,7,1,1,1
SECTION_DAYS_OFF
B,{b_off}
SECTION_SHIFT_ON_REQUESTS
{wish}
SECTION_SHIFT_OFF_REQUESTS
SECTION_COVER
{cover}
"""


def _two(days: int, most: int, b_off: str, cover: tuple[int, ...], wish: str = ""
         ) -> NrpInstance:
    """Two persons and one shift type (8 hours): at most ``most`` minutes each, B off on
    ``b_off``, one person required on each day of ``cover``; ``wish``: shift-on
    requests, one per line."""
    text = TWO.format(days=days, most=most, b_off=b_off, wish=wish,
                      cover="\n".join(f"{d},D,1,100,1" for d in cover))
    return parse_nrp(text, "two", "two")


def test_a_person_whose_minutes_are_spent_gives_a_day_to_one_with_minutes_to_spare() -> None:
    # A works Monday and Thursday, their maximum (two shifts); B must be off on Sunday,
    # which is short. A alone taking Sunday leaves a day short (100 either way), B alone
    # taking a day is one too many, nobody can take Sunday: only the three changes at
    # once — A gives a day to B and takes Sunday — reach cost 0 (by hand)
    inst = _two(7, 960, "6", (0, 3, 6))
    pool = columns.new_pool(to_problem(inst))
    r = Roster(pool, paths_of(pool, {("A", 0): "D", ("A", 3): "D"}))
    assert r.cost() == 100.0
    assert not r.respond(0) and not r.respond(1) and not reassign_day(r, 6)
    assert transfer(r, 2, (6, "D"), [0, 1], random.Random(0))
    assert r.cost() == 0.0
    got = r.assignment()
    assert got[("A", 6)] == "D" and len(got) == 3
    assert {d for (e, d) in got if e == "B"} <= {0, 3}
    check = check_nrp(inst, rows_of(got))
    assert check.valid and check.objective == 0
    fresh = Roster(pool, r.paths)  # the counts kept day by day are the counts
    assert np.array_equal(fresh.count, r.count)


def test_a_transfer_nobody_can_take_leaves_the_roster_as_it_was() -> None:
    # B must be off on Monday, Thursday and Sunday: nobody can take A's days
    inst = _two(7, 960, "0,3,6", (0, 3, 6))
    pool = columns.new_pool(to_problem(inst))
    start = {("A", 0): "D", ("A", 3): "D"}
    r = Roster(pool, paths_of(pool, start))
    assert not transfer(r, 2, (6, "D"), [0, 1], random.Random(0))
    assert r.assignment() == start and r.cost() == 100.0


def test_a_person_whose_weekends_are_spent_gives_a_weekend_to_another() -> None:
    # A works the first Saturday, their one weekend; the second Sunday is short and B
    # must be off then: A gives the Saturday to B and takes the Sunday (cost 0 by hand)
    inst = _two(14, 6720, "13", (5, 13))
    pool = columns.new_pool(to_problem(inst))
    r = Roster(pool, paths_of(pool, {("A", 5): "D"}))
    assert r.cost() == 100.0
    assert not r.respond(0) and not r.respond(1) and not reassign_day(r, 13)
    assert transfer(r, 1, (13, "D"), [0, 1], random.Random(0))
    assert r.assignment() == {("A", 13): "D", ("B", 5): "D"}
    check = check_nrp(inst, rows_of(r.assignment()))
    assert check.valid and check.objective == 0


def test_a_request_kept_from_its_person_by_the_cover_is_honoured_through_another() -> None:
    # A and B may each work one shift; A works Tuesday, B Friday, both covered; A asks
    # for Friday (weight 3). A alone moving to Friday leaves Tuesday short, B cannot
    # work Tuesday too: only both at once (A to Friday, B to Tuesday) honour it at
    # cost 0 (by hand); B must be off on Sunday, so the day off is B's own
    inst, r, _ = _wished("6")
    assert r.cost() == 3.0
    assert not r.respond(0) and not r.respond(1)
    assert not reassign_day(r, 1) and not reassign_day(r, 4)
    wishes = Requests(r)
    assert wishes.pick(r, random.Random(0)) == (0, 4)  # the only one not honoured
    assert honour(r, 0, 4, random.Random(0), *reach(r.pool))
    assert r.assignment() == {("A", 4): "D", ("B", 1): "D"} and r.cost() == 0.0
    assert wishes.pick(r, random.Random(0)) is None
    check = check_nrp(inst, rows_of(r.assignment()))
    assert check.valid and check.objective == 0


def test_a_request_that_would_leave_cover_short_is_not_honoured() -> None:
    # as above, but B must be off on Tuesday: honouring A's request leaves Tuesday
    # short (100 against 3), so the roster stays as it was
    _, r, start = _wished("1")
    assert not honour(r, 0, 4, random.Random(0), *reach(r.pool))
    assert r.assignment() == start and r.cost() == 3.0


def test_a_weekend_worked_on_one_day_is_completed_by_its_person_through_another() -> None:
    # A may work two shifts and one weekend, B one weekend but must be off on the first
    # weekend and the second Sunday. A works Monday and the first Saturday, B the second
    # Saturday (both their weekends spent); the first Sunday is short. A alone taking
    # Sunday leaves Monday short (100 either way), B may not take it, A may not take it
    # beside Monday (minutes): only A on the whole weekend with B on Monday reaches 0
    # (by hand). B's weekend is not one to complete: B must be off on its Sunday.
    inst = _two(14, 960, "5,6,13", (0, 5, 6, 12))
    pool = columns.new_pool(to_problem(inst))
    r = Roster(pool, paths_of(pool, {("A", 0): "D", ("A", 5): "D", ("B", 12): "D"}))
    assert r.cost() == 100.0
    assert halves(r) == [(0, 6)]
    assert not r.respond(0) and not r.respond(1) and not reassign_day(r, 6)
    assert weekend(r, 0, 6, random.Random(0), *reach(r.pool))
    assert r.assignment() == {("A", 5): "D", ("A", 6): "D", ("B", 0): "D", ("B", 12): "D"}
    assert r.cost() == 0.0 and halves(r) == []
    check = check_nrp(inst, rows_of(r.assignment()))
    assert check.valid and check.objective == 0


def test_a_weekend_that_would_leave_cover_short_is_not_completed() -> None:
    # as above, but B must be off on Monday too: A on the whole weekend leaves Monday
    # short, so the roster stays as it was
    inst = _two(14, 960, "0,5,6,13", (0, 5, 6, 12))
    pool = columns.new_pool(to_problem(inst))
    start: Assignment = {("A", 0): "D", ("A", 5): "D", ("B", 12): "D"}
    r = Roster(pool, paths_of(pool, start))
    assert not weekend(r, 0, 6, random.Random(0), *reach(r.pool))
    assert r.assignment() == start and r.cost() == 100.0


def _wished(b_off: str) -> tuple[NrpInstance, Roster, Assignment]:
    """One shift each at most, cover on Tuesday and Friday, A on Tuesday and B on
    Friday, A asking for Friday (weight 3); B off on ``b_off``."""
    inst = _two(7, 480, b_off, (1, 4), wish="A,4,D,3")
    pool = columns.new_pool(to_problem(inst))
    start: Assignment = {("A", 1): "D", ("B", 4): "D"}
    return inst, Roster(pool, paths_of(pool, start)), start
