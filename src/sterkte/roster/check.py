"""An independent check of a roster against its problem: every hard rule, cover, costs.

Nothing here uses the CP-SAT model: each rule is re-evaluated from its definition
on the roster itself (shift clock times, runs of days, weeks), so a bug in the
model cannot hide a broken rule. The result reads as a proof: for each enabled
rule, how many instances were checked and that none fails (or which do); then
cover per cell (required, achieved, short) and each soft goal missed with its cost.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

from sterkte.roster.model import (
    MINUTES_PER_DAY,
    Assignment,
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


@dataclass
class RuleCheck:
    """One rule's checks: how many, and each that fails (what, and whose)."""

    rule: str
    checked: int = 0
    violations: list[str] = field(default_factory=list)
    who: list[str] = field(default_factory=list)  # the person of each violation

    def fail(self, person: str, message: str) -> None:
        self.violations.append(message)
        self.who.append(person)


@dataclass(frozen=True)
class CoverResult:
    label: str
    required: int
    achieved: int
    cost: int

    @property
    def short(self) -> int:
        return max(0, self.required - self.achieved)


@dataclass
class CheckReport:
    """The verdict on one roster. ``cost`` = total of soft-goal costs."""

    rules: dict[str, RuleCheck] = field(default_factory=dict)
    cover: list[CoverResult] = field(default_factory=list)
    missed: list[tuple[str, int]] = field(default_factory=list)  # soft goal, cost
    measures: dict[str, float] = field(default_factory=dict)  # e.g. neighbourhood share

    @property
    def valid(self) -> bool:
        return all(not r.violations for r in self.rules.values())

    @property
    def cost(self) -> int:
        return sum(c for _, c in self.missed)

    @property
    def cover_cost(self) -> int:
        """The cover's part of the cost (under and over cover, weighted)."""
        return sum(c.cost for c in self.cover)

    @property
    def cover_short(self) -> int:
        """Person-cells short of cover (person-hours for hourly cover)."""
        return sum(c.short for c in self.cover)

    def lines(self, sources: dict[str, str] | None = None) -> list[str]:
        out = ["Hard rules (re-checked on the roster itself):"]
        for key, rc in sorted(self.rules.items()):
            src = f" [{sources[key]}]" if sources and key in sources else ""
            if rc.violations:
                out.append(f"  ✗ {key}: {len(rc.violations)} of {rc.checked} checks fail{src}")
                out += [f"      {v}" for v in rc.violations[:5]]
            else:
                out.append(f"  ✓ {key}: holds in all {rc.checked} checks{src}")
        short = [c for c in self.cover if c.short]
        out.append(f"Cover: {len(self.cover) - len(short)} of {len(self.cover)} cells met; "
                   f"{self.cover_short} person-slots short")
        out += [f"  short {c.short} at {c.label} (needed {c.required}, got {c.achieved})"
                for c in short[:10]]
        if len(short) > 10:
            out.append(f"  … and {len(short) - 10} more cells")
        out.append(f"Soft goals missed (total cost {self.cost}):")
        out += [f"  {label}: cost {cost}" for label, cost in self.missed if cost]
        if self.measures:  # e.g. each community officer's share of neighbourhood work
            out.append("Measured per person:")
            out += [f"  {k}: {100 * v:.1f} %" for k, v in self.measures.items()]
        return out


def _rc(report: CheckReport, rule: str) -> RuleCheck:
    return report.rules.setdefault(rule, RuleCheck(rule))


