"""Binomial draws for the compiled forecast kernel (:mod:`sterkte.forecast.compiled`).

By inversion — exact, as any inversion — from 0 for small means (numpy's BINV, as
:mod:`sterkte.forecast.thinning`) and from the mode for means of :data:`MODAL_FROM` and
more (about √(n·p) steps instead of n·p). The constants of a hazard are worked out once
per hazard (:func:`_hazard`), not per draw. Compiled with numba where it is installed
(the kernel calls them compiled); plain Python otherwise, unused then.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from sterkte.forecast.bitgen import Source, binomial, uniform
from sterkte.forecast.thinning import _draw, _jit

F64 = NDArray[np.float64]


def _hazard(h: float) -> tuple[float, float, float, float, float]:
    """The constants of Binomial(·, h) draws, worked out once per hazard (not per draw):
    (p = min(h, 1 − h), log(1 − p), p / (1 − p), 10·√(30·(1 − p) + 1), log p)."""
    p = h if h <= 0.5 else 1.0 - h
    if p <= 0.0:
        return 0.0, 0.0, 0.0, 0.0, 0.0
    return (p, math.log(1.0 - p), p / (1.0 - p), 10.0 * math.sqrt(30.0 * (1.0 - p) + 1.0),
            math.log(p))


MODAL_FROM = 8.0  # mean n·p from which binomials are drawn by inversion from the mode


def _mode_mass(n: int, p: float, log_q: float, log_p: float, table: F64) -> float:
    """P(X = m) for X ~ Binomial(n, p) and m its mode (:func:`_modal`), from ``table[0, k]
    = log k!``: one exp, the same for every draw of the same n (the kernel keeps it)."""
    m = min(int((n + 1) * p), n)
    return math.exp(table[0, n] - table[0, m] - table[0, n - m] + m * log_p + (n - m) * log_q)


def _modal(gen: Source, n: int, p: float, fm: float, odds: float, table: F64) -> int:
    """One Binomial(n, p) draw (0 < p ≤ 1/2) by inversion from the mode: the outcomes are
    taken in the fixed order m, m + 1, m − 1, m + 2, m − 2, … (m the mode, ``fm`` its
    mass, :func:`_mode_mass`) and the first whose cumulative probability exceeds one
    uniform is returned — exact, as any inversion, and about √(n·p) steps instead of n·p
    from 0. ``table[1, k] = 1/k`` (the steps multiply: no division in the loop)."""
    m = min(int((n + 1) * p), n)
    inv_odds = 1.0 / odds
    while True:
        u = uniform(gen)
        if u < fm:
            return m
        u -= fm
        lo = m
        hi = m
        flo = fm
        fhi = fm
        while lo > 0 or hi < n:
            if hi < n:
                fhi *= (n - hi) * table[1, hi + 1] * odds
                hi += 1
                if u < fhi:
                    return hi
                u -= fhi
            if lo > 0:
                flo *= lo * table[1, n - lo + 1] * inv_odds
                lo -= 1
                if u < flo:
                    return lo
                u -= flo
            if fhi < 1e-300 and flo < 1e-300:
                break  # u beyond the rounded total (probability ~1e-15): draw again
        # every outcome passed without u falling in one: rounding; draw again


def _binom(gen: Source, n: float, h: float, p: float, log_q: float, odds: float,
           slack: float) -> float:
    """One Binomial(n, h) draw for whole n ≥ 0 and 0 ≤ h ≤ 1, with :func:`_hazard`'s
    constants: drawn with min(h, 1 − h) and flipped above 1/2 (as the thinning kernel),
    by inversion from 0 (:func:`sterkte.forecast.thinning._binomial`)."""
    if n <= 0.0 or h <= 0.0:
        return 0.0
    if h >= 1.0:
        return n
    x = float(_draw(gen, int(n), p, log_q, odds, slack))
    return x if h <= 0.5 else n - x


def _binv(gen: Source, n: int, p: float, qn: float, odds: float, slack: float,
          recip: F64) -> int:
    """Binomial(n, p) by inversion from 0 (BINV, as
    :func:`sterkte.forecast.thinning._binomial`), given ``qn = (1 − p)^n`` from a table
    (no exp per draw) and ``recip[k] = 1/k``; means above 30 go to the generator."""
    mean = n * p
    if mean > 30.0:
        return binomial(gen, n, p)
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
            px = px * ((n - x + 1) * odds) * recip[x]
    return x


def _binom_modal(gen: Source, n: float, h: float, p: float, log_q: float,
                 odds: float, slack: float, log_p: float, log_fact: F64) -> float:
    """:func:`_binom` drawn from the mode (:func:`_modal`) when the mean is at least
    :data:`MODAL_FROM` (and n within the table), from 0 below it. A separate function:
    the groups with small means (almost all of the national model) keep the lean
    :func:`_binom` in their loop."""
    if n <= 0.0 or h <= 0.0:
        return 0.0
    if h >= 1.0:
        return n
    whole = int(n)
    if whole * p >= MODAL_FROM and whole < log_fact.shape[1] - 1:
        fm = _mode_mass(whole, p, log_q, log_p, log_fact)
        x = float(_modal(gen, whole, p, fm, odds, log_fact))
    else:
        x = float(_draw(gen, whole, p, log_q, odds, slack))
    return x if h <= 0.5 else n - x


_LOG_FACT: list[F64] = []


def log_factorials() -> F64:
    """``[log k!, 1/k]`` for k < 2¹⁷ (a group of more persons is drawn by inversion from
    0), worked out once per process."""
    if not _LOG_FACT:
        k = np.arange(2**17, dtype=np.float64)
        table = np.zeros((2, 2**17))
        table[0, 1:] = np.cumsum(np.log(k[1:]))
        table[1, 1:] = 1.0 / k[1:]
        _LOG_FACT.append(table)
    return _LOG_FACT[0]


if _jit is not None:
    # inlined where they are called (per draw): a call passes the generator, whose
    # reference count is then kept with an atomic operation per draw
    _inline = _jit.njit(cache=True, nogil=True, inline="always")
    _hazard = _inline(_hazard)
    _mode_mass = _inline(_mode_mass)
    _modal = _inline(_modal)
    _binom = _inline(_binom)
    _binom_modal = _inline(_binom_modal)
    _binv = _inline(_binv)
