"""The search on rosters too large for one CP-SAT model within the budget.

Measured on a generated instance of the benchmark's largest size (150 persons, 364
days, 32 shift types; ``benchmarks/nrp_gen.py``): the CP-SAT model has 916,656
variables and takes 115 s and 2.3 GB to build, and a person's shortest path over the
year has 4–6 million states before any counter, so neither the model, nor column
generation, nor best responses over the whole horizon fit a one-minute budget. Here
everything is a shortest path over a window of a few weeks, the rest of the person's
schedule held (:mod:`sterkte.roster.window`), on the cover counts of
:class:`sterkte.roster.respond.Roster`:

1. **A first roster, window by window**: four weeks at a time, every person (in a
   random order) takes their best response over the window to the cover the others
   leave, asked to reach their minimum minutes pro rata by the window's end; so
   everyone has a schedule that keeps their rules after one pass (a few seconds).
2. **Improvement** by neighbourhoods chosen, like the large-neighbourhood search's,
   with a probability that follows their improvement per second lately:

   - ``sweep``: everyone's best response over a window (one to eight weeks);
   - ``ruin``: a few persons who could fill a cover requirement the roster misses
     (several persons on the same days) lose their schedule over a window and take
     their best responses again one after another, in a random order; kept unless
     the roster got worse (a sideways move is kept: it lets the search drift);
   - after ``patience`` moves without a new best, a restart from the best roster.

Every schedule is checked over the whole horizon against the person's rules
(:func:`sterkte.roster.window.valid`); callers re-check the roster with the
independent checker.
"""

from __future__ import annotations

import itertools
import math
import random
import time

import numpy as np

from sterkte.roster.columns import Pool, new_pool
from sterkte.roster.lns import Clock, Progress, Roulette
from sterkte.roster.model import (
    Assignment,
    ForbiddenShift,
    ForbiddenSuccession,
    RosterProblem,
)
from sterkte.roster.respond import Roster
from sterkte.roster.solver import Solution
from sterkte.roster.window import valid

__all__ = ["LARGE_VARS", "estimated_vars", "large_search", "suits"]

# Above this many variables, or this many days, the full CP-SAT model and column
# generation are not used. Measured on generated instances of the sizes of Curtois–Qu
# 13–24 (benchmarks/nrp_gen.py; 60 s, 2 threads, load 4–9): with them, 32×56×4 (4,000
# variables) reached 1,851 (proved bound 1,440) where this search reached 5,832; but
# 40×84×5 (8,900 variables, 84 days) 20,069 after 80 s against 9,944 here, 120×28×18
# (31,700) 9,899 against 7,846, and 50×182×6 (32,000) no roster at all in 70 s against
# 34,953. The model's build alone takes about 125 µs a variable (916,656 for
# 150×364×32: 115 s and 2.3 GB). Instance 12 (10,452 variables, 28 days) stays with
# the model: column generation and RENS prove it optimal.
LARGE_VARS = 20_000
LARGE_DAYS = 56
KINDS = ("sweep", "ruin")


def estimated_vars(problem: RosterProblem) -> int:
    """The CP-SAT model's variables: one per person, day and shift they may work."""
    n = 0
    for e in problem.employees:
        shifts = sum(1 for s in problem.shifts if e.max_shifts.get(s.id, 1) != 0)
        n += shifts * (problem.days - len(e.days_off))
    return n


def suits(problem: RosterProblem) -> bool:
    """True when the problem is too large (or too long) for the full model and column
    generation within a minute, and every rule is one a shortest path holds
    (per-person limits, successions; no soft goals)."""
    plain = all(isinstance(c, ForbiddenSuccession | ForbiddenShift)
                for c in problem.constraints)
    big = problem.days > LARGE_DAYS or estimated_vars(problem) > LARGE_VARS
    return plain and not problem.goals and big


def _windows(days: int, span: int, offset: int = 0) -> list[tuple[int, int]]:
    """Windows of ``span`` days covering the horizon, the first ``offset`` days short."""
    cuts = [0, *range(offset or span, days, span), days]
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def _window(days: int, weeks: int, rng: random.Random) -> tuple[int, int]:
    """A window of ``weeks`` weeks starting on a Monday (ending on one, or at the end)."""
    span = 7 * weeks
    a = 7 * rng.randrange(0, max(1, math.ceil(days / 7) - weeks + 1))
    return a, min(days, a + span)


def first_roster(pool: Pool, rng: random.Random, span: int = 28) -> Roster:
    """Everyone's schedule built window by window (see the module docstring)."""
    days = pool.problem.days
    r = Roster(pool, {})
    order = list(range(len(pool.persons)))
    for a, b in _windows(days, span):
        rng.shuffle(order)
        # the minimum minutes pro rata by the window's end, less a quarter of the
        # window's share (days off and weekends can make the exact share impossible
        # in one window where the whole horizon has room); less again if even that is
        # impossible: the last windows and the repair make up for it
        share = (b - 0.25 * (b - a)) / days if b < days else 1.0
        for i in order:
            for f in (1.0, 0.8, 0.5, 0.0):
                if r.respond_window(i, a, b, force=True, min_share=share * f,
                                    wk_share=b / days):
                    break
    return r


