"""Small-cell protection: no published figure is about fewer than k people, and the
published totals cannot be used to work one out.

A table is its cells plus its margins (row totals, column totals, grand total),
linked by the additivity equations. *Primary* suppression hides every entry with
0 < count < k. *Complementary* suppression then hides more entries until no
suppressed entry can be derived: first until no row or column equation has a
single hidden entry, then — because cycles of hidden cells next to zeros can
still pin values down — by an audit that, for each hidden entry, solves two
linear programmes (its least and greatest value given every published entry and
non-negativity) and hides one more entry next to any whose range is a point: in
its own equations, or, when none is left there, the smallest published entry
anywhere whose hiding leaves it undetermined (a value can follow from entries far
away, such as the grand total less a large row).

Zeros are published: "nobody" is not a figure about a small group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Protected:
    """A table and what of it may be published."""

    cells: FloatArray  # r × c counts (persons)
    row_totals: FloatArray
    col_totals: FloatArray
    grand_total: float
    cell_hidden: BoolArray
    row_hidden: BoolArray
    col_hidden: BoolArray
    grand_hidden: bool

    @property
    def primary_count(self) -> int:
        return int(self.cell_hidden.sum() + self.row_hidden.sum() + self.col_hidden.sum()
                   + self.grand_hidden)


def _entries(cells: FloatArray) -> tuple[FloatArray, list[list[int]]]:
    """All entries as one vector (cells, row totals, column totals, grand total) and
    the equations as lists of (+ indices, with the total last)."""
    r, c = cells.shape
    values = np.concatenate([cells.ravel(), cells.sum(axis=1), cells.sum(axis=0),
                             [cells.sum()]]).astype(float)
    # Index of cell (i, j): i*c + j; of row total i: r*c + i; of column total j:
    # r*c + r + j; of the grand total: r*c + r + c.
    grand = r * c + r + c
    lines = [[i * c + j for j in range(c)] + [r * c + i] for i in range(r)]
    lines += [[i * c + j for i in range(r)] + [r * c + r + j] for j in range(c)]
    lines.append([r * c + i for i in range(r)] + [grand])
    lines.append([r * c + r + j for j in range(c)] + [grand])
    return values, lines


def _system(values: FloatArray, lines: list[list[int]], hidden: BoolArray,
            ) -> tuple[dict[int, int], FloatArray, FloatArray]:
    """The equations in the hidden entries: index → variable, A_eq, b_eq."""
    unknown = np.flatnonzero(hidden)
    pos = {int(u): k for k, u in enumerate(unknown)}
    a_eq, b_eq = [], []
    for line in lines:
        *parts, total = line
        row = np.zeros(unknown.size)
        rhs = 0.0
        for idx, sign in [(p, 1.0) for p in parts] + [(total, -1.0)]:
            if hidden[idx]:
                row[pos[idx]] += sign
            else:
                rhs -= sign * values[idx]
        if row.any():
            a_eq.append(row)
            b_eq.append(rhs)
    return pos, np.array(a_eq).reshape(-1, unknown.size), np.array(b_eq)


def _pinned(pos: dict[int, int], a_eq: FloatArray, b_eq: FloatArray, u: int,
            tol: float = 1e-6) -> bool:
    """Whether hidden entry ``u`` can take only one value (least = greatest)."""
    from scipy.optimize import linprog  # only when there is something to audit

    obj = np.zeros(len(pos))
    obj[pos[u]] = 1.0
    eq = {"A_eq": a_eq, "b_eq": b_eq} if a_eq.size else {}
    lo = linprog(obj, bounds=(0, None), method="highs", **eq)
    hi = linprog(-obj, bounds=(0, None), method="highs", **eq)
    return bool(lo.status == 0 and hi.status == 0 and (-hi.fun) - lo.fun <= tol)


def exposed(values: FloatArray, lines: list[list[int]], hidden: BoolArray,
            tol: float = 1e-6) -> list[int]:
    """Hidden entries whose value is pinned by the published ones (min = max)."""
    if not hidden.any():
        return []
    pos, a_eq, b_eq = _system(values, lines, hidden)
    return [u for u in pos if _pinned(pos, a_eq, b_eq, u, tol)]


def _hide_elsewhere(values: FloatArray, lines: list[list[int]], hidden: BoolArray,
                    u: int, cost: FloatArray | None = None) -> bool:
    """Hide the cheapest (by ``cost``, then smallest) published positive entry whose
    hiding unpins ``u``; failing that, every published positive entry. False when there
    is nothing left to hide."""
    costs = cost if cost is not None else np.zeros(values.size)
    candidates = sorted((i for i in range(values.size) if not hidden[i] and values[i] > 0),
                        key=lambda i: (costs[i], values[i], i))
    if not candidates:
        return False
    for i in candidates:
        hidden[i] = True
        pos, a_eq, b_eq = _system(values, lines, hidden)
        if not _pinned(pos, a_eq, b_eq, u):
            return True
        hidden[i] = False
    hidden[candidates] = True
    return True


def suppress(values: FloatArray, lines: list[list[int]], k: int,
             cost: FloatArray | None = None) -> BoolArray:
    """Which entries to hide, for any system of published entries ``values`` linked by
    additivity equations ``lines`` (each a list of part indices with its total last):
    every entry about 1 to k−1 people, then complements until none can be derived.

    Complements are the smallest published entries, unless ``cost`` ranks them first
    (lower cost is hidden first): a monitor can so keep the figures it is about (the
    count of a target group) and hide a larger, less wanted entry instead."""
    hidden = (values > 0) & (values < k)
    costs = cost if cost is not None else np.zeros(values.size)

    def hide_partner(line: list[int]) -> bool:
        """Hide the cheapest published positive entry of ``line``; False if none."""
        options = [i for i in line if not hidden[i] and values[i] > 0]
        if not options:
            return False
        hidden[min(options, key=lambda i: (costs[i], values[i], i))] = True
        return True

    changed = True
    while changed:
        changed = False
        for line in lines:
            if int(hidden[line].sum()) == 1 and hide_partner(line):
                changed = True
        if not changed:
            for u in exposed(values, lines, hidden):
                for line in (ln for ln in lines if u in ln):
                    if hide_partner(line):
                        changed = True
                        break
                if not changed:
                    # No partner left in its own equations: the value follows from
                    # entries further away (e.g. grand total − a large row). Hide the
                    # smallest published entry anywhere that leaves u undetermined.
                    changed = _hide_elsewhere(values, lines, hidden, u, costs)
                if changed:
                    break
    return hidden


def protect(cells: npt.ArrayLike, k: int) -> Protected:
    """Suppress a table of counts (rows × columns) so that nothing about fewer than
    ``k`` people is published or derivable from what is."""
    table = np.asarray(cells, dtype=float)
    values, lines = _entries(table)
    hidden = suppress(values, lines, k)
    r, c = table.shape
    return Protected(
        cells=table, row_totals=table.sum(axis=1), col_totals=table.sum(axis=0),
        grand_total=float(table.sum()),
        cell_hidden=hidden[: r * c].reshape(r, c), row_hidden=hidden[r * c: r * c + r],
        col_hidden=hidden[r * c + r: r * c + r + c], grand_hidden=bool(hidden[-1]),
    )


def linked_entries(tables: Sequence[FloatArray]) -> tuple[FloatArray, list[list[int]]]:
    """Several tables over the same rows as one system: the row totals and the grand
    total are shared. Entries: each table's cells and column totals in turn, then the
    row totals, then the grand total."""
    r = tables[0].shape[0]
    values: list[float] = []
    lines: list[list[int]] = []
    blocks = []
    for t in tables:
        start = len(values)
        c = t.shape[1]
        values += t.ravel().tolist() + t.sum(axis=0).tolist()
        blocks.append((start, c))
    row0 = len(values)
    values += tables[0].sum(axis=1).tolist()
    grand = len(values)
    values.append(float(tables[0].sum()))
    for start, c in blocks:
        lines += [[start + i * c + j for j in range(c)] + [row0 + i] for i in range(r)]
        lines += [[start + i * c + j for i in range(r)] + [start + r * c + j]
                  for j in range(c)]
        lines.append([start + r * c + j for j in range(c)] + [grand])
    lines.append([row0 + i for i in range(r)] + [grand])
    return np.asarray(values, dtype=float), lines


def protect_linked(tables: Sequence[npt.ArrayLike], k: int,
                   keep: Sequence[Sequence[bool]] | None = None) -> list[Protected]:
    """Suppress several tables of counts over the same rows (e.g. persons per unit by
    gender and per unit by age band) as one system: they share their row totals and
    grand total, so a total hidden in one is hidden in all, and no hidden entry can be
    derived from everything the tables publish together.

    ``keep``: per table, the columns to keep published where another complement will
    do (their cells and column totals, and then the row and grand totals too)."""
    arrays = [np.asarray(t, dtype=float) for t in tables]
    if not arrays:
        return []
    r = arrays[0].shape[0]
    for t in arrays:
        if t.ndim != 2 or t.shape[0] != r or not np.allclose(t.sum(axis=1),
                                                             arrays[0].sum(axis=1)):
            raise ValueError("linked tables need the same rows with the same row totals")
    values, lines = linked_entries(arrays)
    cost = None
    if keep is not None:
        parts = []
        for t, cols in zip(arrays, keep, strict=True):
            wanted = np.asarray(cols, dtype=float)
            parts += [np.tile(wanted, t.shape[0]), wanted]
        cost = np.concatenate([*parts, np.ones(r + 1)])
    hidden = suppress(values, lines, k, cost)
    row0 = sum(t.size + t.shape[1] for t in arrays)
    out = []
    start = 0
    for t in arrays:
        c = t.shape[1]
        out.append(Protected(
            cells=t, row_totals=t.sum(axis=1), col_totals=t.sum(axis=0),
            grand_total=float(t.sum()),
            cell_hidden=hidden[start: start + r * c].reshape(r, c),
            row_hidden=hidden[row0: row0 + r],
            col_hidden=hidden[start + r * c: start + r * c + c],
            grand_hidden=bool(hidden[-1])))
        start += r * c + c
    return out
