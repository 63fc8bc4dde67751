"""Simulated worlds with a known self-exciting structure, built independently of the fit.

The simulation uses the cluster (branching) representation of a Hawkes
process, not its intensity: immigrants arrive per cell and day as Poisson
counts of the background rate; every event has a Poisson(θ) number of
children, each after a geometric lag (days, mean ``mean_lag``) in the
parent's cell with probability ``1 - ν`` or else in one of the eight cells
around it, chosen uniformly. Children after the last day or off the raster
are dropped. The
fit (:mod:`sterkte.anticipate.pointprocess`) maximises the likelihood of the
intensity instead, so recovering the parameters checks the one against the
other.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sterkte.anticipate.grid import Grid

RING = [(dx, dy) for dy in (-1, 0, 1) for dx in (-1, 0, 1) if (dx, dy) != (0, 0)]


@dataclass(frozen=True)
class Trigger:
    branching: float
    mean_lag: float
    spread: float


def simulate(
    background: np.ndarray, triggers: list[Trigger], days: int, seed: int, pad: int = 3
) -> tuple[Grid, np.ndarray, np.ndarray]:
    """Events (day, flat cell) on a raster holding ``background`` (events/day per cell,
    shape ny × nx) with ``pad`` empty cells around it, so that no child falls off."""
    rng = np.random.default_rng(seed)
    ny, nx = background.shape
    grid = Grid(cell_size=100.0, ix0=0, iy0=0, nx=nx + 2 * pad, ny=ny + 2 * pad)
    counts = rng.poisson(np.broadcast_to(background, (days, ny, nx)))
    d, r, c = np.nonzero(counts)
    n = counts[d, r, c]
    day = np.repeat(d, n)
    row = np.repeat(r, n) + pad
    col = np.repeat(c, n) + pad
    days_all, rows_all, cols_all = [day], [row], [col]
    while day.size:
        new_d, new_r, new_c = [], [], []
        for t in triggers:
            kids = rng.poisson(t.branching, size=day.size)
            pd, pr, pc = np.repeat(day, kids), np.repeat(row, kids), np.repeat(col, kids)
            lag = rng.geometric(1.0 / t.mean_lag, size=pd.size)
            move = rng.random(pd.size) < t.spread
            step = np.asarray(RING)[rng.integers(0, 8, size=pd.size)]
            new_d.append(pd + lag)
            new_r.append(pr + np.where(move, step[:, 1], 0))
            new_c.append(pc + np.where(move, step[:, 0], 0))
        day, row, col = (np.concatenate(v) for v in (new_d, new_r, new_c))
        inside = (day < days) & (row >= 0) & (row < grid.ny) & (col >= 0) & (col < grid.nx)
        day, row, col = day[inside], row[inside], col[inside]
        days_all.append(day)
        rows_all.append(row)
        cols_all.append(col)
    all_day = np.concatenate(days_all).astype(np.int64)
    cell = (np.concatenate(rows_all) * grid.nx + np.concatenate(cols_all)).astype(np.int64)
    order = np.argsort(all_day, kind="stable")
    return grid, all_day[order], cell[order]
