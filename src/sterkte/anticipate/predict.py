"""Forecast per study-area cell, and the event history it starts from.

Time convention: a forecast at date ``at`` (00:00) for ``days`` days is about
``[at, at + days)`` and uses only events before ``at``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from sterkte.anticipate.grid import (
    FloatArray,
    StudyArea,
    study_area_from_activity,
    study_area_from_polygons,
)
from sterkte.anticipate.history import EventHistory
from sterkte.anticipate.models.base import Model
from sterkte.errors import Msg

#: Raster margin (cells) around the study area, so kernels do not wrap.
PAD_CELLS = 8


def build_history(
    times: npt.NDArray[np.datetime64],
    x: FloatArray,
    y: FloatArray,
    cell_size: float,
    area_before: date,
    boundary: Sequence[Sequence[FloatArray]] | None = None,
    grid_offset: tuple[float, float] = (0.0, 0.0),
    facility: npt.NDArray[np.bool_] | None = None,
) -> EventHistory:
    """Locate events (metres) on a grid whose study area is fixed before ``area_before``.

    The study area is the cells inside ``boundary`` (polygons of rings in
    metres) or, without one, the cells with at least one event before
    ``area_before`` — never cells known only from the periods being forecast.
    ``grid_offset`` shifts the cell edges by shares of a cell (east, north);
    ``facility`` flags the events at facilities (the gate's place type).
    """
    offset = (grid_offset[0] * cell_size, grid_offset[1] * cell_size)
    if boundary:
        area: StudyArea = study_area_from_polygons(boundary, cell_size, PAD_CELLS, offset)
    else:
        before = times < np.datetime64(area_before, "s")
        if not before.any():
            day = area_before.isoformat()
            raise ValueError(Msg(f"geen gebeurtenissen vóór {day}", f"no events before {day}"))
        area = study_area_from_activity(x[before], y[before], cell_size, PAD_CELLS, offset)
    if area.n_cells == 0:
        raise ValueError(Msg("het studiegebied bevat geen cellen",
                             "the study area holds no cells"))
    epoch = times.min().astype("datetime64[D]").astype(date) if times.size else area_before
    return EventHistory.build(area, times, x, y, epoch, facility)


@dataclass(frozen=True)
class CellForecast:
    """Expected events per study-area cell in ``[origin, origin + horizon_days)``.

    ``x_min``/``y_min`` are the cells' lower-left corners (metres in the
    grid's CRS), ``score`` expected events in the period.
    """

    x_min: FloatArray
    y_min: FloatArray
    cell_size: float
    score: FloatArray
    model: str
    origin: date
    horizon_days: int


def forecast_cells(history: EventHistory, model: Model, at: date, days: int) -> CellForecast:
    """The model's forecast for every study-area cell."""
    if days <= 0:
        raise ValueError(Msg("de horizon moet ten minste één dag zijn",
                             "the horizon must be at least one day"))
    score = model.forecast(history, history.day_of(at), days)
    return CellForecast(
        x_min=history.area.x_min(),
        y_min=history.area.y_min(),
        cell_size=history.area.grid.cell_size,
        score=score,
        model=model.name,
        origin=at,
        horizon_days=days,
    )
