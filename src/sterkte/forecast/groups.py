"""Thinning groups of cells in the compiled forecast kernel (:mod:`sterkte.forecast.compiled`).

A group is a run of rows (birth years, cohorts) of one unit and category that share a
hazard. Its leavers per sample are Binomial(group total, h) (:func:`draw_group`), then
spread over its rows by systematic sampling (whole, adding up, mean in proportion to each
row's stock, never more than a row holds). Drawing and spreading are separate so that
the spreading of two groups over the same rows (OS and NOS of an age band) runs in one
pass over the rows (:func:`remove_two`, :func:`move_two`): the draws keep their order in
the stream (all of the first group's samples, then the second's), and every row gets the
same arithmetic as when each group was spread in a pass of its own, so the results are
the same numbers.

Scratch per group: ``w [6, S]`` = leavers, group total, scale, shift, running sum, last
floor. The sample axis is innermost, so passes over the rows run over contiguous memory.
Compiled with numba where it is installed (the kernel calls them compiled).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from sterkte.forecast.bitgen import Source, uniform
from sterkte.forecast.draws import (
    MODAL_FROM,
    _binom,
    _binom_modal,
    _hazard,
    _modal,
    _mode_mass,
)
from sterkte.forecast.thinning import _jit

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]


def draw_group(h: float, gen: Source, w: F64, log_fact: F64) -> bool:
    """Leavers per sample, Binomial(``w[1, s]``, h), into ``w[0]``; the spreading's scale
    and shift into ``w[2]``, ``w[3]`` (one uniform per sample with leavers, drawn right
    after its binomial); running sums reset. False when nobody leaves in any sample."""
    n_s = w.shape[1]
    k, tot, scale, shift, cum, prev = w[0], w[1], w[2], w[3], w[4], w[5]
    p, log_q, odds, slack, log_p = _hazard(h)
    most = 0.0
    least = math.inf
    for s in range(n_s):
        most = max(most, tot[s])
        least = min(least, tot[s])
    modal = most * p >= MODAL_FROM
    # from the mode: its mass once per group size (samples share sizes), not per draw
    lo = int(least) if modal else 0
    mass = np.full(int(most) - lo + 1 if modal else 0, -1.0)
    drawn = False
    for s in range(n_s):
        n = tot[s]
        if modal and n * p >= MODAL_FROM and n < log_fact.shape[1] - 1:  # as _binom_modal
            whole = int(n)
            if mass[whole - lo] < 0.0:
                mass[whole - lo] = _mode_mass(whole, p, log_q, log_p, log_fact)
            x = float(_modal(gen, whole, p, mass[whole - lo], odds, log_fact))
            k[s] = x if h <= 0.5 else n - x
        elif modal:
            k[s] = _binom_modal(gen, n, h, p, log_q, odds, slack, log_p, log_fact)
        else:
            k[s] = _binom(gen, tot[s], h, p, log_q, odds, slack)
        if k[s] > 0.0:
            scale[s] = k[s] / tot[s]
            shift[s] = uniform(gen)
            drawn = True
        else:
            scale[s] = 0.0
            shift[s] = 0.0
        cum[s] = 0.0
        prev[s] = 0.0
    return drawn


def group_total(cells: F64, a: int, b: int, c: int, u: int, w: F64) -> None:
    """``w[1, s]`` := the sum of rows ``a:b`` of ``cells[:, c, u, s]``."""
    tot = w[1]
    tot[:] = 0.0
    for i in range(a, b):
        row = cells[i, c, u]
        for s in range(tot.size):
            tot[s] += row[s]


def taken(n: float, s: int, k: F64, scale: F64, shift: F64, cum: F64, prev: F64) -> float:
    """One cell's share of a systematic removal: the persons of a cell holding ``n`` that
    the running total ``cum[s]`` (scaled, shifted) passes; ``k[s]`` is corrected where
    float ties would take more than the cell holds. Inlined into the passes below."""
    cum[s] += n
    f = np.floor(cum[s] * scale[s] + shift[s])  # a float: no round trip via int
    d = f - prev[s]
    prev[s] = f
    e = min(d, n)  # float ties only: never more than the cell holds
    k[s] -= d - e
    return float(e)


def remove_one(cells: F64, a: int, b: int, c: int, u: int, w: F64) -> None:
    """Spread the drawn leavers ``w[0]`` over rows ``a:b`` of ``cells[:, c, u]`` and take
    them out (``w[0]`` is corrected where float ties would take more than a row holds)."""
    k, scale, shift, cum, prev = w[0], w[2], w[3], w[4], w[5]
    for i in range(a, b):
        row = cells[i, c, u]
        for s in range(k.size):
            n = row[s]
            row[s] = n - taken(n, s, k, scale, shift, cum, prev)


def remove_two(people: F64, a: int, b: int, u: int, wo: F64, wn: F64) -> None:
    """:func:`remove_one` of OS (``wo``) and of NOS (``wn``) over birth years ``a:b`` of
    ``people[:, :, u]``, in one pass (the two spreadings touch different cells)."""
    ko, sco, sho, cuo, pro = wo[0], wo[2], wo[3], wo[4], wo[5]
    kn, scn, shn, cun, prn = wn[0], wn[2], wn[3], wn[4], wn[5]
    for i in range(a, b):
        o, q = people[i, 0, u], people[i, 1, u]
        for s in range(ko.size):
            n = o[s]
            o[s] = n - taken(n, s, ko, sco, sho, cuo, pro)
            m = q[s]
            q[s] = m - taken(m, s, kn, scn, shn, cun, prn)


def move_two(people: F64, a: int, b: int, u: int, wo: F64, wn: F64, moved: F64,
             arrive: bool) -> None:
    """OS → NOS (``wo``) and NOS → OS (``wn``) over birth years ``a:b`` of
    ``people[:, :, u]`` in one pass: each row's movers are spread from its stock before
    anybody moves. With ``arrive`` they change category at once; without, they are taken
    out and kept in ``moved[i, 0]`` (OS → NOS), ``moved[i, 1]`` (NOS → OS) until
    :func:`arrive_moved` (those moving cannot also go to training)."""
    ko, sco, sho, cuo, pro = wo[0], wo[2], wo[3], wo[4], wo[5]
    kn, scn, shn, cun, prn = wn[0], wn[2], wn[3], wn[4], wn[5]
    for i in range(a, b):
        o, q = people[i, 0, u], people[i, 1, u]
        mo, mq = moved[i, 0], moved[i, 1]
        for s in range(ko.size):
            n, m = o[s], q[s]
            e = taken(n, s, ko, sco, sho, cuo, pro)
            y = taken(m, s, kn, scn, shn, cun, prn)
            if arrive:
                o[s] = n + (y - e)
                q[s] = m + (e - y)
            else:
                o[s] = n - e
                q[s] = m - y
                mo[s] = e
                mq[s] = y


def remove_and_arrive(people: F64, a: int, b: int, u: int, w: F64, moved: F64) -> None:
    """:func:`remove_one` of OS (``w``: to training) over birth years ``a:b``, and in the
    same pass the movers kept by :func:`move_two` arrive in their new category."""
    k, scale, shift, cum, prev = w[0], w[2], w[3], w[4], w[5]
    for i in range(a, b):
        o, q = people[i, 0, u], people[i, 1, u]
        mo, mq = moved[i, 0], moved[i, 1]
        for s in range(k.size):
            n = o[s]
            e = taken(n, s, k, scale, shift, cum, prev)
            o[s] = (n - e) + mq[s]
            q[s] += mo[s]


def spread(people: F64, k: F64, rows: I64, cum_share: F64, c: int, u: int,
           gen: Source, w: F64) -> None:
    """Add ``k[s]`` persons to ``people[rows[i], c, u, s]`` by the cumulative shares
    (systematic sampling: whole, adding up to k[s], mean k[s] × share)."""
    n_s = k.size
    shift, prev = w[3], w[5]
    for s in range(n_s):
        shift[s] = uniform(gen) if k[s] > 0.0 else 0.0
        prev[s] = 0.0
    for i in range(rows.size):
        dest = people[rows[i], c, u]
        q = cum_share[i]
        for s in range(n_s):
            f = np.floor(k[s] * q + shift[s])
            dest[s] += f - prev[s]
            prev[s] = f


if _jit is not None:
    _fast = _jit.njit(cache=True, nogil=True)
    taken = _jit.njit(cache=True, nogil=True, inline="always")(taken)
    draw_group = _fast(draw_group)
    group_total = _fast(group_total)
    remove_one = _fast(remove_one)
    remove_two = _fast(remove_two)
    move_two = _fast(move_two)
    remove_and_arrive = _fast(remove_and_arrive)
    spread = _fast(spread)
