"""From forecast counts to preventive presence: minutes per cell per day, hours per area per week.

This is the first half of turning anticipation into capacity. The demand
model of capacity management (a later issue) will consume :class:`PresencePlan`
as planned preventive demand per area and week; nothing here knows about
teams or rosters.

Rule (parameters in ``sterkte/data/parameters/anticipate/presence.yaml``, dated):

1. flag the ``coverage_share`` of study cells with the highest forecast;
2. a flagged cell gets ``minutes_per_expected_event × expected events per
   day`` minutes of presence a day, at least ``min_minutes_per_cell_per_day``
   and at most ``max_minutes_per_cell_per_day``;
3. an area's hours per week = Σ minutes per day of its cells × 7 / 60.

Values are not rounded here; rounding is for display.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from sterkte.anticipate.grid import FloatArray
from sterkte.anticipate.metrics import flagged_cells
from sterkte.errors import Msg
from sterkte.parameters import ParameterSet
from sterkte.records.presence import AreaPresence, CellPresence, PresencePlan


def preventive_presence(
    x_min: FloatArray,
    y_min: FloatArray,
    expected: FloatArray,
    horizon_days: int,
    params: ParameterSet,
    on: date,
    area_of: Sequence[str] | None = None,
) -> PresencePlan:
    """Recommended preventive presence from a forecast.

    ``expected`` is expected events per cell over ``horizon_days``;
    ``area_of`` names each cell's area (e.g. basisteam or neighbourhood);
    without it all cells form one area ``"study area"``.
    """
    if not (x_min.shape == y_min.shape == expected.shape):
        raise ValueError(Msg("cellen en voorspelling moeten even lang zijn",
                             "cells and forecast must have the same length"))
    if area_of is not None and len(area_of) != expected.size:
        raise ValueError(Msg("area_of moet het gebied van elke cel noemen",
                             "area_of must name the area of every cell"))
    share = params["coverage_share"].number(on)
    per_event = params["minutes_per_expected_event"].number(on)
    lo = params["min_minutes_per_cell_per_day"].number(on)
    hi = params["max_minutes_per_cell_per_day"].number(on)
    n = expected.size
    if n == 0:
        return PresencePlan(horizon_days, on, [], [])
    k = flagged_cells(n, share)
    # Stable order: ties keep the cell order, so the plan is reproducible.
    order = np.argsort(-expected, kind="stable")[:k]
    per_day = expected[order] / horizon_days
    minutes = np.clip(per_day * per_event, lo, hi)
    names = [area_of[i] if area_of is not None else "study area" for i in order]
    cells = [
        CellPresence(float(x_min[i]), float(y_min[i]), names[j], float(expected[i]),
                     float(minutes[j]))
        for j, i in enumerate(order)
    ]
    areas: dict[str, list[CellPresence]] = {}
    for c in cells:
        areas.setdefault(c.area, []).append(c)
    area_rows = [
        AreaPresence(
            area=a,
            flagged_cells=len(cs),
            expected_events=sum(c.expected_events for c in cs),
            hours_per_week=sum(c.minutes_per_day for c in cs) * 7 / 60,
        )
        for a, cs in sorted(areas.items(), key=lambda kv: -sum(c.minutes_per_day for c in kv[1]))
    ]
    return PresencePlan(horizon_days, on, cells, area_rows)
