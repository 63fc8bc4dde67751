"""Repeat locations: events at the very same coordinates, per cell.

A garage, a car park or the block face a geocoder snaps to can hold several
events at one point. Whether such points mark lasting hot spots was measured
on NYC vehicle thefts (``benchmarks/anticipate_repeats.py``; docs/anticipate.md,
"Repeat locations, slow decay and a learned ranker"): they did not beat the
facility flag on the training year, so no model uses them yet. The point is
the event's coordinates as the gate keeps them, so this needs no new field.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from sterkte.anticipate.grid import FloatArray, IntArray


@dataclass(frozen=True)
class RepeatCounts:
    """Per raster cell (flat index): events at a point with two or more events, such
    points, and the most events at any one point of the cell (events, points, events)."""

    events: FloatArray
    points: FloatArray
    most: FloatArray


def point_ids(x: FloatArray, y: FloatArray) -> IntArray:
    """One id per distinct (x, y): events with equal coordinates share it."""
    return np.unique(np.stack([x, y]), axis=1, return_inverse=True)[1].ravel().astype(np.int64)


def repeat_counts(cells: npt.NDArray[np.integer], points: npt.NDArray[np.integer],
                  n_cells: int) -> RepeatCounts:
    """Repeat counts of the events in raster ``cells`` (−1: outside) at ``points`` (ids)."""
    ok = cells >= 0
    c, p = cells[ok], points[ok]
    if c.size == 0:
        zero = np.zeros(n_cells)
        return RepeatCounts(zero, zero.copy(), zero.copy())
    _, first, inv, cnt = np.unique(p, return_index=True, return_inverse=True,
                                   return_counts=True)
    at_point = cnt[inv]
    repeat = at_point >= 2
    is_first = np.zeros(p.size, dtype=bool)
    is_first[first] = True
    most = np.zeros(n_cells)
    np.maximum.at(most, c, at_point.astype(np.float64))
    return RepeatCounts(np.bincount(c[repeat], minlength=n_cells).astype(np.float64),
                        np.bincount(c[repeat & is_first], minlength=n_cells).astype(np.float64),
                        most)
