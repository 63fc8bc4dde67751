"""Rosters of one roster period (28 days, parameter ``roster_period_days``) from the store:
the problems as `sterkte roster team|teams` build them (staff on the latest HR date, their
reported sickness, cover from synthetic demand, the police working-time rules), solved
and re-checked by the independent checker; the public NRP benchmark; re-rostering a
published roster. The dashboard runs :func:`solve` in the background
(:mod:`sterkte.web.api.roster`); the commands call the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from sterkte.app.capacity import (
    CapacityInputs,
    load_inputs,
    roster_days,
    roster_problems,
    sickness_summary,
)
from sterkte.errors import InputError, Msg, read_text
from sterkte.parameters import ParameterSet
from sterkte.roster.check import CheckReport, check_roster
from sterkte.roster.model import Assignment, RosterProblem
from sterkte.roster.nrp import NrpCheck, check_nrp, rows_of, to_problem
from sterkte.roster.sickness import SicknessSummary, sickness_by_person, summarise
from sterkte.sources.nrp import NrpInstance, read_nrp, read_nrp_solution
from sterkte.store.db import connect, resolve_db_path
from sterkte.store.demand import sickness_during
from sterkte.synth.team import example_team

# The search (CP-SAT, pandas under it, the compiled pricing: about a second to load) is
# imported by the functions that solve, so that every other command starts without it.
if TYPE_CHECKING:
    from sterkte.roster.coverbound import CoverBound
    from sterkte.roster.reroster import Replan
    from sterkte.roster.search import SearchSettings
    from sterkte.roster.solver import Solution
    from sterkte.roster.teams import TeamResult

SEED = 1
# the example team's first day when none is given (a Monday): sterkte's own example
EXAMPLE_START = dt.date(2026, 1, 5)


@dataclass(frozen=True)
class RosterResult:
    problem: RosterProblem
    assignment: Assignment
    report: CheckReport | None  # None when no roster meets the hard rules
    first: dt.date
    status: str
    seconds: float
    sick: SicknessSummary  # reported sickness of the team
    synthetic: tuple[str, ...] = ()  # what the roster rests on that is synthetic (demand)
    cover_bound: int | None = None  # the least cover cost of any roster of the team


def build_problem(inputs: CapacityInputs, team: str) -> RosterProblem:
    """The team's problem over one roster period, as `sterkte roster team --team` builds it."""
    params = ParameterSet.bundled()
    return roster_problems(inputs, [team], roster_days(params, inputs.first), SEED, params)[0]


def solve(inputs: CapacityInputs, team: str, seconds: float,
          progress: Callable[[int, int], None]) -> RosterResult:
    """Roster ``team`` for one roster period within ``seconds`` (one solver thread: the dashboard's
    runs share the machine), re-checked rule by rule."""
    from sterkte.roster.coverbound import cover_bound
    from sterkte.roster.search import SearchSettings
    from sterkte.roster.squads import solve_in_squads

    problem = build_problem(inputs, team)
    progress(0, 1)
    sol = solve_in_squads(problem, seconds, settings=SearchSettings(workers=1, seed=SEED),
                          progress=progress)
    report = check_roster(problem, sol.assignment) if sol.objective is not None else None
    bound = cover_bound(problem).bound if report is not None else None
    progress(1, 1)
    sick = summarise(sickness_by_person(inputs.sick, inputs.first, problem.days),
                     {e.id for e in problem.employees})
    return RosterResult(problem, sol.assignment, report, inputs.first, sol.status, seconds,
                        sick, inputs.synthetic(), bound)


@dataclass(frozen=True)
class TeamProblems:
    """The roster problems of some teams over one roster period from ``first``, the
    reported sickness that keeps their people off it (None for the example team), the day
    the HR records go to, and what the problems rest on that is synthetic."""

    problems: list[RosterProblem]
    first: dt.date
    sick: SicknessSummary | None
    latest: dt.date | None
    synthetic: tuple[str, ...]


def team_problems(db: str | None, teams: list[str] | None, start: dt.date | None,
                  seed: int) -> TeamProblems:
    """Roster problems of ``teams`` (every team when None) from the store's HR records
    (with their reported sickness) and synthetic demand (``seed``), over one roster period
    (``roster_period_days``) from ``start`` (default the Monday after the latest HR
    record)."""
    params = ParameterSet.bundled()
    path = resolve_db_path(db)
    # the period's length is a dated parameter in force on the first day, which the store
    # gives: the staff first (an unknown team is named before a period the parameters do
    # not reach), then the sickness spells of that period
    inputs = load_inputs(path, start, with_absence=False, params=params, sick_days=0)
    chosen = teams or inputs.teams
    inputs.check_teams(chosen)
    days = roster_days(params, inputs.first)
    con = connect(path, read_only=True)
    try:
        inputs = replace(inputs, sick=tuple(sickness_during(con, inputs.first, days)))
    finally:
        con.close()
    problems = roster_problems(inputs, chosen, days, seed, params)
    return TeamProblems(problems, inputs.first, sickness_summary(inputs, chosen, days),
                        inputs.latest, inputs.synthetic())


