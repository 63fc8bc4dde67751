"""Incidents and planned work: the records demand is computed from.

Times are local clock times (naive ``datetime``). The hour-of-week slot of a time
is ``weekday × 24 + hour`` (0 = Monday 00:00–01:00, 167 = Sunday 23:00–24:00).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

SLOTS = 168  # hours in a week

# Priorities of the police's dispatch: 1 = urgent (life, in progress), 2 = soon,
# 3 = planned, 4 = no unit needed on scene.
PRIORITIES = (1, 2, 3, 4)


def slot_of(t: dt.datetime) -> int:
    """Hour-of-week slot of a time (0 = Monday 00:00)."""
    return t.weekday() * 24 + t.hour


@dataclass(frozen=True)
class Incident:
    """One call for service handled by a team: ``units`` sent, each on scene for
    ``minutes`` (minutes per unit). One unit is one officer-pair car in the
    dispatch data; the demand model counts officers via ``officers_per_unit``."""

    time: dt.datetime
    team: str
    priority: int
    type: str
    units: int
    minutes: float

    @property
    def unit_hours(self) -> float:
        """Obligated unit-hours of this incident (units × minutes / 60)."""
        return self.units * self.minutes / 60.0


@dataclass(frozen=True)
class PlannedBlock:
    """Planned work for a team: ``persons`` officers from ``start`` for ``hours`` hours
    (an event, demonstration, enforcement action, or a community officer's
    neighbourhood hours). ``kind`` names it for the CM-tafel view."""

    team: str
    start: dt.datetime
    hours: float
    persons: float
    kind: str
