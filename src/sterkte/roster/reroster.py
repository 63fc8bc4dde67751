"""Re-rostering with minimal change: after sickness or a request for leave, a new
roster that keeps as much of the published one as the rules and the cover allow.

The published roster is what people have planned their lives around, so a new one
is judged lexicographically, in three CP-SAT solves on the same model:

1. **cover**: as little cover left short as the rules allow (the under-cover cost);
2. **changes**: with that cover, as few changed shifts as possible — a changed shift
   is a (person, day) whose shift differs from the published one, a shift taken
   away or added included;
3. **the rest**: with that cover and that many changes, the problem's other costs
   (requests, over-cover, fairness).

Each solve keeps the optimum (or the best found) of the one before as a
constraint, and starts from the best roster so far. Days before ``frozen_before``
(already worked) are fixed as published, without the shifts of people who were
sick then. A sick day or a day of granted leave is a day off (rule ``days_off``);
the published shifts on those days must go (``forced``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from sterkte.errors import InputError, Msg, Problem
from sterkte.roster.check import check_roster
from sterkte.roster.lns import Clock, fixed_solve
from sterkte.roster.model import Assignment, RosterProblem
from sterkte.roster.search import SearchSettings, search
from sterkte.roster.shortage import Shortage, explain_shortage
from sterkte.roster.solver import Built, build
from sterkte.sources.spreadsheet import csv_error
from sterkte.sources.textcells import from_text_cell


@dataclass(frozen=True)
class Change:
    """One changed shift: the published one (None = free) and the new one."""

    person: str
    day: int
    before: str | None
    after: str | None


@dataclass(frozen=True)
class Reroster:
    """A new roster and how it differs from the published one.

    ``problem`` is the published problem with the sick days and granted leave as days
    off; ``forced`` the published shifts on those days (they cannot stay);
    ``cover_short`` the person-slots short (person-hours for hourly cover), by the
    independent checker; ``proved`` whether the cover and the number of changes
    are proved least (else: the least found within the budget)."""

    problem: RosterProblem
    roster: Assignment
    changes: tuple[Change, ...]
    forced: int
    cover_short: int
    published_short: int
    proved: bool
    status: str

    @property
    def found(self) -> bool:
        """False when no roster meets the hard rules (or none was found in time)."""
        return self.status in ("OPTIMAL", "FEASIBLE")


def with_days_off(problem: RosterProblem, away: Mapping[str, Iterable[int]]) -> RosterProblem:
    """``problem`` with the days in ``away`` (person → days) added to the persons' days
    off; unknown persons are an :class:`InputError`."""
    known = {e.id for e in problem.employees}
    unknown = sorted(set(away) - known)
    if unknown:
        raise InputError([Problem("--sick", None, "person",
                                  Msg(f"onbekende persoon {p!r} in dit rooster",
                                      f"unknown person {p!r} in this roster"))
                          for p in unknown])
    emps = tuple(replace(e, days_off=e.days_off | frozenset(
        d for d in away.get(e.id, ()) if 0 <= d < problem.days)) for e in problem.employees)
    return replace(problem, employees=emps)


def changed(published: Assignment, roster: Assignment, from_day: int = 0) -> list[Change]:
    """The cells where ``roster`` differs from ``published``, from ``from_day`` on."""
    cells = {k for k in set(published) | set(roster) if k[1] >= from_day}
    return [Change(e, d, published.get((e, d)), roster.get((e, d)))
            for e, d in sorted(cells) if published.get((e, d)) != roster.get((e, d))]


def reroster(problem: RosterProblem, published: Assignment,
             sick: Mapping[str, Iterable[int]] | None = None,
             leave: Mapping[str, Iterable[int]] | None = None, *, frozen_before: int = 0,
             seconds: float = 30.0, settings: SearchSettings | None = None) -> Reroster:
    """The new roster (see the module docstring). ``sick`` and ``leave``: person →
    days they cannot work. The budget is ``seconds`` of wall clock, or the settings'
    deterministic ``work`` (the same result on any machine); 70 % of it for cover and
    changes, the rest for the other costs."""
    s = replace(settings or SearchSettings(), columns=False)
    away: dict[str, set[int]] = {}
    for source in (sick or {}, leave or {}):
        for p, days in source.items():
            away.setdefault(p, set()).update(days)
    new = with_days_off(problem, away)
    built = build(new)
    m = built.model
    forced = sum(1 for (e, d) in published if d >= frozen_before and d in away.get(e, ()))
    start = {k: sid for k, sid in published.items() if k[1] not in away.get(k[0], ())}
    for (e, d, sid), v in built.x.items():  # the past stays as it was
        if d < frozen_before:
            m.add(v == int(start.get((e, d)) == sid))
    terms: list[cp_model.LinearExprT] = []
    lost = 0
    for emp in new.employees:
        for d in range(frozen_before, new.days):
            was = published.get((emp.id, d))
            if was is None:
                terms += [built.x[(emp.id, d, sh.id)] for sh in new.shifts
                          if (emp.id, d, sh.id) in built.x]
            elif (emp.id, d, was) in built.x:
                terms.append(1 - built.x[(emp.id, d, was)])
            else:
                lost += 1  # the published shift can no longer be worked
    changes = cp_model.LinearExpr.sum(terms) + lost
    # cover first, then changes: one more person-slot short must cost more than
    # changing every cell of the roster
    weight = len(new.employees) * new.days + 1
    first = weight * built.under + changes
    m.minimize(first)
    work = None if s.work is None else 0.7 * s.work
    a = search(new, replace(built, objective=first), Clock(0.7 * seconds, work), s,
               start=start)
    if a.objective is None:
        return Reroster(new, {}, (), forced, 0, 0, False, a.status)
    under, n_changes = _values(built, a.assignment, (built.under, changes))
    m.add(built.under <= under)
    m.add(changes <= n_changes)
    m.clear_objective()  # type: ignore[no-untyped-call]
    m.minimize(built.objective)
    work = None if s.work is None else 0.3 * s.work
    b = search(new, built, Clock(0.3 * seconds, work), s, start=a.assignment)
    roster = b.assignment if b.objective is not None else a.assignment
    report, before = check_roster(new, roster), check_roster(new, start)
    return Reroster(new, roster, tuple(changed(published, roster, frozen_before)), forced,
                    report.cover_short, before.cover_short, a.optimal, b.status)


def _values(built: Built, roster: Assignment, exprs: tuple[cp_model.LinearExprT, ...]
            ) -> list[int]:
    """The values of ``exprs`` on ``roster`` (every variable fixed)."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = 5.0
    fixed_solve(built, built.model, roster, set(built.x), solver)
    return [round(solver.value(e)) for e in exprs]


