"""The CM-tafel and the team rosters from the store: staff, absence, sickness, the stored
anticipation run, and the demand they are held against.

:func:`load_inputs` reads everything once (the CLI's `sterkte capacity` and `sterkte roster`
and the dashboard's /capacity and /roster pages use it): the staff on the latest HR date
(or the day before the planning weeks, when earlier), the Monday after it as the first
planning day, 12-month absence per team with the norms' long-spell rule, the sickness
spells over the roster horizon and the latest anticipation run. Demand is the incident
history given, else the synthetic incidents of the synthetic police's teams (seeded),
plus synthetic planned events (always labelled synthetic by the caller).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sterkte.anticipate.criteria import RunVerdict
from sterkte.anticipate.demand_blocks import covered_days, presence_blocks, weekly_block_hours
from sterkte.app.norms import team_absence
from sterkte.demand.cm_tafel import CmTafel, district_fte, operational_fte
from sterkte.demand.cm_tafel import cm_tafel as cm_tafel_figures
from sterkte.demand.model import Incident, PlannedBlock
from sterkte.demand.planning import DemandSettings, planning_demand, roster_cover
from sterkte.errors import InputError, Msg
from sterkte.norms.teams import protect_rates
from sterkte.parameters import ParameterSet
from sterkte.records.staff import SickSpell, StaffMember
from sterkte.roster.model import RosterProblem
from sterkte.roster.sickness import SicknessSummary, sickness_by_person, summarise
from sterkte.roster.teams import ROSTERED, team_problem
from sterkte.store.anticipation import AnticipationRun, latest_run
from sterkte.store.db import connect
from sterkte.store.demand import NoHrRecords, sickness_during, staff_on
from sterkte.store.hr import synthetic_hr
from sterkte.store.norm_data import latest_event_date
from sterkte.synth.incidents import generate_blocks, generate_incidents


def roster_days(params: ParameterSet, on: dt.date) -> int:
    """Days of a roster period in force on ``on`` (``roster_period_days``, Barp art. 12)."""
    return int(params["roster_period_days"].number(on))


def planning_weeks(params: ParameterSet, on: dt.date) -> int:
    """The CM-tafel's planning weeks when none are asked for (``demand_planning_weeks``)."""
    return int(params["demand_planning_weeks"].number(on))


def with_contract_hours(staff: Sequence[StaffMember], full_time_hours: float
                        ) -> list[StaffMember]:
    """The staff with contract hours a week = fte × ``full_time_hours`` (the police's
    full-time week); volunteers and persons without an fte keep None."""
    return [replace(s, hours=s.fte * full_time_hours if s.fte is not None else None)
            for s in staff]


def monday_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7 or 7)


@dataclass(frozen=True)
class CapacityInputs:
    """What the CM-tafel and the rosters read from the store."""

    latest: dt.date  # the latest HR event
    first: dt.date  # the first planning day, a Monday
    staff_day: dt.date  # the day the staff are counted on
    staff: list[StaffMember]
    absence: dict[str, float]  # 12-month absence per team, fraction
    teams: list[str]  # every team with staff, sorted
    run: AnticipationRun | None  # the latest anticipation run, if any
    sick: tuple[SickSpell, ...] = ()  # spells overlapping [first, first + sick_days)
    synthetic_hr: bool = False  # the HR records include the synthetic police's

    def synthetic(self, incidents_given: bool = False) -> tuple[str, ...]:
        """What the CM-tafel or a roster on these inputs rests on that is synthetic: the
        HR records when they are, the incidents unless given, and always the planned
        work (synthetic events)."""
        return (*(("hr",) if self.synthetic_hr else ()),
                *(() if incidents_given else ("incidents",)), "planned")

    def check_teams(self, teams: Sequence[str], option: str = "--team") -> None:
        """An :class:`InputError` naming the teams the HR records do not know."""
        unknown = [t for t in teams if t not in self.teams]
        if unknown:
            if self.teams:
                hint = Msg(f"teams zien eruit als {self.teams[0]}",
                           f"teams look like {self.teams[0]}")
            else:
                hint = Msg(f"de HR-gegevens hebben op {self.staff_day} niemand in een team",
                           f"the HR records have nobody in a team on {self.staff_day}")
            listed = ", ".join(unknown)
            raise InputError.at(option, Msg(f"onbekend team {listed}; {hint.nl}",
                                            f"unknown team {listed}; {hint.en}"))


