"""When no roster meets every hard rule: which rules conflict.

Every rule's constraints are guarded by one literal per rule (see
:func:`sterkte.roster.solver.build` with ``explain=True``); CP-SAT solves with
all of them assumed true and, when that is infeasible, returns a subset of
the assumptions that is already infeasible on its own. Those rules, and only
those, are reported: switching any one of them off (or changing the data it
reads, such as a day off or contract hours) is where a fix must start.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from sterkte.roster.model import RosterProblem
from sterkte.roster.solver import build, solver_for


def explain_infeasible(problem: RosterProblem, *, seconds: float = 10.0) -> list[str]:
    """Rule keys that together admit no roster ([] when a roster exists or when the
    solver could not decide within ``seconds``)."""
    built = build(problem, explain=True)
    lits = dict(built.rule_literals)
    built.model.add_assumptions(list(lits.values()))
    built.model.clear_objective()  # type: ignore[no-untyped-call]
    solver = solver_for(seconds, 1, 0)
    status = solver.solve(built.model)
    if status != cp_model.INFEASIBLE:
        return []
    core = set(solver.sufficient_assumptions_for_infeasibility())
    by_index = {v.index: k for k, v in lits.items()}
    return sorted(by_index[i] for i in core if i in by_index)
