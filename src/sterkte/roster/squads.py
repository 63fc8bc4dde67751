"""Large teams in squads: one roster built squad by squad.

A basisteam has 100–200 people on its response roster; one CP-SAT model of all of
them is large and slow. Police response teams work in squads (*ploegen*), so the
team is split into squads of about ``size`` people, each with a share of every kind
of officer (trained, aspirants, community officers, volunteers), and rostered in
turn: each squad covers what the squads before it left uncovered. Every hard rule
is about one person, except that an aspirant needs a trained colleague on the
same shift, which each squad keeps on its own (it has both); so the union of the
squads' rosters keeps every hard rule, and :func:`sterkte.roster.check.check_roster`
on the whole team proves it. Fairness is spread within squads.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from sterkte.roster.model import Assignment, Fairness, RosterProblem, WindowMinutes
from sterkte.roster.search import SearchSettings, solve_roster
from sterkte.roster.solver import Solution


def squads(problem: RosterProblem, size: int) -> list[list[str]]:
    """Employee ids in squads of about ``size``, each kind spread over all squads."""
    n = max(1, round(len(problem.employees) / max(1, size)))
    kinds: dict[frozenset[str], list[str]] = {}
    for e in problem.employees:
        kinds.setdefault(e.skills, []).append(e.id)
    out: list[list[str]] = [[] for _ in range(n)]
    k = 0
    for key in sorted(kinds, key=lambda s: sorted(s)):
        for eid in kinds[key]:
            out[k % n].append(eid)
            k += 1
    return [s for s in out if s]


def _sub_problem(p: RosterProblem, members: set[str], done: Assignment) -> RosterProblem:
    emps = tuple(e for e in p.employees if e.id in members)
    cover = []
    for c in p.cover:
        skilled = {e.id for e in p.employees if c.skill is None or c.skill in e.skills}
        got = sum(1 for (e, d), s in done.items() if e in skilled and (d, s) in c.cells)
        cover.append(replace(c, required=max(0, c.required - got)))
    cons = tuple(replace(c, employees=c.employees & members)
                 if isinstance(c, WindowMinutes) and c.employees else c
                 for c in p.constraints
                 if not (isinstance(c, WindowMinutes) and c.employees
                         and not c.employees & members))
    goals = tuple(replace(g, employees=(g.employees & members) if g.employees else frozenset())
                  if isinstance(g, Fairness) else g for g in p.goals)
    requests = tuple(r for r in p.requests if r.employee in members)
    return RosterProblem(p.days, p.shifts, emps, tuple(cover), requests, cons, goals, p.rules,
                         f"{p.name} squad")


def solve_in_squads(problem: RosterProblem, seconds: float, size: int = 30,
                    settings: SearchSettings | None = None,
                    progress: Callable[[int, int], None] | None = None) -> Solution:
    """Roster ``problem`` squad by squad within ``seconds`` in all (or the settings'
    deterministic ``work``, split evenly over the squads); the objective is that of the
    whole team's roster (recomputed by the caller's check if needed)."""
    groups = squads(problem, size)
    if len(groups) == 1:
        return solve_roster(problem, seconds, settings)
    deadline = time.monotonic() + seconds
    done: Assignment = {}
    status = "FEASIBLE"
    each = settings
    if settings is not None and settings.work is not None:
        each = replace(settings, work=settings.work / len(groups))
    for i, g in enumerate(groups):
        left = deadline - time.monotonic()
        sub = _sub_problem(problem, set(g), done)
        sol = solve_roster(sub, max(0.5, left / (len(groups) - i)), each)
        if sol.objective is None:
            return Solution({}, None, 0, sol.status)
        done.update(sol.assignment)
        if progress:
            progress(i + 1, len(groups))
    from sterkte.roster.check import check_roster

    return Solution(done, check_roster(problem, done).cost, 0, status)
