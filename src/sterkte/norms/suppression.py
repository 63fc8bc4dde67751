"""Small-cell protection: no published figure is about fewer than k people, and what is
published cannot be used to work one out, not even to within a few persons.

A table is its cells plus its margins (row totals, column totals, grand total),
linked by the additivity equations. *Primary* suppression hides every entry with
0 < count < k. *Complementary* suppression then hides more entries until no
suppressed entry can be narrowed down: first until no row or column equation has a
single hidden entry, then by an audit that, for each hidden entry, solves two
integer programmes — its least and greatest value given every published entry, the
figures published beside the counts (read as bounds: a team's fte bounds its number
of professionals from below), integrality, and that a hidden entry is at least 1
(zeros are published, so an intruder knows) — and hides one more entry next to any
whose range is narrower than the protection interval (:func:`protection_width`): in
its own equations, or, when none is left there, the smallest published entry
anywhere whose hiding widens it enough (a value can follow from entries far away,
such as the grand total less a large row).

Ratios of counts (volunteers per OS officer) are not audited here: the caller
publishes one only where both its counts are published, so it tells nothing more.

Several tables over the same rows (persons per unit by gender and by age band) are
protected as one system (:func:`protect_linked`): they share their row and grand totals.

Zeros are published: "nobody" is not a figure about a small group.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from sterkte.parameters import ParameterSet

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


def cell_entry(shape: tuple[int, int], i: int, j: int) -> int:
    """The index of cell (i, j) among a table's entries (cells first, row by row; then
    the row totals, the column totals and the grand total)."""
    return i * shape[1] + j


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


@dataclass(frozen=True)
class Bound:
    """A published figure read as a lower bound on a sum of entries: Σ entries ≥ least.
    E.g. a team's fte: its professionals number at least fte / the largest contract."""

    entries: tuple[int, ...]
    least: float


Bounds = Callable[[BoolArray], Sequence[Bound]]


def protection_width(params: ParameterSet, on: dt.date) -> float:
    """The protection interval (persons): a hidden count's least and greatest value, as an
    intruder can work them out, lie at least this far apart (``small_cell_protection``)."""
    return params["small_cell_protection"].number(on)


def ranges(values: FloatArray, lines: list[list[int]], hidden: BoolArray,
           bounds: Sequence[Bound] = (), only: Sequence[int] | None = None,
           stop_below: float | None = None) -> dict[int, tuple[float, float]]:
    """Least and greatest value of each hidden entry (of ``only``) given every published
    entry, the equations, the ``bounds``, integrality, and that a hidden entry is at
    least 1 (zeros are published). With ``stop_below``, stops at the first entry whose
    range is narrower than that."""
    pos, a_eq, b_eq = _system(values, lines, hidden)
    n = len(pos)
    rows, lo, hi = [a_eq], [b_eq], [b_eq]
    for b in bounds:
        row = np.zeros(n)
        rhs = b.least
        for idx in b.entries:
            if hidden[idx]:
                row[pos[idx]] += 1.0
            else:
                rhs -= values[idx]
        if row.any():
            rows.append(row.reshape(1, n))
            lo.append(np.array([rhs - 1e-9]))
            hi.append(np.array([np.inf]))
    a = np.vstack(rows) if n else np.zeros((0, 0))
    system = _Audit(a, np.concatenate(lo), np.concatenate(hi), n)
    out: dict[int, tuple[float, float]] = {}
    for u in (only if only is not None else list(pos)):
        least, most = system.extreme(pos[u], 1.0), system.extreme(pos[u], -1.0)
        if least is None:  # cannot happen on a true table; if it did, hide more
            out[u] = (values[u], values[u])
        else:  # feasible, so a maximum that fails is unbounded
            out[u] = (least, -most if most is not None else np.inf)
        if stop_below is not None and out[u][1] - out[u][0] < stop_below - 1e-6:
            break
    return out


class _Audit:
    """The intruder's problem over the hidden entries x ≥ 1: ``lo ≤ a x ≤ hi``, x whole.

    The extreme values of one entry are linear programmes that differ only in their
    objective, so one GLOP model is kept and re-solved from the last basis (about a
    tenth of a millisecond each, where a fresh solve through scipy took two). When the
    optimal vertex is integral it is the integer optimum too (always so for a table
    and its margins, whose equations are totally unimodular); otherwise (bounds can
    break that) the integer programme is solved by HiGHS (scipy's ``milp``)."""

    def __init__(self, a: FloatArray, lo: FloatArray, hi: FloatArray, n: int) -> None:
        from ortools.linear_solver import pywraplp  # only when there is something to audit

        self.a, self.lo, self.hi, self.n = a, lo, hi, n
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        inf = self.solver.infinity()
        self.x = [self.solver.NumVar(1.0, inf, "") for _ in range(n)]
        for r in range(a.shape[0] if n else 0):
            c = self.solver.Constraint(float(lo[r]) if np.isfinite(lo[r]) else -inf,
                                       float(hi[r]) if np.isfinite(hi[r]) else inf)
            for k in np.flatnonzero(a[r]):
                c.SetCoefficient(self.x[k], float(a[r, k]))
        self.objective = self.solver.Objective()
        self.last: int | None = None
        self.optimal, self.unbounded = pywraplp.Solver.OPTIMAL, pywraplp.Solver.UNBOUNDED

    def extreme(self, k: int, sign: float) -> float | None:
        """min (sign 1) or −max (sign −1) of entry ``k``; None when there is none
        (infeasible, or unbounded for a maximum)."""
        if self.last is not None:
            self.objective.SetCoefficient(self.x[self.last], 0.0)
        self.objective.SetCoefficient(self.x[k], sign)
        self.objective.SetMinimization()
        self.last = k
        status = self.solver.Solve()
        if status == self.optimal:
            x = np.array([v.solution_value() for v in self.x])
            if np.allclose(x, np.round(x), atol=1e-7):
                return float(np.round(sign * x[k]))
        elif status == self.unbounded:
            return None
        return self._integer(k, sign)

    def _integer(self, k: int, sign: float) -> float | None:
        from scipy.optimize import Bounds as Box
        from scipy.optimize import LinearConstraint, milp

        obj = np.zeros(self.n)
        obj[k] = sign
        cons = ([LinearConstraint(self.a, self.lo, self.hi)] if self.a.size else [])
        got = milp(obj, integrality=np.ones(self.n), bounds=Box(np.ones(self.n), np.inf),
                   constraints=cons)
        return float(got.fun) if got.status == 0 else None


