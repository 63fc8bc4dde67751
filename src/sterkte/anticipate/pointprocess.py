"""A self-exciting point process on the grid, fitted by likelihood (EM).

The grid Hawkes model of the Mohler et al. family (Mohler et al. 2011, JASA
106(493), 100-108; Mohler et al. 2015, JASA 110(512), 1399-1411), in whole
days. The expected number of events in cell ``c`` on day ``d`` is

    λ(c, d) = μ(c) + Σ_k θ_k Σ_{j: d_j < d} g_k(d - d_j) · s_k(c - c_j)

* ``μ(c)`` — background rate (events per day), constant over the fitting
  window: the cell's long-run level;
* ``θ_k`` — triggering component ``k``'s branching ratio: expected events
  each event adds (repeat and near-repeat victimisation);
* ``g_k(u) = (1 - a_k) a_k^(u-1)`` for ``u = 1, 2, …`` days — a geometric
  lag with mean ``1 / (1 - a_k)`` days (``mean_lag_days``), summing to 1;
* ``s_k`` — where offspring land: the parent's own cell with share
  ``1 - ν_k``, each of the ``N`` other cells within ``radius`` cells
  (Chebyshev) with ``ν_k / N``; a component may be held to the parent's
  cell (``ν_k = 0``), which spares the pairs of far-apart days in the ring.

Events on the same day never trigger each other (order within a day is not
kept), so several vehicles taken in one incident raise the cell's rate, not
the triggering. Components are kept apart by bounds on their mean lags: a
fast one (days to weeks: near-repeats) and a slow one (months: hot spots that
wax and wane), so the model nests the long-run count (background only) and
the exponentially weighted count (slow component).

The fit maximises the Poisson log-likelihood of the daily counts in the
window ``[start, end)`` by expectation-maximisation: each event is split
between the background and its possible parents (E-step), then ``μ``,
``θ``, ``ν`` follow in closed form and each mean lag by a one-dimensional
search over the exact expected log-likelihood (M-step; the window edge is
accounted for: an event near ``end`` has had little time for offspring).
With ``background_bandwidth_cells > 0`` the background is the
declustered events smoothed by a Gaussian kernel (stochastic declustering,
Mohler et al. 2011) — not then a strict maximum of the likelihood.

The sums over parents are done two ways: components that spread to the ring
(or have lags too short for the next trick) through explicit (child, lag,
kind) pairs up to six mean lags back; own-cell components through prefix sums
over each cell's events, whose cost grows with the events and not with their
square.

Pure numpy and scipy.sparse; deterministic (no random numbers in the fit).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from sterkte.anticipate.grid import FloatArray, Grid, IntArray
from sterkte.anticipate.smoothing import convolve, gaussian
from sterkte.errors import Msg

#: Pairs (child, parent) above which the fit refuses to run (memory, ~40 bytes a pair).
MAX_PAIRS = 20_000_000


@dataclass(frozen=True)
class Component:
    """One triggering component's starting values and the range of its mean lag (days)."""

    mean_lag_days: float
    min_lag_days: float
    max_lag_days: float
    branching: float = 0.1
    spread: float = 0.2
    #: Whether offspring may land in the ring around the parent's cell (else its cell only).
    spreads: bool = True


@dataclass(frozen=True)
class HawkesFit:
    """A fitted grid Hawkes process.

    ``background`` is events per day per raster cell (flat, ``grid.size``);
    per component ``branching`` (events per event), ``mean_lag_days`` and
    ``spread`` (share of offspring in the ring around the parent's cell).
    ``loglik`` is the Poisson log-likelihood of the window's daily counts
    (without the ``log n!`` terms), per event.
    """

    grid: Grid
    start: int
    end: int
    radius: int
    background: FloatArray
    branching: tuple[float, ...]
    mean_lag_days: tuple[float, ...]
    spread: tuple[float, ...]
    loglik: float
    iterations: int
    converged: bool
    events: int

    @property
    def background_share(self) -> float:
        """Share of the window's events the fit attributes to the background."""
        total = float(self.background.sum()) * (self.end - self.start)
        return total / self.events if self.events else math.nan


