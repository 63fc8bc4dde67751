"""The search on rosters too large for one CP-SAT model within the budget.

Measured on a generated instance of the benchmark's largest size (150 persons, 364
days, 32 shift types; ``benchmarks/nrp_gen.py``): the CP-SAT model has 916,656
variables and takes 115 s and 2.3 GB to build, and a person's shortest path over the
year has 4–6 million states before any counter, so neither the model, nor column
generation, nor best responses over the whole horizon fit a one-minute budget. Here
everything is a shortest path over a window of a few weeks, the rest of the person's
schedule held (:mod:`sterkte.roster.window`), on the cover counts of
:class:`sterkte.roster.respond.Roster`:

1. **A first roster, window by window**, on a rolling horizon: five weeks planned,
   the first three kept, the next window starting where the kept days end. Every
   person (in a random order) takes their best response over the window to the cover
   the others leave, asked to reach their minimum minutes pro rata by the window's
   end; so everyone has a schedule that keeps their rules after one pass (a few
   seconds). A window planned alone ends as if the horizon ended there (a run of
   work up to its last day, whatever rest it forces after): four weeks at a time
   left most of the short cover on days 28k and 28k + 1, which the moves below did
   not repair (:func:`sterkte.roster.window.rolling`; docs/roster.md, *The first
   roster's window edges*).
2. **Improvement** by neighbourhoods chosen, like the large-neighbourhood search's,
   with a probability that follows their improvement per second lately:

   - ``sweep``: everyone's best response over a window (one to eight weeks); only
     where ``day`` and the moves after it do not apply (where they do, the minute
     went further without sweeps);
   - ``ruin``: a few persons who could fill a cover requirement the roster misses
     (several persons on the same days) lose their schedule over a window and take
     their best responses again one after another, in a random order; kept unless
     the roster got worse (a sideways move is kept: it lets the search drift);
   - ``day``: every person's shift on one day re-assigned at once, an exact assignment
     problem (:mod:`sterkte.roster.daymove`; every day once after the first roster);
   - ``chain``: a person who could fill a requirement left short responds over a week
     or two with it worth far more, then every day they changed is re-assigned (and
     what stays short on those days is offered to ``transfer``;
     :mod:`sterkte.roster.chains`);
   - ``sub``: a few persons (three to eight) over one or two weeks around a cover
     requirement left short (or a request not honoured) solved jointly by CP-SAT, the
     rest held (:mod:`sterkte.roster.submodel`): the exchanges between persons over
     days that none of the moves above makes (in quiet minutes on planted 13, 20
     and 21 better, on 23 and 24 a little worse: ``docs/roster.md``);
   - ``transfer``: a requirement left short taken by a person whose minutes (or
     weekends) are spent, who gives a shift (or a weekend's shifts) anywhere in the
     horizon to persons off that day with minutes to spare (:mod:`sterkte.roster.chains`);
   - ``honour``: a request not honoured, taken by its person over a week or two around
     it whatever their cover there, then every day they changed re-assigned, as in
     ``chain`` (:func:`sterkte.roster.chains.honour`; on planted years it halved a
     minute's roster's cost);
   - ``weekend``: a weekend its person works on one day only, their weekends all
     spent, completed by them over two to four weeks around it, then every day they
     changed re-assigned, as in ``chain`` (:func:`sterkte.roster.chains.weekend`;
     where weekends are what the staff lacks, such a weekend spends one for one shift);
   - ``period1``, ``period2``, ``period4``: a window of one, two or four weeks planned
     again for everyone at once by column generation and a dive, the rest of every
     schedule held (:mod:`sterkte.roster.period`; on a year of instance 12 it took a
     minute's gap to 13 times the best-known value from 50 % to 30 %, and to about 23 %
     given more of the time); a size is left out where its window of everyone is too
     large (:func:`sterkte.roster.period.fits`: four weeks on the year of instance 12,
     where such a move took 10 s; on the year of instance 11 they took a minute's gap
     from about 12 % to about 4 %, with the processes' parts, :mod:`sterkte.roster.pair`);
   - after ``patience`` moves without a new best, a restart from the best roster.

   Where weekends are scarcer than the weekend cover needs, every best response puts
   a price on a weekend worked on one day only
   (:func:`sterkte.roster.respond.half_weekend_price`): a window's path does not see
   what the weekend it spends is worth to the windows after it.

   Kinds get a share of the time that follows their gain per second
   (:class:`sterkte.roster.lns.TimeShare`).
   With two workers, two searches run in two processes; on a long horizon each changes
   its own part of it and they merge their rosters now and then
   (:func:`sterkte.roster.pair.large_pair`).

Every schedule is checked over the whole horizon against the person's rules
(:func:`sterkte.roster.window.valid`); callers re-check the roster with the
independent checker.
"""

