"""Small-cell protection: no published figure is about fewer than k people, and the
published totals cannot be used to work one out.

A table is its cells plus its margins (row totals, column totals, grand total),
linked by the additivity equations. *Primary* suppression hides every entry with
0 < count < k. *Complementary* suppression then hides more entries until no
suppressed entry can be derived: first until no row or column equation has a
single hidden entry, then — because cycles of hidden cells next to zeros can
still pin values down — by an audit that, for each hidden entry, solves two
linear programmes (its least and greatest value given every published entry and
non-negativity) and hides one more entry next to any whose range is a point.

Zeros are published: "nobody" is not a figure about a small group.
"""

from __future__ import annotations

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


def exposed(values: FloatArray, lines: list[list[int]], hidden: BoolArray,
            tol: float = 1e-6) -> list[int]:
    """Hidden entries whose value is pinned by the published ones (min = max)."""
    unknown = np.flatnonzero(hidden)
    if unknown.size == 0:
        return []
    from scipy.optimize import linprog  # only when there is something to audit


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
    out = []
    for u, k in pos.items():
        obj = np.zeros(unknown.size)
        obj[k] = 1.0
        lo = linprog(obj, A_eq=np.array(a_eq), b_eq=np.array(b_eq), bounds=(0, None),
                     method="highs")
        hi = linprog(-obj, A_eq=np.array(a_eq), b_eq=np.array(b_eq), bounds=(0, None),
                     method="highs")
        if lo.status == 0 and hi.status == 0 and (-hi.fun) - lo.fun <= tol:
            out.append(u)
    return out


def protect(cells: npt.ArrayLike, k: int) -> Protected:
    """Suppress a table of counts (rows × columns) so that nothing about fewer than
    ``k`` people is published or derivable from what is."""
    table = np.asarray(cells, dtype=float)
    values, lines = _entries(table)
    hidden = (values > 0) & (values < k)

    def hide_partner(line: list[int]) -> bool:
        """Hide the smallest published positive entry of ``line``; False if none."""
        options = [i for i in line if not hidden[i] and values[i] > 0]
        if not options:
            return False
        hidden[min(options, key=lambda i: (values[i], i))] = True
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
                if changed:
                    break
    r, c = table.shape
    return Protected(
        cells=table, row_totals=table.sum(axis=1), col_totals=table.sum(axis=0),
        grand_total=float(table.sum()),
        cell_hidden=hidden[: r * c].reshape(r, c), row_hidden=hidden[r * c: r * c + r],
        col_hidden=hidden[r * c + r: r * c + r + c], grand_hidden=bool(hidden[-1]),
    )
