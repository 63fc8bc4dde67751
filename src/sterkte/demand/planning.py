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
    uncommitted_share: float
    officers_per_unit: float
    p_free: float
    history_weeks: int = 13

    @classmethod
    def from_parameters(cls, params: ParameterSet, on: dt.date,
                        history_weeks: int = 13) -> DemandSettings:
        return cls(params["roster_demand_uncommitted_share"].number(on),
                   params["roster_demand_officers_per_unit"].number(on),
                   params["roster_demand_p_free_unit"].number(on), history_weeks)


def supply_rates(params: ParameterSet, on: dt.date, absence: float) -> SupplyRates:
    return SupplyRates(
        absence=absence,
        leave=params["roster_supply_leave_share"].number(on),
        training=params["roster_supply_training_share"].number(on),
        neighbourhood_share=params["roster_neighbourhood_share"].number(on),
        aspirant_work_share=params["roster_supply_aspirant_work_share"].number(on),
        volunteer_cap_hours=params["roster_volunteer_max_hours_per_year"].number(on),
        volunteer_month_hours=16.0,
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


def roster_cover(pd: PlanningDemand, week: int, weeks: int) -> list[list[int]]:
    """Persons on response duty per hour for a roster: the workload demand rounded up,
    at least the Erlang C officers of priority 1."""
    d = Demand(pd.team, dt.date(2000, 1, 3), pd.response, np.zeros_like(pd.response),
               np.zeros_like(pd.response), 0.0)
    return cover_hours(d, week, weeks, floor=pd.erlang_officers)


def capacity_view(staff: Sequence[StaffMember], incidents: Sequence[Incident],
                  blocks: Sequence[PlannedBlock], teams: Sequence[str], start: dt.date,
                  weeks: int, settings: DemandSettings, rates: SupplyRates,
                  absence: Mapping[str, float]) -> dict[str, TeamGap]:
    """Gaps of ``teams`` and of the other teams in their districts (for the options)."""
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
    options(gaps)
    return {t: gaps[t] for t in teams if t in gaps}