from __future__ import annotations

import itertools
import math
import random
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from sterkte.roster.chains import Requests, chain, halves, honour, transfer, weekend
from sterkte.roster.columns import Pool, new_pool
from sterkte.roster.daymove import applies, reassign_day
from sterkte.roster.lns import Clock, Progress, TimeShare
from sterkte.roster.model import (
    Assignment,
    ForbiddenShift,
    ForbiddenSuccession,
    RosterProblem,
)
from sterkte.roster.period import fits, period_move
from sterkte.roster.respond import Roster, half_weekend_price
from sterkte.roster.solver import Solution
from sterkte.roster.submodel import random_move
from sterkte.roster.window import rolling, valid

if TYPE_CHECKING:
    from sterkte.roster.pair import Exchange

__all__ = ["LARGE_SHARE", "LARGE_VARS", "MODEL_VARS", "estimated_vars", "large_search",
           "reach", "suits"]

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
# Up to this many variables the windowed search only gives the first roster, in
# ``LARGE_SHARE`` of the budget, and the CP-SAT model's LNS (without column
# generation) improves it: measured on planted instances (benchmarks/nrp_gen.py,
# optimum known; 60 s, load 6): 22 × 84 × 3 (3,276 variables) 1,475 by the windowed
# search alone, 120 this way (optimum 67); 40 × 84 × 5 (9,984) 1,438 against 607
# (optimum 145); at load 1.3–3, 50 × 182 × 6 (30,082) 1,663 against 2,976 by the
# windowed search alone and 120 × 28 × 18 (32,344) 381 against 413 (optima 320, 129).
MODEL_VARS = 40_000
LARGE_SHARE = 0.4
KINDS = ("sweep", "ruin", "day", "chain", "sub", "transfer", "honour", "weekend", "period1",
         "period2", "period4")
DAY_KINDS = ("day", "chain", "transfer", "honour", "weekend")  # where daymove applies
SUB_SHARE = 0.2  # the most of the search's time the sub-model move may take
# the most of the budget one period move may take (its dive then gives up, and those it
# left take their best responses): one window of four weeks of 40 of the 120 persons of
# a planted 120 x 28 x 18 took 20 of a minute's seconds
PERIOD_SHARE = 0.05
# the most of the search's time each size of period may take, as for ``sub`` (uncapped
# on planted 100 x 364 x 16 and 150 x 364 x 32, whose windows of two weeks or of one
# plan some persons only, they took 29 of 48 s at 115 a second; such sizes are now left
# out, ``fits``), and a factor on their rate: on a year of instance 12 (one process, 60
# s, seeds 0-3) 68,890 on average with a cap of 0.15, 67,128 with 0.3, 65,559 with 0.45
# and the rate counted three times; planted 100 x 364 x 16 2,196 and 2,058 against
# 2,285 and 2,198 (docs/roster.md, *The period moves' share*)
PERIOD_MOST = 0.45
PERIOD_WEIGHT = 3.0


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


# Rounds of multipliers for counters a window's path cannot hold (8 in the moves): on
# planted 100 × 364 × 16, 11 of 100 persons (four night types) got no schedule in the
# first window after 8, all after 16; more cost nothing where fewer find a schedule
ROUNDS = 24
# The rolling horizon: ``SPAN + LOOK`` days planned, ``SPAN`` kept. Three weeks kept
# of five rather than four of six: on 150 × 364 × 32 a six-week path took the first
# roster from 17 to 25 CPU s, half of what a process gets in a loaded minute
SPAN, LOOK = 21, 14


