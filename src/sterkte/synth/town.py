"""A synthetic town for demos and tests: events and basisteam areas. **Not real data.**

The synthetic police (``sterkte synth``) has teams but no geography, so a demo
of anticipation → CM-tafel needs both made up: each team gets a square area of
``side`` × ``side`` cells of 125 m, side by side from west to east, starting at
RD New (155 000, 463 000) (a field near Amersfoort, chosen only so that the
coordinates are valid Dutch grid metres). Events are place-based only (time,
x, y, offence, channel — never persons): per team two or three hot cells, a
busy street and a thin background, Poisson per day, seeded. The real crime
data used by the benchmarks stays in ``../shared/benchmarks/crime``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np

X0, Y0 = 155_000.0, 463_000.0
CELL = 125.0
CRS = "EPSG:28992"


def area_origin(index: int, side: int) -> tuple[float, float]:
    """Lower-left corner (metres) of the ``index``-th team's square."""
    return X0 + index * side * CELL, Y0


def areas_geojson(teams: Sequence[str], side: int = 12, prop: str = "team") -> dict[str, Any]:
    """A GeoJSON FeatureCollection (legacy ``crs`` member: EPSG:28992) with one square
    per team, property ``prop`` = the team code."""
    features = []
    for i, team in enumerate(teams):
        x, y = area_origin(i, side)
        w = side * CELL
        ring = [[x, y], [x + w, y], [x + w, y + w], [x, y + w], [x, y]]
        features.append({"type": "Feature", "properties": {prop: team, "synthetic": True},
                         "geometry": {"type": "Polygon", "coordinates": [ring]}})
    return {"type": "FeatureCollection", "name": "synthetic basisteam areas (not real)",
            "crs": {"type": "name", "properties": {"name": CRS}}, "features": features}


def events(teams: Sequence[str], start: dt.date, days: int, seed: int = 1,
           side: int = 12) -> list[dict[str, str]]:
    """Synthetic citizen-reported events in the teams' squares (rows for a CSV with
    the gate's columns time, x, y, offence, channel)."""
    rng = np.random.default_rng([seed, 8])
    rows: list[dict[str, str]] = []
    hots = []
    for i in range(len(teams)):
        n = 2 + i % 2
        cells = [(int(rng.integers(1, side - 1)), int(rng.integers(1, side - 1)),
                  float(rng.uniform(0.04, 0.14))) for _ in range(n)]
        hots.append((i, cells, int(rng.integers(0, side))))
    for d in range(days):
        day = dt.datetime.combine(start + dt.timedelta(days=d), dt.time())
        for i, cells, street in hots:
            x0, y0 = area_origin(i, side)
            spots = [(cx, cy) for cx, cy, rate in cells for _ in range(int(rng.poisson(rate)))]
            spots += [(int(rng.integers(0, side)), street)
                      for _ in range(int(rng.poisson(0.08)))]
            spots += [(int(rng.integers(0, side)), int(rng.integers(0, side)))
                      for _ in range(int(rng.poisson(0.1)))]
            for cx, cy in spots:
                t = day + dt.timedelta(minutes=int(rng.integers(0, 1440)))
                rows.append({"time": t.strftime("%Y-%m-%d %H:%M"),
                             "x": f"{x0 + (cx + rng.random()) * CELL:.1f}",
                             "y": f"{y0 + (cy + rng.random()) * CELL:.1f}",
                             "offence": "bicycle theft" if cy == street else "burglary",
                             "channel": "citizen"})
    rows.sort(key=lambda r: r["time"])
    return rows
