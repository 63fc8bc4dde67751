"""Best responses: each person's best schedule with everybody else's held.

With every other person's schedule fixed, what one more person on a cover cell is
worth is known exactly: the cell's under-cover weight while the requirement is not
met without this person, minus its over-cover weight once it is. At those prices the
person's cheapest schedule that keeps all of their rules is one shortest path
(:func:`sterkte.roster.pricing.best_schedules`, a few milliseconds). Taking it,
person after person, never makes the roster's cover-and-request cost worse and
needs no linear programme and no CP-SAT: it completes a dive cut short by the
budget (the persons left get their best response to those fixed) and polishes
every roster a dive or the search proposes, before the large-neighbourhood search
(:mod:`sterkte.roster.lns`) works on moves between several persons.

Exact where every cover requirement counts at most one cell of a person's schedule
(one (day, shift) cell per requirement, as in the benchmark); otherwise each move's
true change is computed as well and a move is only taken when it truly improves.
Soft goals the columns do not price (fairness) are not seen here: the search
re-evaluates every roster on the full model before it takes it.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from sterkte.roster.columns import Pool, _cell_duals, _rows
from sterkte.roster.model import Assignment, RosterProblem
from sterkte.roster.pricing import QUICK_STATES, best_schedules
from sterkte.roster.window import _totals, valid, window_space

if TYPE_CHECKING:  # daymove imports this module
    from sterkte.roster.daymove import Stacked

__all__ = ["HALF_SHARE", "Roster", "half_weekend_price", "polish"]

# the price on a weekend worked on one day, as a share of the weekend cover's lowest
# under-cover weight (:func:`half_weekend_price`; docs/roster.md, *A price on weekends
# worked on one day*)
HALF_SHARE = 0.5


def half_weekend_price(problem: RosterProblem) -> float:
    """The price the windowed search's best responses put on a weekend worked on one
    day only (:mod:`sterkte.roster.large`). Where the weekend cover needs more shifts
    than twice every weekend the staff may work (every person's weekends limited),
    each weekend worked on one day leaves a weekend shift short that the same weekend
    worked whole would fill. A person's path over a window sees only the window's
    cover, not what the weekend it spends is worth to the windows after it; this price,
    ``HALF_SHARE`` of the lowest under-cover weight of a weekend requirement, makes it
    see part of it. 0 where weekends are not that scarce."""
    caps = [e.max_weekends for e in problem.employees]
    if not caps or any(c is None or c < 0 for c in caps):
        return 0.0
    weekend = [c for c in problem.cover if c.required > 0 and c.weight_under > 0
               and all(d % 7 >= 5 for d, _ in c.cells)]
    if sum(c.required for c in weekend) <= 2 * sum(c or 0 for c in caps):
        return 0.0
    return HALF_SHARE * min(c.weight_under for c in weekend)


class Roster:
    """One schedule per person (shift index per day, -1 off) with the cover counts
    they give; costs in the objective's units."""

    def __init__(self, pool: Pool, paths: Mapping[int, np.ndarray], half: float = 0.0
                 ) -> None:
        p = pool.problem
        self.pool = pool
        # the best responses' price on a weekend worked on one day (:func:`half_weekend_price`)
        self.half = half
        self.req = np.array([c.required for c in p.cover], dtype=float)
        self.wu = np.array([c.weight_under for c in p.cover], dtype=float)
        self.wo = np.array([c.weight_over for c in p.cover], dtype=float)
        self.paths: dict[int, np.ndarray] = {}
        self.rows: dict[int, np.ndarray] = {}
        self.own: dict[int, float] = {}
        self.count = np.zeros(len(p.cover))
        # per day the cover row of each shift (-1: none), for :mod:`daymove`
        self.day_rows: dict[int, list[int]] = {}
        self.stacked: Stacked | None = None  # everyone's rules stacked, for :mod:`daymove`
        # the days the moves may change (all; a part of the horizon where two searches
        # share one roster, :mod:`sterkte.roster.pair`): windows are cut to it
        self.region = (0, p.days)
        # kept as schedules change, for :mod:`daymove` (a day's options on a year of 150
        # persons spent most of their time summing these, and stacking the schedules):
        # everyone's schedule (persons × days), the units of minutes each works, and
        # each counter's count, person ``i``'s from ``koff[i]``
        n = len(pool.persons)
        self._m = np.full((n, p.days), -1, dtype=np.int64)
        self._view = self._m.view()
        self._view.flags.writeable = False
        self.units_used = np.zeros(n, dtype=np.int64)
        self.koff = np.cumsum([0] + [pr.space.cap.shape[0] for pr in pool.persons]
                              ).astype(np.int64)
        self.counter_totals = np.zeros(int(self.koff[-1]), dtype=np.int64)
        for i in range(n):
            self._set(i, np.asarray(paths.get(i, np.full(p.days, -1)), dtype=np.int64))

    def _set(self, i: int, path: np.ndarray) -> None:
        if i in self.rows:
            np.subtract.at(self.count, self.rows[i], 1)
        pr = self.pool.persons[i]
        self.paths[i] = path
        self.rows[i] = _rows(pr, path)
        self.own[i] = pr.space.cost(path)
        np.add.at(self.count, self.rows[i], 1)
        self._m[i] = path
        self.units_used[i] = _totals(path, pr.space.units, pr.space.weight,
                                     self.counter_totals[self.koff[i]:self.koff[i + 1]])

    def restore(self, paths: Mapping[int, np.ndarray]) -> None:
        """These schedules put (back) in place: a saved roster or part of one; a
        schedule already in place is left as it is."""
        for i, path in paths.items():
            if self.paths[i] is not path:
                self._set(i, path)

    def set_day(self, i: int, d: int, s: int) -> None:
        """Person ``i`` on shift ``s`` (``-1``: off) on day ``d``, the rest of their
        schedule as it is: :meth:`_set` for one day, without laying out the whole
        schedule again (a day re-assigned on a year with 150 persons spent a fifth of
        its time there)."""
        pr = self.pool.persons[i]
        old = int(self.paths[i][d])
        gone = list(pr.rows.get((d, old), ())) if old >= 0 else []
        new = list(pr.rows.get((d, s), ())) if s >= 0 else []
        rows = self.rows[i]
        if gone:
            keep = np.ones(rows.shape[0], dtype=bool)
            for k in gone:
                keep[np.flatnonzero((rows == k) & keep)[0]] = False
                self.count[k] -= 1
            rows = rows[keep]
        if new:
            rows = np.concatenate([rows, np.array(new, dtype=np.int64)])
            for k in new:
                self.count[k] += 1
        self.rows[i] = rows
        sp = pr.space
        base = sp.base[d]
        self.own[i] += float(base[s + 1] - base[old + 1])
        path = self.paths[i].copy()
        path[d] = s
        self.paths[i] = path
        self._m[i, d] = s
        totals = self.counter_totals[self.koff[i]:self.koff[i + 1]]
        if old >= 0:
            self.units_used[i] -= sp.units[old]
            totals -= sp.weight[:, d, old]
        if s >= 0:
            self.units_used[i] += sp.units[s]
            totals += sp.weight[:, d, s]

    def clip(self, a: int, b: int) -> tuple[int, int]:
        """Days ``a`` to ``b`` cut to :attr:`region` (empty when ``b <= a`` after)."""
        return max(a, self.region[0]), min(b, self.region[1])

    def owns(self, d: int) -> bool:
        """True when day ``d`` is in :attr:`region`."""
        return self.region[0] <= d < self.region[1]

    def short(self, day_of: Sequence[int]) -> list[int]:
        """The cover rows left short on days in :attr:`region` (``day_of``: per row its
        day)."""
        return [k for k in np.flatnonzero(self.count < self.req).tolist()
                if self.owns(day_of[k])]

    def matrix(self) -> np.ndarray:
        """Everyone's schedule, persons × days (kept as schedules change; read only)."""
        return self._view

    def decisive(self) -> float:
        """A cost above anything cover can gain: a choice priced with it is taken (or
        avoided) whatever else the schedule leaves."""
        return 100.0 * (1.0 + float(self.wu.max()))

    def cover_cost(self, count: np.ndarray | None = None) -> float:
        c = self.count if count is None else count
        return float((np.maximum(0.0, self.req - c) * self.wu).sum()
                     + (np.maximum(0.0, c - self.req) * self.wo).sum())

    def cost(self) -> float:
        return sum(self.own.values()) + self.cover_cost()

    def respond(self, i: int, force: bool = False) -> bool:
        """Person ``i``'s best response to the others; True when it lowered the cost
        (``force``: taken even when it does not — the person's schedule so far is a
        placeholder, such as the empty one, which may break their own rules)."""
        pr = self.pool.persons[i]
        if not pr.exact:
            return False  # a shortest path would not hold all of their rules
        without = self.count.copy()
        np.subtract.at(without, self.rows[i], 1)
        value = np.where(without < self.req, self.wu, -self.wo)
        # the quick path: a response is a heuristic step, and thousands are taken
        found = best_schedules(pr.space, _cell_duals(self.pool, pr, value), 1,
                               limit=QUICK_STATES, edge=pr.edge, half=self.half)
        if not found:
            return False
        path = found[0][0]
        if np.array_equal(path, self.paths[i]):
            return False
        if not force and not self._lowers(i, path, without):
            return False
        self._set(i, path)
        return True

    def _lowers(self, i: int, path: np.ndarray, without: np.ndarray) -> bool:
        """Whether person ``i`` on ``path`` lowers the roster's cost (``without``: the
        cover counts without their schedule)."""
        pr = self.pool.persons[i]
        after = without.copy()
        np.add.at(after, _rows(pr, path), 1)
        change = (pr.space.cost(path) + self.cover_cost(after)
                  - self.own[i] - self.cover_cost())
        return bool(change < -1e-9)

    def respond_window(self, i: int, a: int, b: int, force: bool = False,
                       min_share: float = 1.0, wk_share: float = 1.0,
                       max_share: float = 1.0, rounds: int = 8,
                       favour: int | None = None, work: int | None = None) -> bool:
        """Person ``i``'s best response over days ``a`` to ``b`` (exclusive), the rest
        of their schedule held (:mod:`sterkte.roster.window`: the path stays small on
        any horizon); ``force`` and the result as :meth:`respond`. ``min_share``: the
        share of their minimum minutes the schedule so far must reach (a roster built
        window by window), ``wk_share`` the share of their weekends at most;
        ``rounds``: of multipliers for the counters the path cannot hold
        (:func:`sterkte.roster.pricing.best_schedules`); ``favour``: a day on which
        only the person's cheapest choices (their requests) are open, every other
        costing far more than any cover is worth (the path takes them wherever their
        rules allow; the schedule's own cost is the true one); ``work``: a day on which
        being off costs far more than any cover is worth (the path works it wherever
        its rules allow). The window is cut to :attr:`region`."""
        pr = self.pool.persons[i]
        a, b = self.clip(a, b)
        if not pr.held or b <= a:
            return False
        got = window_space(pr.space, self.paths[i], a, b, min_share, wk_share, max_share)
        if got is None:
            return False
        sub, edge = got
        if favour is not None and a <= favour < b:
            base = sub.base[favour - a]
            sub.base[favour - a] = np.where(base > pr.space.lowest[favour] + 1e-9,
                                            base + self.decisive(), base)
        if work is not None and a <= work < b:
            sub.base[work - a, 0] += self.decisive()  # off there costs more than any cover
        without = self.count.copy()
        np.subtract.at(without, self.rows[i], 1)
        value = np.where(without < self.req, self.wu, -self.wo)
        found = best_schedules(sub, _cell_duals(self.pool, pr, value)[a:b], 1,
                               rounds=rounds, limit=QUICK_STATES, edge=edge, half=self.half)
        if not found:
            return False
        path = self.paths[i].copy()
        path[a:b] = found[0][0]
        if np.array_equal(path, self.paths[i]):
            return False
        low = int(np.ceil(pr.space.min_units * min_share))
        if not valid(pr.space, path, min(low, pr.space.min_units)):
            return False  # not expected: the window's edge holds every rule
        if not force and not self._lowers(i, path, without):
            return False
        self._set(i, path)
        return True

    def assignment(self) -> Assignment:
        p = self.pool.problem
        out: Assignment = {}
        for i, path in self.paths.items():
            e = self.pool.persons[i].space.employee
            out.update({(e, d): p.shifts[s].id for d, s in enumerate(path.tolist()) if s >= 0})
        return out


def paths_of(pool: Pool, roster: Assignment) -> dict[int, np.ndarray]:
    """Each person's schedule in ``roster`` as shift indices per day."""
    index = {s.id: j for j, s in enumerate(pool.problem.shifts)}
    out = {}
    for i, pr in enumerate(pool.persons):
        e = pr.space.employee
        out[i] = np.array([index[roster[(e, d)]] if (e, d) in roster else -1
                           for d in range(pool.problem.days)], dtype=np.int64)
    return out


def polish(pool: Pool, paths: Mapping[int, np.ndarray], stop: Callable[[], bool],
           rng: random.Random, first: list[int] | None = None, sweeps: int = 20,
           halt: Callable[[], bool] | None = None) -> Roster:
    """Best responses until no person improves (at most ``sweeps`` sweeps, each over
    every person in a random order), ``first`` (the persons without a schedule yet:
    those a dive left, or everyone) before the rest. The persons in ``first`` always
    take their best response, whatever ``stop()`` says (one shortest path each, a
    few milliseconds): their empty schedule may break their own rules (a minimum of
    minutes), and a roster with one such person is no roster at all (measured on
    instance 12 scaled twice under load: the first roster was cut short after 3 s,
    was invalid, and CP-SAT found no other in the minute) — unless ``halt()``: the
    budget is spent, and the roster is left incomplete (it ran 10 s past a minute on
    that instance)."""
    r = Roster(pool, paths)
    for i in first or []:
        if halt is not None and halt():
            return r
        r.respond(i, force=True)
    everyone = list(range(len(pool.persons)))
    for _ in range(sweeps):
        rng.shuffle(everyone)
        moved = 0
        for i in everyone:
            if stop():
                return r
            moved += r.respond(i)
        if not moved:
            break
    return r