def example_problems(start: dt.date | None) -> TeamProblems:
    """sterkte's small example team over one roster period: all of it made up."""
    first = start or EXAMPLE_START
    days = roster_days(ParameterSet.bundled(), first)
    return TeamProblems([example_team(first, days)], first, None, None,
                        ("hr", "incidents", "planned"))


def problems_for(db: str | None, teams: list[str] | None, start: dt.date | None,
                 seed: int) -> TeamProblems:
    """One team from the store (``teams`` holds exactly one), or the example team."""
    if not teams:
        return example_problems(start)
    if len(teams) != 1:
        raise InputError.at("--team", Msg(
            "geef één team (gebruik `sterkte roster teams` voor meer)",
            "give one team (use `sterkte roster teams` for more)"))
    return team_problems(db, teams, start, seed)


def settings_for(workers: int, seed: int, work: float | None) -> SearchSettings:
    """Search settings; ``work``: a deterministic budget (CP-SAT work units, one thread)
    instead of the wall clock: the same roster on any machine."""
    from sterkte.roster.search import SearchSettings

    return SearchSettings(workers=workers, seed=seed, work=work)


@dataclass(frozen=True)
class TeamRoster:
    """One team's roster and its independent check, or (no roster meets the hard rules)
    the rules that conflict."""

    problem: RosterProblem
    solution: Solution
    report: CheckReport | None
    conflict: list[str]
    bound: CoverBound | None = None  # the least cover cost of any roster of the team


def roster_team(problem: RosterProblem, seconds: float, settings: SearchSettings
                ) -> TeamRoster:
    """Roster one team squad by squad within ``seconds`` (or the settings' work), checked
    rule by rule; when no roster is found, which rules conflict."""
    from sterkte.roster.coverbound import cover_bound
    from sterkte.roster.explain import explain_infeasible
    from sterkte.roster.squads import solve_in_squads

    sol = solve_in_squads(problem, settings.work or seconds, settings=settings)
    if sol.objective is None:
        return TeamRoster(problem, sol, None, explain_infeasible(problem, seconds=seconds))
    return TeamRoster(problem, sol, check_roster(problem, sol.assignment), [],
                      cover_bound(problem))


def roster_teams(problems: list[RosterProblem], seconds: float, *, jobs: int,
                 scheduler: str | None, seed: int,
                 progress: Callable[[TeamResult], None] | None = None) -> list[TeamResult]:
    """Every team in parallel (threads, or the Dask cluster at ``scheduler``), each with a
    deterministic budget: the same rosters wherever they are solved."""
    from sterkte.roster.teams import solve_teams

    return solve_teams(problems, seconds, jobs=jobs, scheduler=scheduler, progress=progress,
                       seed=seed)


@dataclass(frozen=True)
class NrpRun:
    """A benchmark instance, its solution and the independent checker's verdict."""

    instance: NrpInstance
    solution: Solution
    rows: list[tuple[str, int, str]]
    check: NrpCheck | None  # None when no roster was found


def solve_nrp(instance_file: Path, seconds: float, settings: SearchSettings) -> NrpRun:
    """Solve one Curtois–Qu instance in the roster model; the checker recomputes the
    objective from the instance file."""
    from sterkte.roster.search import solve_roster

    inst = read_nrp(instance_file)
    sol = solve_roster(to_problem(inst), seconds, settings)
    if sol.objective is None:
        return NrpRun(inst, sol, [], None)
    rows = rows_of(sol.assignment)
    return NrpRun(inst, sol, rows, check_nrp(inst, rows))


def check_nrp_file(instance_file: Path, solution_file: Path) -> tuple[NrpInstance, NrpCheck]:
    """Check any solution file of an instance."""
    inst = read_nrp(instance_file)
    return inst, check_nrp(inst, read_nrp_solution(solution_file))


@dataclass(frozen=True)
class Replanned:
    """A re-rostered roster, the team it is for and what of it is synthetic."""

    plan: Replan
    team: TeamProblems
    report: CheckReport | None


def reroster_file(published: Path, sick: list[str], leave: list[str], *,
                  from_day: dt.date | None, teams: list[str] | None, start: dt.date | None,
                  db: str | None, seconds: float, settings: SearchSettings) -> Replanned:
    """Re-plan the roster file ``published`` (as `sterkte roster team` writes it) of the
    team it was made for, after the sickness and leave ``PERSON:FROM[:TO]``; days before
    ``from_day`` stay. Cover first, then as few changed shifts as possible; where cover
    stays short, why."""
    from sterkte.roster.reroster import replan

    team = problems_for(db, teams, start, settings.seed)
    text = read_text(published)  # Excel's "CSV UTF-8" starts with a BOM: it is no data
    plan = replan(team.problems[0], team.first, text, str(published), sick, leave,
                  from_day=from_day, seconds=seconds, workers=settings.workers,
                  seed=settings.seed, work=settings.work)
    r = plan.result
    report = check_roster(r.problem, r.roster) if r.found else None
    return Replanned(plan, team, report)


__all__ = ["EXAMPLE_START", "NrpRun", "Replanned", "RosterResult", "TeamProblems",
           "TeamRoster", "build_problem", "check_nrp_file", "example_problems", "problems_for",
           "reroster_file", "roster_team", "roster_teams", "settings_for", "solve", "solve_nrp",
           "team_problems"]