def narrow(values: FloatArray, lines: list[list[int]], hidden: BoolArray, width: float,
           bounds: Sequence[Bound] = (), wide: set[int] | None = None) -> list[int]:
    """Hidden entries an intruder can pin to a range narrower than ``width`` (the first
    such entry only: the caller hides more and asks again).

    ``wide``: entries already shown to be wide enough while fewer entries were hidden
    and no other bounds held; they are not solved again (hiding one more published
    entry, or dropping a bound, only lets every hidden entry range further: each old
    solution, with the newly hidden entry at its published value, still satisfies
    every equation). The entries found wide here are added to it."""
    if not hidden.any():
        return []
    order = [int(u) for u in np.flatnonzero(hidden)]
    only = order if wide is None else [u for u in order if u not in wide]
    got = ranges(values, lines, hidden, bounds, only=only, stop_below=width)
    found = [u for u, (lo, hi) in got.items() if hi - lo < width - 1e-6]
    if wide is not None:
        wide.update(u for u in got if u not in found)
    return found


def _hide_elsewhere(values: FloatArray, lines: list[list[int]], hidden: BoolArray,
                    u: int, width: float, bounds: Bounds, costs: FloatArray) -> bool:
    """Hide the cheapest (by ``costs``, then smallest) published positive entry whose
    hiding widens ``u`` enough; failing that, every published positive entry. False when
    there is nothing left."""
    candidates = sorted((i for i in range(values.size)
                         if not hidden[i] and values[i] > 0),
                        key=lambda i: (costs[i], values[i], i))
    if not candidates:
        return False
    for i in candidates:
        hidden[i] = True
        lo, hi = ranges(values, lines, hidden, bounds(hidden), only=[u])[u]
        if hi - lo >= width - 1e-6:
            return True
        hidden[i] = False
    hidden[candidates] = True
    return True


def _no_bounds(hidden: BoolArray) -> Sequence[Bound]:
    return ()


def suppress(values: FloatArray, lines: list[list[int]], k: int,
             cost: FloatArray | None = None, *, width: float = 1.0,
             bounds: Bounds = _no_bounds) -> BoolArray:
    """Which entries to hide, for any system of published entries ``values`` linked by
    additivity equations ``lines`` (each a list of part indices with its total last):
    every entry about 1 to k−1 people, then complements until no hidden entry can be
    narrowed to a range less than ``width`` persons wide from what is published (the
    entries and ``bounds(hidden)``); ``width`` 1: none can be derived exactly.

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

    wide: set[int] = set()  # entries shown wide enough (see narrow): never solved again
    held: frozenset[Bound] | None = None  # the bounds they were shown wide under
    changed = True
    while changed:
        changed = False
        for line in lines:
            if int(hidden[line].sum()) == 1 and hide_partner(line):
                changed = True
        if not changed:
            now = bounds(hidden)
            if held is not None and not frozenset(now) <= held:
                wide.clear()  # a new bound may narrow an entry: ask again
            held = frozenset(now)
            for u in narrow(values, lines, hidden, width, now, wide):
                for line in (ln for ln in lines if u in ln):
                    if hide_partner(line):
                        changed = True
                        break
                if not changed:
                    # No partner left in its own equations: the value follows from
                    # entries further away (e.g. grand total − a large row). Hide the
                    # cheapest published entry anywhere that leaves u wide enough.
                    changed = _hide_elsewhere(values, lines, hidden, u, width, bounds, costs)
                if changed:
                    break
    return hidden


def protect(cells: npt.ArrayLike, k: int, *, width: float,
            bounds: Bounds = _no_bounds) -> Protected:
    """Suppress a table of counts (rows × columns) so that nothing about fewer than
    ``k`` people is published, and no hidden count can be narrowed by an intruder to a
    range less than ``width`` persons wide (:func:`protection_width`) from what is —
    the totals and ``bounds(hidden)``: the figures published beside the counts, read
    as bounds on them (entries numbered as in :func:`cell_entry`)."""
    table = np.asarray(cells, dtype=float)
    values, lines = _entries(table)
    hidden = suppress(values, lines, k, width=width, bounds=bounds)
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
                   keep: Sequence[Sequence[bool]] | None = None, *,
                   width: float = 1.0) -> list[Protected]:
    """Suppress several tables of counts over the same rows (e.g. persons per unit by
    gender and per unit by age band) as one system: they share their row totals and
    grand total, so a total hidden in one is hidden in all, and no hidden entry can be
    derived from everything the tables publish together.

    ``keep``: per table, the columns to keep published where another complement will
    do (their cells and column totals, and then the row and grand totals too). ``width``:
    the protection interval, as for :func:`protect`."""
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
    hidden = suppress(values, lines, k, cost, width=width)
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
