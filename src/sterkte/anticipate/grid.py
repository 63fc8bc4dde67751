"""Square cells aligned to the CRS origin, and the study area made of them.

A cell of size ``s`` metres has its lower-left corner at ``(i*s, j*s)`` for
integers ``i, j``: cells are aligned to multiples of the cell size from the
origin of the projected CRS, so the same cell has the same corner in every run
and for every data set in that CRS. A grid may be shifted by a fixed offset
``(ox, oy)`` metres (corners at ``(ox + i*s, oy + j*s)``), the same for every
run that uses it: where cell edges fall changes which events share a cell,
and so every model's hit rate. Engines work on a rectangular raster that
covers the study area (row ``j - iy0``, column ``i - ix0``); the study area is
the subset of raster cells that forecasts and metrics are about.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from sterkte.errors import Msg

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

#: Largest raster (cells) the engine will build; each work array is 8 bytes a cell.
MAX_RASTER_CELLS = 20_000_000


@dataclass(frozen=True)
class Grid:
    """A raster of ``ny`` × ``nx`` cells of ``cell_size`` metres.

    The raster's lower-left cell is cell ``(ix0, iy0)``; flat index
    ``k = row * nx + col``.
    """

    cell_size: float
    ix0: int
    iy0: int
    nx: int
    ny: int
    #: Where the cell edges are shifted to, metres east and north of the CRS origin.
    offset_x: float = 0.0
    offset_y: float = 0.0

    @classmethod
    def covering(
        cls, x: FloatArray, y: FloatArray, cell_size: float, pad_cells: int = 0,
        offset: tuple[float, float] = (0.0, 0.0),
    ) -> Grid:
        """The smallest aligned raster holding all points, plus ``pad_cells`` on every side."""
        if cell_size <= 0:
            raise ValueError(Msg("de celgrootte moet een positief aantal meters zijn",
                                 "cell size must be positive metres"))
        if x.size == 0:
            raise ValueError(Msg("geen punten om te bedekken", "no points to cover"))
        ix = np.floor((x - offset[0]) / cell_size).astype(np.int64)
        iy = np.floor((y - offset[1]) / cell_size).astype(np.int64)
        ix0 = int(ix.min()) - pad_cells
        iy0 = int(iy.min()) - pad_cells
        nx = int(ix.max()) - ix0 + 1 + pad_cells
        ny = int(iy.max()) - iy0 + 1 + pad_cells
        if nx * ny > MAX_RASTER_CELLS:
            need, most = f"{nx * ny:_}".replace("_", "."), f"{MAX_RASTER_CELLS:_}".replace("_", ".")
            raise ValueError(Msg(
                f"cellen van {cell_size:g} m over dit gebied vragen {need} rastercellen "
                f"(hoogstens {most}); kies grotere cellen of een kleiner gebied",
                f"{cell_size:g} m cells over this extent need {nx * ny:,} raster cells "
                f"(at most {MAX_RASTER_CELLS:,}); choose larger cells or a smaller area"))
        return cls(cell_size=float(cell_size), ix0=ix0, iy0=iy0, nx=nx, ny=ny,
                   offset_x=float(offset[0]), offset_y=float(offset[1]))

    @property
    def size(self) -> int:
        return self.nx * self.ny

    def locate(self, x: FloatArray, y: FloatArray) -> IntArray:
        """Flat index of the cell holding each point; ``-1`` outside the raster."""
        col = np.floor((x - self.offset_x) / self.cell_size).astype(np.int64) - self.ix0
        row = np.floor((y - self.offset_y) / self.cell_size).astype(np.int64) - self.iy0
        inside = (col >= 0) & (col < self.nx) & (row >= 0) & (row < self.ny)
        return np.where(inside, row * self.nx + col, -1)

    def x_min(self, flat: IntArray) -> FloatArray:
        """West edge of each cell, metres."""
        return ((flat % self.nx) + self.ix0).astype(np.float64) * self.cell_size + self.offset_x

    def y_min(self, flat: IntArray) -> FloatArray:
        """South edge of each cell, metres."""
        return ((flat // self.nx) + self.iy0).astype(np.float64) * self.cell_size + self.offset_y

    def centres(self, flat: IntArray) -> tuple[FloatArray, FloatArray]:
        """Cell centres, metres."""
        half = self.cell_size / 2
        return self.x_min(flat) + half, self.y_min(flat) + half


@dataclass(frozen=True)
class StudyArea:
    """The cells a forecast is about: sorted flat indices into ``grid``."""

    grid: Grid
    cells: IntArray

    @property
    def n_cells(self) -> int:
        return int(self.cells.shape[0])

    def position(self, flat: IntArray) -> IntArray:
        """Position of each raster cell in ``cells``; ``-1`` when not in the study area."""
        pos = np.searchsorted(self.cells, flat)
        pos = np.clip(pos, 0, max(self.n_cells - 1, 0))
        hit = (flat >= 0) & (self.cells[pos] == flat) if self.n_cells else flat < -1
        return np.where(hit, pos, -1)

    def x_min(self) -> FloatArray:
        return self.grid.x_min(self.cells)

    def y_min(self) -> FloatArray:
        return self.grid.y_min(self.cells)


def study_area_from_activity(
    x: FloatArray, y: FloatArray, cell_size: float, pad_cells: int = 8,
    offset: tuple[float, float] = (0.0, 0.0),
) -> StudyArea:
    """The cells with at least one recorded event (metres in a projected CRS).

    The raster is padded by ``pad_cells`` so that spatial kernels reach
    beyond the outermost cells without wrapping.
    """
    grid = Grid.covering(x, y, cell_size, pad_cells, offset)
    flat = grid.locate(x, y)
    return StudyArea(grid, np.unique(flat[flat >= 0]))


def _inside_rings(px: FloatArray, py: FloatArray, rings: Sequence[FloatArray]) -> npt.NDArray[
    np.bool_
]:
    """Even-odd rule: inside the outer ring and not in a hole."""
    inside = np.zeros(px.shape, dtype=bool)
    for ring in rings:
        xs, ys = ring[:, 0], ring[:, 1]
        xj, yj = np.roll(xs, 1), np.roll(ys, 1)
        for a in range(xs.shape[0]):
            xi, yi, xk, yk = xs[a], ys[a], xj[a], yj[a]
            if yi == yk:
                continue
            crosses = (yi > py) != (yk > py)
            x_cross = (xk - xi) * (py - yi) / (yk - yi) + xi
            inside ^= crosses & (px < x_cross)
    return inside


def cells_in_polygons(
    grid: Grid, polygons: Sequence[Sequence[FloatArray]]
) -> IntArray:
    """Flat indices of raster cells whose centre lies in any polygon."""
    flat = np.arange(grid.size, dtype=np.int64)
    cx, cy = grid.centres(flat)
    inside = np.zeros(grid.size, dtype=bool)
    for rings in polygons:
        inside |= _inside_rings(cx, cy, rings)
    return flat[inside]


def study_area_from_polygons(
    polygons: Sequence[Sequence[FloatArray]], cell_size: float, pad_cells: int = 8,
    offset: tuple[float, float] = (0.0, 0.0),
) -> StudyArea:
    """The cells whose centre lies inside a boundary (rings in metres)."""
    pts = np.concatenate([ring for rings in polygons for ring in rings])
    grid = Grid.covering(pts[:, 0], pts[:, 1], cell_size, pad_cells, offset)
    return StudyArea(grid, cells_in_polygons(grid, polygons))
