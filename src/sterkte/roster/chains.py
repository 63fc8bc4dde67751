"""Moves through other persons and other days, for the windowed search
(:mod:`sterkte.roster.large`): a cover requirement left short filled by a **chain** over
the days around it or a **transfer** of minutes or weekends across the horizon, and a
request not honoured taken by its person (**honour**), a weekend worked on one day
only completed by its person (**weekend**). Each change of a day
is one :func:`sterkte.roster.daymove.options` allows (or a best response over a window,
checked), so every rule is kept; a move is kept only when the roster got cheaper.
Only for cover of one cell per requirement without skill (:func:`daymove.applies`)."""

from __future__ import annotations

import random

import numpy as np

from sterkte.roster.daymove import options, reassign_day, spare_units, stacked
from sterkte.roster.model import RosterProblem
from sterkte.roster.respond import Roster

__all__ = ["Requests", "chain", "halves", "honour", "transfer", "weekend"]


def _shift(p: RosterProblem, sid: str) -> int:
    """The index of shift type ``sid``."""
    return next(j for j, s in enumerate(p.shifts) if s.id == sid)


def chain(r: Roster, row: int, cell: tuple[int, str], able: list[int],
          rng: random.Random, cells: dict[int, tuple[int, str]] | None = None,
          ables: dict[int, list[int]] | None = None) -> bool:
    """A cover requirement left short filled by a chain over days: a person who could
    fill it takes their best response over a week or two around its day with the
    requirement worth far more than its weight (so they take it where their rules
    allow), then every day their schedule changed is re-assigned at once
    (:func:`sterkte.roster.daymove.reassign_day`: whoever can fill what they left).
    Kept when the roster's cost went down, else undone. One person's move alone gains
    nothing where the shift they leave is exactly covered; the days' re-assignments
    are what a best response cannot do. With ``cells`` and ``ables`` (every cover
    row's cell and the persons who could fill it) what stays short on those days is
    offered to :func:`transfer` before the chain is judged."""
    day, sid = cell
    p = r.pool.problem
    shift = _shift(p, sid)
    cands = [i for i in able if r.paths[i][day] != shift]
    if not cands:
        return False
    i = rng.choice(cands)
    a, b = _weeks(day, p.days, rng)
    before = r.cost()
    saved = dict(r.paths)
    weight = r.wu[row]
    r.wu[row] = weight + r.decisive()  # worth taking at any other cost
    try:
        moved = r.respond_window(i, a, b, force=True)
    finally:
        r.wu[row] = weight
    return moved and _settle(r, i, saved, before, rng, cells, ables)


def honour(r: Roster, i: int, day: int, rng: random.Random,
           cells: dict[int, tuple[int, str]], ables: dict[int, list[int]]) -> bool:
    """A request of person ``i`` on ``day`` that the roster does not honour, honoured by
    a chain over days: the person's best response over a week or two around it with
    every other choice on that day costing more than any cover is worth, then every
    day they changed re-assigned at once and what stays short on those days offered
    to :func:`transfer`; kept when the roster's cost went down, else undone.

    Why: on a planted year of 150 persons, after a minute's search, a shift asked for
    on a day off was kept from the person by their runs of work and days off in 1,224
    of 1,260 cases (not by their minutes), and the rosters' requests not honoured
    cost 3.5 times the optimum's. A best response alone never honours them: the shift
    it would leave is covered exactly. Run over a minute's roster, this move lowered
    its cost from 13,603 to 6,613 (the requests from 6,800 to 3,912; the cover short
    too, since the days re-assigned also fill what was short)."""
    a, b = _weeks(day, r.pool.problem.days, rng)
    before = r.cost()
    saved = dict(r.paths)
    moved = r.respond_window(i, a, b, force=True, favour=day)
    return moved and _settle(r, i, saved, before, rng, cells, ables)


def halves(r: Roster) -> list[tuple[int, int]]:
    """The (person, day off) of every weekend (Saturday and Sunday: days 5 and 6 of each
    week, as :func:`sterkte.roster.window.valid` counts them) that a person works on
    one day only while all their weekends are spent, and whose other day they may
    work (in the roster's ``region``): that day would cost them no weekend."""
    days = r.pool.problem.days
    m = r.matrix()
    sats = np.arange(5, days - 1, 7)
    if not sats.size:
        return []
    sat, sun = m[:, sats] >= 0, m[:, sats + 1] >= 0
    out = []
    for i, pr in enumerate(r.pool.persons):
        cap = pr.space.max_weekends
        if cap < 0 or int((sat[i] | sun[i]).sum()) < cap:
            continue
        allowed = pr.space.allowed
        for j in np.flatnonzero(sat[i] != sun[i]).tolist():
            d = int(sats[j]) + (1 if sat[i, j] else 0)
            if allowed[d].any() and r.owns(d):
                out.append((i, d))
    return out


