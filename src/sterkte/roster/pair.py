"""Two windowed searches at once, in two processes (:func:`large_pair`).

The windowed search (:mod:`sterkte.roster.large`) is one thread of Python and numba, so
a second thread would wait on the first; a second process (forked: the problem is not
copied) uses the second core. How the two share the work:

- **On a long horizon where the period moves run** (at least :data:`SPLIT_DAYS` days,
  two weeks of everyone a period move, :func:`splits`) both start from the same
  first roster and each changes only its own part of the horizon (its ``region``: the
  first process the days before a cut on a Monday, the second those after it; every
  move's window is cut to it, :attr:`sterkte.roster.respond.Roster.region`), within
  its share of every person's limits over the horizon (:func:`shared`); a week
  between the parts is left as it is (:data:`GAP`). At set times (:data:`AT`) they
  send each other their best rosters and both go on from the same merge — each
  person's days from the process that owns them — with the cut moved (:data:`CUTS`),
  so that windows across the old cut are planned too. A person whose merged schedule
  still breaks a rule over the horizon keeps one of their two schedules, whichever
  makes the roster cheaper; so every schedule of a merge is one that was checked.
  The search is short of time on such horizons (on a year of
  instance 12 a minute's roster still fell by 250 a second at the end), and this way
  no process's work is thrown away.
- **Elsewhere** each searches the whole roster from its own first roster,
  and at the trades takes the other's best roster when it is better (as before on
  every horizon: half the work was then thrown away at each trade).

If a trade finds the other process late (a move longer than :attr:`Exchange.wait`),
both go on alone over the whole horizon; the better of their rosters is returned.
"""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Mapping
from dataclasses import replace
from multiprocessing.queues import Queue
from typing import cast

import numpy as np

from sterkte.roster.columns import Pool
from sterkte.roster.large import _day_of, estimated_vars, large_search
from sterkte.roster.lns import Clock, Progress
from sterkte.roster.model import RosterProblem
from sterkte.roster.period import window_fits
from sterkte.roster.respond import Roster, half_weekend_price
from sterkte.roster.solver import Solution
from sterkte.roster.window import valid

__all__ = ["CUTS", "SPLIT_DAYS", "Exchange", "large_pair", "merge", "region", "shared",
           "splits"]

SPLIT_DAYS = 112  # horizons of at least 16 weeks are split between the two processes
# where the horizon is cut (a share of its weeks), one after another at the trades
CUTS = (0.5, 0.25, 0.75, 0.375, 0.625, 0.5, 0.3, 0.7)
# when they trade, in shares of the budget: eight trades gave the year of instance 12
# 63,005 on average (seeds 0-3) against 63,486 with four (0.3, 0.55, 0.8, 0.96); a
# trade costs the process that comes first at most a move's time (0.5 s measured)
AT = (0.2, 0.32, 0.44, 0.56, 0.68, 0.8, 0.9, 0.96)
AT_WHOLE = (0.3, 0.55, 0.8)  # on a horizon not split, as before
# days after the cut that neither changes: where both changed the days next to it, a
# run of work or a succession across it broke a rule (late on Sunday, early on
# Monday), and a person so torn kept one process's schedule only, a loss far above
# its share (4 of 60 persons after a hundred moves each cost 24,600 of 68,100 gained,
# year of instance 12); a week is longer than any run of work the instances allow
GAP = 7
Paths = dict[int, np.ndarray]


def splits(problem: RosterProblem) -> bool:
    """True when the two processes share the horizon: at least :data:`SPLIT_DAYS` days,
    and a window of two weeks of everyone fits a period move (``period.fits``), so
    that the period moves, which take most of the time there, run. Where they do not
    (planted 100 x 182 x 8, 100 x 364 x 16 and 150 x 364 x 32), the quick moves carry
    the search and need minutes from anywhere in the horizon: split, those minutes
    were out of reach and the minute's rosters 5-86 % dearer (819 against 753, 2,149
    against 1,951, 8,189 against 4,392; seed 1)."""
    return problem.days >= SPLIT_DAYS and window_fits(estimated_vars(problem), problem.days, 2)


def region(days: int, turn: int, first: bool) -> tuple[int, int]:
    """The days process ``first`` (or the other) changes after ``turn`` trades: before
    the cut of that turn (a Monday), or after the week that follows it; the whole
    horizon when it is short."""
    weeks = days // 7
    if days < SPLIT_DAYS or weeks < 2:
        return 0, days
    cut = 7 * max(1, min(weeks - 2, round(CUTS[turn % len(CUTS)] * weeks)))
    return (0, cut) if first else (cut + GAP, days)


