"""The sweep of day windows (:mod:`sterkte.roster.sweep`), aimed at instance 8's second
mode: on a small instance with a published proved optimum, every roster checked by the
instance's own checker, with a deterministic budget (no wall clock)."""

from __future__ import annotations

from pathlib import Path

from sterkte.roster import columns
from sterkte.roster.dive import dive
from sterkte.roster.lns import Clock, objective_of
from sterkte.roster.model import Assignment
from sterkte.roster.nrp import check_nrp, rows_of, to_problem
from sterkte.roster.solver import build
from sterkte.roster.sweep import sweep
from sterkte.sources.nrp import NrpInstance, read_nrp

OPTIMUM_1 = 607  # Instance1, proved optimal (Curtois & Qu)


def _poor_roster(inst: NrpInstance) -> tuple[columns.Pool, Assignment, int]:
    """A valid but poor roster: a dive given up at once (everyone's best response)."""
    pool = columns.new_pool(to_problem(inst))
    columns.generate(pool, lambda: False)
    roster = dive(pool, lambda: False, give_up=lambda: True)
    check = check_nrp(inst, rows_of(roster))
    assert check.valid, check.violations
    assert check.objective > OPTIMUM_1  # something to improve
    return pool, roster, check.objective


def test_a_sweep_never_worsens_and_with_the_whole_horizon_finds_the_optimum(
        nrp_dir: Path) -> None:
    inst = read_nrp(nrp_dir / "Instance1.txt")
    _, roster, cost = _poor_roster(inst)
    problem = to_problem(inst)
    built = build(problem)
    assert objective_of(built, roster) == cost  # the model and the checker agree
    offered: list[int] = []

    def offer(r: Assignment, obj: int) -> None:
        check = check_nrp(inst, rows_of(r))
        assert check.valid and check.objective == obj
        offered.append(obj)

    # windows of two days: each better roster is offered, the last is returned
    obj, found = sweep(problem, built, roster, cost, Clock(0, work=20.0), 0, 1.0, 1.0,
                       0, lambda: False, offer)
    assert obj <= cost and check_nrp(inst, rows_of(found)).objective == obj
    assert offered == sorted(offered, reverse=True) and (not offered or offered[-1] == obj)
    # one window of the whole horizon is CP-SAT on the whole model from that roster
    obj, found = sweep(problem, built, roster, cost, Clock(0, work=20.0), 0,
                       float(len(built.x)), 20.0, 0, lambda: False, offer)
    assert obj == OPTIMUM_1 == check_nrp(inst, rows_of(found)).objective
