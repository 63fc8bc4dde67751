"""Counts in which events at facilities weigh more (``place_count``).

A cell's events over the last ``window_days`` are counted, an event at a
facility (a parking lot, an office, a shop, …: :mod:`sterkte.sources.place_types`)
as ``facility_weight`` events, and the result is scaled so that the study area
keeps the plain count's level (expected events per cell over the horizon).
Repeat thefts concentrate at "risky facilities" (Clarke & Eck 2007): an event
there says more about the cell's lasting rate than one on the open street.

The weight is a dated parameter chosen by rolling-origin cross-validation on
training years only (``models.yaml``), so the model counts as learned. With a
weight of 1, or events without a place type, it is the two-year count
(``retrospective``) exactly.
"""

from __future__ import annotations

from sterkte.anticipate.grid import FloatArray
from sterkte.anticipate.history import EventHistory
from sterkte.anticipate.models.base import Model, scale_to_level
from sterkte.errors import Msg


class PlaceCount(Model):
    """Counts over ``window_days`` with facility events weighing ``facility_weight``."""

    name = "place_count"
    learned = True

    def __init__(self, window_days: int = 728, facility_weight: float = 2.0) -> None:
        if facility_weight < 0:
            raise ValueError(Msg("het gewicht van voorzieningen mag niet negatief zijn",
                                 "the facility weight must not be negative"))
        self.window_days = window_days
        self.facility_weight = facility_weight

    def forecast(self, history: EventHistory, origin: int, horizon: int) -> FloatArray:
        start = origin - self.window_days
        counts = history.cell_counts(start, origin)
        weighted = counts + (self.facility_weight - 1.0) * history.facility_counts(start, origin)
        return scale_to_level(weighted, float(counts.sum()) * horizon / self.window_days)

    def describe(self) -> str:
        return (f"place count: events over {self.window_days} days, an event at a facility "
                f"(parking, office, shop, ...) weighing {self.facility_weight:g}")
