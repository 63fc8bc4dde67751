"""A few persons over a window of days solved jointly by CP-SAT (roster/submodel.py).

Truth comes from a hand computation (a two-person exchange over three days that no
best response, single day or chain makes), from brute force (every schedule of a
person over a week, each judged by ``window.valid``, written apart from the model)
and from the independent checker ``check_nrp``."""

from __future__ import annotations

import itertools
import random

import numpy as np
from benchmarks.nrp_gen import planted
from ortools.sat.python import cp_model

from sterkte.roster import columns
from sterkte.roster.chains import chain
from sterkte.roster.daymove import reassign_day
from sterkte.roster.large import SUB_SHARE, large_search
from sterkte.roster.lns import Clock, TimeShare
from sterkte.roster.nrp import check_nrp, rows_of, to_problem
from sterkte.roster.respond import Roster, paths_of
from sterkte.roster.submodel import build, choose, move
from sterkte.roster.window import valid
from sterkte.sources.nrp import parse_nrp
from tests.roster.helpers import planted_start

# A may work only X, B X or Y; each exactly one shift (480 minutes) in the week.
# Cover: Monday X 1, Tuesday Y 1, every other cell 0 (1 per person over).
_COVER = "\n".join(f"{d},{s},{int((d, s) in ((0, 'X'), (1, 'Y')))},100,1"
                   for d in range(7) for s in "XY")
SWAP = f"""SECTION_HORIZON
7
SECTION_SHIFTS
X,480,
Y,480,
SECTION_STAFF
A,X=7|Y=0,480,480,7,1,1,1
B,X=7|Y=7,480,480,7,1,1,1
SECTION_DAYS_OFF
SECTION_SHIFT_ON_REQUESTS
SECTION_SHIFT_OFF_REQUESTS
SECTION_COVER
{_COVER}
"""


def test_two_persons_exchange_over_days_where_no_single_move_can() -> None:
    # A on Wednesday X (over: 1), B on Monday X, Tuesday Y short (100): 101 by hand.
    # A to Monday X alone is over there instead (still 1); B to Tuesday Y alone leaves
    # Monday short (still 100); neither can add or drop a shift (exactly one each), so
    # no single day moves either. Together — A to Monday X, B to Tuesday Y — 0.
    inst = parse_nrp(SWAP, "swap", "swap")
    pool = columns.new_pool(to_problem(inst))
    r = Roster(pool, paths_of(pool, {("A", 2): "X", ("B", 0): "X"}))
    assert r.cost() == 101.0
    assert not r.respond(0) and not r.respond(1)
    assert not any(reassign_day(r, d) for d in range(7))
    assert not chain(r, 2, (1, "Y"), [1], random.Random(0))
    assert r.cost() == 101.0
    assert move(r, [0, 1], 0, 7)
    assert r.cost() == 0.0
    assert r.assignment() == {("A", 0): "X", ("B", 1): "Y"}
    check = check_nrp(inst, rows_of(r.assignment()))
    assert check.valid and check.objective == 0


class _Collect(cp_model.CpSolverSolutionCallback):
    """Every solution's schedule over the week (shift per day, -1 off)."""

    def __init__(self, cells: list[tuple[int, int, int, cp_model.IntVar]], a: int) -> None:
        super().__init__()
        self.cells, self.a = cells, a
        self.found: set[tuple[int, ...]] = set()

    def on_solution_callback(self) -> None:
        week = [-1] * 7
        for _, d, s, v in self.cells:
            if self.boolean_value(v):
                week[d - self.a] = s
        self.found.add(tuple(week))


def test_the_submodel_allows_exactly_the_schedules_that_keep_every_rule() -> None:
    # one person over one week with the rest of their schedule held: the window's
    # schedules the sub-model allows are exactly those valid() accepts over the whole
    # horizon (brute force over every choice of the 7 days), in the middle of the
    # horizon and at both ends (runs, successions, minutes, weekends across the edges)
    text, _, roster = planted(6, 28, 3, seed=4)
    problem = to_problem(parse_nrp(text, "planted", "planted"))
    pool = columns.new_pool(problem)
    r = Roster(pool, paths_of(pool, roster))
    r.wu[:] = 0.0  # no cover costs: the model's rules alone (else every under- and
    r.wo[:] = 0.0  # over-cover value of a schedule is another solution to enumerate)
    n_shift = len(problem.shifts)
    for i, a in ((0, 7), (1, 0), (2, 21), (3, 14)):
        space = pool.persons[i].space
        built = build(r, [i], a, a + 7)
        assert built is not None
        built.model.clear_objective()
        built.model.clear_hints()
        solver = cp_model.CpSolver()
        solver.parameters.enumerate_all_solutions = True
        solver.parameters.num_workers = 1
        collect = _Collect(built.cells, a)
        solver.solve(built.model, collect)
        found = collect.found
        expected = set()
        for week in itertools.product(range(-1, n_shift), repeat=7):
            path = r.paths[i].copy()
            path[a:a + 7] = week
            if valid(space, path):
                expected.add(week)
        assert expected and found == expected, (i, a, len(found), len(expected))


