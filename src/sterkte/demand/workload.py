"""Workload-based demand per team, week and hour of the week (Wilson & Weiss).

For each hour slot of each week of a planning period:

    obligated  = Σ incidents × units × minutes on scene / 60 × officers per unit
    patrol     = obligated / (1 − uncommitted share)       (policy: time kept free)
    demand     = patrol + planned blocks                   (events, enforcement, …)

all in person-hours per slot, i.e. persons on duty during that hour. An incident's
on-scene time is spread over the hours from its start on. Planned neighbourhood
hours of community officers are kept apart (``neighbourhood``): they are met by
community officers' neighbourhood shifts, not by response cover.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from sterkte.demand.erlang import units_needed
from sterkte.demand.model import SLOTS, Incident, PlannedBlock

NEIGHBOURHOOD = "neighbourhood"


@dataclass(frozen=True)
class Demand:
    """Demand of one team over ``weeks`` weeks from ``first_monday``; arrays are
    (weeks, 168) in person-hours per hour slot (= persons on duty)."""

    team: str
    first_monday: dt.date
    obligated: np.ndarray
    planned: np.ndarray
    neighbourhood: np.ndarray
    uncommitted_share: float

    @property
    def weeks(self) -> int:
        return int(self.obligated.shape[0])

    @property
    def response(self) -> np.ndarray:
        """Persons needed on response duty per slot: patrol time plus planned blocks."""
        return np.asarray(self.obligated / (1.0 - self.uncommitted_share) + self.planned)

    @property
    def total(self) -> np.ndarray:
        """All demand per slot, neighbourhood hours included (person-hours)."""
        return np.asarray(self.response + self.neighbourhood)

    def weekly_hours(self) -> np.ndarray:
        """Person-hours demanded per week (response + neighbourhood)."""
        return np.asarray(self.total.sum(axis=1))


def _spread(grid: np.ndarray, first: dt.datetime, start: dt.datetime, hours: float,
            amount_per_hour: float) -> None:
    """Add ``amount_per_hour`` to the slots covered by [start, start + hours)."""
    offset = (start - first).total_seconds() / 3600.0
    end = offset + hours
    n = grid.size
    h = math.floor(offset)
    while h < end and h < n:
        lo, hi = max(offset, h), min(end, h + 1)
        if h >= 0 and hi > lo:
            grid.flat[h] += amount_per_hour * (hi - lo)
        h += 1


def team_demand(incidents: Iterable[Incident], blocks: Iterable[PlannedBlock], team: str,
                first_monday: dt.date, weeks: int, *, uncommitted_share: float,
                officers_per_unit: float) -> Demand:
    """Demand of ``team`` over the period (incidents and blocks of other teams are
    ignored; those outside the period too)."""
    if first_monday.weekday() != 0:
        raise ValueError("a planning period starts on a Monday")
    if not 0.0 <= uncommitted_share < 1.0:
        raise ValueError("the uncommitted share must lie in [0, 1)")
    first = dt.datetime.combine(first_monday, dt.time())
    obligated = np.zeros((weeks, SLOTS))
    planned = np.zeros((weeks, SLOTS))
    neighbourhood = np.zeros((weeks, SLOTS))
    for inc in incidents:
        if inc.team == team and inc.units > 0 and inc.minutes > 0:
            # each unit busy ``minutes``: units × officers per unit persons for that time
            _spread(obligated, first, inc.time, inc.minutes / 60.0,
                    inc.units * officers_per_unit)
    for b in blocks:
        if b.team == team:
            target = neighbourhood if b.kind == NEIGHBOURHOOD else planned
            _spread(target, first, b.start, b.hours, b.persons)
    return Demand(team, first_monday, obligated, planned, neighbourhood, uncommitted_share)


def hour_of_week_profile(demand: Demand) -> np.ndarray:
    """Mean response demand per hour-of-week slot over the period's weeks (persons)."""
    return np.asarray(demand.response.mean(axis=0))


@dataclass(frozen=True)
class ResponseStaffing:
    """Erlang C staffing of the highest priority per hour-of-week slot: ``calls`` per
    hour, ``load`` in erlangs (unit-hours per hour), ``units`` needed, ``officers`` =
    units × officers per unit."""

    calls: np.ndarray
    load: np.ndarray
    units: np.ndarray
    officers: np.ndarray
    p_free: float


def response_staffing(incidents: Iterable[Incident], team: str, first_monday: dt.date,
                      weeks: int, *, p_free: float, officers_per_unit: float,
                      priority: int = 1) -> ResponseStaffing:
    """Units needed per hour of week so that a call of ``priority`` finds a free unit
    with probability ``p_free`` (Erlang C; rates are means over the period's weeks)."""
    first = dt.datetime.combine(first_monday, dt.time())
    last = first + dt.timedelta(weeks=weeks)
    calls = np.zeros(SLOTS)
    busy = 0.0
    for inc in incidents:
        if inc.team == team and inc.priority == priority and first <= inc.time < last:
            calls[inc.time.weekday() * 24 + inc.time.hour] += 1
            busy += inc.unit_hours
    n = calls.sum()
    # mean unit-hours per call over all slots: per slot there are too few calls
    mean_service = busy / n if n else 0.0
    calls /= max(weeks, 1)
    load = calls * mean_service  # erlangs: calls per hour × unit-hours per call
    units = np.array([units_needed(float(a), p_free) for a in load])
    return ResponseStaffing(calls, load, units, units * officers_per_unit, p_free)


def cover_hours(demand: Demand, week: int, weeks: int,
                floor: np.ndarray | None = None, *, tolerance: float) -> list[list[int]]:
    """Persons on response duty per hour for ``weeks`` weeks from week index ``week``
    (rounded up after taking off ``tolerance`` persons), at least ``floor`` per
    hour-of-week slot when given (e.g. the Erlang C officers)."""
    out: list[list[int]] = []
    for w in range(week, week + weeks):
        row = demand.response[w % demand.weeks]
        for d in range(7):
            hours = []
            for h in range(24):
                need = math.ceil(max(0.0, float(row[d * 24 + h]) - tolerance))
                if floor is not None:
                    need = max(need, int(floor[d * 24 + h]))
                hours.append(need)
            out.append(hours)
    return out
