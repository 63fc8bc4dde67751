"""The CM-tafel figures for a set of teams, as `sterkte capacity` and the dashboard show them.

One function from the staff on a date (HR records), team absence and the
parameters to the gaps and options per team: the team's district mates are
included for the options, demand is the synthetic incident history (seeded)
unless incident records are given, planned work is the synthetic events,
demonstrations and enforcement of the planning weeks plus any ``extra_blocks``
(e.g. preventive presence from a stored anticipation run). Pure: the caller
reads the store and files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sterkte.demand.capacity import DemandSettings, capacity_view, supply_rates
from sterkte.demand.gap import TeamGap
from sterkte.demand.model import Incident, PlannedBlock
from sterkte.parameters import ParameterSet
from sterkte.records.staff import StaffMember
from sterkte.synth.incidents import generate_blocks, generate_incidents


@dataclass(frozen=True)
class CmTafel:
    """Gaps per team (person-hours per week) from ``first`` for ``weeks`` weeks."""

    first: dt.date
    weeks: int
    settings: DemandSettings
    neighbourhood_share: float
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
    fte: dict[str, float] = {}
    for s in staff:
        if s.team in scope and s.category == "OS" and s.hours:
            fte[s.team] = fte.get(s.team, 0.0) + s.hours / 36.0
    return fte


def cm_tafel(staff: Sequence[StaffMember], absence: Mapping[str, float], teams: Sequence[str],
             first: dt.date, weeks: int, params: ParameterSet, *,
             incidents: Sequence[Incident] | None = None, seed: int = 1,
             history_weeks: int = 13,
             extra_blocks: Sequence[PlannedBlock] = ()) -> CmTafel:
    """Demand vs supply per week for ``teams`` with the district's options.

    Without ``incidents`` the history is the synthetic generator's for the district's
    teams (``seed``); synthetic planned events are always added, then ``extra_blocks``.
    """
    settings = DemandSettings.from_parameters(params, first, history_weeks)
    fte = district_fte(staff, teams)
    hist_start = first - dt.timedelta(weeks=history_weeks)
    records = (generate_incidents(fte, hist_start, history_weeks, seed)
               if incidents is None else list(incidents))
    blocks = generate_blocks(fte, first, weeks, seed) + list(extra_blocks)
    rates = supply_rates(params, first, absence=0.06)
    share = params["roster_neighbourhood_share"].number(first)
    gaps = capacity_view(staff, records, blocks, teams, first, weeks, settings, rates, absence)
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
    return CmTafel(first, weeks, settings, share, gaps, persons, district_of, planned, extra)
