"""The CM-tafel view: demand against supply per team and week, with options.

Demand for the planning weeks is the hour-of-week profile of the recent history
(``history_weeks`` weeks of incidents before the period; Wilson & Weiss), plus the
planned blocks that fall in the planning weeks. Supply is each team's weekly
person-hours from its staff (:mod:`sterkte.demand.supply`). The Erlang C officers
for priority-1 calls are reported beside the workload figure. Options come from
the other teams of the same district (:mod:`sterkte.demand.gap`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from sterkte.demand.gap import TeamGap, options, short_hours, week_gaps
from sterkte.demand.model import Incident, PlannedBlock
from sterkte.demand.supply import SupplyRates, team_supply
from sterkte.demand.workload import (
    NEIGHBOURHOOD,
    Demand,
    cover_hours,
    response_staffing,
    team_demand,
)
from sterkte.parameters import ParameterSet
from sterkte.records.staff import StaffMember


@dataclass(frozen=True)
class DemandSettings:
    """The demand model's choices: ``uncommitted_share`` of response time kept free,
    ``officers_per_unit`` (persons), ``p_free`` (Erlang C target), ``history_weeks`` of
    incidents the profile is estimated on, ``cover_tolerance`` (persons) taken off before
    rounding the cover of a roster up."""

    uncommitted_share: float
    officers_per_unit: float
    p_free: float
    history_weeks: int
    cover_tolerance: float

    @classmethod
    def from_parameters(cls, params: ParameterSet, on: dt.date,
                        history_weeks: int | None = None) -> DemandSettings:
        """The parameters in force on ``on``; ``history_weeks`` overrides
        ``demand_history_weeks`` (e.g. a command-line option)."""
        weeks = history_weeks if history_weeks is not None else int(
            params["demand_history_weeks"].number(on))
        return cls(params["demand_uncommitted_share"].number(on),
                   params["demand_officers_per_unit"].number(on),
                   params["demand_p_free_unit"].number(on), weeks,
                   params["demand_cover_tolerance"].number(on))


def supply_rates(params: ParameterSet, on: dt.date) -> SupplyRates:
    """Supply rates in force on ``on``; ``absence`` is the fallback for teams without a
    measured absence (``supply_absence_fallback``)."""
    return SupplyRates(
        absence=params["supply_absence_fallback"].number(on),
        leave=params["supply_leave_share"].number(on),
        training=params["supply_training_share"].number(on),
        neighbourhood_share=params["neighbourhood_share"].number(on),
        aspirant_work_share=params["supply_aspirant_work_share"].number(on),
        volunteer_cap_hours=params["volunteer_hours_cap"].number(on),
        volunteer_month_hours=params["supply_volunteer_month_hours"].number(on),
        full_time_hours=params["roster_police_week_hours"].number(on))


@dataclass(frozen=True)
class PlanningDemand:
    """Demand of one team for the planning weeks (arrays (weeks, 168), persons)."""

    team: str
    response: np.ndarray
    neighbourhood: np.ndarray
    profile: np.ndarray  # mean response per hour-of-week slot from the history
    erlang_officers: np.ndarray  # per hour-of-week slot


def planning_demand(incidents: Sequence[Incident], blocks: Sequence[PlannedBlock], team: str,
                    start: dt.date, weeks: int, s: DemandSettings) -> PlanningDemand:
    hist_start = start - dt.timedelta(weeks=s.history_weeks)
    hist = team_demand(incidents, [b for b in blocks if b.kind != NEIGHBOURHOOD], team,
                       hist_start, s.history_weeks, uncommitted_share=s.uncommitted_share,
                       officers_per_unit=s.officers_per_unit)
    # planned blocks of the history are not repeated: only the incident workload is
    patrol = hist.obligated / (1.0 - s.uncommitted_share)
    profile = np.asarray(patrol.mean(axis=0))
    plan = team_demand([], blocks, team, start, weeks, uncommitted_share=s.uncommitted_share,
                       officers_per_unit=s.officers_per_unit)
    response = np.tile(profile, (weeks, 1)) + plan.planned
    erl = response_staffing(incidents, team, hist_start, s.history_weeks, p_free=s.p_free,
                            officers_per_unit=s.officers_per_unit)
    return PlanningDemand(team, response, plan.neighbourhood, profile, erl.officers)


def roster_cover(pd: PlanningDemand, week: int, weeks: int, tolerance: float
                 ) -> list[list[int]]:
    """Persons on response duty per hour for a roster: the workload demand rounded up
    after ``tolerance`` persons, at least the Erlang C officers of priority 1."""
    d = Demand(pd.team, dt.date(2000, 1, 3), pd.response, np.zeros_like(pd.response),
               np.zeros_like(pd.response), 0.0)
    return cover_hours(d, week, weeks, floor=pd.erlang_officers, tolerance=tolerance)


def capacity_view(staff: Sequence[StaffMember], incidents: Sequence[Incident],
                  blocks: Sequence[PlannedBlock], teams: Sequence[str], start: dt.date,
                  weeks: int, settings: DemandSettings, rates: SupplyRates,
                  absence: Mapping[str, float], shift_hours: float) -> dict[str, TeamGap]:
    """Gaps of ``teams`` and of the other teams in their districts (for the options, as
    solidarity shifts of ``shift_hours``). A team missing from ``absence`` (fraction)
    has ``rates.absence``."""
    district_of = {s.team: s.district for s in staff}
    districts = {district_of.get(t, "?") for t in teams}
    scope = sorted({s.team for s in staff if s.district in districts} | set(teams))
    by_team: dict[str, list[Incident]] = {}
    for inc in incidents:
        by_team.setdefault(inc.team, []).append(inc)
    gaps: dict[str, TeamGap] = {}
    for t in scope:
        r = replace(rates, absence=absence.get(t, rates.absence))
        sup = team_supply(staff, t, start, r, district_of.get(t, "?"))
        pd = planning_demand(by_team.get(t, []), [b for b in blocks if b.team == t], t,
                             start, weeks, settings)
        # the 80 % norm applies to the hours community officers actually work
        wijk = np.full_like(pd.response, sup.neighbourhood / 168.0)
        g = TeamGap(t, sup.district, week_gaps(pd.response, wijk, sup))
        g.short_hours = short_hours(pd.profile, sup)
        g.erlang_officers_peak = float(pd.erlang_officers.max())
        g.relief_factor = sup.relief_factor
        gaps[t] = g
    options(gaps, shift_hours)
    return {t: gaps[t] for t in teams if t in gaps}
