"""The Curtois–Qu benchmark in the roster model, and an independent checker.

:func:`to_problem` maps an instance into the same :class:`RosterProblem` the police
teams use: staff limits become the personal limits of each employee, the
"cannot follow" lists become :class:`ForbiddenSuccession` constraints, requests and
cover become the soft goals. :func:`check_nrp` does *not* use the model: it reads
the instance and a solution (employee, day, shift) and recomputes every hard
constraint and the objective from the instance's own definitions.

Convention (as in the instances' MIP formulation by Curtois and Qu, confirmed by
the proved optima of instances 1–3): the minimum number of consecutive shifts and
of consecutive days off applies to runs that begin and end inside the horizon; a
run touching the first or last day may continue outside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sterkte.roster.model import (
    Assignment,
    Cover,
    Employee,
    ForbiddenSuccession,
    Request,
    RosterProblem,
    RuleInfo,
    ShiftType,
)
from sterkte.sources.nrp import NrpInstance

SOURCE = "Curtois & Qu, employee shift scheduling benchmark (instance file)"

RULES = {
    "days_off": RuleInfo("Days the employee must have off", SOURCE),
    "max_shifts": RuleInfo("Maximum number of shifts of each type", SOURCE),
    "max_minutes": RuleInfo("Maximum total minutes worked", SOURCE),
    "min_minutes": RuleInfo("Minimum total minutes worked", SOURCE),
    "max_consecutive": RuleInfo("Maximum consecutive shifts", SOURCE),
    "min_consecutive": RuleInfo("Minimum consecutive shifts", SOURCE),
    "min_consecutive_off": RuleInfo("Minimum consecutive days off", SOURCE),
    "max_weekends": RuleInfo("Maximum working weekends (Saturday or Sunday worked)", SOURCE),
    "shift_rotation": RuleInfo("Shifts that may not follow each other", SOURCE),
}


def to_problem(inst: NrpInstance) -> RosterProblem:
    """The instance as a roster problem (lengths in minutes, days from 0)."""
    shifts = tuple(ShiftType(s.id, s.minutes) for s in inst.shifts)
    employees = tuple(
        Employee(id=st.id, max_shifts=dict(st.max_shifts), max_minutes=st.max_minutes,
                 min_minutes=st.min_minutes, max_consecutive=st.max_consecutive,
                 min_consecutive=st.min_consecutive, min_consecutive_off=st.min_consecutive_off,
                 max_weekends=st.max_weekends, days_off=inst.days_off.get(st.id, frozenset()))
        for st in inst.staff)
    succession = tuple(ForbiddenSuccession("shift_rotation", s.id, nxt)
                       for s in inst.shifts for nxt in s.not_followed_by)
    cover = tuple(Cover(((c.day, c.shift),), c.required, c.weight_under, c.weight_over,
                        label=f"day {c.day} shift {c.shift}", day=c.day) for c in inst.cover)
    requests = tuple(Request(r.employee, r.day, r.shift, r.weight, True)
                     for r in inst.on_requests)
    requests += tuple(Request(r.employee, r.day, r.shift, r.weight, False)
                      for r in inst.off_requests)
    return RosterProblem(days=inst.days, shifts=shifts, employees=employees, cover=cover,
                         requests=requests, constraints=succession, rules=dict(RULES),
                         name=inst.name)


@dataclass
class NrpCheck:
    """The checker's verdict: hard violations (empty = valid) and the objective split
    into its parts."""

    violations: list[str] = field(default_factory=list)
    requests: int = 0
    cover: int = 0

    @property
    def objective(self) -> int:
        return self.requests + self.cover

    @property
    def valid(self) -> bool:
        return not self.violations


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    """Maximal runs of True as (first day, length)."""
    out, start = [], None
    for d, f in enumerate([*flags, False]):
        if f and start is None:
            start = d
        elif not f and start is not None:
            out.append((start, d - start))
            start = None
    return out


def check_nrp(inst: NrpInstance, rows: list[tuple[str, int, str]]) -> NrpCheck:
    """Verify the hard constraints of ``inst`` for the solution ``rows`` (employee,
    day, shift; one per worked shift) and recompute its objective."""
    out = NrpCheck()
    bad = out.violations.append
    length = {s.id: s.minutes for s in inst.shifts}
    forbidden = {(s.id, n) for s in inst.shifts for n in s.not_followed_by}
    staff = {st.id: st for st in inst.staff}
    plan: dict[str, list[str | None]] = {e: [None] * inst.days for e in staff}
    for e, d, s in rows:
        if e not in staff or s not in length or not 0 <= d < inst.days:
            bad(f"unknown employee, shift or day in row ({e}, {d}, {s})")
            continue
        if plan[e][d] is not None:
            bad(f"{e} has two shifts on day {d}")
        plan[e][d] = s
    for e, st in staff.items():
        days = plan[e]
        for d in inst.days_off.get(e, frozenset()):
            if days[d] is not None:
                bad(f"{e} works on day {d}, a day that must be off")
        for sid in length:
            n = sum(1 for s in days if s == sid)
            if n > st.max_shifts.get(sid, inst.days):
                bad(f"{e} works {n} {sid} shifts, more than {st.max_shifts.get(sid)}")
        minutes = sum(length[s] for s in days if s is not None)
        if minutes > st.max_minutes:
            bad(f"{e} works {minutes} minutes, more than {st.max_minutes}")
        if minutes < st.min_minutes:
            bad(f"{e} works {minutes} minutes, less than {st.min_minutes}")
        worked = [s is not None for s in days]
        for start, n in _runs(worked):
            if n > st.max_consecutive:
                bad(f"{e} works {n} days in a row from day {start}, max {st.max_consecutive}")
            inside = start > 0 and start + n < inst.days
            if inside and n < st.min_consecutive:
                bad(f"{e} works {n} days in a row from day {start}, min {st.min_consecutive}")
        for start, n in _runs([not w for w in worked]):
            inside = start > 0 and start + n < inst.days
            if inside and n < st.min_consecutive_off:
                bad(f"{e} has {n} days off from day {start}, min {st.min_consecutive_off}")
        weekends = sum(1 for sat in range(5, inst.days, 7)
                       if any(worked[d] for d in (sat, sat + 1) if d < inst.days))
        if weekends > st.max_weekends:
            bad(f"{e} works {weekends} weekends, max {st.max_weekends}")
        for d in range(inst.days - 1):
            a, b = days[d], days[d + 1]
            if a is not None and b is not None and (a, b) in forbidden:
                bad(f"{e} works {b} on day {d + 1} after {a} on day {d}")
    for r in inst.on_requests:
        if plan.get(r.employee, [None] * inst.days)[r.day] != r.shift:
            out.requests += r.weight
    for r in inst.off_requests:
        if plan.get(r.employee, [None] * inst.days)[r.day] == r.shift:
            out.requests += r.weight
    for c in inst.cover:
        n = sum(1 for e in plan if plan[e][c.day] == c.shift)
        out.cover += (c.weight_under * max(0, c.required - n)
                      + c.weight_over * max(0, n - c.required))
    return out


def rows_of(assignment: Assignment) -> list[tuple[str, int, str]]:
    """A roster as (employee, day, shift) rows sorted by employee and day."""
    return sorted((e, d, s) for (e, d), s in assignment.items())