def _offsets(radius: int) -> list[tuple[int, int]]:
    """Cell offsets (dx, dy): the cell itself first, then the ring within ``radius``."""
    ring = [(dx, dy) for dy in range(-radius, radius + 1) for dx in range(-radius, radius + 1)
            if (dx, dy) != (0, 0)]
    return [(0, 0), *ring]


def _pair_counts(day: IntArray, cell: IntArray, grid: Grid, radius: int, max_lag: int,
                 ring_max_lag: int) -> tuple[IntArray, IntArray]:
    """Every (child, parent) with the parent 1…max_lag days before in the child's cell, or
    1…ring_max_lag days before in its ring.

    Returned as (child, bin) with ``bin = 2 (lag - 1) + (0 own cell | 1 ring)``: the
    likelihood needs a pair's lag and kind only, not which parent it was.
    ``day`` and ``cell`` are sorted by (cell, day).
    """
    key = cell * (1 << 32) + day
    col = cell % grid.nx
    row = cell // grid.nx
    children, bins = [], []
    n_pairs = 0
    for dx, dy in _offsets(radius):
        reach = max_lag if (dx, dy) == (0, 0) else ring_max_lag
        ok = (col - dx >= 0) & (col - dx < grid.nx) & (row - dy >= 0) & (row - dy < grid.ny)
        idx = np.nonzero(ok)[0]
        pc = cell[idx] - dy * grid.nx - dx
        lo = np.searchsorted(key, pc * (1 << 32) + (day[idx] - reach), side="left")
        hi = np.searchsorted(key, pc * (1 << 32) + day[idx], side="left")
        counts = hi - lo
        total = int(counts.sum())
        n_pairs += total
        if n_pairs > MAX_PAIRS:
            most = f"{MAX_PAIRS:_}".replace("_", ".")
            raise ValueError(Msg(
                f"meer dan {most} paren van gebeurtenissen te beschouwen; gebruik een korter "
                "venster, een kleinere straal of grotere cellen",
                f"more than {MAX_PAIRS:,} event pairs to consider; use a shorter "
                "window, a smaller radius or larger cells"))
        if total == 0:
            continue
        child = np.repeat(idx, counts)
        first = np.repeat(lo - np.cumsum(counts) + counts, counts)
        parent = first + np.arange(total)
        kind = 0 if (dx, dy) == (0, 0) else 1
        children.append(child)
        bins.append(2 * (day[child] - day[parent] - 1) + kind)
    if not children:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    return np.concatenate(children), np.concatenate(bins)


def _ratio(mean_lag: float) -> float:
    """The geometric ratio ``a`` of a lag with mean ``1 / (1 - a)`` days."""
    return 1.0 - 1.0 / max(mean_lag, 1.0 + 1e-9)


class _Room:
    """How many events had how many days for offspring inside the window (a histogram:
    sums over events of a function of their room cost one term per distinct day)."""

    def __init__(self, room: IntArray) -> None:
        self.count = np.bincount(room).astype(np.float64)
        self.days = np.arange(self.count.size, dtype=np.float64)

    def inside(self, log_a: float) -> float:
        """Σ over events of ``1 - a^room``: offspring expected inside the window per unit θ."""
        return float(self.count @ -np.expm1(self.days * log_a))


