"""Search strategy: a full CP-SAT solve, then large-neighbourhood search (LNS).

A plain CP-SAT model of a large roster finds good rosters slowly: most of its
time goes to proving bounds on a huge model. LNS keeps the best roster and
repeatedly frees a small part of it — a few employees, a run of days, or a few
employees over a run of days — fixing everything else, and lets CP-SAT
re-optimise that part with the current roster as a hint. Every sub-problem
is small enough for CP-SAT's strong linear relaxation to solve it well in a
second or two; the whole roster improves step by step and is never worse than
the last one. Fixing is done on the model's variable domains, so the model is
built once. The result for a given seed and time budget is deterministic only
up to the wall clock (a sub-solve's time limit).
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from sterkte.roster.model import Assignment, RosterProblem
from sterkte.roster.solver import Built, Solution, build, hint, read_assignment, solver_for

Progress = Callable[[float, int], None]
"""Called with (seconds elapsed, objective) whenever the roster improves."""


@dataclass(frozen=True)
class SearchSettings:
    """How to spend the time: ``first_share`` of it on the full model, the rest on
    neighbourhoods of at most ``sub_seconds`` each."""

    workers: int = 1
    seed: int = 0
    first_share: float = 0.3
    sub_seconds: float = 1.0
    full_solve_max_vars: int = 1500
    portfolio_share: float = 0.05
    linearization_level: int = 2


def _configure(solver: cp_model.CpSolver, s: SearchSettings) -> None:
    solver.parameters.linearization_level = s.linearization_level


def _objective(built: Built, assignment: Assignment) -> int:
    """The cost of ``assignment`` under ``built``'s objective, by fixing every x."""
    solver = _fixed_solve(built, assignment, set(built.x), 5.0)
    if solver is None:
        raise RuntimeError("the roster does not satisfy the model it came from")
    return cost(built, solver)


def cost(built: Built, solver: cp_model.CpSolver) -> int:
    """The objective of the solver's roster, evaluated on the roster itself (the
    reported objective value has been seen to disagree with the solution returned)."""
    return round(solver.value(built.objective))


def _fixed_solve(built: Built, assignment: Assignment, fixed: set[tuple[str, int, str]],
                 seconds: float, workers: int = 1, seed: int = 0,
                 level: int = 2, model: cp_model.CpModel | None = None
                 ) -> cp_model.CpSolver | None:
    """Solve with the ``fixed`` variables fixed to their value in ``assignment`` (on
    ``model``, a clone of the built model, or the built model itself)."""
    m = model if model is not None else built.model
    proto = m.proto
    saved: list[tuple[int, int, int]] = []
    for key in fixed:
        var = built.x[key]
        val = int(assignment.get((key[0], key[1])) == key[2])
        dom = proto.variables[var.index].domain
        saved.append((var.index, dom[0], dom[1]))
        dom[0] = val
        dom[1] = val
    try:
        solver = solver_for(seconds, workers, seed)
        solver.parameters.linearization_level = level
        status = solver.solve(m)
    finally:
        for idx, lo, hi in saved:
            dom = proto.variables[idx].domain
            dom[0] = lo
            dom[1] = hi
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return solver
    return None


