"""One person's best schedule: a shortest path over the days with the person's rules.

Column generation (:mod:`sterkte.roster.columns`) asks, again and again, for each
person: which schedule over the horizon is cheapest at the current prices of the
cover cells? A schedule is a path through the days; the state after a day holds
what the person's rules need to know — the last shift worked and how long the
current run of work (or of days off) is, the minutes worked so far, the weekends
worked so far, and a few counters (shifts of a type, nights) — so each rule is a
test on a step of the path:

- days that must be off and shift types never worked: the step is not offered;
- shifts that may not follow each other, maximum consecutive shifts: from the last
  shift and the run length;
- minimum consecutive shifts and days off: when a run ends (runs touching the first
  or last day are exempt, as in :mod:`sterkte.roster.check`);
- maximum minutes, weekends and counters: the resource may not pass its limit;
  minimum minutes: only end states that reach it count.

Counters whose limits cannot all be held in the state (the state space would grow
too large) are priced by Lagrange multipliers instead (see :func:`best_schedules`);
a schedule is only returned when it keeps every limit.

The dynamic programme is compiled with numba where it is installed (as
:mod:`sterkte.forecast.thinning`; ``STERKTE_NUMBA=0`` switches it off) and runs
the same code in plain Python otherwise, about a hundred times slower.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import cast

import numpy as np
from numpy.typing import NDArray

from sterkte.numba_jit import numba_or_none

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]
I8 = NDArray[np.int8]
INF = 1e18
OFF = -1  # a day off in a schedule

# Counters go to Lagrange multipliers (tightest held first) beyond this many states
# (the DP keeps two arrays of costs over the state space, 8 bytes a state each). It
# visits and remembers only the states it reaches, so the limit is one of memory, not
# of time: on instance 8 every person's counters fit under it, where a limit of
# 60,000 states priced some by multipliers, missed schedules and proved no bound.
MAX_STATES = 4_000_000
# A quicker heuristic holds counters only up to this many states (the rest by
# multipliers): on instance 8 a person with 1.7 million states takes 0.1–0.3 s a path,
# with 60,000 about 10 ms. Column generation prices with it and turns to the exact
# path only to confirm that no column is left (:func:`sterkte.roster.columns._converge`).
QUICK_STATES = 60_000


def _price(days: int, n_shift: int, allowed: I8, act_cost: F64, units: I64, forbid: I8,
           cls: I64,
           max_cons: int, min_cons: int, min_off: int, min_units: int, max_units: int,
           max_wk: int, ctr_w: I64, ctr_cap: I64, n_best: int,
           out_paths: I64, out_cost: F64, cur: F64, nxt: F64, slot: I64, act: I64,
           act_next: I64, start_status: int, lead: int, end_ok: I8, half: float) -> int:
    """The DP. ``act_cost[d, 0]`` is the cost of a day off, ``act_cost[d, 1 + s]`` of
    shift ``s``; writes up to ``n_best`` cheapest schedules (shift index per day, -1
    off) into ``out_paths`` with their costs; returns how many. Only the states
    reached are visited (a list per day), so the work follows the reachable states,
    not the size of the state space; so does the memory of the predecessors (one
    label per state reached on a day: its shift and the label it came from).
    ``cur`` and ``nxt`` (at least as long as the state space, every entry ``INF``),
    ``slot``, ``act`` and ``act_next`` (as long) are work arrays a caller keeps
    between calls: filling arrays of millions of states on every call cost more than
    the search itself. They are left as they came (``INF``).

    The state holds the *class* of the last shift (``cls``), not the shift: shifts
    that every succession rule treats alike share one (``forbid[class, shift]``),
    so 32 shift types in four groups by time of day cost four, not 32. From a state,
    the shifts of a class with the same minutes and counter increments lead to the
    same next state, so only the cheapest of them that day is tried (on planted
    150 × 364 × 32, eight groups of 32 shifts).

    A window of a longer schedule (:mod:`sterkte.roster.window`) starts in
    ``start_status`` (the run it continues: status as in the state, below) and ends
    only in a status with ``end_ok`` set (one that the rest of the schedule can
    follow); a run of work present at day ``d`` is exempt from the minimum run when
    its length is ``d + lead`` (it began on the horizon's first day). The whole
    horizon: status ``max(1, min_off) - 1`` (off long enough), lead 0, every end.

    ``half``: a price on a weekend worked on one day only (Saturday without the Sunday
    or the Sunday without the Saturday; days 5 and 6 of each week from the first day,
    which is a Monday), for a person whose weekends are limited (see
    :func:`sterkte.roster.respond.half_weekend_price`); 0 for none."""
    n_off = max(1, min_off)
    runs = max(1, max_cons)
    n_m = max_units + 1
    n_w = max_wk + 1 if max_wk >= 0 else 1
    n_ctr = ctr_cap.shape[0]
    radix = np.ones(n_ctr + 1, dtype=np.int64)
    for k in range(n_ctr):
        radix[k + 1] = radix[k] * (ctr_cap[k] + 1)
    n_p = radix[n_ctr]
    lab_pred = np.empty(1 << 16, dtype=np.int64)
    lab_shift = np.empty(1 << 16, dtype=np.int64)
    # per day, the shifts that lead from any state to the same next state (same class,
    # minutes and counter increments) form a group; only its cheapest shift is tried
    grp_rep = np.empty(max(1, n_shift), dtype=np.int64)
    grp_best = np.empty(max(1, n_shift), dtype=np.int64)
    # before day 0: off for long enough (a first run of days off or of work is exempt)
    start = (start_status * n_m) * n_w * n_p
    cur[start] = 0.0
    act[0] = start
    lab_pred[0] = -1
    base = 0  # the label of the current list's first state
    n_act = 1
    for d in range(days):
        wd = d % 7
        n_next = 0
        # the day's groups in the order of their first allowed shift, each with its
        # cheapest shift (the first on ties): the states are reached, and their labels
        # set, exactly as by trying every shift in index order
        n_grp = 0
        for s in range(n_shift):
            if allowed[d, s] == 0:
                continue
            g = -1
            for h in range(n_grp):
                t = grp_rep[h]
                if cls[t] == cls[s] and units[t] == units[s]:
                    same = True
                    for k in range(n_ctr):
                        if ctr_w[k, d, t] != ctr_w[k, d, s]:
                            same = False
                            break
                    if same:
                        g = h
                        break
            if g < 0:
                grp_rep[n_grp] = s
                grp_best[n_grp] = s
                n_grp += 1
            elif act_cost[d, 1 + s] < act_cost[d, 1 + grp_best[g]]:
                grp_best[g] = s
        base_next = base + n_act
        for a in range(n_act):
            # at most one new label per shift and one for a day off
            if base_next + n_next + n_shift + 1 > lab_pred.shape[0]:
                size = 2 * lab_pred.shape[0]
                grown = np.empty(size, dtype=np.int64)
                grown[:base_next + n_next] = lab_pred[:base_next + n_next]
                lab_pred = grown
                grown = np.empty(size, dtype=np.int64)
                grown[:base_next + n_next] = lab_shift[:base_next + n_next]
                lab_shift = grown
            i = act[a]
            c = cur[i]
            p = i % n_p
            rest = i // n_p
            w = rest % n_w
            rest //= n_w
            m = rest % n_m
            status = rest // n_m
            working = status >= n_off
            if working:
                s0 = (status - n_off) // runs
                r = (status - n_off) % runs + 1
            else:
                s0 = -1
                r = status + 1
            # a day off
            if not working or r >= min_cons or r == d + lead:
                ns = 0 if working else min(r + 1, n_off) - 1
                j = ((ns * n_m + m) * n_w + w) * n_p + p
                v = c + act_cost[d, 0]
                if wd == 6 and working and max_wk >= 0:
                    v += half  # Saturday worked, Sunday off
                if v < nxt[j]:
                    if nxt[j] >= INF:
                        act_next[n_next] = j
                        slot[j] = n_next
                        n_next += 1
                    nxt[j] = v
                    lab_pred[base_next + slot[j]] = base + a
                    lab_shift[base_next + slot[j]] = -1
            # a shift
            if working and r >= runs:
                continue
            if not working and r < min_off:
                continue
            nw = w
            if max_wk >= 0 and (wd == 5 or (wd == 6 and not working)):
                nw = w + 1
                if nw >= n_w:
                    continue
            for g in range(n_grp):
                s = grp_best[g]
                if working and forbid[s0, s] != 0:  # s0: the class before
                    continue
                nm = m + units[s]
                if nm > max_units:
                    continue
                np_ = p
                ok = True
                for k in range(n_ctr):
                    inc = ctr_w[k, d, s]
                    if inc:
                        digit = (p // radix[k]) % (ctr_cap[k] + 1)
                        if digit + inc > ctr_cap[k]:
                            ok = False
                            break
                        np_ += inc * radix[k]
                if not ok:
                    continue
                ns = n_off + cls[s] * runs + (r if working else 0)
                j = ((ns * n_m + nm) * n_w + nw) * n_p + np_
                v = c + act_cost[d, 1 + s]
                if wd == 6 and not working and max_wk >= 0:
                    v += half  # Sunday worked, Saturday off
                if v < nxt[j]:
                    if nxt[j] >= INF:
                        act_next[n_next] = j
                        slot[j] = n_next
                        n_next += 1
                    nxt[j] = v
                    lab_pred[base_next + slot[j]] = base + a
                    lab_shift[base_next + slot[j]] = s
        for a in range(n_act):
            cur[act[a]] = INF
        cur, nxt = nxt, cur
        act, act_next = act_next, act
        base = base_next
        n_act = n_next
    # the cheapest end states that reach the minimum minutes
    found = 0
    for _ in range(n_best):
        best = -1
        best_v = INF
        for a in range(n_act):
            i = act[a]
            if cur[i] < best_v:
                m = (i // n_p // n_w) % n_m
                if m >= min_units and end_ok[i // n_p // n_w // n_m] != 0:
                    best_v = cur[i]
                    best = a
        if best < 0:
            break
        cur[act[best]] = INF  # taken: not again
        lab = base + best
        for d in range(days - 1, -1, -1):
            out_paths[found, d] = lab_shift[lab]
            lab = lab_pred[lab]
        out_cost[found] = best_v
        found += 1
    for a in range(n_act):
        cur[act[a]] = INF
    return found


PriceKernel = Callable[..., int]


class _Work(threading.local):
    """The DP's work arrays, kept per thread between calls (see :func:`_price`)."""

    def __init__(self) -> None:
        self.size = 0
        self.arrays: tuple[F64, F64, I64, I64, I64] | None = None

    def get(self, n_state: int) -> tuple[F64, F64, I64, I64, I64]:
        if self.arrays is None or n_state > self.size:
            self.size = max(n_state, 2 * self.size)
            self.arrays = (np.full(self.size, INF), np.full(self.size, INF),
                           np.empty(self.size, dtype=np.int64),
                           np.empty(self.size, dtype=np.int64),
                           np.empty(self.size, dtype=np.int64))
        return self.arrays


_work = _Work()


_jit = numba_or_none()
COMPILED = _jit is not None
price = cast(PriceKernel, _jit.njit(cache=True, nogil=True)(_price) if _jit else _price)


@dataclass
class PersonSpace:
    """One person's rules as the DP needs them (see the module docstring). Shift
    indices are those of the problem's shift types; minutes are in units of
    ``unit`` minutes (the greatest common divisor of the shift lengths).

    ``counters`` are limits on a weighted count: ``weight[k, d, s]`` per shift ``s``
    on day ``d``, at most ``cap[k]`` over the horizon (shifts of a type, nights,
    Sundays worked, minutes in a block of days)."""

    employee: str
    allowed: I8          # days × shifts, 1 = may be worked
    units: I64           # per shift, minutes / unit
    forbid: I8           # shifts × shifts, 1 = the second may not follow the first
    max_cons: int
    min_cons: int
    min_off: int
    min_units: int
    max_units: int
    max_weekends: int    # -1 = no limit
    weight: I64          # counters × days × shifts
    cap: I64             # counters
    base: F64            # days × (1 + shifts): the person's own costs (requests)

    @property
    def days(self) -> int:
        return int(self.allowed.shape[0])

    @property
    def n_shift(self) -> int:
        return int(self.allowed.shape[1])

    @property
    def n_status(self) -> int:
        """Run statuses in the state: days off (up to ``min_off``), then per class of
        shift the length of the run of work."""
        return max(1, self.min_off) + self.n_class * max(1, self.max_cons)

    @cached_property
    def shift_class(self) -> I64:
        """Per shift its class: shifts that may follow, and be followed by, the same
        shifts are alike for every rule the path holds in its run status."""
        sig: dict[bytes, int] = {}
        out = np.zeros(self.n_shift, dtype=np.int64)
        for s in range(self.n_shift):
            key = self.forbid[s, :].tobytes() + self.forbid[:, s].tobytes()
            out[s] = sig.setdefault(key, len(sig))
        return out

    @cached_property
    def lowest(self) -> F64:
        """Per day the person's cheapest own cost over the day off and the shifts they
        may work: a choice costing more breaks a request they could have had."""
        open_ = np.concatenate([np.ones((self.days, 1), dtype=bool),
                                self.allowed.astype(bool)], axis=1)
        return cast(F64, np.where(open_, self.base, np.inf).min(axis=1))

    @property
    def n_class(self) -> int:
        return int(self.shift_class.max()) + 1 if self.n_shift else 0

    @cached_property
    def forbid_by_class(self) -> I8:
        """``[class, shift]``: 1 where the shift may not follow a shift of the class."""
        out = np.zeros((max(1, self.n_class), self.n_shift), dtype=np.int8)
        for s in range(self.n_shift):
            out[self.shift_class[s]] = self.forbid[s]
        return out

    def states(self, counters: int) -> int:
        """States of the DP with the first ``counters`` counters exact."""
        n = self.n_status * (self.max_units + 1) \
            * (self.max_weekends + 1 if self.max_weekends >= 0 else 1)
        for k in range(counters):
            n *= int(self.cap[k]) + 1
        return n

    def exact_counters(self, limit: int = MAX_STATES) -> int:
        """How many counters (the tightest first) the DP holds in its state within
        ``limit`` states; the others are priced by multipliers (:func:`best_schedules`)."""
        exact = 0
        while exact < self.cap.shape[0] and self.states(exact + 1) <= limit:
            exact += 1
        return exact

    @property
    def quick(self) -> bool:
        """True when the quick heuristic (:data:`QUICK_STATES`) holds fewer counters
        than the exact path."""
        return self.exact_counters(QUICK_STATES) < self.exact_counters()

    @property
    def fits(self) -> bool:
        """True when the DP without counters fits the memory limit (a long horizon
        with many shift types and minutes may not: then it cannot price at all)."""
        return self.states(0) <= MAX_STATES

    @property
    def proves(self) -> bool:
        """True when the cheapest schedule returned is the cheapest there is (every
        counter held in the state), so column generation's bound is a proof."""
        return self.exact_counters() == int(self.cap.shape[0])

    def count(self, k: int, path: I64) -> int:
        days = np.flatnonzero(path >= 0)
        return int(self.weight[k, days, path[days]].sum())

    def cost(self, path: I64) -> float:
        """The person's own cost of ``path`` (requests not honoured)."""
        return float(self.base[np.arange(path.shape[0]), path + 1].sum())


def best_schedules(space: PersonSpace, duals: F64, n_best: int = 3,
                   rounds: int = 8, limit: int = MAX_STATES,
                   edge: tuple[int, int, I8] | None = None, half: float = 0.0
                   ) -> list[tuple[I64, float]]:
    """Up to ``n_best`` cheapest schedules of the person at cover prices ``duals``
    (days × shifts, the value of one more person on a cell), as (path, cost at those
    prices = own cost − Σ duals on the path). Every schedule returned keeps every
    limit of ``space``.

    The counters that fit in ``limit`` states are exact. The others are priced:
    each use costs a multiplier, raised while the best schedule breaks that limit
    (at most ``rounds`` times, doubling); if it still breaks it, fewer schedules
    come back — the column generation is a heuristic there, not a proof.

    ``edge``: (start status, lead, end statuses allowed) of a window of a longer
    schedule (see :func:`_price`); None for the whole horizon. ``half``: a price on each
    weekend worked on one day only, which steers the path but is not in the costs
    returned (so column generation, whose bound needs the cheapest schedule at the
    true prices, leaves it 0)."""
    exact = space.exact_counters(limit)
    if edge is None:
        edge = (max(1, space.min_off) - 1, 0, np.ones(space.n_status, dtype=np.int8))
    cost = space.base.copy()
    cost[:, 1:] -= duals
    lam = np.zeros(space.cap.shape[0])
    out: list[tuple[I64, float]] = []
    paths = np.zeros((n_best, space.days), dtype=np.int64)
    vals = np.zeros(n_best)
    mean_price = float(np.abs(cost).mean()) + 1.0
    for _ in range(rounds):
        priced = cost.copy()
        for k in range(exact, space.cap.shape[0]):
            if lam[k]:
                priced[:, 1:] += lam[k] * space.weight[k]
        found = price(space.days, space.n_shift, space.allowed, priced, space.units,
                      space.forbid_by_class, space.shift_class, space.max_cons,
                      space.min_cons, space.min_off,
                      space.min_units, space.max_units, space.max_weekends,
                      space.weight[:exact], space.cap[:exact], n_best, paths, vals,
                      *_work.get(space.states(exact)), *edge, half)
        out = []
        broken = np.zeros(space.cap.shape[0], dtype=bool)
        for f in range(found):
            path = paths[f].copy()
            ok = True
            for k in range(exact, space.cap.shape[0]):
                if space.count(k, path) > space.cap[k]:
                    broken[k] = True
                    ok = False
            if ok:
                real = float(cost[np.arange(space.days), path + 1].sum())
                out.append((path, real))
        if out or not broken.any():
            return out
        for k in np.flatnonzero(broken).tolist():
            lam[k] = mean_price if lam[k] == 0 else 2 * lam[k]
    return out


def gcd_unit(lengths: list[int]) -> int:
    """The largest number of minutes that divides every shift length."""
    g = 0
    for n in lengths:
        g = math.gcd(g, n)
    return max(1, g)