def _best_ratio(weight: float, weighted_lag_excess: float, room: _Room,
                lo_lag: float, hi_lag: float) -> float:
    """M-step for one component's ratio ``a``, with ``θ`` profiled out.

    Maximises ``W log(1-a) + U log a - W log Σ_j (1 - a^m_j)`` where ``W`` is
    the component's expected offspring, ``U = Σ p (u - 1)`` and ``m_j`` the
    days each parent had for offspring inside the window. Golden-section
    search on the mean lag (the function is smooth and, in practice, unimodal).
    """
    def q(lag: float) -> float:
        a = _ratio(lag)
        inside = room.inside(math.log(a))
        if inside <= 0:
            return -math.inf
        return (weight * math.log(1 - a) + weighted_lag_excess * math.log(max(a, 1e-300))
                - weight * math.log(inside))

    lo, hi = math.log(lo_lag), math.log(hi_lag)
    g = (math.sqrt(5) - 1) / 2
    x1, x2 = hi - g * (hi - lo), lo + g * (hi - lo)
    f1, f2 = q(math.exp(x1)), q(math.exp(x2))
    for _ in range(40):
        if f1 >= f2:
            hi, x2, f2 = x2, x1, f1
            x1 = hi - g * (hi - lo)
            f1 = q(math.exp(x1))
        else:
            lo, x1, f1 = x1, x2, f2
            x2 = lo + g * (hi - lo)
            f2 = q(math.exp(x2))
    return math.exp((lo + hi) / 2)


def _smooth_background(counts: FloatArray, grid: Grid, bandwidth: float) -> FloatArray:
    if bandwidth <= 0:
        return counts
    return convolve(counts.reshape(grid.ny, grid.nx), gaussian(bandwidth)).ravel()


#: Largest exponent (natural log) the prefix sums may reach: e^600 is far below float64's max.
_MAX_EXPONENT = 600.0


class _OwnCellSums:
    """Σ over the earlier-day events of the same cell of ``a^(lag-1)`` and ``(lag-1) a^(lag-1)``.

    For events sorted by (cell, day): ``a^(d_i - 1 - d_j) = a^(d_i - 1 - b) · a^-(d_j - b)``
    with ``b`` the cell's first day, so both sums are prefix sums of the earlier events'
    ``a^-(d_j - b)`` (and ``(d_j - b)`` times it). Events on the same day are not each
    other's parents: a prefix stops at the first event of the day. The prefix sums run
    per cell (cells of similar size side by side in a padded matrix), never across cells,
    whose terms may differ by hundreds of orders of magnitude.
    """

    def __init__(self, day: IntArray, cell: IntArray) -> None:
        n = day.size
        idx = np.arange(n)
        new_cell = np.ones(n, dtype=bool)
        new_cell[1:] = cell[1:] != cell[:-1]
        new_day = new_cell.copy()
        new_day[1:] |= day[1:] != day[:-1]
        cell_start = np.maximum.accumulate(np.where(new_cell, idx, 0))
        day_start = np.maximum.accumulate(np.where(new_day, idx, 0))
        self.rel = (day - day[cell_start]).astype(np.float64)
        # Index of the last event of an earlier day in the same cell; -1 when none.
        self.last_parent = np.where(day_start > cell_start, day_start - 1, -1)
        starts = np.nonzero(new_cell)[0]
        lengths = np.diff(np.append(starts, n))
        width = 1 << np.ceil(np.log2(lengths)).astype(np.int64)
        self.blocks: list[tuple[IntArray, npt.NDArray[np.bool_]]] = []
        for w in np.unique(width):
            first = starts[width == w]
            cols = np.arange(int(w))
            inside = cols[None, :] < lengths[width == w][:, None]
            self.blocks.append((np.where(inside, first[:, None] + cols[None, :], 0), inside))

    def _prefix(self, values: FloatArray) -> FloatArray:
        out = np.zeros(values.size + 1)  # out[-1] stays 0: "no parent"
        for where, inside in self.blocks:
            out[where[inside]] = np.cumsum(np.where(inside, values[where], 0.0), axis=1)[inside]
        return out[self.last_parent]

    def at(self, a: float) -> tuple[FloatArray, FloatArray]:
        """Both sums per event for the geometric ratio ``a`` (0 < a < 1)."""
        log_a = math.log(a)
        w = np.exp(-self.rel * log_a)
        p = self._prefix(w)
        q = self._prefix(self.rel * w)
        scale = np.exp((self.rel - 1.0) * log_a)
        return scale * p, np.maximum(scale * ((self.rel - 1.0) * p - q), 0.0)