def weekend(r: Roster, i: int, day: int, rng: random.Random,
            cells: dict[int, tuple[int, str]], ables: dict[int, list[int]]) -> bool:
    """Person ``i``, who works the other day of ``day``'s weekend, made to work ``day``
    too: their best response over two, three or four weeks around it (the first that
    works ``day``) with ``day`` off costing more than any cover is worth, then every
    day they changed re-assigned and what stays short offered to :func:`transfer`
    (:func:`_settle`); kept when the roster got cheaper.

    Why: where weekends are what the staff lacks, a weekend worked on one day spends
    a weekend for one shift. Instance 11 of the benchmark repeated over a year (the
    limits per horizon times 13) must leave at least 442 weekend shifts short (its
    weekend cover less two shifts for every weekend its staff may work); thirteen
    times the best-known roster leaves exactly those. The search left 524 after a
    minute, 82 more, and worked 82 weekends on one day (docs/roster.md, *A year of a
    real instance*). A chain for the short Sunday seldom picks the person who works
    Saturday, and a window of a week cannot move their run of work."""
    days = r.pool.problem.days
    before = r.cost()
    saved = dict(r.paths)
    moved = False
    # two weeks (from the Monday before or this one, at random), three (the one
    # before to the one after), four (from two Mondays before or one)
    for weeks, backs in ((2, (1, 0)), (3, (1,)), (4, (2, 1))):
        back = backs[rng.randrange(2)] if len(backs) > 1 else backs[0]
        a = max(0, 7 * (day // 7 - back))
        moved = r.respond_window(i, a, min(days, a + 7 * weeks), force=True, work=day)
        if moved and r.paths[i][day] >= 0:
            break
        if moved:
            r._set(i, saved[i])
            moved = False
    return moved and _settle(r, i, saved, before, rng, cells, ables)


def _weeks(day: int, days: int, rng: random.Random) -> tuple[int, int]:
    """A window of one or two weeks (from a Monday) around ``day``."""
    weeks = rng.choice((1, 2))
    a = max(0, 7 * (day // 7 - rng.randrange(weeks)))
    return a, min(days, a + 7 * weeks)


def _settle(r: Roster, i: int, saved: dict[int, np.ndarray], before: float,
            rng: random.Random, cells: dict[int, tuple[int, str]] | None,
            ables: dict[int, list[int]] | None) -> bool:
    """After person ``i``'s schedule changed: every day it changed re-assigned, what
    stays short on those days offered to :func:`transfer` (with ``cells`` and
    ``ables``); True when the roster is cheaper than ``before``, else ``saved`` put
    back."""
    days = np.flatnonzero(r.paths[i] != saved[i]).tolist()
    rng.shuffle(days)
    for d in days:
        reassign_day(r, d)
    if r.cost() >= before - 1e-9:
        # once more: a day re-assigned first may open what a later one freed (a
        # person off one day who now has the minutes to take another)
        for d in days:
            reassign_day(r, d)
    if cells is not None and ables is not None and r.cost() >= before - 1e-9:
        # what nobody could take on those days, taken with minutes or weekends from
        # elsewhere in the horizon (:func:`transfer`)
        changed = set(days)
        for k in np.flatnonzero(r.count < r.req).tolist():
            if cells[k][0] in changed:
                transfer(r, k, cells[k], ables.get(k, []), rng)
    if r.cost() < before - 1e-9:
        return True
    r.restore(saved)
    return False


class Requests:
    """The requests a roster does not honour: per person and day, whether their choice
    costs more than their cheapest allowed one (``PersonSpace.lowest``)."""

    def __init__(self, r: Roster) -> None:
        base = stacked(r).base  # persons × days × (off, shifts)
        self.base = base.reshape(-1)
        self.first = np.arange(base.shape[0] * base.shape[1]).reshape(base.shape[:2]) * (
            base.shape[2]) + 1  # where each (person, day)'s "off" + 1 lies in self.base
        self.lowest = np.stack([pr.space.lowest for pr in r.pool.persons])

    def pick(self, r: Roster, rng: random.Random) -> tuple[int, int] | None:
        """A (person, day) in the roster's ``region`` whose request is not honoured, at
        random; None when all are."""
        lo, hi = r.region
        cost = self.base[self.first[:, lo:hi] + r.matrix()[:, lo:hi]]
        i, d = np.nonzero(cost > self.lowest[:, lo:hi] + 1e-9)
        d = d + lo
        if not i.size:
            return None
        k = rng.randrange(i.size)
        return int(i[k]), int(d[k])


def transfer(r: Roster, row: int, cell: tuple[int, str], able: list[int],
             rng: random.Random, persons: int = 8, tries: int = 40) -> bool:
    """A cover requirement left short filled by a person whose minutes or weekends are
    spent: they give up a shift on another day (for minutes) or the shifts of another
    weekend (for a weekend), anywhere in the horizon, each to a person who is off
    that day and may take it, and take the short one. Every day changed is a choice
    :func:`sterkte.roster.daymove.options` allows, so every rule is kept. Kept when
    the roster got cheaper, else undone.

    Why: on a planted year of 150 persons (cover exactly what the planted schedules
    give, 98.8 % of everyone's maximum minutes) the search left half its short cover
    in the last four weeks, everyone's minutes spent by then, with spare minutes
    scattered over a few persons; a chain or a sweep (one or two weeks around the
    short day) cannot move minutes or weekends across months. After this move, a
    third of what stayed short could be taken by someone off that day but for the
    weekends they had worked. Days outside the roster's ``region`` are not given."""
    day, sid = cell
    pool = r.pool
    p = pool.problem
    shift = _shift(p, sid)
    xs = [i for i in able if r.paths[i][day] < 0]
    if not xs or not r.owns(day):
        return False
    rng.shuffle(xs)
    order = list(range(len(pool.persons)))  # who is asked first to take a day
    rng.shuffle(order)
    spare = spare_units(r)
    for x in xs[:persons]:
        sp = pool.persons[x].space
        path = r.paths[x]
        need = max(0, int(sp.units[shift]) - spare[x])
        if need and shift in options(sp, path, day, spare=need):
            groups = [[e] for e in np.flatnonzero(path >= 0).tolist()
                      if sp.units[path[e]] >= need]  # a day's minutes are enough
        elif day % 7 >= 5 and shift in options(sp, path, day, spare=need, weekends=1):
            groups = [[e for e in (sat, sat + 1) if e < p.days and path[e] >= 0]
                      for sat in range(5, p.days, 7) if sat // 7 != day // 7]
            groups = [g for g in groups if g and sum(int(sp.units[path[e]]) for e in g) >= need]
        else:
            continue  # neither minutes nor weekends keep them off it
        groups = [g for g in groups if all(r.owns(e) for e in g)]
        rng.shuffle(groups)
        for group in groups[:tries]:
            before = r.cost()
            made = _give(r, x, group, spare, order)
            if made is None:
                continue
            if shift in options(sp, r.paths[x], day):
                r.set_day(x, day, shift)
                if r.cost() < before - 1e-9:
                    return True
                r.set_day(x, day, -1)
            for i, e, s in reversed(made):
                r.set_day(i, e, s)
    return False


def _give(r: Roster, x: int, days: list[int], spare: list[int], order: list[int]
          ) -> list[tuple[int, int, int]] | None:
    """Person ``x`` off on ``days``, each shift they leave taken by a person off that
    day who may take it (the first in ``order`` with spare minutes); the changes made
    (person, day, shift before), or None when a day found nobody (all undone)."""
    pool = r.pool
    sp = pool.persons[x].space
    made: list[tuple[int, int, int]] = []
    for e in days:
        t = int(r.paths[x][e])
        y = -1
        if -1 in options(sp, r.paths[x], e):
            units = int(sp.units[t])
            y = next((y for y in order
                      if y != x and r.paths[y][e] < 0 and spare[y] >= units
                      and t in options(pool.persons[y].space, r.paths[y], e)), -1)
        if y < 0:
            for i, d, s in reversed(made):
                r.set_day(i, d, s)
            return None
        r.set_day(x, e, -1)
        r.set_day(y, e, t)
        made += [(x, e, t), (y, e, -1)]
    return made
