"""A period of a long roster planned again for everyone at once: column generation
over a window of a few weeks, the rest of every schedule held.

On instances of four weeks (Curtois–Qu 1–12) column generation with dives reaches
the best-known rosters, because it plans everybody's weeks together:
the relaxation prices every cover cell, and each person's cheapest schedule at
those prices is a shortest path over their rules. On a year a person's path does
not fit, and the windowed search (:mod:`sterkte.roster.large`) changes one person
over a window, or everyone on a day, or a few persons over a week or two. What it
leaves is structure: runs of work and weekends patterned badly over many persons
at once (on a year of instance 12, short on Mondays and on one day of weekends that
the reference roster works whole).

This move takes a window of days (in the search one or two weeks starting on a Monday,
:func:`period_move`) and plans it for every person again:

- each person's window is a shortest path with the rest of their schedule held
  (:func:`sterkte.roster.window.window_space`: the minutes, weekends and counters
  the days outside leave, the run of work or days off the window continues and the
  runs the day after it can follow) — a :class:`sterkte.roster.person.Person` with
  that space and its ``edge``;
- the cover rows of the window's days, less what the days outside give them, are a
  master problem of their own, and column generation (:mod:`sterkte.roster.columns`,
  the same code as on a whole instance) prices them, with every person's current
  window among the columns;
- a dive through the relaxation (:func:`sterkte.roster.dive.dive`, as on a whole
  instance: a share of the persons fixed to the schedule the relaxation favours, the
  others priced again) gives each person a window; those a cut-short dive leaves take
  their best responses. An integer master over the columns found was tried first
  (HiGHS and CP-SAT, 5 s each on a window of a year of instance 11): both stayed far
  above the roster they started from (3,370 and 2,281 against a relaxation of 1,855),
  where the dive reached 1,855 in two seconds.

Every changed schedule is checked over the whole horizon (:func:`window.valid`)
before it is taken, and the roster is restored when its cost rose.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from sterkte.roster.columns import Pool, _converge, _Master, _rows, _seed
from sterkte.roster.dive import dive
from sterkte.roster.model import RosterProblem
from sterkte.roster.person import Person
from sterkte.roster.respond import Roster, paths_of
from sterkte.roster.window import valid, window_space

__all__ = ["PERIOD_CELLS", "Planned", "fits", "period_move", "plan_period", "window_fits",
           "window_pool"]


@dataclass
class Planned:
    """What one period's planning did: the roster's cost before and after, the
    relaxation's value over the window (a lower bound on the window's cover-and-request
    cost when it converged and every path is exact), the columns and rounds it took."""

    before: float
    after: float
    lp: float
    converged: bool
    columns: int
    rounds: int
    changed: int  # persons whose schedule changed


def window_pool(r: Roster, a: int, b: int, members: Sequence[int] | None = None
                ) -> tuple[Pool, list[int], np.ndarray] | None:
    """The window's own problem: a pool of the persons re-planned (``members``, all
    when None, less those whose rules the days outside already break; their windowed
    spaces and edges; everyone else held as they are), the person indices they stand
    for, and the cover rows of the window (old row of each new one). None when nobody
    can be re-planned."""
    pool = r.pool
    p = pool.problem
    n = len(p.shifts)
    chosen: list[int] = []
    spaces = []
    outside = r.count.copy()  # each row's cover from everything but the windows planned
    for i in range(len(pool.persons)) if members is None else members:
        pr = pool.persons[i]
        if not pr.held:
            continue
        got = window_space(pr.space, r.paths[i], a, b)
        if got is None:
            continue
        inside = np.full(p.days, -1, dtype=np.int64)
        inside[a:b] = r.paths[i][a:b]
        np.subtract.at(outside, _rows(pr, inside), 1)
        chosen.append(i)
        spaces.append(got)
    if not chosen:
        return None
    cells = [pool.persons[i].cells[a * n:b * n] for i in chosen]
    touched = np.unique(np.concatenate([c.indices for c in cells]))
    new_of = {int(k): j for j, k in enumerate(touched.tolist())}
    cover = tuple(replace(p.cover[k], required=int(p.cover[k].required - outside[k]))
                  for k in touched.tolist())
    sub_problem = RosterProblem(b - a, p.shifts, tuple(p.employees[i] for i in chosen),
                                cover, name=f"{p.name} days {a}-{b}")
    persons = []
    for i, (sub, edge), c in zip(chosen, spaces, cells, strict=True):
        pr = pool.persons[i]
        rows = {(d - a, s): [new_of[k] for k in pr.rows.get((d, s), ())]
                for d in range(a, b) for s in range(n)}
        persons.append(Person(sub, rows, True, None, c[:, touched].tocsr(), True, edge))
    return Pool(sub_problem, persons, threads=pool.threads), chosen, touched


def plan_period(r: Roster, a: int, b: int, stop: Callable[[], bool],
                members: Sequence[int] | None = None, seed: int = 0, rounds: int = 30,
                dive_rounds: int = 5, batch: float = 0.3,
                give_up: Callable[[], bool] | None = None) -> Planned | None:
    """Days ``a`` to ``b`` planned again for ``members`` (all persons when None; see
    the module docstring): at most ``rounds`` relaxations at the root, then a dive
    (:func:`sterkte.roster.dive.dive`: ``batch`` of the persons left fixed a step, at
    most ``dive_rounds`` relaxations a step; when ``give_up()`` says so, those left
    take their best responses and the polish ends). ``stop()``: the budget's end (a
    window then left without schedules is not taken). The roster changes only when it
    got cheaper; None when the window could not be built."""
    built = window_pool(r, a, b, members)
    if built is None:
        return None
    pool, chosen, _ = built
    for j, i in enumerate(chosen):  # the current roster is a column of everyone
        pool.add(j, r.paths[i][a:b])
    _seed(pool)

    def quit_() -> bool:
        return stop() or (give_up is not None and give_up())

    done = _converge(pool, _Master(pool, {}, range(len(pool.columns))), quit_, rounds)
    lp = pool.lp_value
    before = r.cost()
    planned = paths_of(pool, dive(pool, stop, rounds=dive_rounds, rng=random.Random(seed),
                                  batch=batch, give_up=give_up, polishing=give_up))
    changed: dict[int, np.ndarray] = {}
    for j, i in enumerate(chosen):
        if np.array_equal(planned[j], r.paths[i][a:b]):
            continue
        path = r.paths[i].copy()
        path[a:b] = planned[j]
        if not valid(r.pool.persons[i].space, path):  # the budget's end left it empty
            return Planned(before, before, lp, done, len(pool.columns), pool.rounds, 0)
        changed[i] = path
    saved = {i: r.paths[i] for i in changed}
    for i, path in changed.items():
        r._set(i, path)
    after = r.cost()
    if after > before + 1e-9:
        r.restore(saved)
        after = before
        changed = {}
    return Planned(before, after, lp, done, len(pool.columns), pool.rounds, len(changed))


# At most this many cells (person, day, shift they may work) planned in one move: a
# window of four weeks of a year of instance 11 (50 persons, 6 shift types; about
# 8,000 cells) took two seconds, of instance 12 (60 persons, 10 types; about 16,000)
# eight to eleven; a window with more cells plans only some of its persons (those
# who could fill what it leaves short first), the others held
PERIOD_CELLS = 10_000


def fits(r: Roster, weeks: int = 1) -> bool:
    """True when ``weeks`` weeks of everyone are at most :data:`PERIOD_CELLS` cells (on
    average over the horizon), so that such a window plans every person. Where they
    are not, windows plan some persons only: on a planted 150 x 364 x 32 (17,600 cells
    a week) the moves gained about 115 a second where the quick kinds gained 1,000 or
    more, and rosters of a minute were 6,931 and 9,696 with them against 4,277 and
    5,811 without (seeds 0 and 1, two processes); on planted 100 x 364 x 16 (12,600
    cells in two weeks) two-week windows gained 30-80 a second, most of them nothing."""
    cells = sum(int(pr.space.allowed.sum()) for pr in r.pool.persons)
    return window_fits(cells, r.pool.problem.days, weeks)


def window_fits(cells: int, days: int, weeks: int) -> bool:
    """True when ``weeks`` weeks of a horizon of ``days`` days with ``cells`` cells
    (person, day, shift they may work) hold at most :data:`PERIOD_CELLS` on average."""
    return cells * 7 * weeks <= PERIOD_CELLS * max(1, days)


def period_move(r: Roster, weeks: int, rng: random.Random, able: dict[int, list[int]],
                day_of: Sequence[int], stop: Callable[[], bool],
                give_up: Callable[[], bool] | None = None) -> Planned | None:
    """:func:`plan_period` over a window of ``weeks`` weeks starting on a Monday (cut to
    the roster's ``region``): seven times in ten around a cover row left short there
    (``day_of``: per row its day), else anywhere in it; for every person, or — above
    :data:`PERIOD_CELLS` cells — for those who could fill the window's short rows
    (``able``: per row the persons who could fill it), then others at random, up to
    that many cells; ``stop`` and ``give_up`` as for :func:`plan_period`."""
    lo, hi = r.region
    w0 = lo // 7  # the first and the last Monday a window starts on
    w1 = max(w0, (hi - 1) // 7 - weeks + 1)
    short = r.short(day_of)
    if short and rng.random() < 0.7:
        week = day_of[rng.choice(short)] // 7 - rng.randrange(weeks)
    else:
        week = rng.randrange(w0, w1 + 1)
    week = min(max(w0, week), w1)
    a, b = r.clip(7 * week, 7 * (week + weeks))
    if b <= a:
        return None
    cells = {i: int(pr.space.allowed[a:b].sum()) for i, pr in enumerate(r.pool.persons)}
    members: list[int] | None = None
    if sum(cells.values()) > PERIOD_CELLS:
        able_here = {i for k in short if a <= day_of[k] < b for i in able.get(k, [])}
        first = sorted(able_here)
        rest = [i for i in cells if i not in able_here]
        rng.shuffle(first)
        rng.shuffle(rest)
        members, total = [], 0
        for i in first + rest:
            if total + cells[i] <= PERIOD_CELLS:
                members.append(i)
                total += cells[i]
    return plan_period(r, a, b, stop, members, seed=rng.randrange(1 << 30), give_up=give_up)