def fit_hawkes(
    day: IntArray,
    cell: IntArray,
    grid: Grid,
    start: int,
    end: int,
    components: Sequence[Component],
    radius: int = 1,
    background_bandwidth_cells: float = 0.0,
    max_iter: int = 200,
    tol: float = 1e-6,
) -> HawkesFit:
    """Fit the grid Hawkes process to the events with ``start <= day < end``.

    ``day`` are whole days, ``cell`` flat raster indices (``-1`` = off the
    raster, ignored). Stops when the log-likelihood per event changes by
    less than ``tol`` or after ``max_iter`` EM iterations (``iterations`` counts
    the M-steps taken).
    """
    if end <= start:
        raise ValueError(Msg("het schattingsvenster moet ten minste één dag bevatten",
                             "the fitting window must hold at least one day"))
    keep = (day >= start) & (day < end) & (cell >= 0) & (cell < grid.size)
    order = np.lexsort((day[keep], cell[keep]))
    d, c = day[keep][order], cell[keep][order]
    n = int(d.size)
    span = float(end - start)
    k_count = len(components)
    if n == 0:
        return HawkesFit(grid, start, end, radius, np.zeros(grid.size), tuple([0.0] * k_count),
                         tuple(x.mean_lag_days for x in components), tuple([0.0] * k_count),
                         0.0, 0, True, 0)
    # Own-cell components with a long enough lag are summed by prefix sums over each
    # cell's events (O(events)); the rest through explicit pairs, which near-repeats in
    # the ring need and whose number grows with the square of a cell's events.
    by_sums = [not x.spreads or radius == 0 for x in components]
    by_sums = [ok and span * -math.log(_ratio(x.min_lag_days)) <= _MAX_EXPONENT
               for ok, x in zip(by_sums, components, strict=True)]
    paired = [k for k in range(k_count) if not by_sums[k]]
    summed = [k for k in range(k_count) if by_sums[k]]
    # Pairs further apart than six times the longest mean lag carry < 0.3 % of a kernel.
    max_lag = int(min(span, max((components[k].max_lag_days for k in paired), default=1) * 6))
    ring_lag = int(min(max_lag, max((components[k].max_lag_days for k in paired
                                     if components[k].spreads), default=0) * 6))
    from scipy.sparse import csr_matrix

    child, bins = (_pair_counts(d, c, grid, radius if ring_lag else 0, max_lag, ring_lag)
                   if paired else (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)))
    # Pairs as counts per (event, lag and kind): λ and the M-step's sums are two products.
    pairs = csr_matrix((np.ones(child.size), (child, bins)), shape=(n, 2 * max_lag))
    excess = np.repeat(np.arange(max_lag, dtype=np.float64), 2)  # lag - 1 of each bin
    own = np.tile([True, False], max_lag)
    sums = _OwnCellSums(d, c)
    ring = max((2 * radius + 1) ** 2 - 1, 1)
    room = _Room(end - 1 - d)  # days each event had for offspring in the window
    # Starting background: the cell's share of events not given to triggering.
    trig0 = sum(x.branching for x in components)
    bg_counts = np.bincount(c, minlength=grid.size).astype(np.float64) * max(1 - trig0, 0.1)
    mu = _smooth_background(bg_counts, grid, background_bandwidth_cells) / span
    theta = np.array([x.branching for x in components], dtype=np.float64)
    lag = np.array([x.mean_lag_days for x in components], dtype=np.float64)
    nu = np.array([x.spread if radius > 0 and x.spreads else 0.0 for x in components],
                  dtype=np.float64)
    prev = -math.inf
    ll = -math.inf
    converged = False
    it = 0
    # The likelihood is evaluated before each M-step and once after the last, so the
    # reported value belongs to the parameters returned.
    while True:
        log_a = np.log(np.array([_ratio(x) for x in lag]))
        # Triggering weight of a pair in each bin, per paired component.
        table = {k: theta[k] * -np.expm1(log_a[k]) * np.exp(excess * log_a[k])
                 * np.where(own, 1.0 - nu[k], nu[k] / ring) for k in paired}
        # Per event, Σ a^(lag-1) and Σ (lag-1) a^(lag-1) over its own cell's earlier events.
        own_sums = {k: sums.at(math.exp(log_a[k])) for k in summed}
        trig = {k: theta[k] * -np.expm1(log_a[k]) * own_sums[k][0] for k in summed}
        lam = mu[c] + sum(trig.values(), np.zeros(n))
        if paired:
            lam = lam + pairs @ sum(table.values())
        lam = np.maximum(lam, 1e-300)
        compensator = float(mu.sum()) * span + float(
            sum(theta[k] * room.inside(log_a[k]) for k in range(k_count)))
        ll = (float(np.log(lam).sum()) - compensator) / n
        if abs(ll - prev) < tol:
            converged = True
            break
        if it >= max_iter:
            break
        it += 1
        prev = ll
        # E-step: each event's intensity shared out; per bin, the summed 1/λ of its children.
        inv = 1.0 / lam
        per_bin = pairs.T @ inv if paired else np.zeros(0)
        # M-step.
        mu = _smooth_background(np.bincount(c, mu[c] * inv, minlength=grid.size)
                                .astype(np.float64), grid, background_bandwidth_cells) / span
        for k in range(k_count):
            if k in table:
                resp = table[k] * per_bin  # expected offspring of component k, per bin
                w, u = float(resp.sum()), float(resp @ excess)
            else:
                w = float(trig[k] @ inv)
                u = float(theta[k] * -np.expm1(log_a[k]) * (own_sums[k][1] @ inv))
            if w <= 1e-12:
                theta[k] = 0.0
                continue
            comp = components[k]
            lag[k] = _best_ratio(w, u, room, comp.min_lag_days, comp.max_lag_days)
            theta[k] = w / max(room.inside(math.log(_ratio(lag[k]))), 1e-12)
            if radius > 0 and comp.spreads and k in table:
                nu[k] = float(resp[~own].sum()) / w
    return HawkesFit(grid, start, end, radius, mu, tuple(float(x) for x in theta),
                     tuple(float(x) for x in lag), tuple(float(x) for x in nu), ll, it,
                     converged, n)


