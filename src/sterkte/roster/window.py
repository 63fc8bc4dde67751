"""A person's best schedule over a window of days, the rest of the schedule held.

On a long horizon a person's shortest path over every day may not fit in memory
(a year with 32 shift types: 4–6 million states before any counter, where
:data:`sterkte.roster.pricing.MAX_STATES` is 4 million), and where it fits it is
slow. Over a window of a few weeks, with the schedule before and after it held, the
path needs only what the window can still change: the minutes, weekends and
counters left by the days outside it, the run of work or of days off it continues
from the day before, and which runs the day after can follow. So the state space
is that of a few weeks, whatever the horizon (:func:`window_space`).

Windows start on a Monday and end on a Monday or at the horizon's end, so that no
weekend is split. Every schedule a window returns is checked over the whole horizon
by :func:`valid` (the same rules as the shortest path, written out directly) before
it is used.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from typing import cast

import numpy as np

from sterkte.numba_jit import numba_or_none
from sterkte.roster.pricing import I8, I64, PersonSpace

NEVER = -(10**9)  # a lead no run length reaches: the run did not begin on day 0

Edge = tuple[int, int, I8]  # start status, lead, end statuses allowed


def rolling(days: int, span: int, look: int) -> list[tuple[int, int, int]]:
    """Windows ``(a, b, keep)`` of a rolling horizon over ``days`` days: days ``a``
    to ``b`` (exclusive) planned, ``a`` to ``keep`` kept; the next window starts at
    ``keep``, so with ``span`` a multiple of 7 every window starts on a Monday. The
    last window runs to the horizon's end and keeps all of it."""
    out = []
    a = 0
    while a < days:
        if a + span + look >= days:
            out.append((a, days, days))
            break
        out.append((a, a + span + look, a + span))
        a += span
    return out


def _run(path: I64, d: int, step: int, working: bool) -> int:
    """Days in a row from ``d`` (towards ``step``: 1 ahead, -1 back) that are worked (or
    off). Compiled with :func:`valid` (below); also the day's options'
    (:mod:`sterkte.roster.daymove`)."""
    n = 0
    x = d
    while 0 <= x < path.shape[0] and (path[x] >= 0) == working:
        n += 1
        x += step
    return n


def _totals(path: I64, units: I64, weight: I64, counts: I64) -> int:
    """The units of minutes ``path`` works (returned) and each counter's count (written
    to ``counts``)."""
    counts[:] = 0
    used = 0
    for x in range(path.shape[0]):
        s = path[x]
        if s >= 0:
            used += units[s]
            for k in range(counts.shape[0]):
                counts[k] += weight[k, x, s]
    return used


_jit = numba_or_none()
if _jit is not None:
    _run = _jit.njit(cache=True, nogil=True)(_run)
    _totals = _jit.njit(cache=True, nogil=True)(_totals)


def window_space(space: PersonSpace, path: I64, a: int, b: int, min_share: float = 1.0,
                 wk_share: float = 1.0, max_share: float = 1.0
                 ) -> tuple[PersonSpace, Edge] | None:
    """The person's rules over days ``a`` to ``b`` (exclusive) with ``path`` held on
    the other days: a space of ``b - a`` days and its edge for
    :func:`sterkte.roster.pricing.best_schedules`. ``min_share`` of the minimum minutes
    must be reached, and at most ``wk_share`` of the weekends worked (a roster built
    window by window asks a window for its share only, and leaves the later windows
    the weekends they need to reach theirs); at most ``max_share`` of the maximum
    minutes and of each counter's cap (so that a roster built window by window does not
    spend a person's minutes and nights in the first months and leave the last ones
    uncovered). None when the days outside already break a limit."""
    days = space.days
    outside = path.copy()
    outside[a:b] = -1
    worked = outside >= 0
    out_units = int(space.units[outside[worked]].sum())
    max_units = space.max_units - out_units
    min_units = max(0, int(np.ceil(space.min_units * min_share)) - out_units)
    max_wk = space.max_weekends
    if max_wk >= 0:
        out_wk = sum(1 for sat in range(5, days, 7)
                     if any(worked[d] for d in (sat, sat + 1) if d < days))
        max_wk -= out_wk
        if wk_share < 1.0:
            max_wk = min(max_wk, math.ceil(space.max_weekends * wk_share) - out_wk)
    caps = [int(space.cap[k]) - space.count(k, outside) for k in range(space.cap.shape[0])]
    if max_units < 0 or (space.max_weekends >= 0 > max_wk) or any(c < 0 for c in caps):
        return None
    if max_share < 1.0:
        max_units = max(0, min(max_units, math.ceil(space.max_units * max_share) - out_units))
        caps = [max(0, min(c, math.ceil(int(space.cap[k]) * max_share)
                           - (int(space.cap[k]) - c))) for k, c in enumerate(caps)]
    weight = space.weight[:, a:b]
    keep = [k for k in range(len(caps))
            if caps[k] < int((weight[k] * space.allowed[a:b]).sum())]  # can still bind
    caps_kept = [caps[k] for k in keep]
    order = sorted(range(len(keep)), key=lambda i: caps_kept[i])
    sub = replace(space, allowed=space.allowed[a:b].copy(), min_units=min_units,
                  max_units=max_units, max_weekends=max_wk,
                  weight=(np.ascontiguousarray(weight[[keep[i] for i in order]])
                          if keep else np.zeros((0, b - a, space.n_shift), dtype=np.int64)),
                  cap=np.array([caps_kept[i] for i in order], dtype=np.int64),
                  base=space.base[a:b].copy())
    return sub, _edge(space, path, a, b)