def parse_published(text: str, file: str, problem: RosterProblem, first: dt.date
                    ) -> Assignment:
    """A published roster from the CSV that ``sterkte roster team`` writes (columns
    ``employee``, ``date`` and ``shift``; more are ignored). Bad rows are an
    :class:`InputError` naming the file, row and field."""
    reader = csv.DictReader(io.StringIO(text))
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise csv_error(file, exc, reader.line_num) from None
    need = ("employee", "date", "shift")
    if reader.fieldnames is None or not set(need) <= set(reader.fieldnames):
        raise InputError.at(file, Msg("verwacht de kolommen employee, date en shift",
                                      "expected the columns employee, date and shift"), row=1)
    persons = {e.id for e in problem.employees}
    shifts = {s.id for s in problem.shifts}
    problems: list[Problem] = []
    out: Assignment = {}
    for no, row in rows:
        short = [c for c in need if row[c] is None]  # a quote never closed, a cut line
        if short:
            problems.append(Problem(file, no, short[0], Msg(
                "de rij heeft te weinig cellen: verwacht employee, date en shift",
                "the row has too few cells: expected employee, date and shift")))
            continue
        e, sid = from_text_cell(row["employee"].strip()), row["shift"].strip()
        try:
            day = (dt.date.fromisoformat(row["date"].strip()) - first).days
        except ValueError:
            problems.append(Problem(file, no, "date", Msg(
                f"verwacht JJJJ-MM-DD, gevonden {row['date']!r}",
                f"expected YYYY-MM-DD, found {row['date']!r}")))
            continue
        if e not in persons:
            problems.append(Problem(file, no, "employee", Msg(f"onbekende persoon {e!r}",
                                                              f"unknown person {e!r}")))
        elif sid not in shifts:
            problems.append(Problem(file, no, "shift", Msg(
                f"onbekende dienst {sid!r}; verwacht een van {', '.join(sorted(shifts))}",
                f"unknown shift {sid!r}; expected one of {', '.join(sorted(shifts))}")))
        elif not 0 <= day < problem.days:
            problems.append(Problem(file, no, "date", Msg(
                f"{row['date']} valt buiten de roosterperiode vanaf {first}",
                f"{row['date']} is outside the roster period from {first}")))
        elif (e, day) in out:
            problems.append(Problem(file, no, "date", Msg(
                f"{e} heeft twee diensten op {row['date']}",
                f"{e} has two shifts on {row['date']}")))
        else:
            out[(e, day)] = sid
    if problems:
        raise InputError(problems)
    return out