def first_roster(pool: Pool, rng: random.Random, span: int = SPAN, look: int = LOOK
                 ) -> Roster:
    """Everyone's schedule built window by window (see the module docstring): a
    rolling horizon that plans ``span + look`` days and keeps the first ``span``
    (``look=0``: windows of ``span`` days one after another, as before)."""
    days = pool.problem.days
    r = Roster(pool, {}, half=half_weekend_price(pool.problem))
    order = list(range(len(pool.persons)))
    for a, b, keep in rolling(days, span, look):
        rng.shuffle(order)
        # the minimum minutes pro rata by the window's end, less a quarter of the
        # window's share (days off and weekends can make the exact share impossible
        # in one window where the whole horizon has room); less again if even that is
        # impossible: the last windows and the repair make up for it
        share = (b - 0.25 * (b - a)) / days if b < days else 1.0
        # and at most their maximum minutes and counters (nights) pro rata, plus a
        # quarter of the window: built greedily, a year's first roster spent them in
        # the first months (150 × 364 × 32: 524 persons short, most in the last month)
        spend = min(1.0, (b + 0.25 * (b - a)) / days)
        for i in order:
            for f in (1.0, 0.8, 0.5, 0.0):
                if r.respond_window(i, a, b, force=True, min_share=share * f,
                                    wk_share=b / days, max_share=spend, rounds=ROUNDS):
                    break
        if keep < b:
            # the days past ``keep`` are dropped, planned again by the next window: a
            # window's last days are planned as if the horizon ended there (a run of
            # work may end on its last day, whatever rest it forces after), so a
            # roster built four weeks at a time left most of its short cover on the
            # first days of the next window (days 28k and 28k + 1, measured on planted
            # 50 × 182 × 6 to 150 × 364 × 32); planned with two weeks after them, the
            # kept days end in a run that the next window can continue
            for i in order:
                path = r.paths[i].copy()
                path[keep:] = -1
                r._set(i, path)
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
                r.respond_window(i, a, b, force=True, rounds=ROUNDS)
        if not valid(pr.space, r.paths[i]) and pr.space.fits:
            r.respond(i, force=True)


def _day_of(p: RosterProblem, k: int) -> int:
    day = p.cover[k].day
    return day if day is not None else p.cover[k].cells[0][0]


def reach(pool: Pool) -> tuple[dict[int, tuple[int, str]], dict[int, list[int]]]:
    """Every cover row's cell (day, shift type) and the persons who could fill it."""
    p = pool.problem
    cells = {k: (_day_of(p, k), c.cells[0][1]) for k, c in enumerate(p.cover)}
    able: dict[int, list[int]] = {}
    for i, pr in enumerate(pool.persons):
        for rows in pr.rows.values():
            for k in rows:
                able.setdefault(k, []).append(i)
    return cells, able


def _short(r: Roster, a: int, b: int) -> list[int]:
    """The cover rows inside days ``a``–``b`` that the roster leaves short."""
    p = r.pool.problem
    return [k for k in np.flatnonzero(r.count < r.req).tolist() if a <= _day_of(p, k) < b]


