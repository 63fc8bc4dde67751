"""Two searches sharing one roster (:mod:`sterkte.roster.pair`): each changes its own
part of the horizon within its share of every person's limits, and the parts merge
into a roster that keeps every rule.

Truth comes from the independent checker ``check_nrp`` (written from the instance
format alone) and from the cost's sum over days: parts changed apart add up."""

from __future__ import annotations

import random

import numpy as np
from benchmarks.nrp_gen import planted

from sterkte.roster import columns
from sterkte.roster.daymove import reassign_day
from sterkte.roster.lns import Clock
from sterkte.roster.nrp import check_nrp, rows_of, to_problem
from sterkte.roster.pair import SPLIT_DAYS, large_pair, merge, region, shared, splits
from sterkte.roster.respond import Roster, paths_of
from sterkte.sources.nrp import parse_nrp
from tests.roster.helpers import planted_start


def test_a_year_is_cut_on_mondays_with_a_week_between_the_parts() -> None:
    assert region(364, 0, True) == (0, 182) and region(364, 0, False) == (189, 364)
    assert region(364, 1, True) == (0, 91) and region(364, 1, False) == (98, 364)
    assert region(364, 2, True) == (0, 273) and region(364, 2, False) == (280, 364)
    # a cut never leaves a part empty: 16 weeks cut at a quarter
    assert region(112, 1, True) == (0, 28) and region(112, 1, False) == (35, 112)
    # shorter horizons are not cut: both search all of it
    assert region(SPLIT_DAYS - 7, 0, True) == region(SPLIT_DAYS - 7, 0, False) == (0, 105)


def _changed(pool: columns.Pool, start: dict[int, np.ndarray], part: tuple[int, int],
             limits: bool, seed: int) -> Roster:
    """``start`` improved within ``part`` (best responses and days re-assigned), each
    person's limits over the horizon shared (``limits``) or their own."""
    rng = random.Random(seed)
    r = Roster(shared(pool, start, part) if limits else pool, start)
    r.region = part
    days = pool.problem.days
    for _ in range(3):
        for i in rng.sample(range(len(pool.persons)), len(pool.persons)):
            r.respond_window(i, 0, days)
        for d in range(days):
            reassign_day(r, d)
    return r


def test_parts_changed_apart_merge_into_a_roster_that_keeps_every_rule() -> None:
    # a planted instance of 18 weeks; each part improved as a search would, the other
    # part's days untouched; merged, the roster keeps every rule (the checker) and its
    # cost is the start's less both parts' gains. Each person's own limits instead of
    # their shares: both parts spend the same spare minutes, some persons' merged
    # schedules break a rule and keep one part's schedule, and the gain is lost
    inst, problem, first = planted_start(10, 126, 3, 1, 0)
    pool = columns.new_pool(problem)
    start = paths_of(pool, first)
    base = Roster(pool, start).cost()
    one, two = region(126, 0, True), region(126, 0, False)
    assert one == (0, 63) and two == (70, 126)
    for limits in (True, False):
        a = _changed(pool, start, one, limits, 1)
        b = _changed(pool, start, two, limits, 2)
        for i in range(10):  # neither changed a day outside its part
            assert np.array_equal(a.paths[i][63:], start[i][63:])
            assert np.array_equal(b.paths[i][:70], start[i][:70])
        assert a.cost() < base and b.cost() < base
        paths, cost, torn = merge(pool, a.paths, b.paths, one)
        check = check_nrp(inst, rows_of(Roster(pool, paths).assignment()))
        assert check.valid and check.objective == round(cost)
        if limits:
            assert torn == 0 and cost == a.cost() + b.cost() - base
        else:
            assert torn > 0 and cost > a.cost() + b.cost() - base


def test_two_processes_on_a_long_horizon_return_a_checked_roster() -> None:
    # 18 weeks: the two processes split the horizon, trade and merge; the roster
    # returned keeps every rule, its objective is the checker's, and it is below the
    # first roster both start from
    inst, problem, first = planted_start(10, 126, 3, 1, 3)
    assert splits(problem)
    short = to_problem(parse_nrp(planted(10, 105, 3, seed=1)[0], "planted", "planted"))
    assert not splits(short)  # 15 weeks: each process searches all of it
    sol = large_pair(problem, Clock(4.0), seed=3)
    assert sol.objective is not None
    check = check_nrp(inst, rows_of(sol.assignment))
    assert check.valid and check.objective == sol.objective
    assert sol.objective < check_nrp(inst, rows_of(first)).objective


def test_the_slack_goes_to_the_part_where_cover_is_short() -> None:
    # the first roster with every shift from day 70 on taken away: most of the cover left
    # short lies in the second part, so it gets most of everybody's spare minutes, and
    # the two shares add up to no more than the slack
    _, problem, first = planted_start(10, 126, 3, 1, 0)
    pool = columns.new_pool(problem)
    start = paths_of(pool, first)
    one, two = region(126, 0, True), region(126, 0, False)
    cut = {i: np.where(np.arange(126) >= 70, -1, p) for i, p in start.items()}
    r = Roster(pool, cut)
    short = np.maximum(0, r.req - r.count) * r.wu  # weighted persons short, per row
    day = np.array([c.cells[0][0] for c in problem.cover])
    here, there = short[day < 63].sum(), short[day >= 70].sum()
    assert 0 < here < there
    first_part, second_part = shared(pool, cut, one), shared(pool, cut, two)
    spare = 0
    for i, pr in enumerate(pool.persons):
        used = int(pr.space.units[cut[i][cut[i] >= 0]].sum())
        slack = pr.space.max_units - used
        spare += slack
        mine = first_part.persons[i].space.max_units - used
        theirs = second_part.persons[i].space.max_units - used
        assert mine == int(slack * here / (here + there))
        assert theirs == int(slack * there / (here + there))
        assert mine + theirs <= slack
    assert spare > 0
