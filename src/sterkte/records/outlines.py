"""The outline of a named area (a basisteam's patch) as stored with an anticipation run, so
the dashboard can draw the areas under the cells with no map tiles and no network."""

from __future__ import annotations

from dataclasses import dataclass

Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class AreaOutline:
    """``polygons``: each a list of rings (outer first, then holes) of (x, y) in metres of
    the run's projected CRS. ``synthetic``: the area file marks it as made up (``sterkte
    anticipate demo`` does), so every page showing it says so."""

    area: str
    polygons: list[list[Ring]]
    synthetic: bool = False