def parse_monday(text: str, option: str = "--start") -> dt.date:
    """A planning period's first day from the command line: a date that is a Monday."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise InputError.at(option, Msg(f"verwacht een datum JJJJ-MM-DD, gevonden {text!r}",
                                        f"expected a date YYYY-MM-DD, found {text!r}")) from None
    if day.weekday() != 0:
        raise InputError.at(option, Msg(
            f"{day} is geen maandag; een planperiode begint op een maandag",
            f"{day} is not a Monday; a planning period starts on one"))
    return day


def load_inputs(db: str | Path | None, start: dt.date | None = None, *,
                sick_days: int | None = None, params: ParameterSet | None = None,
                with_absence: bool = True) -> CapacityInputs:
    """Staff, absence, sickness and the latest anticipation run from the store
    (read-only). ``start``: the first planning day (default: the Monday after the latest
    HR event). ``sick_days``: the horizon of the sickness spells read (default one roster
    period). ``with_absence``: the 12-month absence per team (the CM-tafel's supply; a
    roster needs only the reported spells). Contract hours are the recorded fte × the
    full-time week (``roster_police_week_hours``) on the staff day."""
    params = params or ParameterSet.bundled()
    con = connect(db, read_only=True)
    try:
        latest = latest_event_date(con)
        if latest is None:
            raise NoHrRecords()
        first = start or monday_after(latest)
        staff_day = min(latest, first)
        staff = staff_on(con, staff_day)
        if any(s.fte is not None for s in staff):  # nobody, no hours (nor a week in force)
            staff = with_contract_hours(staff, params["roster_police_week_hours"].number(
                staff_day))
        absence = team_absence(con, staff_day, params) if with_absence else {}
        run = latest_run(con)
        horizon = sick_days if sick_days is not None else roster_days(params, first)
        sick = tuple(sickness_during(con, first, horizon))
        synthetic = synthetic_hr(con)
    finally:
        con.close()
    return CapacityInputs(latest, first, staff_day, staff, absence,
                          sorted({s.team for s in staff}), run, sick, synthetic)


def latest_anticipation_run(db: str | Path | None) -> AnticipationRun | None:
    """The most recently saved anticipation run in the store, or None."""
    con = connect(db, read_only=True)
    try:
        return latest_run(con)
    finally:
        con.close()


def hidden_teams(cm: CmTafel, k: int) -> set[str]:
    """Teams whose supply figures the small-cell rule hides (with district mates): a
    team's supply is the sum of its people's contract hours."""
    rates: dict[str, float | None] = dict.fromkeys(cm.persons, 1.0)
    kept = protect_rates(rates, cm.persons, cm.district_of, k)
    return {t for t, v in kept.items() if v is None or v != v}


@dataclass(frozen=True)
class PlanUse:
    """Whether a stored anticipation run may be planned with: fit for use (or its model
    named and not checked), or not fit with an override on record. ``override``: the
    reason an unfit run is planned anyway, to show wherever it is used."""

    may_plan: bool
    override: str | None


def plan_use(run: AnticipationRun) -> PlanUse:
    """May ``run``'s presence count as planned work (the CM-tafel, the dashboard)?"""
    verdict = RunVerdict(run.fit, run.override)
    overridden = verdict.may_plan and run.fit is False
    return PlanUse(verdict.may_plan, run.override if overridden else None)


@dataclass(frozen=True)
class Presence:
    """A stored run's preventive presence on the planning weeks. A run that may not be
    planned with (:func:`plan_use`) adds no blocks."""

    blocks: list[PlannedBlock]
    period: tuple[dt.date, dt.date]  # the run's forecast period [origin, origin + days)
    days: list[dt.date]  # the planning days inside it: the days that get presence
    unknown_areas: list[str]  # areas of the plan that are not basisteams: left out
    use: PlanUse = PlanUse(True, None)

    def weekly_hours(self, first: dt.date, weeks: int) -> dict[str, list[float]]:
        """Preventive person-hours per team and planning week (week 0 from ``first``)."""
        return weekly_block_hours(self.blocks, first, weeks)


