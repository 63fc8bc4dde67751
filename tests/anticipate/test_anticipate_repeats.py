"""Repeat locations: events at the same coordinates, counted per cell (hand-counted worlds)."""

from __future__ import annotations

import numpy as np

from sterkte.anticipate.grid import Grid
from sterkte.anticipate.repeats import point_ids, repeat_counts


def test_a_planted_repeat_location_is_ranked_first() -> None:
    # 20 × 20 cells of 125 m, 3 events in every cell: at scattered points, except in
    # cell (col 7, row 11), whose 3 events are all at one garage. Equal counts, so only
    # the repeat location can tell the planted cell apart.
    rng = np.random.default_rng(4)
    grid = Grid(125.0, 0, 0, 20, 20)
    xs, ys = [], []
    for row in range(20):
        for col in range(20):
            if (row, col) == (11, 7):
                xs += [7 * 125 + 40.0] * 3
                ys += [11 * 125 + 90.0] * 3
            else:
                xs += list(col * 125 + rng.uniform(0, 125, 3))
                ys += list(row * 125 + rng.uniform(0, 125, 3))
    x, y = np.array(xs), np.array(ys)
    cells = grid.locate(x, y)
    counts = np.bincount(cells, minlength=grid.size)
    assert (counts == 3).all()
    r = repeat_counts(cells, point_ids(x, y), grid.size)
    planted = 11 * 20 + 7
    assert r.events[planted] == 3 and r.points[planted] == 1 and r.most[planted] == 3
    assert r.events.sum() == 3 and r.most.sum() == 3 + 399  # every other point holds one event
    score = counts + 0.25 * r.events
    assert int(np.argmax(score)) == planted and np.sort(score)[-2] == 3


def test_repeat_counts_by_hand() -> None:
    # Cell 0: points a, a, b; cell 1: c, c, c, d, d; cell 2: e; one event outside (−1) at a.
    cells = np.array([0, 0, 0, 1, 1, 1, 1, 1, 2, -1])
    points = np.array([0, 0, 1, 2, 2, 2, 3, 3, 4, 0])
    r = repeat_counts(cells, points, 4)
    # The event outside the raster does not count, so a holds two events, not three.
    assert r.events.tolist() == [2, 5, 0, 0]
    assert r.points.tolist() == [1, 2, 0, 0]
    assert r.most.tolist() == [2, 3, 1, 0]
    empty = repeat_counts(np.array([-1]), np.array([0]), 2)
    assert empty.events.tolist() == [0, 0] and empty.most.tolist() == [0, 0]


def test_equal_coordinates_share_a_point_id() -> None:
    ids = point_ids(np.array([1.0, 2.0, 1.0, 1.0]), np.array([5.0, 5.0, 5.0, 6.0]))
    assert ids[0] == ids[2] and len({ids[0], ids[1], ids[3]}) == 3