def merge(pool: Pool, first: Mapping[int, np.ndarray], second: Mapping[int, np.ndarray],
          days: tuple[int, int]) -> tuple[Paths, float, int]:
    """Every person's schedule from ``second`` with ``days`` (``a``, ``b``) from
    ``first``; a person whose schedule so merged breaks a rule keeps the one of their
    two schedules that makes the roster cheaper (``first``'s on a tie). The schedules,
    the roster's cost, and how many persons kept one of theirs whole."""
    a, b = days
    out: Paths = {}
    torn = []
    for i, pr in enumerate(pool.persons):
        path = np.array(second[i], dtype=np.int64)
        path[a:b] = first[i][a:b]
        if not valid(pr.space, path):
            path = np.array(first[i], dtype=np.int64)
            torn.append(i)
        out[i] = path
    r = Roster(pool, out)
    for i in torn:
        cost = r.cost()
        r._set(i, np.array(second[i], dtype=np.int64))
        if r.cost() >= cost - 1e-9:
            r._set(i, out[i])
    return dict(r.paths), r.cost(), len(torn)


def shared(pool: Pool, paths: Mapping[int, np.ndarray], days: tuple[int, int]) -> Pool:
    """``pool`` with every person's limits over the horizon (minimum and maximum
    minutes, weekends, counters) cut to what days ``a``–``b`` may use, ``paths`` held
    elsewhere: their share of the slack ``paths`` leave, by the share of the short cover
    that lies in days ``a``–``b`` (:func:`_need_share`; all of it for a counter that
    counts no day outside, none for one that counts no day inside). The other
    process's part gets the rest, so that the two parts merged keep every such limit;
    without this (and without :data:`GAP`), both spent the
    same spare minutes, and a merge after a hundred moves each (year of instance 12)
    kept 5,250 of the 68,142 the parts had gained (17 of 60 persons kept one
    process's schedule only)."""
    a, b = days
    n = pool.problem.days
    if (a, b) == (0, n):
        return pool
    part = _need_share(pool, paths, a, b)
    inside = np.zeros(n, dtype=bool)
    inside[a:b] = True
    persons = []
    for i, pr in enumerate(pool.persons):
        sp, path = pr.space, np.asarray(paths[i])
        worked = path >= 0

        def keep(slack: int, here: bool = True, there: bool = True) -> int:
            """How much of ``slack`` the other part keeps."""
            slack = max(0, slack)
            return slack - (slack if not there else 0 if not here else int(slack * part))

        units = int(sp.units[path[worked]].sum())
        max_wk = sp.max_weekends
        if max_wk >= 0:
            wk = sum(1 for sat in range(5, n, 7)
                     if worked[sat] or (sat + 1 < n and worked[sat + 1]))
            max_wk -= keep(max_wk - wk)
        cap = sp.cap.copy()
        for k in range(cap.shape[0]):
            counts = (sp.weight[k] * sp.allowed).any(axis=1)
            cap[k] -= keep(int(sp.cap[k]) - sp.count(k, path), bool(counts[inside].any()),
                           bool(counts[~inside].any()))
        space = replace(sp, max_units=sp.max_units - keep(sp.max_units - units),
                        min_units=sp.min_units + keep(units - sp.min_units),
                        max_weekends=max_wk, cap=cap)
        persons.append(replace(pr, space=space))
    return Pool(pool.problem, persons, threads=pool.threads)


def _need_share(pool: Pool, paths: Mapping[int, np.ndarray], a: int, b: int) -> float:
    """The share of the persons' slack for days ``a``–``b``: that of the cover left short
    (weighted) in them against the other process's part (:func:`region`), or of the
    horizon's days where nothing is short. Both processes compute it from the same
    roster, so their shares add up to at most one. By the parts' lengths instead, the
    year of instance 12 gave 64,707 on average (seeds 0-11, 60 s), by need 64,041 (lower
    in 9 of the 12); the year of instance 11 46,939 and 46,589 (seeds 0-3, lower in 4)."""
    n = pool.problem.days
    r = Roster(pool, paths)
    short = np.maximum(0.0, r.req - r.count) * r.wu
    day = np.array([_day_of(pool.problem, k) for k in range(len(pool.problem.cover))],
                   dtype=np.int64)
    lo, hi = (b + GAP, n) if a == 0 else (0, a - GAP)
    here = float(short[(day >= a) & (day < b)].sum())
    there = float(short[(day >= lo) & (day < hi)].sum())
    return here / (here + there) if here + there > 0 else (b - a) / n