def presence(run: AnticipationRun, first: dt.date, weeks: int, teams: Sequence[str]
             ) -> Presence:
    """The run's plan as planned blocks on the planning days inside its forecast period
    (none when it forecasts other weeks): a plan says nothing about other weeks. Areas
    that are not basisteams (a run saved without team areas) cannot be planned work, nor
    can a run not fit for use that was saved without an override (no blocks, no days)."""
    use = plan_use(run)
    if not use.may_plan:
        return Presence([], run.period, [], [], use)
    known = set(teams)
    blocks = [b for b in presence_blocks(run.plan, first, weeks, period=run.period)
              if b.team in known]
    unknown = sorted({a.area for a in run.plan.areas} - known)
    return Presence(blocks, run.period, covered_days(first, weeks, run.period), unknown, use)


def every_team(staff: Sequence[StaffMember]) -> list[str]:
    """The teams with operational staff: each team's synthetic demand is drawn in its
    place among them, whichever teams are asked for (``generate_incidents``)."""
    return sorted(operational_fte(staff, {s.team for s in staff if s.team}))


def synthetic_demand(staff: Sequence[StaffMember], teams: Sequence[str], first: dt.date,
                     weeks: int, history_weeks: int, seed: int
                     ) -> tuple[list[Incident], list[PlannedBlock]]:
    """Synthetic incident history and planned events for ``teams`` and their district
    mates (the generators' size measure: operational fte per team). Synthetic."""
    fte = district_fte(staff, teams)
    hist = first - dt.timedelta(weeks=history_weeks)
    return (generate_incidents(fte, hist, history_weeks, seed, every_team(staff)),
            generate_blocks(fte, first, weeks, seed))


def cm_tafel(staff: Sequence[StaffMember], absence: dict[str, float], teams: Sequence[str],
             first: dt.date, weeks: int, params: ParameterSet, *,
             incidents: Sequence[Incident] | None = None, seed: int = 1,
             history_weeks: int | None = None, extra_blocks: Sequence[PlannedBlock] = ()
             ) -> CmTafel:
    """Demand vs supply per week for ``teams``: demand from ``incidents``, or, without
    them, the synthetic history of the district's teams (``seed``); synthetic planned
    events are always added, then ``extra_blocks``. ``history_weeks`` defaults to the
    parameter ``demand_history_weeks``."""
    if history_weeks is None:
        history_weeks = int(params["demand_history_weeks"].number(first))
    history, planned = synthetic_demand(staff, teams, first, weeks, history_weeks, seed)
    return cm_tafel_figures(staff, absence, teams, first, weeks, params,
                            incidents=history if incidents is None else incidents,
                            planned_work=planned, history_weeks=history_weeks,
                            extra_blocks=extra_blocks)


def roster_problems(inputs: CapacityInputs, teams: Sequence[str], days: int, seed: int,
                    params: ParameterSet | None = None) -> list[RosterProblem]:
    """The roster problem of each team over ``days`` from ``inputs.first``: its rostered
    people with their reported sickness, and the response cover per hour from synthetic
    demand (seeded), as the CM-tafel computes it."""
    params = params or ParameterSet.bundled()
    inputs.check_teams(teams)
    first = inputs.first
    settings = DemandSettings.from_parameters(params, first)
    weeks = math.ceil(days / 7)
    fte = operational_fte(inputs.staff, teams)
    hist = first - dt.timedelta(weeks=settings.history_weeks)
    incidents = generate_incidents(fte, hist, settings.history_weeks, seed,
                                   every_team(inputs.staff))
    blocks = generate_blocks(fte, first, weeks, seed)
    by_team: dict[str, list[Incident]] = {}
    for inc in incidents:
        by_team.setdefault(inc.team, []).append(inc)
    problems = []
    for t in teams:
        pd = planning_demand(by_team.get(t, []), [b for b in blocks if b.team == t], t, first,
                             weeks, settings)
        cover = roster_cover(pd, 0, weeks, settings.cover_tolerance)[:days]
        problems.append(team_problem(inputs.staff, t, cover, first, params, inputs.sick))
    return problems


def sickness_summary(inputs: CapacityInputs, teams: Sequence[str], days: int
                     ) -> SicknessSummary:
    """How much reported sickness keeps the rostered people of ``teams`` off the roster."""
    rostered = {s.person_id for s in inputs.staff
                if s.team in teams and s.function in ROSTERED}
    return summarise(sickness_by_person(inputs.sick, inputs.first, days), rostered)