def _spread(raster: FloatArray, grid: Grid, radius: int, nu: float) -> FloatArray:
    """Offspring placement: ``1 - ν`` in the cell, ``ν / N`` in each ring cell (flat raster)."""
    if radius == 0 or nu == 0:
        return raster
    r2 = raster.reshape(grid.ny, grid.nx)
    ring = np.ones((2 * radius + 1, 2 * radius + 1))
    ring[radius, radius] = 0.0
    around = convolve(r2, ring).ravel()
    n = ring.size - 1
    return np.asarray((1 - nu) * raster + (nu / n) * around, dtype=np.float64)


def expected_counts(
    fit: HawkesFit, day: IntArray, cell: IntArray, origin: int, horizon: int
) -> FloatArray:
    """Expected events per raster cell (flat) in days ``[origin, origin + horizon)``.

    Parents are the events before ``origin`` back to the fit's window start;
    the events expected inside the horizon trigger in turn (the expected
    intensity of a linear Hawkes process, day by day).
    """
    g = fit.grid
    keep = (day >= fit.start) & (day < origin) & (cell >= 0) & (cell < g.size)
    d, c = day[keep], cell[keep]
    states = []
    for k, lag in enumerate(fit.mean_lag_days):
        a = _ratio(lag)
        # Σ_j a^(origin - 1 - d_j) per cell: the excitation carried into the horizon.
        w = np.power(a, (origin - 1 - d).astype(np.float64))
        states.append((k, a, np.bincount(c, w, minlength=g.size).astype(np.float64)))
    total = np.zeros(g.size)
    for _ in range(horizon):
        rate = fit.background.copy()
        for k, a, s in states:
            rate += fit.branching[k] * (1 - a) * _spread(s, g, fit.radius, fit.spread[k])
        total += rate
        for i, (k, a, s) in enumerate(states):
            states[i] = (k, a, a * s + rate)
    return total