def large_search(problem: RosterProblem, clock: Clock, seed: int = 0,
                 progress: Progress | None = None, patience: int = 200,
                 moves: int | None = None, exchange: Exchange | None = None,
                 first_seed: int | None = None) -> Solution:
    """The best roster found within the clock's budget (see the module docstring).
    ``exchange``: another search to trade best rosters with now and then, changing
    the part of the horizon it gives (:func:`sterkte.roster.pair.large_pair`);
    ``first_seed``: the first roster's seed when it is not ``seed``.
    ``moves``: at most that many moves, each counted as taking one unit of time when
    kinds are picked (so a seed gives the same roster on any machine, within a clock
    long enough)."""
    pool = new_pool(problem)
    rng = random.Random(seed)
    if not all(pr.held for pr in pool.persons):
        return Solution({}, None, 0, "UNKNOWN")
    r = first_roster(pool, rng if first_seed is None else random.Random(first_seed))
    _repair(r)
    if exchange is not None:  # its part of the horizon, and of every person's limits
        r = exchange.roster(pool, r.paths)
    cur = r.cost()
    best_paths, best = dict(r.paths), cur
    first_paths = best_paths
    # every move keeps each schedule's rules (each is checked as it is taken), so a
    # roster valid now stays valid; checking all of them at each new best took a
    # seventh of the time on 100 × 182 × 8
    always = _valid(r)
    if progress and always:
        progress(clock.elapsed(), round(best))
    # where a day's options apply, sweeps are left out: on planted 21-24 (60 s, both
    # seeds) the roster was lower without them in 7 of 8 runs (mean gap 133 / 254 %
    # against 182 / 331 %); in a minute on 24 they took 18 of the 46 s of moves and
    # gained 90 a second against 1,900-3,500 for chain, day and transfer
    # (docs/roster.md, *Without sweeps*). Elsewhere the day moves do not apply and
    # sweeps stay.
    kinds = tuple(k for k in KINDS if k != "sweep") if applies(r) else tuple(
        k for k in KINDS if k not in DAY_KINDS)
    # a size of period only where a window of it plans everyone: partial windows
    # gained far less (planted 100 x 364 x 16: two weeks 30-80 a second, most moves
    # nothing, one week 160-400; 150 x 364 x 32: one week 115, quick kinds 1,000+)
    kinds = tuple(k for k in kinds if not k.startswith("period") or fits(r, int(k[6:])))
    cell_of, able = reach(pool)
    day_of = [cell_of[k][0] for k in range(len(problem.cover))]  # per cover row
    # the sub-model move at most a fifth of the time: the quick kinds' rates fall to
    # nothing between their rare gains (averaged by move, a thousand a second), while a
    # sub-model's (a tenth of a second a move) keeps a gain for seconds; on planted
    # 50 x 364 x 10 it took 34-38 of a minute's 55 s of moves at 30-50 a second against
    # 300-3,000 for the others (docs/roster.md, *The sub-model's share*)
    periods = [k for k in kinds if k.startswith("period")]
    rates = TimeShare(kinds, rng, most={"sub": SUB_SHARE} | dict.fromkeys(periods, PERIOD_MOST),
                      weight=dict.fromkeys(periods, PERIOD_WEIGHT))
    since = 0
    persons = list(range(len(pool.persons)))
    requests = Requests(r) if "honour" in kinds else None
    made = 0

    def done() -> bool:  # the roster's last check and the hand-over take about a second
        return (clock.left() < min(1.0, 0.02 * (clock.deadline - clock.t0))
                or (moves is not None and made >= moves))

    def until(t0: float) -> Callable[[], bool]:
        """When a period move gives up: its share of the budget spent (never when
        counted by moves, so that a seed gives the same roster)."""
        cap = t0 + PERIOD_SHARE * (clock.deadline - clock.t0) if moves is None else math.inf
        return lambda: time.monotonic() > cap

    if "day" in kinds:
        # every day re-assigned once first: on generated instances with a planted
        # roster this took the first roster's cost from 7,871 to 2,899 in under two
        # seconds (120 persons × 28 days × 18 shift types), where sweeps and ruins
        # reached 2,230 in a minute under load
        order = list(range(*r.region))
        rng.shuffle(order)
        for day in order:
            if done():
                break
            reassign_day(r, day)
        cur = r.cost()
        if cur < best - 1e-9 and (always or _valid(r)):
            best_paths, best = dict(r.paths), cur
            if progress:
                progress(clock.elapsed(), round(best))
    while not done():
        if exchange is not None and exchange.due(clock):
            got = exchange.trade(best_paths, best, pool, clock)
            if got is not None:  # the merge (from now on the best), or the other's best
                best_paths, best, since = got[0], got[1], 0
                if progress:
                    progress(clock.elapsed(), round(best))
            if got is not None or r.region != exchange.region:  # its new part and shares
                r = exchange.roster(pool, best_paths if got is not None else r.paths)
                cur = r.cost()
        kind = rates.pick()
        t0 = time.monotonic()
        before = cur
        if kind == "sweep":
            a, b = r.clip(*_window(problem.days, rng.choice((1, 2, 4, 8)), rng))
            rng.shuffle(persons)
            for i in persons:
                if done():
                    break
                r.respond_window(i, a, b)
        elif kind == "day":
            short = r.short(day_of)
            day = (_day_of(problem, rng.choice(short)) if short and rng.random() < 0.7
                   else rng.randrange(*r.region))
            reassign_day(r, day)
        elif kind == "honour" and requests is not None:
            wish = requests.pick(r, rng)
            if wish is not None:
                honour(r, *wish, rng, cell_of, able)
        elif kind == "weekend":
            half = halves(r)
            if half:
                weekend(r, *rng.choice(half), rng, cell_of, able)
        elif kind == "sub":
            random_move(r, able, day_of, rng, clock.left() - 1.0)
        elif kind.startswith("period"):
            period_move(r, int(kind[6:]), rng, able, day_of, done, until(t0))
        elif kind in ("chain", "transfer"):
            short = r.short(day_of)
            if short:
                row = rng.choice(short)
                if kind == "chain":
                    chain(r, row, cell_of[row], able.get(row, []), rng, cell_of, able)
                else:
                    transfer(r, row, cell_of[row], able.get(row, []), rng)
        else:
            a, b = r.clip(*_window(problem.days, rng.choice((1, 2, 4)), rng))
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
                r.restore(saved)
        cur = r.cost()
        took = max(time.monotonic() - t0, 1e-3)
        rates.learn(kind, before - cur, took if moves is None else 1.0)
        made += 1
        if cur < best - 1e-9 and (always or _valid(r)):
            best_paths, best, since = dict(r.paths), cur, 0
            if progress:
                progress(clock.elapsed(), round(best))
        else:
            since += 1
            if since >= patience:
                since = 0
                r.restore(best_paths)
                cur = r.cost()
    out = Roster(pool, best_paths)
    if not _valid(out):  # not expected (every move keeps the rules): the first roster
        out = Roster(pool, first_paths)
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
