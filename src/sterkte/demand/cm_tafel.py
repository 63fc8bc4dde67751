"""The CM-tafel figures for a set of teams, as `sterkte capacity` and the dashboard show them.

One function from the staff on a date (HR records), team absence, the incident history,
the planned work and the parameters to the gaps and options per team: the team's
district mates are included for the options; ``extra_blocks`` (e.g. preventive presence
from a stored anticipation run) are planned work counted apart. Pure: the caller reads
the store and files (:mod:`sterkte.app.capacity`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from sterkte.demand.gap import TeamGap
from sterkte.demand.model import Incident, PlannedBlock
from sterkte.demand.planning import DemandSettings, capacity_view, supply_rates
from sterkte.parameters import ParameterSet
from sterkte.records.staff import StaffMember


@dataclass(frozen=True)
class CmTafel:
    """Gaps per team (person-hours per week) from ``first`` for ``weeks`` weeks."""

    first: dt.date
    weeks: int
    settings: DemandSettings
    neighbourhood_share: float  # fraction of community officers' hours (the 80%-norm)
    shift_hours: float  # length of a solidarity shift
    gaps: dict[str, TeamGap]
    persons: dict[str, int]  # persons per team on the staff date (small-cell rule)
    district_of: dict[str, str]
    planned_hours: dict[str, float]  # planned-block person-hours per team, all weeks
    extra_hours: dict[str, float]  # of which from ``extra_blocks``


def district_fte(staff: Sequence[StaffMember], teams: Sequence[str]) -> dict[str, float]:
    """Operational fte of every team in the districts of ``teams`` (the synthetic
    generators' size measure)."""
    districts = {s.district for s in staff if s.team in teams}
    scope = {s.team for s in staff if s.district in districts}
    return operational_fte(staff, scope)


def operational_fte(staff: Sequence[StaffMember], teams: Collection[str]) -> dict[str, float]:
    """OS fte per team of ``teams`` (persons without a recorded fte count none)."""
    fte: dict[str, float] = {}
    for s in staff:
        if s.team in teams and s.category == "OS" and s.fte:
            fte[s.team] = fte.get(s.team, 0.0) + s.fte
    return fte


def cm_tafel(staff: Sequence[StaffMember], absence: Mapping[str, float], teams: Sequence[str],
             first: dt.date, weeks: int, params: ParameterSet, *,
             incidents: Sequence[Incident], planned_work: Sequence[PlannedBlock],
             history_weeks: int | None = None,
             extra_blocks: Sequence[PlannedBlock] = ()) -> CmTafel:
    """Demand vs supply per week for ``teams`` with the district's options: demand from
    ``incidents`` (the ``history_weeks`` before ``first``, default the parameter
    ``demand_history_weeks``) and the planned work ``planned_work`` plus ``extra_blocks``.
    ``absence``: 12-month absence per team (fraction); teams without one get
    ``supply_absence_fallback``."""
    settings = DemandSettings.from_parameters(params, first, history_weeks)
    records = list(incidents)
    blocks = list(planned_work) + list(extra_blocks)
    rates = supply_rates(params, first)
    share = params["neighbourhood_share"].number(first)
    shift = params["solidarity_shift_hours"].number(first)
    gaps = capacity_view(staff, records, blocks, teams, first, weeks, settings, rates, absence,
                         shift)
    persons: dict[str, int] = {}
    district_of: dict[str, str] = {}
    for s in staff:
        persons[s.team] = persons.get(s.team, 0) + 1
        district_of[s.team] = s.district
    end = dt.datetime.combine(first + dt.timedelta(weeks=weeks), dt.time())
    begin = dt.datetime.combine(first, dt.time())
    planned: dict[str, float] = {}
    for b in blocks:
        if begin <= b.start < end:
            planned[b.team] = planned.get(b.team, 0.0) + b.persons * b.hours
    extra: dict[str, float] = {}
    for b in extra_blocks:
        if begin <= b.start < end:
            extra[b.team] = extra.get(b.team, 0.0) + b.persons * b.hours
    return CmTafel(first, weeks, settings, share, shift, gaps, persons, district_of, planned,
                   extra)
