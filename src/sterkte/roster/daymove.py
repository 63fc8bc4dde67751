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

import numpy as np
from scipy.optimize import linear_sum_assignment

from sterkte.roster.pricing import I64, PersonSpace
from sterkte.roster.respond import Roster

__all__ = ["applies", "options", "reassign_day"]

BIG = 1e12  # an option a person does not have


def applies(r: Roster) -> bool:
    """Whether every cover requirement is one cell without a skill (so that each
    person's cell counts in at most one requirement, on its own)."""
    p = r.pool.problem
    return all(len(c.cells) == 1 and c.skill is None for c in p.cover) and all(
        len(rows) <= 1 for pr in r.pool.persons for rows in pr.rows.values())


def _run(path: I64, d: int, step: int, working: bool) -> int:
    """Days in a row from ``d`` (towards ``step``) that are worked (or off)."""
    n = 0
    x = d
    while 0 <= x < path.shape[0] and (path[x] >= 0) == working:
        n += 1
        x += step
    return n


def options(space: PersonSpace, path: I64, d: int) -> list[int]:
    """The shifts (``-1``: off) the person may have on day ``d`` with the rest of
    ``path`` held, every rule of ``valid`` kept (``path`` itself keeps them)."""
    days = space.days
    cur = int(path[d])
    prev = int(path[d - 1]) if d > 0 else -1
    nxt = int(path[d + 1]) if d + 1 < days else -1
    lw, rw = _run(path, d - 1, -1, True), _run(path, d + 1, 1, True)
    lo, ro = _run(path, d - 1, -1, False), _run(path, d + 1, 1, False)
    work = path >= 0
    units = int(space.units[path[work]].sum())
    wd = np.flatnonzero(work)
    counts = space.weight[:, wd, path[wd]].sum(axis=1).tolist()
    weekend_day = d % 7 >= 5
    other = d - d % 7 + (6 if d % 7 == 5 else 5)
    other_worked = 0 <= other < days and path[other] >= 0
    weekends = 0
    if space.max_weekends >= 0 and weekend_day and not other_worked:
        weekends = sum(1 for sat in range(5, days, 7)
                       if any(work[x] for x in (sat, sat + 1) if x < days))
    out: list[int] = []
    own = 0 if cur < 0 else int(space.units[cur])
    # the day off
    if cur < 0 or (units - own >= space.min_units and (
            lw == 0 or d - lw == 0 or lw >= space.min_cons) and (
            rw == 0 or d + rw >= days - 1 or rw >= space.min_cons) and (
            d - lo == 0 or d + ro >= days - 1 or lo + 1 + ro >= space.min_off)):
        out.append(-1)
    # a shift
    if cur < 0:
        run = lw + 1 + rw
        if run > space.max_cons:
            return out
        if d - lw > 0 and d + rw < days - 1 and run < space.min_cons:
            return out
        if (lo and d - lo > 0 and lo < space.min_off) or (
                ro and d + ro < days - 1 and ro < space.min_off):
            return out
        if (space.max_weekends >= 0 and weekend_day and not other_worked
                and weekends + 1 > space.max_weekends):
            return out
    for s in range(space.n_shift):
        if s == cur:
            out.append(s)
            continue
        if not space.allowed[d, s]:
            continue
        if (prev >= 0 and space.forbid[prev, s]) or (nxt >= 0 and space.forbid[s, nxt]):
            continue
        if not space.min_units <= units - own + int(space.units[s]) <= space.max_units:
            continue
        if any(counts[k] - (space.weight[k, d, cur] if cur >= 0 else 0)
               + space.weight[k, d, s] > space.cap[k] for k in range(len(counts))):
            continue
        out.append(s)
    return out


def reassign_day(r: Roster, d: int) -> bool:
    """Every person's shift on day ``d`` re-assigned at once to the cheapest choice
    (the module docstring); True when the roster's cost went down (else it is left
    as it was)."""
    pool = r.pool
    n = len(pool.persons)
    n_shift = len(pool.problem.shifts)
    opts = []
    for i, pr in enumerate(pool.persons):
        opts.append(options(pr.space, r.paths[i], d) if pr.held else [int(r.paths[i][d])])
    # per shift: its cover row (or none), the persons now on it, the slots it offers
    row = [-1] * n_shift
    for pr in pool.persons:
        for s in range(n_shift):
            rows = pr.rows.get((d, s))
            if rows:
                row[s] = rows[0]
    on = [0] * n_shift
    able = [0] * n_shift
    for i in range(n):
        if r.paths[i][d] >= 0:
            on[int(r.paths[i][d])] += 1
        for s in opts[i]:
            if s >= 0:
                able[s] += 1
    cols: list[tuple[int, float]] = []  # (shift, marginal value of the slot)
    for s in range(n_shift):
        k = row[s]
        if k < 0:
            cols += [(s, 0.0)] * able[s]
            continue
        base = r.count[k] - on[s]  # persons counted without anybody's day d
        for j in range(able[s]):
            cols.append((s, -r.wu[k] if base + j < r.req[k] else r.wo[k]))
    if not cols:
        return False
    col_shift = np.array([s for s, _ in cols], dtype=np.int64)
    col_val = np.array([v for _, v in cols])
    first = np.searchsorted(col_shift, np.arange(n_shift + 1))  # columns by shift, in order
    cost = np.full((n, len(cols) + n), BIG)
    for i, pr in enumerate(pool.persons):
        base = pr.space.base[d]
        for s in opts[i]:
            if s < 0:
                cost[i, len(cols) + i] = base[0]
            else:
                a, b = int(first[s]), int(first[s + 1])
                cost[i, a:b] = base[s + 1] + col_val[a:b]
    rows_i, cols_j = linear_sum_assignment(cost)
    before = r.cost()
    saved: dict[int, int] = {}
    for i, j in zip(rows_i.tolist(), cols_j.tolist(), strict=True):
        s = int(col_shift[j]) if j < len(cols) else -1
        if cost[i, j] >= BIG or s == int(r.paths[i][d]):
            continue
        # no check of the whole schedule here: the options keep every rule (tested
        # equal to what the checker accepts), and checking took a third of the time
        # on a year with 150 persons; the search checks the roster it returns
        saved[i] = int(r.paths[i][d])
        r.set_day(i, d, s)
    if r.cost() < before - 1e-9:
        return True
    for i, s in saved.items():
        r.set_day(i, d, s)
    return False
