"""A period planned again for everyone at once (roster/period.py): column generation
over a window of a long roster, the rest of every schedule held.

Truth comes from the published optimum of Curtois–Qu instance 1 (607, proved), from
the independent checker ``check_nrp`` (written from the instance format alone) and
from the relaxation's bound, which no roster of the window may beat."""

from __future__ import annotations

import random

import numpy as np
import pytest
from benchmarks.nrp import tiled

from sterkte.roster import period
from sterkte.roster.columns import _converge, _Master, _seed, new_pool
from sterkte.roster.large import first_assignment, reach
from sterkte.roster.nrp import check_nrp, rows_of, to_problem
from sterkte.roster.respond import Roster, paths_of
from sterkte.roster.window import valid
from sterkte.sources.nrp import NrpInstance, read_nrp
from tests.roster.helpers import NRP


def _instance(n: int) -> NrpInstance:
    return read_nrp(NRP / f"Instance{n}.txt")  # ../shared is beside the project in CI


def _start(inst: NrpInstance, seed: int = 0) -> Roster:
    """The large search's first roster (rolling horizon, repaired) as a Roster."""
    problem = to_problem(inst)
    first = first_assignment(problem, seed=seed)
    assert first is not None
    pool = new_pool(problem)
    return Roster(pool, paths_of(pool, first))


def _window_cost(r: Roster, members: list[int], touched: np.ndarray, a: int, b: int
                 ) -> float:
    """The cost the window can change: its members' own costs on its days and the
    cover of its rows."""
    own = sum(float(r.pool.persons[i].space.base[np.arange(a, b), r.paths[i][a:b] + 1].sum())
              for i in members)
    got, req = r.count[touched], r.req[touched]
    return own + float((np.maximum(0, req - got) * r.wu[touched]).sum()
                       + (np.maximum(0, got - req) * r.wo[touched]).sum())


def test_the_whole_horizon_as_one_period_reaches_the_proved_optimum() -> None:
    # instance 1 (8 persons, 14 days) is proved optimal at 607; its whole horizon as
    # one window is column generation on the instance itself, from a roster far above.
    # The dive is a heuristic and where it lands depends on the roster it starts from:
    # from three first rosters it ends within 3 of the optimum, and on it from one
    ends = []
    for first in range(3):
        inst = _instance(1)
        r = _start(inst, seed=first)
        before = r.cost()
        assert before > 900
        got = period.plan_period(r, 0, inst.days, lambda: False)
        assert got is not None and got.converged
        assert got.lp <= 607 + 1e-6  # a bound: no roster is below the relaxation
        check = check_nrp(inst, rows_of(r.assignment()))
        assert check.valid, check.violations[:3]
        assert check.objective == r.cost() == got.after
        ends.append(check.objective)
    assert all(607 <= e <= 610 for e in ends), ends  # none below the proved optimum
    assert min(ends) == 607, ends


def test_a_window_of_a_year_keeps_every_rule_and_the_days_outside() -> None:
    # instance 2 repeated over four periods (56 days): windows of two weeks in the
    # middle, where the runs of work, weekends and minutes cross the window's edges
    inst = tiled(_instance(2), 4)
    r = _start(inst)
    gained = 0.0
    for a in (14, 21, 35):
        b = a + 14
        old = {i: p.copy() for i, p in r.paths.items()}
        built = period.window_pool(r, a, b)
        assert built is not None
        _, members, touched = built
        window_before = _window_cost(r, members, touched, a, b)
        got = period.plan_period(r, a, b, lambda: False)
        assert got is not None
        assert got.after <= got.before + 1e-9
        gained += got.before - got.after
        # the relaxation bounds the window from below (every person's path exact)
        window_after = _window_cost(r, members, touched, a, b)
        assert window_after <= window_before + 1e-9
        if got.converged:
            assert got.lp <= window_after + 1e-6
        assert window_before - window_after == pytest.approx(got.before - got.after)
        for i, p in r.paths.items():
            assert np.array_equal(p[:a], old[i][:a]) and np.array_equal(p[b:], old[i][b:])
        check = check_nrp(inst, rows_of(r.assignment()))
        assert check.valid, check.violations[:3]
        assert check.objective == round(r.cost())
    assert gained > 0  # the first roster is not the best the windows allow


def test_every_column_of_a_window_keeps_the_persons_rules_across_its_edges() -> None:
    # the window's paths start from the run of work or days off before it and end in
    # one the days after can follow: priced without that edge, a path breaks the runs
    # or the successions where the window meets the days outside
    inst = tiled(_instance(3), 3)
    r = _start(inst, seed=1)
    a, b = 14, 28
    built = period.window_pool(r, a, b)
    assert built is not None
    pool, members, _ = built
    _seed(pool)
    _converge(pool, _Master(pool, {}, range(len(pool.columns))), lambda: False, 40)
    assert len(pool.columns) > 3 * len(members)
    for col in pool.columns:
        i = members[col.person]
        path = r.paths[i].copy()
        path[a:b] = col.path
        assert valid(r.pool.persons[i].space, path), (i, col.path)


def test_a_period_of_some_persons_leaves_the_others_as_they_were(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # above PERIOD_CELLS cells a window plans only some persons: those who could fill
    # what it leaves short first; everyone else keeps every day of their schedule
    inst = tiled(_instance(5), 3)
    r = _start(inst)
    monkeypatch.setattr(period, "PERIOD_CELLS", 200)
    cell_of, able = reach(r.pool)
    day_of = [cell_of[k][0] for k in range(len(r.pool.problem.cover))]
    rng = random.Random(3)
    moved = 0
    for _ in range(6):
        old = {i: p.copy() for i, p in r.paths.items()}
        before = r.cost()
        got = period.period_move(r, 2, rng, able, day_of, lambda: False)
        assert got is not None and got.after <= before + 1e-9
        changed = [i for i in r.paths if not np.array_equal(r.paths[i], old[i])]
        assert len(changed) < len(r.paths)
        if changed:
            days = np.flatnonzero(np.any([r.paths[i] != old[i] for i in changed], axis=0))
            assert days[-1] - days[0] < 14  # one window of two weeks
            cells = sum(int(r.pool.persons[i].space.allowed[days[0]:days[-1] + 1].sum())
                        for i in changed)
            assert cells <= 200
        moved += len(changed)
    assert moved > 0
    check = check_nrp(inst, rows_of(r.assignment()))
    assert check.valid, check.violations[:3]


def test_a_size_of_period_is_left_out_where_its_window_of_everyone_is_too_large(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # a week of everyone's cells (person, day, shift they may work), counted from the
    # file: the days not off times the shift types the person may work
    inst = tiled(_instance(4), 2)
    r = _start(inst)
    cells = sum((inst.days - len(inst.days_off.get(st.id, ())))
                * sum(1 for s in inst.shifts if st.max_shifts.get(s.id, 1) > 0)
                for st in inst.staff)
    week = cells * 7 / inst.days
    monkeypatch.setattr(period, "PERIOD_CELLS", int(week) + 1)
    assert period.fits(r) and not period.fits(r, 2)  # one week fits, two do not
    monkeypatch.setattr(period, "PERIOD_CELLS", int(2 * week) + 1)
    assert period.fits(r, 2)
    monkeypatch.setattr(period, "PERIOD_CELLS", int(week) - 1)
    assert not period.fits(r)