def test_submodel_moves_never_raise_the_cost_and_keep_every_rule() -> None:
    inst, problem, first = planted_start(12, 42, 3, 1, 2)
    pool = columns.new_pool(problem)
    r = Roster(pool, paths_of(pool, first))
    able: dict[int, list[int]] = {}
    for i, pr in enumerate(pool.persons):
        for rows in pr.rows.values():
            for k in rows:
                able.setdefault(k, []).append(i)
    day_of = [c.cells[0][0] for c in problem.cover]
    rng = random.Random(0)
    costs = [r.cost()]
    for _ in range(8):
        short = np.flatnonzero(r.count < r.req).tolist()
        persons, a, b = choose(r, able, short, day_of, rng, 6, 2)
        assert a % 7 == 0 and (b % 7 == 0 or b == problem.days)
        move(r, persons, a, b, work=0.5, seed=1)
        costs.append(r.cost())
    assert all(y <= x for x, y in itertools.pairwise(costs))
    assert costs[-1] < costs[0]  # the first roster is far from the planted one
    check = check_nrp(inst, rows_of(r.assignment()))
    assert check.valid and check.objective == round(costs[-1])
    fresh = Roster(pool, r.paths)
    assert np.array_equal(fresh.count, r.count)


def test_the_large_search_with_submodels_returns_a_checked_roster() -> None:
    # a budget in moves (the same roster on any machine); "sub" is one of the kinds
    text, _, _ = planted(10, 42, 3, seed=1)
    inst = parse_nrp(text, "planted", "planted")
    problem = to_problem(inst)
    sol = large_search(problem, Clock(3600.0), seed=5, moves=40)
    again = large_search(problem, Clock(3600.0), seed=5, moves=40)
    check = check_nrp(inst, rows_of(sol.assignment))
    assert check.valid and check.objective == sol.objective
    assert again.objective == sol.objective


def _time_shares(timed: TimeShare, moves: dict[str, tuple[float, float]], n: int
                 ) -> dict[str, float]:
    """Each kind's share of the time over ``n`` picks, each move of a kind gaining and
    taking what ``moves`` says."""
    spent = dict.fromkeys(moves, 0.0)
    for _ in range(n):
        kind = timed.pick()
        gain, took = moves[kind]
        timed.learn(kind, gain, took)
        spent[kind] += took
    total = sum(spent.values())
    return {k: v / total for k, v in spent.items()}


def test_the_sub_model_move_takes_at_most_its_share_of_the_time_whatever_its_rate() -> None:
    # the search's time split among kinds by their gain per second: a sub-model move
    # (0.1 s, gaining 50: 500 a second) against a day (1 ms, gaining nothing) would take
    # nearly all of it; capped, it takes at most SUB_SHARE. Uncapped kinds keep the rule:
    # a day gaining 1,000 a second against a chain gaining 250 takes about four fifths
    moves = {"day": (0.0, 0.001), "sub": (50.0, 0.1), "chain": (0.0, 0.002)}
    free = _time_shares(TimeShare(("day", "sub", "chain"), random.Random(1)), moves, 20_000)
    assert free["sub"] > 0.9
    capped = _time_shares(TimeShare(("day", "sub", "chain"), random.Random(1),
                                 most={"sub": SUB_SHARE}), moves, 20_000)
    assert 0.5 * SUB_SHARE < capped["sub"] <= SUB_SHARE + 0.03
    moves = {"day": (1.0, 0.001), "chain": (0.5, 0.002)}
    split = _time_shares(TimeShare(("day", "chain"), random.Random(2), most={"sub": SUB_SHARE}),
                         moves, 20_000)
    assert 0.72 < split["day"] < 0.88
    # the chain's rate counted four times (as the period moves' are counted more):
    # 1,000 a second against 4 × 250, about half the time each
    even = _time_shares(TimeShare(("day", "chain"), random.Random(2), weight={"chain": 4.0}),
                        moves, 20_000)
    assert 0.4 < even["day"] < 0.6