def parse_away(specs: list[str], option: str, first: dt.date, days: int) -> dict[str, set[int]]:
    """``PERSON:FROM[:TO]`` (dates YYYY-MM-DD, TO inclusive, default FROM) as person →
    day indices of the roster from ``first``; days outside the period are dropped.
    A bad spec is an :class:`InputError` naming ``option``."""
    out: dict[str, set[int]] = {}
    for spec in specs:
        parts = spec.split(":")
        if len(parts) not in (2, 3) or not parts[0]:
            raise InputError.at(option, Msg(f"verwacht PERSOON:VAN[:TOT], gevonden {spec!r}",
                                            f"expected PERSON:FROM[:TO], found {spec!r}"))
        try:
            lo = dt.date.fromisoformat(parts[1])
            hi = dt.date.fromisoformat(parts[2]) if len(parts) == 3 else lo
        except ValueError:
            raise InputError.at(option, Msg(f"verwacht datums JJJJ-MM-DD in {spec!r}",
                                            f"expected dates YYYY-MM-DD in {spec!r}")) from None
        if hi < lo:
            raise InputError.at(option, Msg(f"{spec!r}: de laatste dag ligt voor de eerste",
                                            f"{spec!r}: the last day is before the first"))
        a, b = max(0, (lo - first).days), min(days - 1, (hi - first).days)
        out.setdefault(parts[0], set()).update(range(a, b + 1))
    return out


@dataclass(frozen=True)
class Replan:
    """A re-rostering and, where cover is short, why."""

    result: Reroster
    why: Shortage | None
    first: dt.date


def replan(problem: RosterProblem, first: dt.date, published_csv: str, file: str,
           sick: list[str], leave: list[str], *, from_day: dt.date | None = None,
           seconds: float = 30.0, workers: int = 1, seed: int = 0,
           work: float | None = None) -> Replan:
    """`sterkte roster reroster`: the published roster (CSV text as ``sterkte roster
    team`` writes it) re-planned after the sickness and leave given as
    ``PERSON:FROM[:TO]``; days before ``from_day`` stay as they were. When cover is
    left short, :func:`~sterkte.roster.shortage.explain_shortage` says why. ``work``:
    a deterministic budget instead of ``seconds`` (the same result on any machine)."""
    published = parse_published(published_csv, file, problem, first)
    away_sick = parse_away(sick, "--sick", first, problem.days)
    away_leave = parse_away(leave, "--leave", first, problem.days)
    frozen = 0 if from_day is None else max(0, min(problem.days, (from_day - first).days))
    result = reroster(problem, published, away_sick, away_leave, frozen_before=frozen,
                      seconds=seconds,
                      settings=SearchSettings(workers=workers, seed=seed, work=work))
    why = None
    if result.found and result.cover_short:
        why = explain_shortage(result.problem, result.roster, sick=away_sick,
                               leave=away_leave)
    return Replan(result, why, first)