class Exchange:
    """One end of two searches' trades, at ``at`` shares of the budget (:data:`AT`, or
    :data:`AT_WHOLE` on a horizon not split; see the module docstring): each sends
    its best roster (cost, region, schedules) and goes on from the merge (long
    horizons) or from the other's when it is better (short ones). A queue each way: a
    roster of 150 persons over a year is more than a pipe holds, and two senders on
    full pipes would wait for each other forever."""

    def __init__(self, out: Queue[object], into: Queue[object], first: bool, days: int,
                 split: bool = True, at: tuple[float, ...] | None = None, wait: float = 4.0
                 ) -> None:
        self.out, self.into, self.first, self.days = out, into, first, days
        self.turn = 0
        self.region = region(days, 0, first) if split else (0, days)
        self.at = list(at if at is not None else AT if self.split() else AT_WHOLE)
        self.wait = wait
        # a roster sent that the other never reads must not hold this process at exit
        out.cancel_join_thread()

    def due(self, clock: Clock) -> bool:
        span = clock.deadline - clock.t0
        return bool(self.at) and clock.elapsed() >= self.at[0] * span

    def split(self) -> bool:
        """True while the two change parts of one roster."""
        return self.region != (0, self.days)

    def roster(self, pool: Pool, paths: Mapping[int, np.ndarray]) -> Roster:
        """``paths`` as the roster this process changes: its region, and every
        person's limits cut to it (:func:`shared`)."""
        r = Roster(shared(pool, paths, self.region), paths,
                   half=half_weekend_price(pool.problem))
        r.region = self.region
        return r

    def trade(self, paths: Mapping[int, np.ndarray], cost: float, pool: Pool,
              clock: Clock) -> tuple[Paths, float] | None:
        """The roster to go on from (None: this one): the merge, or the other's best
        when it is better; on a short horizon, or when the other is late, None."""
        self.at.pop(0)
        self.out.put((cost, self.region, {i: p.astype(np.int16) for i, p in paths.items()}))
        try:  # the other is a move away; never past the budget's end
            got = self.into.get(timeout=max(0.1, min(self.wait, clock.left() - 0.5)))
        except queue.Empty:
            self.at.clear()  # go on alone, over the whole horizon
            self.region = (0, self.days)
            return None
        theirs_cost, theirs_region, packed = cast(
            tuple[float, tuple[int, int], dict[int, np.ndarray]], got)
        theirs = {i: p.astype(np.int64) for i, p in packed.items()}
        if self.split() and theirs_region == region(self.days, self.turn, not self.first):
            one, two = (paths, theirs) if self.first else (theirs, paths)
            merged, value, _ = merge(pool, one, two, region(self.days, self.turn, True))
            self.turn += 1
            self.region = region(self.days, self.turn, self.first)
            return merged, value
        if theirs_cost < cost - 1e-9 and all(
                valid(pool.persons[i].space, p) for i, p in theirs.items()):
            return theirs, theirs_cost
        return None


def large_pair(problem: RosterProblem, clock: Clock, seed: int = 0,
               progress: Progress | None = None) -> Solution:
    """:func:`sterkte.roster.large.large_search` in two processes at once (seeds
    ``seed`` and ``seed + 1``; on a long horizon the same first roster, from ``seed``)
    that trade their best rosters (see the module docstring); the better roster."""
    ctx = multiprocessing.get_context("fork")
    to_child: Queue[object] = ctx.Queue()
    to_parent: Queue[object] = ctx.Queue()
    result: Queue[object] = ctx.Queue()
    split = splits(problem)
    first = seed if split else None
    child = ctx.Process(target=_twin, args=(problem, clock, seed + 1, first, split, to_parent,
                                            to_child, result), daemon=True)
    child.start()
    mine = large_search(problem, clock, seed, progress, first_seed=first,
                        exchange=Exchange(to_child, to_parent, True, problem.days, split))
    try:
        theirs = cast(Solution, result.get(timeout=5.0))
    except queue.Empty:
        theirs = Solution({}, None, 0, "UNKNOWN")
    child.join(timeout=1.0)
    if child.is_alive():
        child.terminate()
    if theirs.objective is not None and (mine.objective is None
                                         or theirs.objective < mine.objective):
        return theirs
    return mine


def _twin(problem: RosterProblem, clock: Clock, seed: int, first: int | None, split: bool,
          out: Queue[object], into: Queue[object], result: Queue[object]) -> None:
    result.put(large_search(problem, clock, seed, first_seed=first,
                            exchange=Exchange(out, into, False, problem.days, split)))
