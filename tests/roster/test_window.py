"""Windows of a person's schedule (roster/window.py), the search on large rosters
(roster/large.py) and shift classes in the path's state (roster/pricing.py).

Checked against the independent checker (``check_nrp``, written from the instance
format alone) and against the whole-horizon shortest path, whose optima the tests in
test_columns.py check by hand."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from sterkte.roster import columns
from sterkte.roster.large import first_assignment, large_search
from sterkte.roster.lns import Clock
from sterkte.roster.nrp import check_nrp, rows_of, to_problem
from sterkte.roster.pricing import INF, best_schedules
from sterkte.roster.window import valid, window_space
from sterkte.sources.nrp import read_nrp

NRP = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "nrp"


def _mine(violations: list[str], employee: str) -> list[str]:
    return [v for v in violations if v.startswith(f"{employee} ")]


def test_shifts_alike_for_successions_share_a_class() -> None:
    # instance 12: a1–a3 may follow anything, d1–d3 may not be followed by a*, p1–p3
    # not by a* or d*, n1 not by any of those: four groups of successions
    pool = columns.new_pool(to_problem(read_nrp(NRP / "Instance12.txt")))
    space = pool.persons[0].space
    assert space.n_shift == 10 and space.n_class == 4
    assert space.shift_class.tolist() == [0, 0, 0, 1, 1, 1, 2, 2, 2, 3]


def test_a_window_keeps_every_rule_and_is_the_best_with_the_rest_held() -> None:
    inst = read_nrp(NRP / "Instance5.txt")
    problem = to_problem(inst)
    pool = columns.new_pool(problem)
    rng = np.random.default_rng(3)
    for i in (0, 5, 9):
        space = pool.persons[i].space
        e = space.employee
        prices = rng.random((space.days, space.n_shift)) * 50
        held = best_schedules(space, prices, 1)[0][0]  # a schedule keeping every rule
        for a, b in ((7, 14), (0, 14), (14, 28), (7, 21)):
            got = window_space(space, held, a, b)
            assert got is not None
            sub, edge = got
            window_prices = rng.random((b - a, space.n_shift)) * 50
            found = best_schedules(sub, window_prices, 1, edge=edge)
            assert found  # the held schedule's own window is one answer
            path = held.copy()
            path[a:b] = found[0][0]
            assert valid(space, path)
            rows = [(e, d, problem.shifts[s].id) for d, s in enumerate(path.tolist()) if s >= 0]
            assert _mine(check_nrp(inst, rows).violations, e) == []
            # the whole-horizon path with the days outside the window forced to the
            # held schedule finds the same cost for the window
            full = np.zeros((space.days, space.n_shift))
            full[a:b] = window_prices
            forced = space.base.copy()
            for d in [*range(a), *range(b, space.days)]:
                forced[d, :] = INF / 1e6
                forced[d, held[d] + 1] = space.base[d, held[d] + 1]
            whole = replace(space, base=forced)
            best = best_schedules(whole, full, 1)[0]
            own = float(space.base[np.arange(space.days), held + 1].sum()
                        - space.base[np.arange(a, b), held[a:b] + 1].sum())
            assert np.array_equal(best[0][:a], held[:a]) and np.array_equal(best[0][b:], held[b:])
            assert abs(best[1] - own - found[0][1]) < 1e-6


def test_the_large_search_returns_a_roster_the_checker_accepts() -> None:
    # the search for rosters too large for one CP-SAT model, on instance 4 (small, so
    # fast): whatever it reaches, the roster keeps every hard rule and its objective
    # is the checker's (no assertion on how good it is: that is the benchmark's)
    inst = read_nrp(NRP / "Instance4.txt")
    problem = to_problem(inst)
    first = first_assignment(problem, seed=1)
    assert first is not None and check_nrp(inst, rows_of(first)).valid
    sol = large_search(problem, Clock(1.0), seed=1)
    assert sol.objective is not None
    check = check_nrp(inst, rows_of(sol.assignment))
    assert check.valid and check.objective == sol.objective
    assert check.objective <= check_nrp(inst, rows_of(first)).objective


def test_valid_accepts_exactly_the_schedules_the_checker_accepts() -> None:
    # the compiled check against the independent checker: planted schedules (valid)
    # with one to four days changed at random, over nine weeks with four shift types
    # and their counters; both answers must occur often
    from benchmarks.nrp_gen import planted

    from sterkte.roster.respond import paths_of
    from sterkte.sources.nrp import parse_nrp

    text, _, roster = planted(6, 63, 4, seed=7)
    inst = parse_nrp(text, "planted", "planted")
    problem = to_problem(inst)
    pool = columns.new_pool(problem)
    paths = paths_of(pool, roster)
    ids = [s.id for s in problem.shifts]
    rng = np.random.default_rng(11)
    seen = {True: 0, False: 0}
    for trial in range(600):
        i = trial % len(pool.persons)
        space = pool.persons[i].space
        path = paths[i].copy()
        for d in rng.choice(problem.days, size=int(rng.integers(1, 5)), replace=False):
            path[d] = int(rng.integers(-1, len(ids)))
        rows = [(space.employee, d, ids[s]) for d, s in enumerate(path.tolist()) if s >= 0]
        ok = _mine(check_nrp(inst, rows).violations, space.employee) == []
        assert valid(space, path) == ok, (trial, path.tolist())
        seen[ok] += 1
    assert seen[True] >= 30 and seen[False] >= 30
