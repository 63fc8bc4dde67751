"""Cells are aligned to multiples of the cell size from the CRS origin."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sterkte.anticipate.grid import Grid, study_area_from_activity, study_area_from_polygons


def test_cell_corners_are_multiples_of_the_cell_size() -> None:
    x = np.array([155_010.0, 155_390.0, 154_999.0])
    y = np.array([463_001.0, 463_260.0, 462_880.0])
    area = study_area_from_activity(x, y, 125.0, pad_cells=2)
    assert set(zip(area.x_min(), area.y_min(), strict=True)) == {
        (155_000.0, 463_000.0), (155_375.0, 463_250.0), (154_875.0, 462_875.0)}


@settings(max_examples=60, deadline=None)
@given(
    # Coordinates in millimetres, as real projected data are.
    x=st.floats(-1e6, 1e6, allow_nan=False).map(lambda v: round(v, 3)),
    y=st.floats(-1e6, 1e6, allow_nan=False).map(lambda v: round(v, 3)),
    size=st.sampled_from([50.0, 100.0, 125.0, 250.0, 500.0]),
)
def test_every_point_lies_in_its_cell(x: float, y: float, size: float) -> None:
    grid = Grid.covering(np.array([x]), np.array([y]), size, pad_cells=1)
    flat = grid.locate(np.array([x]), np.array([y]))
    assert flat[0] >= 0
    x0, y0 = grid.x_min(flat)[0], grid.y_min(flat)[0]
    assert x0 <= x < x0 + size and y0 <= y < y0 + size
    assert x0 % size == 0 and y0 % size == 0


def test_boundary_selects_cells_whose_centre_is_inside() -> None:
    # A 500 m square with a 250 m hole in the corner: 16 cells minus 4.
    outer = np.array([[0, 0], [500, 0], [500, 500], [0, 500], [0, 0]], dtype=float)
    hole = np.array([[0, 0], [250, 0], [250, 250], [0, 250], [0, 0]], dtype=float)
    area = study_area_from_polygons([[outer, hole]], 125.0, pad_cells=1)
    assert area.n_cells == 12
    assert (area.x_min() >= 0).all() and (area.x_min() < 500).all()