def check_roster(p: RosterProblem, roster: Assignment) -> CheckReport:
    """Check ``roster`` against every enabled hard rule of ``p`` and cost its soft goals."""
    rep = CheckReport()
    shifts = {s.id: s for s in p.shifts}
    emps = {e.id: e for e in p.employees}
    plan: dict[str, list[str | None]] = {e: [None] * p.days for e in emps}
    for (e, d), s in roster.items():
        if e in emps and 0 <= d < p.days and s in shifts:
            plan[e][d] = s
        else:
            _rc(rep, "roster").fail(e, f"unknown employee/day/shift {(e, d, s)}")

    def minutes(e: str, days: range) -> int:
        return sum(shifts[s].length for d in days if (s := plan[e][d]) is not None)

    def runs(flags: list[bool]) -> list[tuple[int, int]]:
        out, st = [], None
        for d, f in enumerate([*flags, False]):
            if f and st is None:
                st = d
            elif not f and st is not None:
                out.append((st, d - st))
                st = None
        return out

    for e, emp in emps.items():
        row = plan[e]
        worked = [s is not None for s in row]
        if p.enabled("days_off"):
            rc = _rc(rep, "days_off")
            for d in emp.days_off:
                rc.checked += 1
                if 0 <= d < p.days and row[d] is not None:
                    rc.fail(e, f"{e} works on day {d}, which must be free")
        if p.enabled("max_shifts"):
            rc = _rc(rep, "max_shifts")
            for sid, mx in emp.max_shifts.items():
                rc.checked += 1
                n = row.count(sid)
                if n > mx:
                    rc.fail(e, f"{e} works {n} {sid} shifts, at most {mx}")
        total = minutes(e, range(p.days))
        if emp.max_minutes is not None and p.enabled("max_minutes"):
            rc = _rc(rep, "max_minutes")
            rc.checked += 1
            if total > emp.max_minutes:
                rc.fail(e, f"{e} works {total / 60:g} h, at most "
                                     f"{emp.max_minutes / 60:g} h")
        if emp.min_minutes is not None and p.enabled("min_minutes"):
            rc = _rc(rep, "min_minutes")
            rc.checked += 1
            if total < emp.min_minutes:
                rc.fail(e, f"{e} works {total / 60:g} h, at least "
                                     f"{emp.min_minutes / 60:g} h")
        for start, n in runs(worked):
            inside = start > 0 and start + n < p.days
            if emp.max_consecutive is not None and p.enabled("max_consecutive"):
                rc = _rc(rep, "max_consecutive")
                rc.checked += 1
                if n > emp.max_consecutive:
                    rc.fail(e, f"{e} works {n} days in a row from day {start}")
            if emp.min_consecutive is not None and p.enabled("min_consecutive") and inside:
                rc = _rc(rep, "min_consecutive")
                rc.checked += 1
                if n < emp.min_consecutive:
                    rc.fail(e, f"{e} works only {n} days in a row from day {start}")
        if emp.min_consecutive_off is not None and p.enabled("min_consecutive_off"):
            rc = _rc(rep, "min_consecutive_off")
            for start, n in runs([not w for w in worked]):
                if start > 0 and start + n < p.days:
                    rc.checked += 1
                    if n < emp.min_consecutive_off:
                        rc.fail(e, f"{e} has only {n} days off from day {start}")
        if emp.max_weekends is not None and p.enabled("max_weekends"):
            rc = _rc(rep, "max_weekends")
            rc.checked += 1
            n = sum(1 for sat in range(5, p.days, 7)
                    if any(worked[d] for d in (sat, sat + 1) if d < p.days))
            if n > emp.max_weekends:
                rc.fail(e, f"{e} works {n} weekends, at most {emp.max_weekends}")

    for c in p.constraints:
        if not p.enabled(c.rule):
            continue
        rc = _rc(rep, c.rule)
        if isinstance(c, ForbiddenShift):
            for e in emps:
                rc.checked += 1
                for d, sh in enumerate(plan[e]):
                    if sh == c.shift:
                        rc.fail(e, f"{e} works shift {sh} on day {d}")
        elif isinstance(c, ForbiddenSuccession):
            for e in emps:
                for d in range(p.days - 1):
                    rc.checked += 1
                    if plan[e][d] == c.first and plan[e][d + 1] == c.second:
                        rc.fail(e, f"{e}: {c.second} on day {d + 1} after "
                                             f"{c.first} on day {d}")
        elif isinstance(c, WindowMinutes):
            starts = (range(0, p.days - c.days + 1) if c.sliding else range(0, p.days, c.days))
            for e in emps:
                if c.employees and e not in c.employees:
                    continue
                for st in starts:
                    rc.checked += 1
                    m = minutes(e, range(st, min(st + c.days, p.days)))
                    if m > c.max_minutes:
                        rc.fail(e, f"{e} works {m / 60:g} h in days {st}–"
                                             f"{min(st + c.days, p.days) - 1}, at most "
                                             f"{c.max_minutes / 60:g} h")
        elif isinstance(c, WindowCount):
            for e in emps:
                rc.checked += 1
                n = sum(1 for s in plan[e] if s in c.shifts)
                if n > c.max_count:
                    rc.fail(e, f"{e} works {n} of {sorted(c.shifts)}, at most "
                                         f"{c.max_count}")
        elif isinstance(c, MinFreeWeekday):
            days = [d for d in range(p.days) if d % 7 == c.weekday]
            for e in emps:
                rc.checked += 1
                free = sum(1 for d in days if plan[e][d] is None)
                if free < min(c.min_free, len(days)):
                    rc.fail(e, f"{e} has {free} free days on weekday {c.weekday}, "
                                         f"at least {c.min_free}")
        elif isinstance(c, WeeklyRest):
            for e in emps:
                spans = _work_spans(p, plan[e])
                for wk in range(0, p.days - 6, 7):
                    rc.checked += 1
                    lo, hi = wk * MINUTES_PER_DAY, (wk + 7) * MINUTES_PER_DAY
                    longest = _longest_rest(spans, lo, hi)
                    if longest < c.min_minutes:
                        rc.fail(e, f"{e}: longest rest in week from day {wk} is "
                                             f"{longest / 60:g} h, at least "
                                             f"{c.min_minutes / 60:g} h")
        elif isinstance(c, RestAfterSeries):
            for e in emps:
                spans = _work_spans(p, plan[e])
                for last in range(c.series - 1, p.days):
                    series = range(last - c.series + 1, last + 1)
                    if not all(plan[e][d] in c.shifts for d in series):
                        continue
                    rc.checked += 1
                    end = next(b for a, b, d in spans if d == last)
                    nxt = [a for a, _, d in spans if d > last]
                    if nxt and nxt[0] - end < c.min_minutes:
                        rc.fail(e, f"{e}: {(nxt[0] - end) / 60:g} h rest after "
                                             f"{c.series} nights ending day {last}")
        elif isinstance(c, MinTaskShare):
            for e, emp in emps.items():
                if c.skill not in emp.skills:
                    continue
                rc.checked += 1
                tot = minutes(e, range(p.days))
                task = sum(shifts[sh].length for sh in plan[e]
                           if sh is not None and shifts[sh].task == c.task)
                if tot and task < c.share * tot - 1e-9:
                    rc.fail(e, f"{e}: {task / tot:.0%} of worked time on {c.task}, "
                                         f"at least {c.share:.0%}")
        elif isinstance(c, Supervision):
            for e, emp in emps.items():
                if c.skill not in emp.skills:
                    continue
                for d, sh in enumerate(plan[e]):
                    if sh is None:
                        continue
                    rc.checked += 1
                    ok = any(plan[o][d] == sh and c.colleague in emps[o].skills
                             for o in emps if o != e)
                    if not ok:
                        rc.fail(e, f"{e} on {sh} day {d} without a colleague with "
                                             f"{c.colleague!r}")

    # soft goals, recomputed
    for cv in p.cover:
        who = [e for e in emps if cv.skill is None or cv.skill in emps[e].skills]
        n = sum(1 for e in who for d, s in cv.cells if plan[e][d] == s)
        cost = (cv.weight_under * max(0, cv.required - n)
                + cv.weight_over * max(0, n - cv.required))
        rep.cover.append(CoverResult(cv.label, cv.required, n, cost))
    rep.missed.append(("cover", rep.cover_cost))
    req_cost = 0
    for r in p.requests:
        got = plan[r.employee][r.day]
        hit = (got is not None) if r.shift is None else (got == r.shift)
        if hit != r.on:
            req_cost += r.weight
    rep.missed.append(("personal requests", req_cost))
    for g in p.goals:
        if isinstance(g, Fairness):
            who = [e for e in emps if not g.employees or e in g.employees]
            if len(who) < 2:
                continue
            counts = [sum(1 for d, s in enumerate(plan[e]) if s is not None and d % 7 >= 5)
                      if g.weekend else sum(1 for s in plan[e] if s in g.shifts) for e in who]
            rep.missed.append((g.label, g.weight * (max(counts) - min(counts))))
        elif isinstance(g, TaskShare):
            frac = Fraction(g.share).limit_denominator(100)
            cost = 0
            for e, emp in emps.items():
                if g.skill not in emp.skills:
                    continue
                tot = minutes(e, range(p.days))
                task = sum(shifts[s].length for s in plan[e]
                           if s is not None and shifts[s].task == g.task)
                short = frac.numerator * tot - frac.denominator * task
                cost += g.weight * max(0, math.ceil(short / (60 * frac.denominator)))
                rep.measures[f"{g.task} share {e}"] = task / tot if tot else 0.0
            rep.missed.append((g.label, cost))
    return rep


def _work_spans(p: RosterProblem, row: list[str | None]) -> list[tuple[int, int, int]]:
    """(start, end, day) of each worked shift, in minutes from day 0 00:00."""
    out = []
    for d, sid in enumerate(row):
        if sid is None:
            continue
        s = p.shift(sid)
        start = d * MINUTES_PER_DAY + (s.start or 0)
        out.append((start, start + s.length, d))
    return out


def _longest_rest(spans: list[tuple[int, int, int]], lo: int, hi: int) -> int:
    """Longest time inside [lo, hi) not covered by any span (outside the horizon: free)."""
    t, best = lo, 0
    for a, b, _ in sorted(spans):
        if b <= lo or a >= hi:
            continue
        best = max(best, a - t)
        t = max(t, b)
    return max(best, hi - t)
