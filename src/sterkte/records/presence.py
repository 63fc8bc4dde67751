"""Recommended preventive presence from a crime-anticipation run (per cell, per area), as
:mod:`sterkte.anticipate.presence` computes it and the store keeps it. Places, never persons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class CellPresence:
    """Recommended presence in one cell (lower-left corner in metres)."""

    x_min: float
    y_min: float
    area: str
    expected_events: float
    minutes_per_day: float


@dataclass(frozen=True)
class AreaPresence:
    """Recommended presence in one area, for the demand model."""

    area: str
    flagged_cells: int
    expected_events: float
    hours_per_week: float


@dataclass(frozen=True)
class PresencePlan:
    """Presence per flagged cell and per area for a forecast period.

    ``expected_events`` are events in the forecast period of ``horizon_days``;
    ``parameters_on`` is the date whose parameters were used.
    """

    horizon_days: int
    parameters_on: date
    cells: list[CellPresence]
    areas: list[AreaPresence]

    @property
    def hours_per_week(self) -> float:
        """Total recommended preventive hours per week."""
        return sum(a.hours_per_week for a in self.areas)
