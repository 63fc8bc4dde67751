"""Features of a cell at a forecast origin, for the learned models.

All features use only events before the forecast origin (``as_of``). Counts
are events; windows are days before the period's start. Multi-scale: the cell
itself, its 3×3 and 9×9 neighbourhoods (375 m and 1,125 m wide at 125 m
cells). Seasonality: the same period one year earlier and the day of the year
of the period.

Long-run rates (events per 364 days) are measured over the ``LONG_RUN_DAYS``
before ``as_of`` *leaving out the period itself*. A training example for a
past period thus sees as much history as the forecast will — without that,
early training periods (with a short history) would teach the model to
trust the long run less than it should.
"""

from __future__ import annotations

import numpy as np

from sterkte.anticipate.grid import FloatArray
from sterkte.anticipate.history import EventHistory
from sterkte.anticipate.smoothing import box, convolve

#: Windows (days before the period) for the cell's own counts.
OWN_WINDOWS = (7, 14, 28, 56, 91, 182, 364)
#: (half-width in cells, window in days) for neighbourhood counts.
NEIGHBOURHOOD = ((1, 28), (1, 91), (4, 91))
#: Longest look-back (days) for long-run rates; shorter when the data start later.
LONG_RUN_DAYS = 728
#: Neighbourhood half-widths (cells) of the long-run rates (0 = the cell itself).
LONG_RUN_SCALES = (0, 1, 4)


def feature_names() -> list[str]:
    """Column names of :func:`cell_features`, in order."""
    names = [f"own_{w}d" for w in OWN_WINDOWS]
    names += [f"nbr{2 * h + 1}x{2 * h + 1}_{w}d" for h, w in NEIGHBOURHOOD]
    names += [
        "own_long_run_rate" if h == 0 else f"nbr{2 * h + 1}x{2 * h + 1}_long_run_rate"
        for h in LONG_RUN_SCALES
    ]
    names += ["own_same_period_last_year", "nbr3x3_same_period_last_year",
              "days_since_last_event", "area_level_28d", "season_sin", "season_cos"]
    return names


def _smooth(raster: FloatArray, half_width: int) -> FloatArray:
    return raster if half_width == 0 else convolve(raster, box(half_width))


class FeatureBuilder:
    """Builds feature matrices for one event history, reusing work across origins.

    Counts are linear in the events, so smoothed long-run counts with a period
    left out are the smoothed long-run counts minus the smoothed period: both
    parts are cached and combined per request.
    """

    def __init__(self, history: EventHistory) -> None:
        self.history = history
        self._short: dict[tuple[int, int], FloatArray] = {}
        self._long: dict[int, tuple[int, list[FloatArray]]] = {}
        self._period: dict[tuple[int, int], list[FloatArray]] = {}

    def _long_run(self, as_of: int) -> tuple[int, list[FloatArray]]:
        if as_of not in self._long:
            h = self.history
            first = int(h.day[0]) if h.day.size else as_of - LONG_RUN_DAYS
            start = max(as_of - LONG_RUN_DAYS, first)
            raster = h.raster_counts(start, as_of)
            self._long[as_of] = (
                as_of - start,
                [_smooth(raster, s).ravel()[h.area.cells] for s in LONG_RUN_SCALES],
            )
        return self._long[as_of]

    def _period_counts(self, origin: int, horizon: int, as_of: int) -> list[FloatArray]:
        start, end = origin, min(origin + horizon, as_of)
        if end <= start:
            return [np.zeros(self.history.area.n_cells) for _ in LONG_RUN_SCALES]
        key = (start, end)
        if key not in self._period:
            raster = self.history.raster_counts(start, end)
            self._period[key] = [
                _smooth(raster, s).ravel()[self.history.area.cells] for s in LONG_RUN_SCALES
            ]
        return self._period[key]

    def _short_term(self, origin: int, horizon: int) -> FloatArray:
        key = (origin, horizon)
        if key not in self._short:
            self._short[key] = _short_term_features(self.history, origin, horizon)
        return self._short[key]

    def features(self, origin: int, horizon: int, as_of: int | None = None) -> FloatArray:
        """Feature matrix for the period ``[origin, origin + horizon)``, one row per study cell.

        ``as_of`` (default ``origin``) is the forecast origin: the day before
        which events are known. For training examples it is later than ``origin``.
        """
        as_of = origin if as_of is None else as_of
        first = int(self.history.day[0]) if self.history.day.size else as_of
        days, long_counts = self._long_run(as_of)
        period = self._period_counts(origin, horizon, as_of)
        # Days of the long-run window outside the period.
        overlap = max(0, min(origin + horizon, as_of) - max(origin, as_of - days, first))
        span = max(days - overlap, 1)
        rates = [(lc - pc) * (364.0 / span) for lc, pc in zip(long_counts, period, strict=True)]
        short = self._short_term(origin, horizon)
        n_own = len(OWN_WINDOWS) + len(NEIGHBOURHOOD)
        return np.column_stack([short[:, :n_own], *rates, short[:, n_own:]])


def _short_term_features(history: EventHistory, origin: int, horizon: int) -> FloatArray:
    cells = history.area.cells
    cols: list[FloatArray] = []
    for w in OWN_WINDOWS:
        cols.append(history.cell_counts(origin - w, origin))
    rasters: dict[int, FloatArray] = {}
    for h, w in NEIGHBOURHOOD:
        if w not in rasters:
            rasters[w] = history.raster_counts(origin - w, origin)
        cols.append(_smooth(rasters[w], h).ravel()[cells])
    last_year = history.raster_counts(origin - 364, origin - 364 + horizon)
    cols.append(last_year.ravel()[cells])
    cols.append(_smooth(last_year, 1).ravel()[cells])
    last = history.last_event_day(origin)
    cols.append(np.minimum(origin - last, 1000.0))
    level = history.total_in_area(origin - 28, origin) * horizon / 28.0
    cols.append(np.full(cells.shape[0], level))
    mid = history.date_of(origin + horizon // 2).timetuple().tm_yday
    angle = 2 * np.pi * mid / 365.25
    cols.append(np.full(cells.shape[0], np.sin(angle)))
    cols.append(np.full(cells.shape[0], np.cos(angle)))
    return np.column_stack(cols)


def cell_features(
    history: EventHistory, origin: int, horizon: int, as_of: int | None = None
) -> FloatArray:
    """Feature matrix, one row per study cell, columns as :func:`feature_names`."""
    return FeatureBuilder(history).features(origin, horizon, as_of)
