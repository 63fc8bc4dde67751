"""A sweep of day windows: every person over a few days, window after window.

The large-neighbourhood search (:mod:`sterkte.roster.lns`) draws its windows at
random; a repair that needs one particular window is found by luck. Measured on
instance 8 of the benchmark: a dive's roster at 1,404 (one cover requirement short
on day 5 with one person too many on day 2, beyond the twelve nights no roster can
fill) goes to 1,307 when everybody is free over days 0–6 or 0–8 (CP-SAT proves each
sub-problem in 0.05–0.7 s) but not over days 1–7, 1–9 or 2–10; the LNS from that
roster, drawing its windows, stayed at 1,399 after 20 s in one run of two (load 9).
A sweep tries every start in turn: a window of all persons of about ``size`` free
variables, moved a day at a time over the horizon, CP-SAT on each with the rest of
the roster fixed, improvements taken at once; repeated while a pass improves. On
instance 8 (eight-day windows) a pass is 21 sub-problems of 0.1–1 s, 6 s at load 9.
"""

from __future__ import annotations

from collections.abc import Callable

from ortools.sat.python import cp_model

from sterkte.roster.lns import Clock, Key, cost, fixed_solve
from sterkte.roster.model import Assignment, RosterProblem
from sterkte.roster.solver import Built, own_copy, read_assignment, rehint

__all__ = ["sweep"]


def sweep(problem: RosterProblem, built: Built, roster: Assignment, objective: int,
          clock: Clock, seed: int, size: float, sub_limit: float, bound: int,
          stop: Callable[[], bool], offer: Callable[[Assignment, int], object],
          passes: int = 4) -> tuple[int, Assignment]:
    """Improve ``roster`` (cost ``objective``) by windows of days with every person
    free: a window of about ``size`` free variables (at least two days), each start
    in turn, at most ``sub_limit`` of the budget per window; every better roster goes
    to ``offer``. Passes repeat while one improves (at most ``passes``). Returns the
    best cost and roster.
    Works on a copy of the model (other threads fix variables on the built one)."""
    days = problem.days
    by_day: list[list[Key]] = [[] for _ in range(days)]
    for key in built.x:
        by_day[key[1]].append(key)
    per_day = max(1.0, len(built.x) / max(1, days))
    span = max(2, min(days, round(size / per_day)))
    model, mvars = own_copy(built)
    everything = set(built.x)
    it = 0
    for _ in range(passes):
        improved = False
        for first in range(0, max(1, days - span + 1)):
            if stop() or objective <= bound:
                return objective, roster
            free = {k for d in range(first, min(days, first + span)) for k in by_day[d]}
            rehint(model, mvars, roster)
            it += 1
            solver = clock.solver(sub_limit, seed + it)
            status = fixed_solve(built, model, roster, everything - free, solver)
            clock.charge(solver)
            if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                continue
            obj = cost(built, solver)
            if obj < objective:
                roster, objective, improved = read_assignment(built, solver), obj, True
                offer(roster, objective)
        if not improved:
            break
    return objective, roster
