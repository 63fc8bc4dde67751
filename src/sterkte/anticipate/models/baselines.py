"""Baselines a learned model must beat.

* :class:`LastPeriod` — the last ``horizon`` days repeat.
* :class:`Retrospective` — counts over a long window, scaled to the horizon.
* :class:`LastYear` — the same over the last 365 days (the product owner's
  reference: "counting the last 365 days").
* :class:`Prospective` — prospective hotspotting (Bowers, Johnson & Pease,
  2004): recent events weigh ``1/(1 + weeks ago)`` and spread to cells within
  a radius with weight ``1/(1 + distance in cells)``.
* :class:`KernelDensity` — Gaussian kernel density of events over a window.

The smoothed baselines are relative surfaces; they are scaled so that their
total equals the study area's recent event level, which makes every model's
output an expected count (events per cell per period).
"""

from __future__ import annotations

import numpy as np

from sterkte.anticipate.grid import FloatArray
from sterkte.anticipate.history import EventHistory
from sterkte.anticipate.models.base import Model, recent_level, scale_to_level
from sterkte.anticipate.smoothing import convolve, gaussian, inverse_distance


class LastPeriod(Model):
    """Expected events = events in the same cell in the ``horizon`` days before the origin."""

    name = "last_period"

    def forecast(self, history: EventHistory, origin: int, horizon: int) -> FloatArray:
        return history.cell_counts(origin - horizon, origin)

    def describe(self) -> str:
        return "last period: the previous horizon's count per cell"


class Retrospective(Model):
    """Events per cell over the last ``window_days``, scaled to the horizon."""

    name = "retrospective"

    def __init__(self, window_days: int = 728) -> None:
        self.window_days = window_days

    def forecast(self, history: EventHistory, origin: int, horizon: int) -> FloatArray:
        counts = history.cell_counts(origin - self.window_days, origin)
        return counts * (horizon / self.window_days)

    def describe(self) -> str:
        return f"retrospective: counts over {self.window_days} days, scaled to the horizon"


class LastYear(Retrospective):
    """Events per cell over the last ``window_days`` (365 by default), scaled to the horizon."""

    name = "last_year"

    def __init__(self, window_days: int = 365) -> None:
        super().__init__(window_days)


class Prospective(Model):
    """Prospective hotspotting with distance and time decay."""

    name = "prospective"

    def __init__(
        self, window_days: int = 56, radius_m: float = 400.0, level_window_days: int = 91
    ) -> None:
        self.window_days = window_days
        self.radius_m = radius_m
        self.level_window_days = level_window_days

    def forecast(self, history: EventHistory, origin: int, horizon: int) -> FloatArray:
        weeks = -(-self.window_days // 7)
        weighted = np.zeros((history.area.grid.ny, history.area.grid.nx))
        for w in range(weeks):
            end = origin - 7 * w
            start = max(origin - self.window_days, end - 7)
            weighted += history.raster_counts(start, end) / (1.0 + w)
        kernel = inverse_distance(self.radius_m / history.area.grid.cell_size)
        score = convolve(weighted, kernel).ravel()[history.area.cells]
        level = recent_level(history, origin, horizon, self.level_window_days)
        return scale_to_level(score, level)

    def describe(self) -> str:
        return (f"prospective hotspotting: {self.window_days} days, 1/(1+weeks) time decay, "
                f"1/(1+cells) distance decay within {self.radius_m:g} m")


class KernelDensity(Model):
    """Gaussian kernel density of events over the last ``window_days``."""

    name = "kde"

    def __init__(
        self, window_days: int = 365, bandwidth_m: float = 150.0, level_window_days: int = 91
    ) -> None:
        self.window_days = window_days
        self.bandwidth_m = bandwidth_m
        self.level_window_days = level_window_days

    def forecast(self, history: EventHistory, origin: int, horizon: int) -> FloatArray:
        counts = history.raster_counts(origin - self.window_days, origin)
        kernel = gaussian(self.bandwidth_m / history.area.grid.cell_size)
        score = convolve(counts, kernel).ravel()[history.area.cells]
        level = recent_level(history, origin, horizon, self.level_window_days)
        return scale_to_level(score, level)

    def describe(self) -> str:
        return (f"kernel density: Gaussian, bandwidth {self.bandwidth_m:g} m, "
                f"events of the last {self.window_days} days")