def _repair(r: Roster) -> None:
    """Persons whose schedule breaks their rules (a minimum of minutes not reached
    window by window) take their best responses over growing windows."""
    days = r.pool.problem.days
    for i, pr in enumerate(r.pool.persons):
        for weeks, shift in ((4, 0), (4, 2), (8, 0), (8, 4), (16, 0), (16, 8), (26, 0)):
            if valid(pr.space, r.paths[i]):
                break
            for a, b in _windows(days, 7 * weeks, 7 * shift):
                r.respond_window(i, a, b, force=True)
        if not valid(pr.space, r.paths[i]) and pr.space.fits:
            r.respond(i, force=True)


def _short(r: Roster, a: int, b: int) -> list[int]:
    """The cover rows inside days ``a``–``b`` that the roster leaves short."""
    p = r.pool.problem
    out = []
    for k in np.flatnonzero(r.count < r.req).tolist():
        day = p.cover[k].day
        if a <= (day if day is not None else p.cover[k].cells[0][0]) < b:
            out.append(k)
    return out


def large_search(problem: RosterProblem, clock: Clock, seed: int = 0,
                 progress: Progress | None = None, patience: int = 200) -> Solution:
    """The best roster found within the clock's budget (see the module docstring)."""
    pool = new_pool(problem)
    rng = random.Random(seed)
    if not all(pr.held for pr in pool.persons):
        return Solution({}, None, 0, "UNKNOWN")
    r = first_roster(pool, rng)
    _repair(r)
    cur = r.cost()
    best_paths, best = dict(r.paths), cur
    if progress and _valid(r):
        progress(clock.elapsed(), round(best))
    rates = Roulette(KINDS, rng, floor=0.1, keep=0.8, take=0.2)
    since = 0
    persons = list(range(len(pool.persons)))
    able: dict[int, list[int]] = {}  # cover row → persons who could fill it
    for i, pr in enumerate(pool.persons):
        for rows in pr.rows.values():
            for k in rows:
                able.setdefault(k, []).append(i)
    def done() -> bool:  # the roster's last check and the hand-over take about a second
        return clock.left() < min(1.0, 0.02 * (clock.deadline - clock.t0))

    while not done():
        kind = rates.pick()
        t0 = time.monotonic()
        before = cur
        if kind == "sweep":
            a, b = _window(problem.days, rng.choice((1, 2, 4, 8)), rng)
            rng.shuffle(persons)
            for i in persons:
                if done():
                    break
                r.respond_window(i, a, b)
        else:
            a, b = _window(problem.days, rng.choice((1, 2, 4)), rng)
            short = _short(r, a, b)
            k = rng.randint(2, 6)
            if short:
                row = rng.choice(short)
                cands = able.get(row, persons)
                chosen = rng.sample(cands, min(k, len(cands)))
            else:
                chosen = rng.sample(persons, min(k, len(persons)))
            saved = {i: r.paths[i] for i in chosen}
            for i in chosen:
                off = r.paths[i].copy()
                off[a:b] = -1
                r._set(i, off)
            rng.shuffle(chosen)
            ok = all(r.respond_window(i, a, b, force=True)
                     or valid(pool.persons[i].space, r.paths[i]) for i in chosen)
            for i in chosen:
                r.respond_window(i, a, b)
            if not ok or r.cost() > before + 1e-9:
                for i, path in saved.items():
                    r._set(i, path)
        cur = r.cost()
        rates.learn(kind, before - cur, max(time.monotonic() - t0, 1e-3))
        if cur < best - 1e-9 and _valid(r):
            best_paths, best, since = dict(r.paths), cur, 0
            if progress:
                progress(clock.elapsed(), round(best))
        else:
            since += 1
            if since >= patience:
                since = 0
                for i, path in best_paths.items():
                    r._set(i, path)
                cur = r.cost()
    out = Roster(pool, best_paths)
    if not _valid(out):
        return Solution({}, None, 0, "UNKNOWN")
    return Solution(out.assignment(), round(out.cost()), 0, "FEASIBLE")


def _valid(r: Roster) -> bool:
    return all(valid(pr.space, r.paths[i]) for i, pr in enumerate(r.pool.persons))


def first_assignment(problem: RosterProblem, seed: int = 0) -> Assignment | None:
    """A first roster by windows (None when a person's rules are not all in the path,
    or a schedule breaks them)."""
    pool = new_pool(problem)
    if not all(pr.held for pr in pool.persons):
        return None
    r = first_roster(pool, random.Random(seed))
    _repair(r)
    return r.assignment() if _valid(r) else None
