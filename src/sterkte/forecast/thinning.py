"""Compiled inner loop of the sampled engine: binomial thinning of groups of cells.

The sampled engine spends its time here: every month, for every sample, unit and
group of cells that share a hazard (an age band, the cohorts in a programme year),
it draws how many leave and spreads them over the group's cells. In numpy that is a
dozen passes and a call per cell row; compiled (numba, without the GIL, so blocks run
in parallel on threads) it is two passes and one binomial draw per column. The
draws come from the block's own ``numpy.random.Generator``, so results stay
reproducible for a seed wherever a block runs.

Compiled on first use and cached next to this file (``cache=True``); the first call
in a fresh environment takes about two seconds. Where numba is not installed (it
follows new Python versions with a delay; the dependency is limited to the versions
it supports) or ``STERKTE_NUMBA=0`` is set, :func:`thin_groups_numpy` does the same
thinning in plain numpy: the same law, other draws, about twice as slow.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import cast

import numpy as np
from numpy.typing import NDArray

from sterkte.forecast.bitgen import Source, binomial, uniform
from sterkte.numba_jit import numba_or_none

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]

INVERSION_BELOW = 30.0  # mean n·p up to which binomials are drawn by inversion (as numpy)
# 1/x for the inversion's steps: x never exceeds its bound n·p + 10·√(30·q + 1) < 86
_RECIPROCAL = 1.0 / np.maximum(np.arange(128, dtype=np.float64), 1.0)


def _binomial(gen: Source, n: int, p: float, log_q: float, odds: float,
              slack: float) -> int:
    """One Binomial(n, p) draw for 0 < p ≤ 1/2, given ``log_q = log(1 − p)``,
    ``odds = p/(1 − p)`` and ``slack = 10·√(30·(1 − p) + 1)`` (worked out once per
    hazard, not per draw).

    Means n·p up to 30 are drawn by inversion (BINV, Kachitvichyanukul and Schmeiser
    1988; numpy's own method there, with the same uniforms, so the same draws) with
    the step's division replaced by a table of reciprocals; larger means go to the
    generator's BTPE. About 1.5x faster than numpy's binomial. The inversion restarts
    beyond n·p + ``slack`` (a guard against rounding in the far tail, probability
    < 1e-16; numpy's bound is n·p + 10·√(n·p·(1 − p) + 1), never larger)."""
    if n == 0:
        return 0
    mean = n * p
    if mean > INVERSION_BELOW:
        return binomial(gen, n, p)
    qn = math.exp(n * log_q)
    bound = min(float(n), mean + slack)
    x = 0
    px = qn
    u = uniform(gen)
    while u > px:
        x += 1
        if x > bound:
            x = 0
            px = qn
            u = uniform(gen)
        else:
            u -= px
            px = px * ((n - x + 1) * odds) * _RECIPROCAL[x]
    return x


def _thin_groups(cells: F64, p: F64, spans: I64, out: F64, total: F64, remove: bool,
                 gen: np.random.Generator) -> None:
    """Leavers per cell for the rows ``spans[g, 0]:spans[g, 1]`` of each group g.

    ``cells [b, M]`` holds whole persons per cell (row) and column (sample × category
    × unit); the hazard of group g in column j is ``p[g, j % P]`` (``p [G, P]``: the
    same for every sample). Per group and column the number leaving is binomial in
    the group's total (the exact law of the total when every cell has the same
    hazard), then spread over the group's cells by systematic sampling: row i gets
    ``⌊k·cum_i/tot + u⌋ − ⌊k·cum_{i−1}/tot + u⌋`` with one uniform u per group and
    column — whole, adding up to k, with mean ``k·n_i/tot``, and never more than the
    cell holds.

    The leavers are written to ``out`` (zeros, ``[b, M]``; or ``[0, M]``: not kept),
    added up per column in ``total [M]``, and with ``remove`` taken out of ``cells``.
    """
    m = cells.shape[1]
    period = p.shape[1]
    keep = out.shape[0] > 0
    # per hazard: drawn as Binomial(n, min(h, 1 − h)), flipped when h > 1/2
    small = np.empty(period)
    log_q = np.empty(period)
    odds = np.empty(period)
    slack = np.empty(period)
    tot = np.empty(m)
    scale = np.empty(m)
    u = np.empty(m)
    cum = np.empty(m)
    prev = np.empty(m)
    for g in range(spans.shape[0]):
        a, b = spans[g, 0], spans[g, 1]
        for c in range(period):
            h = min(p[g, c], 1.0 - p[g, c])
            small[c] = h
            if h > 0.0:
                log_q[c] = math.log(1.0 - h)  # as numpy computes it: the same draws
                odds[c] = h / (1.0 - h)
                slack[c] = 10.0 * math.sqrt(30.0 * (1.0 - h) + 1.0)
        tot[:] = 0.0
        for i in range(a, b):
            for j in range(m):
                tot[j] += cells[i, j]
        drawn = False
        for j in range(m):
            k = 0.0
            c = j % period
            h = p[g, c]
            if tot[j] > 0.0 and h > 0.0:
                if h >= 1.0:
                    k = tot[j]
                else:
                    k = float(_draw(gen, int(tot[j]), small[c], log_q[c], odds[c], slack[c]))
                    if h > 0.5:
                        k = tot[j] - k  # drawn were those who stay
            scale[j] = k / tot[j] if k > 0.0 else 0.0
            u[j] = uniform(gen) if k > 0.0 else 0.0
            drawn = drawn or k > 0.0
            total[j] += k
            cum[j] = 0.0
            prev[j] = 0.0
        if not drawn:
            continue
        for i in range(a, b):
            for j in range(m):
                if scale[j] > 0.0:
                    n_ij = cells[i, j]
                    cum[j] += n_ij
                    f = math.floor(cum[j] * scale[j] + u[j])
                    d = f - prev[j]
                    prev[j] = f
                    if d > n_ij:  # float ties only: never more than the cell holds
                        total[j] -= d - n_ij
                        d = n_ij
                    if keep:
                        out[i, j] = d
                    if remove:
                        cells[i, j] = n_ij - d


def thin_groups_numpy(cells: F64, p: F64, spans: I64, out: F64, total: F64, remove: bool,
                      gen: np.random.Generator) -> None:
    """:func:`_thin_groups` in plain numpy, for where numba is not available: the same
    arguments, the same law (binomial group totals, systematic spreading), other draws."""
    m = cells.shape[1]
    period = p.shape[1]
    for g in range(spans.shape[0]):
        a, b = int(spans[g, 0]), int(spans[g, 1])
        rows = cells[a:b]
        cum = np.empty_like(rows)
        cum[0] = rows[0]
        for i in range(1, b - a):  # row by row: faster than cumsum along a short axis
            np.add(cum[i - 1], rows[i], out=cum[i])
        tot = cum[-1]
        h = np.tile(p[g], m // period)
        live = (tot > 0) & (h > 0)
        if not live.any():
            continue
        n = tot[live].astype(np.int64)
        hl = h[live]
        drawn = gen.binomial(n, np.minimum(hl, 1.0 - hl))
        k = np.zeros(m)
        k[live] = np.where(hl > 0.5, n - drawn, drawn)  # above 1/2: drawn were who stay
        scale = k / np.where(tot > 0, tot, 1.0)
        f = np.floor(cum * scale + gen.random(m))
        d = np.minimum(np.diff(f, axis=0, prepend=np.zeros((1, m))), rows)
        total += d.sum(axis=0)
        if out.shape[0] > 0:
            out[a:b] = d
        if remove:
            rows -= d


ThinKernel = Callable[[F64, F64, I64, F64, F64, bool, np.random.Generator], None]


_jit = numba_or_none()
COMPILED = _jit is not None
if _jit is not None:
    _draw = _jit.njit(cache=True, nogil=True, inline="always")(_binomial)  # per draw
    thin_groups = cast(ThinKernel, _jit.njit(cache=True, nogil=True)(_thin_groups))
else:
    _draw = _binomial
    thin_groups = thin_groups_numpy


def _binomials(gen: np.random.Generator, n: I64, p: float, out: I64) -> None:
    """``out[j]`` := one Binomial(n[j], p) draw each (0 < p ≤ 1/2), as the kernel draws."""
    log_q = math.log(1.0 - p)
    odds = p / (1.0 - p)
    slack = 10.0 * math.sqrt(30.0 * (1.0 - p) + 1.0)
    for j in range(n.size):
        out[j] = _draw(gen, n[j], p, log_q, odds, slack)


binomials = cast(Callable[[np.random.Generator, I64, float, I64], None],
                 _jit.njit(cache=True, nogil=True)(_binomials) if _jit else _binomials)
