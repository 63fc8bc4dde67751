"""One day of a roster re-assigned at once: every person's shift on that day, the
rest of every schedule held, as one assignment problem solved exactly.

Best responses (:mod:`sterkte.roster.respond`) move one person at a time, and a
cover requirement left short often needs a chain: one person takes the short shift,
another the shift the first left, and so on, until someone who was off (or on a shift
with a person too many) closes it. Each step alone gains nothing (a person moved from
a shift exactly covered to a short one leaves the first short), so no single person
moves. On one day, with everybody's other days held, the persons' choices are
independent but for the cover they share: person ``i`` may take shift ``s`` (or the
day off) when the change keeps their rules (:func:`options`: the run of work or of
days off it joins or splits, minutes, weekends and counters), at their own cost
(requests); and the ``j``-th person on a cover cell is worth its under-cover weight
while the requirement is not met, and costs its over-cover weight after. These
marginal values only grow with ``j``, so the cheapest roster for the day is a minimum
cost assignment of persons to slots (scipy's ``linear_sum_assignment``), every chain
of moves on that day included. Measured on generated instances with a planted
roster (``benchmarks/nrp_gen.py``), see ``docs/roster.md``.

Only for cover of one cell per requirement with no skill (the benchmark's); other
cover makes :func:`applies` false.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

import numpy as np
from scipy.optimize import linear_sum_assignment

from sterkte.numba_jit import numba_or_none
from sterkte.roster.pricing import I8, I64, PersonSpace
from sterkte.roster.respond import Roster
from sterkte.roster.window import _run, _totals

__all__ = ["applies", "options", "reassign_day", "spare_units", "stacked"]

BIG = 1e12  # an option a person does not have


def applies(r: Roster) -> bool:
    """Whether every cover requirement is one cell without a skill (so that each
    person's cell counts in at most one requirement, on its own)."""
    p = r.pool.problem
    return all(len(c.cells) == 1 and c.skill is None for c in p.cover) and all(
        len(rows) <= 1 for pr in r.pool.persons for rows in pr.rows.values())


def _options(path: I64, d: int, units: I64, weight: I64, cap: I64, allowed: I8,
             forbid: I8, min_units: int, max_units: int, min_cons: int, max_cons: int,
             min_off: int, max_weekends: int, used: int, counts: I64, out: I64) -> int:
    """:func:`options` as a kernel (compiled where numba is installed): the choices
    written to ``out``, their number returned. ``used`` and ``counts``: the units of
    minutes and the counters' counts of the whole path (:func:`_totals`; the roster
    keeps them, :class:`sterkte.roster.respond.Roster`)."""
    days = path.shape[0]
    cur = path[d]
    prev = path[d - 1] if d > 0 else -1
    nxt = path[d + 1] if d + 1 < days else -1
    lw, rw = _run(path, d - 1, -1, True), _run(path, d + 1, 1, True)
    lo, ro = _run(path, d - 1, -1, False), _run(path, d + 1, 1, False)
    n_count = cap.shape[0]
    weekend_day = d % 7 >= 5
    other = d - d % 7 + (6 if d % 7 == 5 else 5)
    other_worked = 0 <= other < days and path[other] >= 0
    weekends = 0
    if max_weekends >= 0 and weekend_day and not other_worked:
        for sat in range(5, days, 7):
            if path[sat] >= 0 or (sat + 1 < days and path[sat + 1] >= 0):
                weekends += 1
    n = 0
    own = 0 if cur < 0 else units[cur]
    # the day off
    if cur < 0 or (used - own >= min_units and (
            lw == 0 or d - lw == 0 or lw >= min_cons) and (
            rw == 0 or d + rw >= days - 1 or rw >= min_cons) and (
            d - lo == 0 or d + ro >= days - 1 or lo + 1 + ro >= min_off)):
        out[n] = -1
        n += 1
    # a shift
    if cur < 0:
        run = lw + 1 + rw
        if run > max_cons:
            return n
        if d - lw > 0 and d + rw < days - 1 and run < min_cons:
            return n
        if (lo > 0 and d - lo > 0 and lo < min_off) or (
                ro > 0 and d + ro < days - 1 and ro < min_off):
            return n
        if max_weekends >= 0 and weekend_day and not other_worked \
                and weekends + 1 > max_weekends:
            return n
    for s in range(allowed.shape[1]):
        if s == cur:
            out[n] = s
            n += 1
            continue
        if allowed[d, s] == 0:
            continue
        if (prev >= 0 and forbid[prev, s] != 0) or (nxt >= 0 and forbid[s, nxt] != 0):
            continue
        total = used - own + units[s]
        if total < min_units or total > max_units:
            continue
        over = False
        for k in range(n_count):
            if counts[k] - (weight[k, d, cur] if cur >= 0 else 0) + weight[k, d, s] > cap[k]:
                over = True
                break
        if not over:
            out[n] = s
            n += 1
    return n


def _single(path: I64, d: int, units: I64, weight: I64, cap: I64, allowed: I8,
            forbid: I8, min_units: int, max_units: int, min_cons: int, max_cons: int,
            min_off: int, max_weekends: int, out: I64) -> int:
    """:func:`_options` of one path, its totals summed first."""
    counts = np.zeros(cap.shape[0], dtype=np.int64)
    used = _totals(path, units, weight, counts)
    return _options(path, d, units, weight, cap, allowed, forbid, min_units, max_units,
                    min_cons, max_cons, min_off, max_weekends, used, counts, out)


OptionsKernel = Callable[[I64, int, I64, I64, I64, I8, I8, int, int, int, int, int, int,
                          I64], int]
_jit = numba_or_none()
if _jit is not None:
    _options = _jit.njit(cache=True, nogil=True)(_options)
_kernel = cast(OptionsKernel, _jit.njit(cache=True, nogil=True)(_single) if _jit
               else _single)


def _all_options(paths: I64, d: int, units: I64, weight: I64, koff: I64, cap: I64,
                 allowed: I8, forbid: I8, lim: I64, used: I64, counts: I64, out: I64,
                 n_out: I64) -> None:
    """:func:`_options` of every person on day ``d`` (one call: on a year with 150
    persons the calls one by one spent more time in Python than in the kernel).
    ``paths``, ``units``, ``allowed``, ``forbid``, ``lim`` (min and max units,
    min and max run, min days off, max weekends), ``used`` (units worked) per person;
    ``weight``, ``cap`` and ``counts`` every person's counters one after another,
    person ``i``'s from ``koff[i]``."""
    for i in range(paths.shape[0]):
        n_out[i] = _options(paths[i], d, units[i], weight[koff[i]:koff[i + 1]],
                            cap[koff[i]:koff[i + 1]], allowed[i], forbid[i], lim[i, 0],
                            lim[i, 1], lim[i, 2], lim[i, 3], lim[i, 4], lim[i, 5],
                            used[i], counts[koff[i]:koff[i + 1]], out[i])


_all = _jit.njit(cache=True, nogil=True)(_all_options) if _jit else _all_options


class Stacked:
    """Every person's rules stacked for :func:`_all_options` (built once a roster with
    persons)."""

    def __init__(self, r: Roster) -> None:
        spaces = [pr.space for pr in r.pool.persons]
        self.units = np.stack([sp.units for sp in spaces]).astype(np.int64)
        self.allowed = np.stack([sp.allowed for sp in spaces]).astype(np.int8)
        self.forbid = np.stack([sp.forbid for sp in spaces]).astype(np.int8)
        self.lim = np.array([[sp.min_units, sp.max_units, sp.min_cons, sp.max_cons,
                              sp.min_off, sp.max_weekends] for sp in spaces], dtype=np.int64)
        self.weight = np.concatenate([sp.weight for sp in spaces])
        if self.weight.size and self.weight.min() >= 0 and self.weight.max() <= 127:
            self.weight = self.weight.astype(np.int8)  # a year of 150 persons: 8 MB, not 64
        self.koff = r.koff  # person i's counters from koff[i], as the roster keeps them
        self.cap = np.concatenate([sp.cap for sp in spaces]).astype(np.int64)
        self.base = np.stack([sp.base for sp in spaces])
        self.held = np.array([pr.held for pr in r.pool.persons], dtype=bool)

    def options(self, r: Roster, d: int) -> tuple[I64, I64]:
        """Every person's choices on day ``d`` in roster ``r`` (``out[i, :n[i]]``, -1
        off)."""
        paths = r.matrix()
        n = paths.shape[0]
        out = np.empty((n, self.allowed.shape[2] + 1), dtype=np.int64)
        n_out = np.empty(n, dtype=np.int64)
        _all(paths, d, self.units, self.weight, self.koff, self.cap, self.allowed,
             self.forbid, self.lim, r.units_used, r.counter_totals, out, n_out)
        return out, n_out


def stacked(r: Roster) -> Stacked:
    """The roster's persons' rules stacked (built on first use, kept on the roster)."""
    if r.stacked is None:
        r.stacked = Stacked(r)
    return r.stacked


def spare_units(r: Roster) -> list[int]:
    """Per person the units of minutes left below their maximum."""
    return cast("list[int]", (stacked(r).lim[:, 1] - r.units_used).tolist())


def options(space: PersonSpace, path: I64, d: int, spare: int = 0, weekends: int = 0
            ) -> list[int]:
    """The shifts (``-1``: off) the person may have on day ``d`` with the rest of
    ``path`` held, every rule of ``valid`` kept (``path`` itself keeps them);
    ``spare`` and ``weekends``: with that many units of minutes and weekends allowed
    above their maximum (which shifts a day or a weekend given up elsewhere would
    open: :func:`sterkte.roster.chains.transfer`).
    Compiled (:func:`_options`): on a year with 150 persons the Python version took
    two thirds of a day's re-assignment, 13 of a minute's 60 s."""
    out = np.empty(space.n_shift + 1, dtype=np.int64)
    n = _kernel(np.ascontiguousarray(path, dtype=np.int64), d, space.units, space.weight,
                space.cap, space.allowed, space.forbid, space.min_units,
                space.max_units + spare,
                space.min_cons, space.max_cons, space.min_off,
                space.max_weekends + weekends if space.max_weekends >= 0 else -1, out)
    return cast("list[int]", out[:n].tolist())


def reassign_day(r: Roster, d: int) -> bool:
    """Every person's shift on day ``d`` re-assigned at once to the cheapest choice
    (the module docstring); True when the roster's cost went down (else it is left
    as it was).

    A person whose only choice is the one they have (four in ten on a planted year
    with 150 persons), or whom the path does not hold, keeps it and is left out of the
    assignment; the shifts they keep fill the first slots of their cells. This gives
    the same cost: the persons on a cell may take its slots in any order, and the
    slots' values only grow. A day outside the roster's ``region`` is left as it is."""
    pool = r.pool
    n = len(pool.persons)
    n_shift = len(pool.problem.shifts)
    if not n or not r.owns(d):
        return False
    st = stacked(r)
    out, n_out = st.options(r, d)
    cur = r.matrix()[:, d].copy()
    free = np.flatnonzero((n_out > 1) & st.held)
    if not free.size:
        return False
    nf = free.size
    out_f, n_f = out[free], n_out[free]
    may = np.zeros((nf, n_shift + 1), dtype=bool)  # column 0: the day off
    take = np.arange(out.shape[1])[None, :] < n_f[:, None]
    may[np.nonzero(take)[0], out_f[take] + 1] = True
    # per shift: its cover row (or none), the persons now on it, the slots it offers
    row = r.day_rows.get(d)
    if row is None:  # the same on every visit of the day: kept on the roster
        row = [-1] * n_shift
        for pr in pool.persons:
            for s in range(n_shift):
                rows = pr.rows.get((d, s))
                if rows:
                    row[s] = rows[0]
        r.day_rows[d] = row
    row_a = np.array(row, dtype=np.int64)
    on = np.bincount(cur[cur >= 0], minlength=n_shift)
    kept = cur.copy()
    kept[free] = -1
    fixed_on = np.bincount(kept[kept >= 0], minlength=n_shift)  # the first slots
    able = may[:, 1:].sum(axis=0)
    col_shift = np.repeat(np.arange(n_shift), able)
    if not col_shift.size:
        return False
    first = np.concatenate(([0], np.cumsum(able)))  # columns by shift, in order
    j = np.arange(col_shift.size) - first[col_shift] + fixed_on[col_shift]
    k = row_a[col_shift]
    has = k >= 0
    kk = np.where(has, k, 0)
    short = (r.count[kk] - on[col_shift] + j) < r.req[kk]  # without anybody's day d
    col_val = np.where(has, np.where(short, -r.wu[kk], r.wo[kk]), 0.0)
    base = st.base[free, d, :]
    cost = np.full((nf, col_shift.size + nf), BIG)
    cost[:, :col_shift.size] = np.where(may[:, col_shift + 1],
                                        base[:, col_shift + 1] + col_val[None, :], BIG)
    cost[np.arange(nf), col_shift.size + np.arange(nf)] = np.where(may[:, 0], base[:, 0], BIG)
    rows_a, cols_a = linear_sum_assignment(cost)
    # the day as it is, in the same terms: the free persons' own costs and the slots
    # after the kept ones that those on each shift fill. When the assignment is no
    # cheaper, nothing changes (most visits: setting an equally cheap assignment and
    # undoing it took a quarter of a day's time on a year of 150 persons)
    cur_f = cur[free]
    free_on = np.bincount(cur_f[cur_f >= 0], minlength=n_shift)
    filled = (np.arange(col_shift.size) - first[col_shift]) < free_on[col_shift]
    now = float(base[np.arange(nf), cur_f + 1].sum() + col_val[filled].sum())
    if float(cost[rows_a, cols_a].sum()) >= now - 1e-9:
        return False
    before = r.cost()
    saved: dict[int, int] = {}
    for f, c in zip(rows_a.tolist(), cols_a.tolist(), strict=True):
        i = int(free[f])
        s = int(col_shift[c]) if c < col_shift.size else -1
        if cost[f, c] >= BIG or s == int(cur[i]):
            continue
        # no check of the whole schedule here: the options keep every rule (tested
        # equal to what the checker accepts), and checking took a third of the time
        # on a year with 150 persons; the search checks the roster it returns
        saved[i] = int(cur[i])
        r.set_day(i, d, s)
    if r.cost() < before - 1e-9:
        return True
    for i, s in saved.items():
        r.set_day(i, d, s)
    return False