def solve_roster(problem: RosterProblem, seconds: float, settings: SearchSettings | None = None,
                 progress: Progress | None = None, start: Assignment | None = None
                 ) -> Solution:
    """The best roster found within ``seconds`` (wall clock), by a full solve followed
    by LNS. ``start`` is an optional roster to start from (a hint)."""
    s = settings or SearchSettings()
    t0 = time.monotonic()
    deadline = t0 + seconds
    built = build(problem)
    if start is not None:
        hint(built, start)
    best: Assignment | None = start
    if best is None and _fixed_solve(built, {}, set(built.x), 5.0) is not None:
        best = {}  # nobody working breaks no rule (no minimum hours): a valid start
    if best is None:
        # a first roster, quickly: CP-SAT's portfolio (feasibility jump, local search)
        first = solver_for(max(0.1, deadline - time.monotonic()), max(2, s.workers), s.seed)
        first.parameters.stop_after_first_solution = True
        status = first.solve(built.model)
        if status == cp_model.INFEASIBLE:
            return Solution({}, None, 0, "INFEASIBLE")
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            best = read_assignment(built, first)
    best_obj = _objective(built, best) if best is not None else None
    if best is not None:
        hint(built, best)
    # then the full model with its strong relaxation, from that roster (on a large model
    # the relaxation alone takes longer than the budget: LNS does better there)
    small = len(built.x) <= s.full_solve_max_vars
    status_name = "UNKNOWN"
    bound = 0
    # a large model started from the empty roster: LNS fills it faster than a full solve
    if small or best is None or best:
        share = s.first_share if small else s.portfolio_share
        solver = solver_for(max(0.1, share * (deadline - time.monotonic())), s.workers, s.seed)
        if small:
            _configure(solver, s)
        status = solver.solve(built.model)
        status_name = solver.status_name(status)
        if status != cp_model.UNKNOWN:
            bound = math.ceil(solver.best_objective_bound - 1e-6)
        if status == cp_model.INFEASIBLE:
            return Solution({}, None, 0, "INFEASIBLE")
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            obj = cost(built, solver)
            if best_obj is None or obj <= best_obj:
                best, best_obj = read_assignment(built, solver), obj
    if best is None or best_obj is None:
        return Solution({}, None, 0, status_name)
    if progress:
        progress(time.monotonic() - t0, best_obj)
    if not best and not small:
        best, best_obj = _rolling(problem, built, best_obj, deadline, s)
        if progress:
            progress(time.monotonic() - t0, best_obj)
    best, best_obj = _lns(problem, built, best, best_obj, bound, deadline, s, t0, progress)
    return Solution(best, best_obj, bound, "OPTIMAL" if best_obj <= bound else "FEASIBLE")


def _rolling(problem: RosterProblem, built: Built, best_obj: int, deadline: float,
             s: SearchSettings) -> tuple[Assignment, int]:
    """Build a roster from the empty one by a rolling horizon: a week at a time, the
    days before it fixed as rostered, the days after it still empty; half the time
    left at most."""
    best: Assignment = {}
    span = 7
    windows = list(range(0, problem.days, span))
    budget = 0.5 * (deadline - time.monotonic())
    for i, first in enumerate(windows):
        free = {k for k in built.x if first <= k[1] < first + span}
        hint(built, best)
        solver = _fixed_solve(built, best, set(built.x) - free,
                              max(0.1, budget / len(windows)), s.workers, s.seed + i,
                              s.linearization_level)
        if solver is not None:
            obj = cost(built, solver)
            if obj <= best_obj:
                best, best_obj = read_assignment(built, solver), obj
    return best, best_obj


