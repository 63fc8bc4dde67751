"""Why is cover short? The team chief's answer: which rule, which days, which people.

The answer is found on the model, not written in advance. For a roster that leaves
cover short, each candidate cause is taken away in turn — a rule switched off, or
the sick days (or granted leave) of the persons away given back — and the roster
is re-solved around the short days (the days with a shortfall and ``margin`` days
either side free, everything else as rostered) to fill as much cover as possible
with as few changes as possible. A cause explains the shortfall as far as taking
it away fills cover; the people named are those who would then work the short
days, and, for a rule, those the re-solved roster makes break it (the independent
checker says so). When no single cause fills anything, all rules are switched off
together: if that fills cover, the rules it then breaks are named as binding
together; if not, there are simply not enough people. (All rules off is also the
first step: only the rules that fuller roster breaks are then tried one by one.)

Each re-solve has a deterministic work limit, so the explanation is the same on
any machine.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from sterkte.roster.check import CheckReport, check_roster
from sterkte.roster.lns import fixed_solve
from sterkte.roster.model import Assignment, RosterProblem
from sterkte.roster.solver import build, read_assignment

SICK = "sick"  # not a rule of the model: the days off of persons reported sick
LEAVE = "leave"  # days off granted on request after the roster was published
ALL = "all rules"  # every rule off at once
NOBODY = "nobody"  # not even then: too few people


@dataclass(frozen=True)
class Cause:
    """One reason for the shortfall: ``rule`` (a rule key, :data:`SICK`, :data:`LEAVE`,
    :data:`ALL` or :data:`NOBODY`), how much of the shortfall taking it away fills
    (``filled``, in the cover's unit), on which ``days``, by whom (``persons``), and for
    :data:`ALL` which ``rules`` the fuller roster breaks."""

    rule: str
    filled: int
    days: tuple[int, ...]
    persons: tuple[str, ...]
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class Shortage:
    """The shortfall per day (day → [(hour or None, persons short)]) and its causes,
    most cover filled first."""

    problem: RosterProblem
    short: dict[int, list[tuple[int | None, int]]]
    total: int
    hourly: bool
    causes: tuple[Cause, ...]
    away: dict[str, dict[str, tuple[int, ...]]]  # SICK/LEAVE → person → days


def _short_by_day(p: RosterProblem, rep: CheckReport) -> dict[int, list[tuple[int | None, int]]]:
    out: dict[int, list[tuple[int | None, int]]] = {}
    for cv, res in zip(p.cover, rep.cover, strict=True):
        if res.short:
            day = cv.day if cv.day is not None else min(d for d, _ in cv.cells)
            out.setdefault(day, []).append((cv.hour, res.short))
    return out


def _relaxed_roster(p: RosterProblem, roster: Assignment, days: set[int], work: float,
                    seed: int) -> Assignment | None:
    """The roster re-solved on ``days`` (the rest as rostered): least cover short, then
    fewest changes."""
    built = build(p)
    m = built.model
    changes: list[cp_model.LinearExprT] = []
    for (e, d, sid), v in built.x.items():
        if d in days:
            changes.append(1 - v if roster.get((e, d)) == sid else v)
    weight = len(changes) + 1
    m.minimize(weight * built.under + cp_model.LinearExpr.sum(changes))
    for (e, d, sid), v in built.x.items():
        m.add_hint(v, roster.get((e, d)) == sid)
    solver = cp_model.CpSolver()
    solver.parameters.max_deterministic_time = work
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    fixed = {k for k in built.x if k[1] not in days}
    code = fixed_solve(built, m, roster, fixed, solver)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return read_assignment(built, solver)


def explain_shortage(problem: RosterProblem, roster: Assignment, *,
                     sick: Mapping[str, Iterable[int]] | None = None,
                     leave: Mapping[str, Iterable[int]] | None = None,
                     margin: int = 2, work: float = 1.0, seed: int = 0,
                     max_days: int = 3) -> Shortage:
    """Why ``roster`` leaves cover short under ``problem`` (see the module docstring).
    ``sick`` and ``leave``: the days off (already in ``problem``) that are sickness or
    leave granted on request, so they can be named as such. ``work``: CP-SAT
    deterministic time per re-solve. The causes are sought around the ``max_days``
    days with the largest shortfall (every short day is listed)."""
    rep = check_roster(problem, roster)
    short = _short_by_day(problem, rep)
    hourly = any(cv.hour is not None for cv in problem.cover)
    away = {SICK: {p: tuple(sorted(set(d))) for p, d in (sick or {}).items()},
            LEAVE: {p: tuple(sorted(set(d))) for p, d in (leave or {}).items()}}
    if not short:
        return Shortage(problem, {}, 0, hourly, (), away)
    worst = sorted(short, key=lambda d: (-sum(k for _, k in short[d]), d))[:max_days]
    days = {d for day in worst for d in range(day - margin, day + margin + 1)
            if 0 <= d < problem.days}
    # a night shift on the day before covers the first hours of a short day
    days |= {d - 1 for d in days if d > 0}
    causes: list[Cause] = []
    rules = [k for k, info in problem.rules.items() if info.enabled]
    named = {(p, d) for group in away.values() for p, ds in group.items() for d in ds}

    def without(keys: list[str]) -> RosterProblem:
        relaxed = problem.with_rules(**dict.fromkeys(keys, False))
        if "days_off" in keys and named:
            # leave and training only: sickness and granted leave are causes of their own
            relaxed = replace(relaxed, employees=tuple(
                replace(e, days_off=frozenset(d for d in e.days_off if (e.id, d) in named))
                for e in problem.employees), rules=problem.rules)
            relaxed = relaxed.with_rules(**{k: False for k in keys if k != "days_off"})
        return relaxed

    # every rule off at once first: the rules that fuller roster breaks are the ones in
    # the way, and only those are tried one at a time
    together = _try(problem, without(rules), roster, days, rep, ALL, work, seed)
    for key in together.rules if together is not None else ():
        c = _try(problem, without([key]), roster, days, rep, key, work, seed)
        if c is not None:
            causes.append(c)
    for key in (SICK, LEAVE):
        if not away[key]:
            continue
        given = {p: ds for p, ds in away[key].items() if set(ds) & days}
        if not given:
            continue
        back = replace(problem, employees=tuple(
            replace(e, days_off=e.days_off - frozenset(given.get(e.id, ())))
            for e in problem.employees))
        c = _try(problem, back, roster, days, rep, key, work, seed)
        if c is not None:
            causes.append(replace(c, persons=tuple(sorted(p for p in given if p in c.persons)
                                                   or sorted(given))))
    if not [c for c in causes if c.rule not in (SICK, LEAVE)] and together is not None:
        causes.append(together)  # no rule alone: rules together
    if not causes:
        causes.append(Cause(NOBODY, 0, tuple(sorted(short)), ()))
    causes.sort(key=lambda c: (-c.filled, c.rule))
    return Shortage(problem, short, rep.cover_short, hourly, tuple(causes), away)


def _try(problem: RosterProblem, relaxed: RosterProblem, roster: Assignment, days: set[int],
         rep: CheckReport, key: str, work: float, seed: int) -> Cause | None:
    """The cause ``key`` if taking it away (``relaxed``) fills cover."""
    new = _relaxed_roster(relaxed, roster, days, work, seed)
    if new is None:
        return None
    after = check_roster(problem, new)  # the original rules: who would break which
    filled = rep.cover_short - after.cover_short
    if filled <= 0:
        return None
    fill_days = sorted({d for d in days for cv, a, b in zip(problem.cover, rep.cover,
                                                            after.cover, strict=True)
                        if b.achieved > a.achieved and
                        (cv.day if cv.day is not None else cv.cells[0][0]) == d})
    added = sorted({e for (e, d), s in new.items() if roster.get((e, d)) != s})
    if key == ALL:
        broken = tuple(sorted(r for r, rc in after.rules.items() if rc.violations))
        return Cause(ALL, filled, tuple(fill_days), tuple(added), broken)
    if key in (SICK, LEAVE):
        return Cause(key, filled, tuple(fill_days), tuple(added))
    rc = after.rules.get(key)
    who = sorted(set(rc.who)) if rc is not None and rc.who else added
    return Cause(key, filled, tuple(fill_days), tuple(who))
