"""The roster model as a CP-SAT model, solved.

:func:`build` turns a :class:`~sterkte.roster.model.RosterProblem` into a CP-SAT
model: one Boolean ``x[e, d, s]`` per employee, day and shift type that may be
worked, every enabled hard rule as constraints, and the soft goals (cover,
requests, fairness, neighbourhood share) as a weighted sum to minimise. With
``explain=True`` every rule's constraints are guarded by one literal per rule,
so that CP-SAT can name a set of rules that cannot hold together.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from ortools.sat.python import cp_model

from sterkte.roster.model import (
    MINUTES_PER_DAY,
    Assignment,
    Cover,
    Fairness,
    ForbiddenShift,
    ForbiddenSuccession,
    MinFreeWeekday,
    MinTaskShare,
    RestAfterSeries,
    RosterProblem,
    Supervision,
    TaskShare,
    WeeklyRest,
    WindowCount,
    WindowMinutes,
)

Key = tuple[str, int, str]  # employee, day, shift


@dataclass
class Built:
    """A CP-SAT model of a roster problem and the handles needed to read it back."""

    model: cp_model.CpModel
    x: dict[Key, cp_model.IntVar]
    rule_literals: dict[str, cp_model.IntVar] = field(default_factory=dict)
    objective: cp_model.LinearExprT = 0
    # the cost of cover left short, part of ``objective``
    under: cp_model.LinearExpr = field(default_factory=lambda: cp_model.LinearExpr.sum([]))


class _Builder:
    def __init__(self, p: RosterProblem, explain: bool) -> None:
        self.p = p
        self.explain = explain
        self.m = cp_model.CpModel()
        self.rule_lits: dict[str, cp_model.IntVar] = {}
        self.x: dict[Key, cp_model.IntVar] = {}
        self.by_emp: dict[str, list[tuple[int, str, cp_model.IntVar]]] = {}
        self.work: dict[tuple[str, int], cp_model.IntVar] = {}
        self.terms: list[tuple[int, cp_model.LinearExprT]] = []
        self.under: list[tuple[int, cp_model.IntVar]] = []

    # -- helpers ---------------------------------------------------------------------
    def lit(self, rule: str) -> cp_model.IntVar | None:
        """The literal that switches ``rule`` on (explain mode), else ``None``."""
        if not self.explain:
            return None
        if rule not in self.rule_lits:
            self.rule_lits[rule] = self.m.new_bool_var(f"rule[{rule}]")
        return self.rule_lits[rule]

    def add(self, ct: cp_model.Constraint, rule: str) -> None:
        lit = self.lit(rule)
        if lit is not None:
            ct.only_enforce_if(lit)

    def clause(self, lits: Sequence[cp_model.LiteralT], rule: str) -> None:
        lit = self.lit(rule)
        self.m.add_bool_or([*lits, lit.Not()] if lit is not None else list(lits))

    def xs(self, e: str, d: int, shifts: Iterable[str] | None = None) -> list[cp_model.IntVar]:
        ids = [s.id for s in self.p.shifts] if shifts is None else shifts
        return [self.x[(e, d, s)] for s in ids if (e, d, s) in self.x]

    # -- variables -------------------------------------------------------------------
    def variables(self) -> None:
        p = self.p
        banned = {c.shift for c in p.constraints
                  if isinstance(c, ForbiddenShift) and p.enabled(c.rule)}
        for emp in p.employees:
            for d in range(p.days):
                off_day = d in emp.days_off and p.enabled("days_off")
                for s in p.shifts:
                    never = emp.max_shifts.get(s.id) == 0 and p.enabled("max_shifts")
                    if not self.explain and (off_day or never or s.id in banned):
                        continue
                    v = self.m.new_bool_var(f"x[{emp.id},{d},{s.id}]")
                    self.x[(emp.id, d, s.id)] = v
                    self.by_emp.setdefault(emp.id, []).append((d, s.id, v))
                    if self.explain and off_day:
                        self.add(self.m.add(v == 0), "days_off")
                    if self.explain and never:
                        self.add(self.m.add(v == 0), "max_shifts")
                w = self.m.new_bool_var(f"work[{emp.id},{d}]")
                self.m.add(w == sum(self.xs(emp.id, d)))
                self.work[(emp.id, d)] = w

    # -- personal limits -------------------------------------------------------------
    def employee_limits(self) -> None:
        p, m = self.p, self.m
        for emp in p.employees:
            e = emp.id
            w = [self.work[(e, d)] for d in range(p.days)]
            if p.enabled("max_shifts"):
                for sid, mx in emp.max_shifts.items():
                    if mx > 0:
                        cnt = [self.x[(e, d, sid)] for d in range(p.days) if (e, d, sid) in self.x]
                        if len(cnt) > mx:
                            self.add(m.add(sum(cnt) <= mx), "max_shifts")
            minutes = sum(p.shift(s).length * v for _, s, v in self.by_emp.get(e, []))
            if emp.max_minutes is not None and p.enabled("max_minutes"):
                self.add(m.add(minutes <= emp.max_minutes), "max_minutes")
            if emp.min_minutes is not None and p.enabled("min_minutes"):
                self.add(m.add(minutes >= emp.min_minutes), "min_minutes")
            if emp.max_consecutive is not None and p.enabled("max_consecutive"):
                k = emp.max_consecutive
                for d in range(p.days - k):
                    self.add(m.add(sum(w[d:d + k + 1]) <= k), "max_consecutive")
            if emp.min_consecutive is not None and p.enabled("min_consecutive"):
                self._min_runs(w, emp.min_consecutive, "min_consecutive")
            if emp.min_consecutive_off is not None and p.enabled("min_consecutive_off"):
                self._min_runs([v.Not() for v in w], emp.min_consecutive_off,
                               "min_consecutive_off")
            if emp.max_weekends is not None and p.enabled("max_weekends"):
                wks = []
                for sat in range(5, p.days, 7):
                    days = [d for d in (sat, sat + 1) if d < p.days]
                    wk = m.new_bool_var(f"weekend[{e},{sat}]")
                    m.add_max_equality(wk, [w[d] for d in days])
                    wks.append(wk)
                if len(wks) > emp.max_weekends:
                    self.add(m.add(sum(wks) <= emp.max_weekends), "max_weekends")

    def _min_runs(self, on: Sequence[cp_model.LiteralT], k: int, rule: str) -> None:
        """No run of ``on`` shorter than ``k`` that starts and ends inside the horizon
        (a run touching day 0 or the last day may continue outside it)."""
        n = len(on)
        for length in range(1, k):
            for start in range(1, n - length):
                before, after = start - 1, start + length
                lits: list[cp_model.LiteralT] = [on[before]]
                lits += [self._neg(on[d]) for d in range(start, after)]
                lits.append(on[after])
                self.clause(lits, rule)

    @staticmethod
    def _neg(lit: cp_model.LiteralT) -> cp_model.LiteralT:
        return lit.Not()  # type: ignore[union-attr]

    # -- rule constraints ------------------------------------------------------------
    def constraints(self) -> None:
        p, m = self.p, self.m
        for c in p.constraints:
            if not p.enabled(c.rule):
                continue
            if isinstance(c, ForbiddenSuccession):
                for emp in p.employees:
                    for d in range(p.days - 1):
                        a, b = (emp.id, d, c.first), (emp.id, d + 1, c.second)
                        if a in self.x and b in self.x:
                            self.clause([self.x[a].Not(), self.x[b].Not()], c.rule)
            elif isinstance(c, ForbiddenShift):
                if self.explain:
                    for key, v in self.x.items():
                        if key[2] == c.shift:
                            self.add(m.add(v == 0), c.rule)
            elif isinstance(c, WindowMinutes):
                starts = list(range(0, p.days - c.days + 1) if c.sliding
                              else range(0, p.days, c.days))
                for emp in p.employees:
                    if c.employees and emp.id not in c.employees:
                        continue
                    for st in starts:
                        window = range(st, min(st + c.days, p.days))
                        expr = [p.shift(s).length * v for d, s, v in self.by_emp.get(emp.id, [])
                                if d in window]
                        if expr:
                            self.add(m.add(sum(expr) <= c.max_minutes), c.rule)
            elif isinstance(c, WindowCount):
                for emp in p.employees:
                    cnt = [v for _, s, v in self.by_emp.get(emp.id, []) if s in c.shifts]
                    if len(cnt) > c.max_count:
                        self.add(m.add(sum(cnt) <= c.max_count), c.rule)
            elif isinstance(c, MinFreeWeekday):
                wdays = [d for d in range(p.days) if d % 7 == c.weekday]
                need = min(c.min_free, len(wdays))
                for emp in p.employees:
                    self.add(m.add(sum(1 - self.work[(emp.id, d)] for d in wdays) >= need),
                             c.rule)
            elif isinstance(c, WeeklyRest):
                self._weekly_rest(c)
            elif isinstance(c, RestAfterSeries):
                self._rest_after_series(c)
            elif isinstance(c, Supervision):
                self._supervision(c)
            elif isinstance(c, MinTaskShare):
                frac = Fraction(c.share).limit_denominator(100)
                for emp in p.employees:
                    if c.skill not in emp.skills:
                        continue
                    mine = self.by_emp.get(emp.id, [])
                    total = sum(p.shift(s).length * v for _, s, v in mine)
                    task = sum(p.shift(s).length * v for _, s, v in mine
                               if p.shift(s).task == c.task)
                    self.add(m.add(frac.denominator * task >= frac.numerator * total), c.rule)

    def _weekly_rest(self, c: WeeklyRest) -> None:
        """Per calendar week: some run of free days ``i..j`` whose rest, from the end of
        the shift before it to the start of the shift after it (both cut to the week),
        lasts at least ``min_minutes``. Days outside the horizon count as free."""
        p, m = self.p, self.m
        for emp in p.employees:
            e = emp.id
            for wk in range(0, p.days - 6, 7):
                lo, hi = wk * MINUTES_PER_DAY, (wk + 7) * MINUTES_PER_DAY
                options: list[cp_model.IntVar] = []
                for i in range(wk, wk + 7):
                    for j in range(i, wk + 7):
                        r = m.new_bool_var(f"rest[{e},{i},{j}]")
                        for d in range(i, j + 1):
                            m.add_implication(r, self.work[(e, d)].Not())
                        before = [(None, lo)] + [
                            (k, (i - 1) * MINUTES_PER_DAY + (p.shift(k[2]).end or 0))
                            for k in self._keys(e, i - 1)]
                        after = [(None, hi)] + [
                            (k, (j + 1) * MINUTES_PER_DAY + (p.shift(k[2]).start or 0))
                            for k in self._keys(e, j + 1)]
                        for kb, t_end in before:
                            for ka, t_start in after:
                                if min(t_start, hi) - max(t_end, lo) >= c.min_minutes:
                                    continue
                                lits = [r.Not()]
                                lits += [self.x[k].Not() for k in (kb, ka) if k is not None]
                                m.add_bool_or(lits)
                        options.append(r)
                self.clause(options, c.rule)

    def _keys(self, e: str, d: int) -> list[Key]:
        return [(e, d, s.id) for s in self.p.shifts if (e, d, s.id) in self.x]

    def _rest_after_series(self, c: RestAfterSeries) -> None:
        """Forbid: a shift of ``c.shifts`` on each of ``series`` days in a row, then a shift
        that starts less than ``min_minutes`` after the last one ends."""
        p = self.p
        for emp in p.employees:
            e = emp.id
            on: dict[int, cp_model.IntVar] = {}
            for d in range(p.days):
                mine = self.xs(e, d, [s.id for s in p.shifts if s.id in c.shifts])
                if mine:
                    v = self.m.new_bool_var(f"series[{e},{d}]")
                    self.m.add(v == sum(mine))
                    on[d] = v
            for first in range(0, p.days - c.series + 1):
                last = first + c.series - 1
                if any(d not in on for d in range(first, last + 1)):
                    continue
                for kl in self._keys(e, last):
                    if kl[2] not in c.shifts:
                        continue
                    t_end = last * MINUTES_PER_DAY + (p.shift(kl[2]).end or 0)
                    for b in range(last + 1, p.days):
                        for kb in self._keys(e, b):
                            gap = b * MINUTES_PER_DAY + (p.shift(kb[2]).start or 0) - t_end
                            if gap >= c.min_minutes:
                                continue
                            lits: list[cp_model.LiteralT] = [
                                on[d].Not() for d in range(first, last)]
                            lits += [self.x[kl].Not(), self.x[kb].Not()]
                            self.clause(lits, c.rule)

    def _supervision(self, c: Supervision) -> None:
        p = self.p
        needing = [emp.id for emp in p.employees if c.skill in emp.skills]
        able = [emp.id for emp in p.employees if c.colleague in emp.skills]
        for e in needing:
            for d, s, v in self.by_emp.get(e, []):
                others = [self.x[(o, d, s)] for o in able if o != e and (o, d, s) in self.x]
                self.add(self.m.add(v <= sum(others)), c.rule)

    # -- soft goals ------------------------------------------------------------------
    def cover(self, cv: Cover) -> None:
        # a list, not a set: the model must not depend on string hashing (the same seed
        # gives the same roster in every process)
        eligible = [emp.id for emp in self.p.employees
                    if cv.skill is None or cv.skill in emp.skills]
        count = [self.x[(e, d, s)] for e in eligible for d, s in cv.cells if (e, d, s) in self.x]
        if cv.weight_under:
            # exact, not just a bound, so that any roster's objective is its true cost
            under = self.m.new_int_var(0, cv.required, "under")
            self.m.add_max_equality(under, [0, cv.required - sum(count)])
            self.terms.append((cv.weight_under, under))
            self.under.append((cv.weight_under, under))
        if cv.weight_over and len(count) > cv.required:
            over = self.m.new_int_var(0, len(count) - cv.required, "over")
            self.m.add_max_equality(over, [0, sum(count) - cv.required])
            self.terms.append((cv.weight_over, over))

    def soft(self) -> None:
        p = self.p
        for cv in p.cover:
            self.cover(cv)
        for r in p.requests:
            if r.on:
                k = (r.employee, r.day, r.shift or "")
                if r.shift is None:
                    self.terms.append((r.weight, 1 - self.work[(r.employee, r.day)]))
                elif k in self.x:
                    self.terms.append((r.weight, 1 - self.x[k]))
                else:
                    self.terms.append((r.weight, 1))
            elif r.shift is None:
                self.terms.append((r.weight, self.work[(r.employee, r.day)]))
            elif (r.employee, r.day, r.shift) in self.x:
                self.terms.append((r.weight, self.x[(r.employee, r.day, r.shift)]))
        for g in p.goals:
            if isinstance(g, Fairness):
                self._fairness(g)
            elif isinstance(g, TaskShare):
                self._task_share(g)

    def _fairness(self, g: Fairness) -> None:
        p, m = self.p, self.m
        who = [emp.id for emp in p.employees if not g.employees or emp.id in g.employees]
        if len(who) < 2:
            return
        counts = []
        for e in who:
            if g.weekend:
                counts.append(sum(self.work[(e, d)] for d in range(p.days) if d % 7 >= 5))
            else:
                counts.append(sum(v for _, s, v in self.by_emp.get(e, []) if s in g.shifts))
        hi, lo = m.new_int_var(0, p.days, "fair_hi"), m.new_int_var(0, p.days, "fair_lo")
        m.add_max_equality(hi, counts)
        m.add_min_equality(lo, counts)
        self.terms.append((g.weight, hi - lo))

    def _task_share(self, g: TaskShare) -> None:
        p, m = self.p, self.m
        frac = Fraction(g.share).limit_denominator(100)
        for emp in p.employees:
            if g.skill not in emp.skills:
                continue
            mine = self.by_emp.get(emp.id, [])
            total = sum(p.shift(s).length * v for _, s, v in mine)
            task = sum(p.shift(s).length * v for _, s, v in mine if p.shift(s).task == g.task)
            hours = m.new_int_var(0, p.days * 24, f"short[{emp.id}]")
            # 60 · hours · den ≥ num · total − den · task   (hours short, rounded up)
            m.add(60 * frac.denominator * hours
                  >= frac.numerator * total - frac.denominator * task)
            self.terms.append((g.weight, hours))

    def build(self) -> Built:
        self.variables()
        self.employee_limits()
        self.constraints()
        self.soft()
        objective = sum(w * t for w, t in self.terms)
        self.m.minimize(objective)
        under = cp_model.LinearExpr.weighted_sum([t for _, t in self.under],
                                                 [w for w, _ in self.under])
        return Built(self.m, self.x, self.rule_lits, objective, under)


def build(problem: RosterProblem, *, explain: bool = False) -> Built:
    """The CP-SAT model of ``problem`` (see the module docstring)."""
    return _Builder(problem, explain).build()


@dataclass(frozen=True)
class Solution:
    """A roster found by the solver: ``objective`` is the solver's cost (None when no
    roster was found), ``bound`` the best lower bound proved, ``optimal`` whether the
    two meet."""

    assignment: Assignment
    objective: int | None
    bound: int
    status: str

    @property
    def optimal(self) -> bool:
        return self.status == "OPTIMAL"


def read_assignment(built: Built, solver: cp_model.CpSolver) -> Assignment:
    return {(e, d): s for (e, d, s), v in built.x.items() if solver.boolean_value(v)}


def solver_for(seconds: float, workers: int, seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    return solver


def hint(built: Built, assignment: Assignment) -> None:
    built.model.clear_hints()  # type: ignore[no-untyped-call]
    for (e, d, s), v in built.x.items():
        built.model.add_hint(v, assignment.get((e, d)) == s)


def own_copy(built: Built) -> tuple[cp_model.CpModel, dict[Key, cp_model.IntVar]]:
    """A copy of the built model and its assignment variables by key, for a thread
    that fixes domains while other threads (a dive, another worker) use the built one."""
    model = built.model.clone()
    return model, {k: model.get_bool_var_from_proto_index(v.index)
                   for k, v in built.x.items()}


def rehint(model: cp_model.CpModel, mvars: dict[Key, cp_model.IntVar],
           assignment: Assignment) -> None:
    """``model``'s hints replaced by ``assignment`` (variables as from :func:`own_copy`)."""
    model.clear_hints()  # type: ignore[no-untyped-call]
    for (e, d, s), var in mvars.items():
        model.add_hint(var, assignment.get((e, d)) == s)


def solve(problem: RosterProblem, *, seconds: float = 10.0, workers: int = 1, seed: int = 0,
          start: Assignment | None = None) -> Solution:
    """One CP-SAT solve of ``problem`` within ``seconds`` (wall clock)."""
    built = build(problem)
    if start is not None:
        hint(built, start)
    solver = solver_for(seconds, workers, seed)
    status = solver.solve(built.model)
    name = solver.status_name(status)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Solution(read_assignment(built, solver), round(solver.value(built.objective)),
                        math.ceil(solver.best_objective_bound - 1e-6), name)
    return Solution({}, None, 0, name)
