"""A first roster by greedy cover, for rules the shortest path does not hold.

Where every person's rules fit a shortest path, everyone's best response to the others
gives the first roster (:func:`sterkte.roster.respond.polish`). A police team's rules do
not (weekly rest, rest after a series of nights, the neighbourhood norm, an aspirant
only beside a trained colleague), and the search then started from the empty roster:
CP-SAT, a week at a time, needed most of a short budget to cover anything (a basisteam
of 154 people: every one of the 10,075 person-hours short after 4 s, 9,003 after 8 s).

:func:`construct` adds shifts one at a time where cover is shortest: the (day, shift)
whose hours are most short, given to the person who has worked least (for a night, who
has worked fewest nights; on a weekend, fewest weekend days), provided the person's
schedule with it still keeps every hard rule of the person — checked by the independent
checker on the person alone (:func:`sterkte.roster.check.check_roster`) — and, for an
aspirant, that a trained colleague already works that shift that day. Adding a shift
never mends a broken limit, so a person refused a cell is not asked again. It starts
only where the empty roster breaks no rule, so every roster it returns keeps every rule;
the search's model checks it once more (:func:`sterkte.roster.lns.objective_of`).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from sterkte.roster.check import check_roster
from sterkte.roster.index import CoverIndex
from sterkte.roster.model import (
    Assignment,
    Employee,
    Fairness,
    MinTaskShare,
    RosterProblem,
    Supervision,
    WindowMinutes,
)

__all__ = ["construct"]


@dataclass
class _Person:
    emp: Employee
    alone: RosterProblem  # the person with their own rules, for the checker
    group: int  # persons whose cells count in the same cover rows
    plan: dict[int, str] = field(default_factory=dict)  # day → shift
    dead: set[int] = field(default_factory=set)  # cells refused: adding never mends
    minutes: int = 0
    nights: int = 0
    weekend: int = 0


def _alone(p: RosterProblem, emp: Employee) -> RosterProblem:
    """The person alone with the rules that are about one person (supervision is
    checked against the roster so far instead)."""
    cons = tuple(c for c in p.constraints
                 if not isinstance(c, Supervision)
                 and not (isinstance(c, WindowMinutes) and c.employees
                          and emp.id not in c.employees)
                 and not (isinstance(c, MinTaskShare) and c.skill not in emp.skills))
    return RosterProblem(p.days, p.shifts, (emp,), (), (), cons, (), p.rules, p.name)


def construct(p: RosterProblem, seed: int = 0,
              stop: Callable[[], bool] = lambda: False) -> Assignment:
    """A roster built greedily where cover is shortest (module docstring); every
    person's rules kept. ``stop``: return the roster so far."""
    rng = random.Random(seed)
    noise = np.random.default_rng(seed)
    shifts = [s.id for s in p.shifts]
    n, days = len(shifts), p.days
    if not n or not days or not p.cover or not p.employees:
        return {}
    index = CoverIndex(p)
    residual = np.array([cv.required for cv in p.cover], dtype=np.float64)
    under = np.array([cv.weight_under for cv in p.cover], dtype=np.float64)
    over = np.array([cv.weight_over for cv in p.cover], dtype=np.float64)
    groups: dict[frozenset[str], int] = {}
    matrices: list[sparse.csr_matrix] = []
    rows_of: list[dict[tuple[int, int], list[int]]] = []
    persons: list[_Person] = []
    for emp in p.employees:
        key = frozenset(emp.skills) & index.skills
        if key not in groups:
            rows, cells = index.rows(emp.skills, days * n, len(p.cover))
            groups[key] = len(matrices)
            matrices.append(cells)
            rows_of.append(rows)
        persons.append(_Person(emp, _alone(p, emp), groups[key]))
    supervised = [c for c in p.constraints
                  if isinstance(c, Supervision) and p.enabled(c.rule)]
    # the shifts a fairness goal spreads (nights): to whoever has fewest of them
    nights = {sid for gl in p.goals if isinstance(gl, Fairness) for sid in gl.shifts}
    off = {(r.employee, r.day, r.shift) for r in p.requests if not r.on}
    wish = {(r.employee, r.day, r.shift) for r in p.requests if r.on}
    spent = np.zeros((len(matrices), days * n), dtype=bool)  # nobody left for the cell

    def supervised_ok(pr: _Person, d: int, sid: str) -> bool:
        for c in supervised:
            if c.skill in pr.emp.skills and not any(
                    o.plan.get(d) == sid and c.colleague in o.emp.skills
                    for o in persons if o is not pr):
                return False
        return True

    def order(pr: _Person, d: int, sid: str) -> tuple[int, ...]:
        """Who is asked first: who wished for it, not who asked to be off; then who
        has worked fewest nights (for a night), weekend days (on a weekend), minutes."""
        e = pr.emp.id
        asked = (0 if (e, d, sid) in wish or (e, d, None) in wish
                 else 2 if (e, d, None) in off or (e, d, sid) in off else 1)
        return (asked, pr.nights if sid in nights else 0,
                pr.weekend if d % 7 >= 5 else 0, pr.minutes)

    while not stop():
        value = np.where(residual > 0, under, -over)
        best, where = 1e-3, (-1, -1)  # above the noise: a cell that shortens the cover
        for g, m in enumerate(matrices):
            gain = m @ value
            gain[spent[g]] = -np.inf
            gain += noise.random(gain.size) * 1e-3  # ties: anywhere, not day 0 first
            c = int(np.argmax(gain))
            if gain[c] > best:
                best, where = float(gain[c]), (g, c)
        if where[0] < 0:
            break
        g, c = where
        d, j = divmod(c, n)
        sid = shifts[j]
        free = [(order(pr, d, sid), rng.random(), i) for i, pr in enumerate(persons)
                if pr.group == g and d not in pr.plan and c not in pr.dead
                and d not in pr.emp.days_off]
        taken = False
        for _, _, i in sorted(free):
            pr = persons[i]
            if not supervised_ok(pr, d, sid):
                continue  # a colleague may come later: not refused for good
            pr.plan[d] = sid
            if not check_roster(pr.alone, {(pr.emp.id, e): s for e, s in pr.plan.items()}
                                ).valid:
                del pr.plan[d]
                pr.dead.add(c)
                continue
            pr.minutes += p.shifts[j].length
            pr.nights += sid in nights
            pr.weekend += d % 7 >= 5
            residual[rows_of[g].get((d, j), [])] -= 1
            taken = True
            break
        if not taken:
            spent[g, c] = True
    return {(pr.emp.id, d): s for pr in persons for d, s in pr.plan.items()}
