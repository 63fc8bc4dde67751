"""A roster of one roster period (28 days, parameter ``roster_period_days``) for one team
from the store: the problem as `sterkte roster team --team` builds it (staff on the latest
HR date, their reported sickness, cover from synthetic demand, seed 1, the police
working-time rules), solved and re-checked by the independent checker. The dashboard runs
it in the background (:mod:`sterkte.web.api.roster`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sterkte.app.capacity import CapacityInputs, roster_days, roster_problems
from sterkte.parameters import ParameterSet
from sterkte.roster.check import CheckReport, check_roster
from sterkte.roster.model import Assignment, RosterProblem
from sterkte.roster.search import SearchSettings
from sterkte.roster.sickness import SicknessSummary, sickness_by_person, summarise
from sterkte.roster.squads import solve_in_squads

SEED = 1


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


def build_problem(inputs: CapacityInputs, team: str) -> RosterProblem:
    """The team's problem over one roster period, as `sterkte roster team --team` builds it."""
    params = ParameterSet.bundled()
    return roster_problems(inputs, [team], roster_days(params, inputs.first), SEED, params)[0]


def solve(inputs: CapacityInputs, team: str, seconds: float,
          progress: Callable[[int, int], None]) -> RosterResult:
    """Roster ``team`` for one roster period within ``seconds`` (one solver thread: the dashboard's
    runs share the machine), re-checked rule by rule."""
    problem = build_problem(inputs, team)
    progress(0, 1)
    sol = solve_in_squads(problem, seconds, settings=SearchSettings(workers=1, seed=SEED),
                          progress=progress)
    report = check_roster(problem, sol.assignment) if sol.objective is not None else None
    progress(1, 1)
    sick = summarise(sickness_by_person(inputs.sick, inputs.first, problem.days),
                     {e.id for e in problem.employees})
    return RosterResult(problem, sol.assignment, report, inputs.first, sol.status, seconds,
                        sick, inputs.synthetic())