def _lns(problem: RosterProblem, built: Built, best: Assignment, best_obj: int, bound: int,
         deadline: float, s: SearchSettings, t0: float, progress: Progress | None
         ) -> tuple[Assignment, int]:
    """Large-neighbourhood search; with ``s.workers`` ≥ 2 that many threads search at
    once, each on its own copy of the model with one CP-SAT worker, sharing the best
    roster (CP-SAT releases the GIL while it solves)."""
    emps = [e.id for e in problem.employees]
    keys_by_emp: dict[str, list[tuple[str, int, str]]] = {e: [] for e in emps}
    for key in built.x:
        keys_by_emp[key[0]].append(key)
    n_vars = max(1, len(built.x))
    kinds = ("employees", "days", "block", "deficit")
    # per kind of neighbourhood: its size in free variables, grown while its
    # sub-problems solve to optimality and shrunk while they time out; and a
    # weight that favours the kinds that have been improving the roster
    target = {k: min(float(n_vars), 600.0) for k in kinds}
    weight = {k: 1.0 for k in kinds}
    state = {"best": best, "obj": best_obj}
    lock = threading.Lock()
    threads = max(1, s.workers)

    def worker(wid: int) -> None:
        rng = random.Random(s.seed * 1000 + wid)
        model = built.model if threads == 1 else built.model.clone()
        mvars = {k: model.get_bool_var_from_proto_index(v.index) for k, v in built.x.items()}
        it = 0
        while time.monotonic() < deadline - 0.05 and state["obj"] > bound:  # type: ignore[operator]
            it += 1
            with lock:
                current: Assignment = state["best"]  # type: ignore[assignment]
                current_obj: int = state["obj"]  # type: ignore[assignment]
                kind = rng.choices(kinds, weights=[weight[k] for k in kinds])[0]
                share = min(1.0, target[kind] / n_vars)
            free = _neighbourhood(problem, built, current, kind, share, emps, keys_by_emp, rng)
            fixed = set(built.x) - free
            model.clear_hints()  # type: ignore[no-untyped-call]
            for key, var in mvars.items():
                model.add_hint(var, current.get((key[0], key[1])) == key[2])
            left = deadline - time.monotonic()
            solver = _fixed_solve(built, current, fixed, min(s.sub_seconds, left), 1,
                                  s.seed + 7919 * wid + it, s.linearization_level, model)
            with lock:
                if solver is None:
                    target[kind] = max(20.0, target[kind] * 0.8)
                    continue
                obj = cost(built, solver)
                proved = solver.status_name(solver.response_proto.status) == "OPTIMAL"
                weight[kind] = min(5.0, weight[kind] + 1.0) if obj < current_obj else max(
                    0.2, weight[kind] * 0.9)
                if obj < state["obj"]:  # type: ignore[operator]
                    state["best"], state["obj"] = read_assignment(built, solver), obj
                    if progress:
                        progress(time.monotonic() - t0, obj)
                elif obj == state["obj"] and obj == current_obj:
                    state["best"] = read_assignment(built, solver)  # sideways: keeps moving
                # solved to optimality without gain: the neighbourhood is too small
                grow = 1.15 if proved else 0.85
                target[kind] = min(float(n_vars), max(20.0, target[kind] * grow))

    if threads == 1:
        worker(0)
    else:
        pool = [threading.Thread(target=worker, args=(w,)) for w in range(threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()
    return state["best"], state["obj"]  # type: ignore[return-value]


def _neighbourhood(problem: RosterProblem, built: Built, best: Assignment, kind: str,
                   share: float, emps: list[str],
                   keys_by_emp: dict[str, list[tuple[str, int, str]]], rng: random.Random
                   ) -> set[tuple[str, int, str]]:
    """The variables to free: a share of the employees, of the days, or a block of
    employees × days (around a missed cover requirement for ``deficit``)."""
    if kind == "employees":
        k = max(1, round(share * len(emps)))
        chosen = set(rng.sample(emps, min(k, len(emps))))
        return {key for e in chosen for key in keys_by_emp[e]}
    if kind == "days":
        span = max(1, round(share * problem.days))
        first = rng.randrange(0, max(1, problem.days - span + 1))
        return {key for key in built.x if first <= key[1] < first + span}
    span = rng.randint(min(problem.days, 5), problem.days)
    k = max(2, round(share * len(emps) * problem.days / span))
    first = rng.randrange(0, max(1, problem.days - span + 1))
    missed = _missed_cover(problem, best) if kind == "deficit" else []
    if missed:
        # around a cover requirement the roster misses: free the people who could fill
        # it, over a run of days around it
        cells = rng.choice(missed)
        day = cells[0][0]
        first = max(0, min(problem.days - span, day - rng.randint(0, span - 1)))
        able = [e for e in emps if any((e, d, sh) in built.x for d, sh in cells)]
        others = [e for e in emps if e not in able]
        pool = rng.sample(able, min(k, len(able)))
        pool += rng.sample(others, min(max(0, k - len(pool)), len(others)))
        chosen = set(pool)
    else:
        chosen = set(rng.sample(emps, min(k, len(emps))))
    return {key for e in chosen for key in keys_by_emp[e] if first <= key[1] < first + span}


def _missed_cover(problem: RosterProblem, roster: Assignment) -> list[tuple[tuple[int, str], ...]]:
    """The cells of every cover requirement the roster leaves short."""
    count: dict[tuple[int, str], int] = {}
    for (_, d), sh in roster.items():
        count[(d, sh)] = count.get((d, sh), 0) + 1
    return [c.cells for c in problem.cover if c.cells and c.skill is None
            and sum(count.get(cell, 0) for cell in c.cells) < c.required]