def _edge(space: PersonSpace, path: I64, a: int, b: int) -> Edge:
    n_off = max(1, space.min_off)
    runs = max(1, space.max_cons)
    days = space.days
    lead = NEVER
    if a == 0:
        start, lead = n_off - 1, 0
    elif path[a - 1] >= 0:
        r0 = _run(path, a - 1, -1, True)
        start = n_off + int(space.shift_class[path[a - 1]]) * runs + min(r0, runs) - 1
        if r0 == a:
            lead = r0
    else:
        k = _run(path, a - 1, -1, False)
        start = n_off - 1 if k == a else min(k, n_off) - 1
    ok = np.ones(space.n_status, dtype=np.int8)
    if b >= days:
        return start, lead, ok
    t = int(path[b])
    length = _run(path, b, 1, t >= 0)
    to_end = b + length == days
    for status in range(space.n_status):
        if status < n_off:  # days off up to day b - 1
            k = status + 1
            long_enough = status == n_off - 1  # min_off reached, or from day 0
            if t >= 0:
                fine = long_enough and (length >= space.min_cons or to_end)
            else:
                fine = long_enough or k + length >= space.min_off or to_end
        else:
            c = (status - n_off) // runs  # the class of the last shift
            r = (status - n_off) % runs + 1
            from_start = lead >= 0 and r == b - a + lead
            if t >= 0:
                fine = (space.forbid_by_class[c, t] == 0 and r + length <= space.max_cons
                        and (r + length >= space.min_cons or to_end or from_start))
            else:
                fine = ((r >= space.min_cons or from_start)
                        and (length >= space.min_off or to_end))
        ok[status] = fine
    return start, lead, ok


def valid(space: PersonSpace, path: I64, min_units: int | None = None) -> bool:
    """True when ``path`` keeps every rule of ``space`` over the whole horizon (runs
    touching the horizon's first or last day exempt from the minimum runs); with
    ``min_units``, that minimum instead of the space's (a roster still being built).
    Compiled (:func:`_valid`): in Python it took about 4 of a minute's 60 s on a
    year of 150 persons."""
    low = space.min_units if min_units is None else min_units
    return bool(_valid_kernel(np.ascontiguousarray(path, dtype=np.int64), space.allowed,
                              space.units, space.weight, space.cap, space.forbid, low,
                              space.max_units, space.max_weekends, space.min_cons,
                              space.max_cons, space.min_off))


def _valid(path: I64, allowed: I8, units: I64, weight: I64, cap: I64, forbid: I8,
           low: int, max_units: int, max_weekends: int, min_cons: int, max_cons: int,
           min_off: int) -> bool:
    """:func:`valid` as a kernel (compiled where numba is installed)."""
    days = path.shape[0]
    for d in range(days):
        if path[d] >= 0 and allowed[d, path[d]] == 0:
            return False
    counts = np.zeros(cap.shape[0], dtype=np.int64)
    used = _totals(path, units, weight, counts)
    if used < low or used > max_units:
        return False
    for k in range(cap.shape[0]):
        if counts[k] > cap[k]:
            return False
    if max_weekends >= 0:
        wk = 0
        for sat in range(5, days, 7):
            if path[sat] >= 0 or (sat + 1 < days and path[sat + 1] >= 0):
                wk += 1
        if wk > max_weekends:
            return False
    d = 0
    while d < days:
        working = path[d] >= 0
        n = _run(path, d, 1, working)
        inside = d > 0 and d + n < days
        if working:
            if n > max_cons or (inside and n < min_cons):
                return False
            for e in range(d, d + n - 1):
                if forbid[path[e], path[e + 1]] != 0:
                    return False
        elif inside and n < min_off:
            return False
        d += n
    return True


ValidKernel = Callable[[I64, I8, I64, I64, I64, I8, int, int, int, int, int, int], bool]
_valid_kernel = cast(ValidKernel, _jit.njit(cache=True, nogil=True)(_valid) if _jit
                     else _valid)
