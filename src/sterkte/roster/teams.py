"""Rosters for many teams at once: each team's problem from its staff and demand, solved
in parallel in-process (threads; CP-SAT releases the GIL) or on a Dask cluster.

A team's roster problem: its response officers, community officers, aspirants and
volunteers (from HR records) under the working-time rules, with the response cover
per hour from the demand model. Known days away (leave and training, the team's
average share of them) are laid out per person deterministically, so the same
inputs give the same problem. Reported sickness from the HR records adds days away
and takes sick hours off the hour budget (:mod:`sterkte.roster.sickness`). Teams are
independent and each is solved with a deterministic budget (CP-SAT's deterministic
time, one thread), so the roster of a team does not depend on where or in which order
it was solved: in-process and on a Dask cluster give the same rosters for the same seed.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from sterkte.parameters import ParameterSet
from sterkte.records.staff import SickSpell, StaffMember
from sterkte.roster.check import check_roster
from sterkte.roster.model import Assignment, RosterProblem
from sterkte.roster.police import Officer, police_problem
from sterkte.roster.sickness import Sickness, sickness_by_person
from sterkte.synth.incidents import hash_team

ROSTERED = {"noodhulp": frozenset({"trained"}),
            "wijkagent": frozenset({"trained", "community_officer"}),
            "aspirant": frozenset({"aspirant"}),
            "vrijwilliger": frozenset({"volunteer"})}


def officers_of(staff: Iterable[StaffMember], team: str, days: int,
                away_share: float, sickness: Mapping[str, Sickness] | None = None
                ) -> list[Officer]:
    """The team's rostered people; each professional has ``away_share`` of the days away
    (leave, training) as one block placed by a hash of their id. ``sickness`` (per
    person id) adds the days they are 100 % sick to those days away.

    Hours: a day away takes that day's contract hours off the horizon's budget — leave
    and training hours are spent (as the supply side of the CM-tafel counts them), and so
    are sick hours; a day of leave and sickness at once counts once (the larger share)."""
    sickness = sickness or {}
    out = []
    away = round(days * away_share)
    for s in sorted(staff, key=lambda s: s.person_id):
        if s.team != team or s.function not in ROSTERED:
            continue
        skills = ROSTERED[s.function]
        off: frozenset[int] = frozenset()
        if s.function != "vrijwilliger" and away:
            first = hash_team(s.person_id) % max(1, days - away + 1)
            off = frozenset(range(first, first + away))
        hours = s.hours if s.hours is not None else 8.0  # volunteers: about a shift a week
        sick = sickness.get(s.person_id)
        shares = sick.shares if sick is not None and sick.shares else (0.0,) * days
        if sick is not None:
            off |= sick.days_off
        spent = sum(1.0 if d in off else shares[d] for d in range(days))
        hours *= max(0.0, 1.0 - spent / days) if days else 1.0
        out.append(Officer(s.person_id, hours, skills, off, s.volunteer_hours_used))
    return out


def team_problem(staff: Sequence[StaffMember], team: str, cover: Sequence[Sequence[int]],
                 start: dt.date, params: ParameterSet,
                 sick: Iterable[SickSpell] = ()) -> RosterProblem:
    """The roster problem of ``team`` over ``len(cover)`` days from ``start`` (a Monday).
    ``sick``: the reported sickness spells (any persons; the team's are used), see
    :mod:`sterkte.roster.sickness` for how they become days away and fewer hours."""
    away = (params["supply_leave_share"].number(start)
            + params["supply_training_share"].number(start))
    sickness = sickness_by_person(sick, start, len(cover))
    return police_problem(officers_of(staff, team, len(cover), away, sickness), cover, start,
                          params, name=team)


@dataclass(frozen=True)
class TeamResult:
    """One team's roster and its independent check: ``valid`` = no hard rule broken,
    ``cover_short`` person-hours, ``cost`` of the soft goals."""

    team: str
    assignment: Assignment
    valid: bool
    cover_short: int
    cover_needed: int
    cost: int
    status: str
    persons: int
    cover_cost: int = 0
    cover_bound: int = 0  # no roster of the team has a lower cover cost (coverbound)


# A team's budget is given in seconds but spent as CP-SAT deterministic time, so that
# the roster does not depend on the machine: on the development machine one
# deterministic second of a police team's search took about 2.5 CPU seconds (model
# building, presolve and LP included), so a second of budget buys 0.4 of them.
# A calibration of the budget's unit, not a policy or model number.
WORK_PER_SECOND = 0.4


def solve_team(problem: RosterProblem, seconds: float, squad_size: int = 30, seed: int = 0
               ) -> TeamResult:
    """One team's roster, checked. ``seconds``: the budget, spent as
    ``WORK_PER_SECOND × seconds`` of CP-SAT deterministic time on one thread (about
    ``seconds`` of CPU on the development machine; longer on a slower or loaded one):
    the search then depends on no clock, so the same team and seed give the same
    roster in-process and on any Dask worker."""
    work = WORK_PER_SECOND * seconds
    # the search (CP-SAT, the compiled pricing) loads with the first roster solved, not
    # with every command that only builds problems
    from sterkte.roster.search import SearchSettings
    from sterkte.roster.squads import solve_in_squads

    settings = SearchSettings(workers=1, seed=seed, work=work)
    sol = solve_in_squads(problem, work, squad_size, settings)
    if sol.objective is None:
        return TeamResult(problem.name, {}, False, 0, 0, 0, sol.status, len(problem.employees))
    from sterkte.roster.coverbound import cover_bound

    rep = check_roster(problem, sol.assignment)
    need = sum(c.required for c in rep.cover)
    return TeamResult(problem.name, sol.assignment, rep.valid, rep.cover_short, need,
                      rep.cost, sol.status, len(problem.employees),
                      rep.cover_cost, cover_bound(problem).bound)


def solve_teams(problems: Sequence[RosterProblem], seconds: float, *, jobs: int = 2,
                scheduler: str | None = None,
                progress: Callable[[TeamResult], None] | None = None,
                seed: int = 0) -> list[TeamResult]:
    """Solve every team, ``jobs`` at a time in-process, or on the Dask cluster at
    ``scheduler`` (``tcp://host:port``). Results in the order of ``problems``.

    ``seconds`` per team is a deterministic budget (:func:`solve_team`): the rosters
    are the same wherever and in whatever order the teams are solved, for the same
    ``seed``; only the time taken depends on the machine."""
    results: dict[str, TeamResult] = {}
    if scheduler:
        from dask.distributed import Client
        from dask.distributed import as_completed as dask_completed

        with Client(scheduler) as client:  # type: ignore[no-untyped-call]
            futures = [client.submit(solve_team, p, seconds, seed=seed, pure=False)
                       for p in problems]
            for fut in dask_completed(futures):  # type: ignore[no-untyped-call]
                r = fut.result()
                results[r.team] = r
                if progress:
                    progress(r)
    else:
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            futs = [pool.submit(solve_team, p, seconds, seed=seed) for p in problems]
            for f in as_completed(futs):
                r = f.result()
                results[r.team] = r
                if progress:
                    progress(r)
    return [results[p.name] for p in problems]


def seconds_per_team(total: float, teams: int, jobs: int) -> float:
    """Share of a total time budget per team when ``jobs`` run at once."""
    return max(1.0, total * jobs / max(1, teams)) if math.isfinite(total) else 10.0
