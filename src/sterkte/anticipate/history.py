"""Events as (day, cell) pairs on a study area's raster, and counts over windows.

Days are whole days since ``epoch`` (a date at 00:00); a window
``[start, end)`` counts events with ``start <= day < end``. A forecast made at
origin day ``t`` for horizon ``h`` sees only events with ``day < t`` and is
about ``[t, t + h)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from sterkte.anticipate.grid import FloatArray, IntArray, StudyArea


@dataclass(frozen=True)
class EventHistory:
    """Events located on the study area's raster.

    ``day`` is days since ``epoch``; ``cell`` is the flat raster index
    (``-1`` for events outside the raster); ``facility`` whether the event
    happened at a facility (the gate's place type; all false without one).
    Sorted by day.
    """

    area: StudyArea
    epoch: date
    day: IntArray
    cell: IntArray
    facility: npt.NDArray[np.bool_] | None = None

    @classmethod
    def build(
        cls,
        area: StudyArea,
        times: npt.NDArray[np.datetime64],
        x: FloatArray,
        y: FloatArray,
        epoch: date | None = None,
        facility: npt.NDArray[np.bool_] | None = None,
    ) -> EventHistory:
        """Locate events (naive local times, metres) on the area's raster."""
        t_day = times.astype("datetime64[D]")
        ep = np.datetime64(epoch, "D") if epoch is not None else t_day.min()
        day = (t_day - ep).astype(np.int64)
        cell = area.grid.locate(x, y)
        order = np.argsort(day, kind="stable")
        at = None if facility is None else np.asarray(facility, dtype=bool)[order]
        return cls(area, ep.astype(date), day[order], cell[order], at)

    def day_of(self, d: date) -> int:
        """Day number of a calendar date."""
        return (d - self.epoch).days

    def date_of(self, day: int) -> date:
        return date.fromordinal(self.epoch.toordinal() + day)

    def _slice(self, start: int, end: int) -> slice:
        lo = int(np.searchsorted(self.day, start, side="left"))
        hi = int(np.searchsorted(self.day, end, side="left"))
        return slice(lo, hi)

    def raster_counts(self, start: int, end: int) -> FloatArray:
        """Events per raster cell in ``[start, end)``, shape ``(ny, nx)``."""
        g = self.area.grid
        return self._per_cell(self.cell[self._slice(start, end)]).reshape(g.ny, g.nx)

    def _per_cell(self, cells: np.ndarray) -> FloatArray:
        """Events per raster cell (flat) of the events in raster ``cells`` (−1: outside)."""
        c = cells[cells >= 0]
        return np.bincount(c, minlength=self.area.grid.size).astype(np.float64)

    def cell_counts(self, start: int, end: int) -> FloatArray:
        """Events per study-area cell in ``[start, end)``."""
        return self.raster_counts(start, end).ravel()[self.area.cells]

    def facility_counts(self, start: int, end: int) -> FloatArray:
        """Events at facilities per study-area cell in ``[start, end)`` (zeros without them)."""
        s = self._slice(start, end)
        if self.facility is None:
            return np.zeros(self.area.n_cells)
        return self._per_cell(self.cell[s][self.facility[s]])[self.area.cells]

    def total_in_area(self, start: int, end: int) -> int:
        """Events inside the study area in ``[start, end)``."""
        return int(self.cell_counts(start, end).sum())

    def total(self, start: int, end: int) -> int:
        """All events in ``[start, end)``, also outside the study area."""
        s = self._slice(start, end)
        return int(s.stop) - int(s.start)

    def last_event_day(self, before: int) -> FloatArray:
        """Per study cell, the last day with an event before ``before`` (``-inf`` if none)."""
        s = self._slice(-(1 << 40), before)
        cells = self.cell[s][::-1]
        days = self.day[s][::-1]
        # Events are sorted by day: the first hit in reverse order is the last event.
        flat, first = np.unique(cells, return_index=True)
        raster = np.full(self.area.grid.size, -np.inf)
        ok = flat >= 0
        raster[flat[ok]] = days[first[ok]]
        return raster[self.area.cells]
