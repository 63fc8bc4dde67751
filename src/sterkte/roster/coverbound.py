"""How low a roster's cover cost can go at all: a bound from the shifts and the staff.

A police team's cover is an hourly profile and its shifts are eight or nine hours long,
so even a perfect roster works some hours with more people than needed (each costs the
over-cover weight) or leaves some short. How much of a roster's cover cost is of that
kind, and how much is the roster's own? :func:`cover_bound` answers with a number no
roster can beat: the least cover cost over the *counts* of people per day and shift,
with every person's own rules dropped but these, each true of any roster the rules
allow (so the least cost over the counts is at most that of any such roster):

- on a day, a shift type has at most as many people as may work it that day (not off,
  not barred from the type), and all shift types together at most as many as are not
  off — everybody works at most one shift a day;
- over the horizon, the minutes of all shifts of the people who share a set of skills
  are at most the sum of their maximum minutes, their shifts at most as many as each
  one's maximum minutes hold at the shortest length, summed, and the shifts of a type at
  most the sum of their maximum numbers of it.

People are grouped by their skills, so that a requirement for a skill counts only those
who have it. The counts are integers; CP-SAT solves it (about a thousand variables for a
basisteam's four weeks) with a deterministic work limit, and the bound is CP-SAT's own
proved bound (equal to the least cost when it proves it optimal), so a limit reached
early still gives a true bound, only a lower one.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from sterkte.roster.model import Employee, ForbiddenShift, RosterProblem

__all__ = ["CoverBound", "cover_bound"]

WORK = 5.0  # deterministic seconds of CP-SAT: a basisteam's four weeks take well under one


@dataclass(frozen=True)
class CoverBound:
    """``bound``: no roster's cover cost is lower; ``proved``: it is the least cost over
    the counts, not only a bound on it; ``short`` and ``over``: person-slots short and
    over in the counts that reach it (the unavoidable part, for hourly cover mostly
    over: the hours a shift's length forces)."""

    bound: int
    proved: bool
    short: int
    over: int


def cover_bound(problem: RosterProblem, work: float = WORK) -> CoverBound:
    """The least cover cost of any roster of ``problem`` (see the module docstring)."""
    m = cp_model.CpModel()
    barred = {c.shift for c in problem.constraints
              if isinstance(c, ForbiddenShift) and problem.enabled(c.rule)}
    days_off = problem.enabled("days_off")
    limits = problem.enabled("max_shifts")
    groups: dict[frozenset[str], list[Employee]] = defaultdict(list)
    for e in problem.employees:
        groups[e.skills].append(e)
    length = {s.id: s.length for s in problem.shifts}
    shortest = max(1, min(length.values(), default=1))
    Sum = cp_model.LinearExpr.sum
    # per group of people with the same skills: (day, shift) → how many of them work it
    x: dict[frozenset[str], dict[tuple[int, str], cp_model.IntVar]] = {}
    for skills, emps in groups.items():
        xs = x[skills] = {}
        for d in range(problem.days):
            here = [e for e in emps if not (days_off and d in e.days_off)]
            for s in problem.shifts:
                n = sum(1 for e in here if s.id not in barred
                        and not (limits and e.max_shifts.get(s.id) == 0))
                if n:
                    xs[d, s.id] = m.new_int_var(0, n, f"x{d}_{s.id}")
            today = [xs[d, s.id] for s in problem.shifts if (d, s.id) in xs]
            if len(today) > 1:  # one shift a day each
                m.add(Sum(today) <= len(here))
        if problem.enabled("max_minutes") and all(e.max_minutes is not None for e in emps):
            # the minutes, and the shifts each person's minutes hold at the shortest length
            cells = list(xs)
            m.add(cp_model.LinearExpr.weighted_sum([xs[c] for c in cells],
                                                   [length[c[1]] for c in cells])
                  <= sum(e.max_minutes or 0 for e in emps))
            m.add(Sum(list(xs.values())) <= sum((e.max_minutes or 0) // shortest for e in emps))
        for s in problem.shifts:
            if limits and all(s.id in e.max_shifts for e in emps):
                m.add(Sum([v for (_, t), v in xs.items() if t == s.id])
                      <= sum(e.max_shifts[s.id] for e in emps))
    cost = []
    shorts, overs = [], []
    for k, c in enumerate(problem.cover):
        terms = [xs[cell] for skills, xs in x.items()
                 if c.skill is None or c.skill in skills for cell in c.cells if cell in xs]
        short = m.new_int_var(0, c.required, f"short{k}")
        over = m.new_int_var(0, max(0, len(problem.employees) * len(c.cells)), f"over{k}")
        m.add(Sum(terms) + short - over == c.required)
        cost += [c.weight_under * short, c.weight_over * over]
        shorts.append(short)
        overs.append(over)
    m.minimize(Sum(cost))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1  # the same bound on any machine
    solver.parameters.max_deterministic_time = work
    status = solver.solve(m)
    # the cost is a whole number, so the bound rounds up (less a hair of float error)
    proved = max(0, math.ceil(solver.best_objective_bound - 1e-6))
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):  # no counts within the limit
        return CoverBound(proved, False, 0, 0)
    bound = round(solver.objective_value) if status == cp_model.OPTIMAL else proved
    return CoverBound(bound, status == cp_model.OPTIMAL,
                      sum(solver.value(v) for v in shorts), sum(solver.value(v) for v in overs))
