"""Rosters from per-person schedules: column generation and set partitioning.

A roster is one schedule per person. The *master problem* chooses, from a pool of
schedules (columns), one per person so that the cover costs plus the persons' own
costs (requests) are least: a set-partitioning problem. Its linear relaxation,
solved with GLOP, prices every cover cell (the dual value: what one more person
on that cell is worth); the pricing problem then asks each person for their
cheapest schedule at those prices — a shortest path over the days that keeps the
person's rules (:mod:`sterkte.roster.pricing`) — and adds it to the pool when it
would lower the relaxation's cost. When no person has such a schedule left, the
relaxation is solved over all schedules at once and its value is a lower bound on
any roster's cover-and-request cost. Dives through the relaxation
(:mod:`sterkte.roster.dive`) then propose rosters, which the search in
:mod:`sterkte.roster.search` repairs (rules between persons, such as an aspirant with
a trained colleague, and soft goals the columns do not price, such as fairness) and
improves. A pool may also be one window of a longer roster (:mod:`sterkte.roster.period`).

Rules the shortest path cannot hold in its state (weekly rest with clock times,
rest after a series of nights, the neighbourhood share, windows of minutes that
slide) are checked on each schedule by the independent checker; a schedule that
breaks one is not added, so every column keeps every rule about one person.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from ortools.linear_solver import pywraplp

from sterkte.roster.check import check_roster
from sterkte.roster.index import CoverIndex
from sterkte.roster.model import Assignment, RosterProblem
from sterkte.roster.person import Person, make_person
from sterkte.roster.pricing import MAX_STATES, QUICK_STATES, best_schedules

Path = tuple[int, ...]  # shift index per day, -1 = off


@dataclass
class Column:
    person: int
    path: Path
    cost: float  # the person's own cost (requests not honoured)
    rows: np.ndarray  # the cover rows it counts in, once per count

    @cached_property
    def coefficients(self) -> list[tuple[int, int]]:
        """Each cover row the column counts in, with how often (a dive builds a
        master a step, each with the same columns: counted once)."""
        return list(Counter(self.rows.tolist()).items())


@dataclass
class Pool:
    """The columns found so far, and what the last relaxation said about them."""

    problem: RosterProblem
    persons: list[Person]
    columns: list[Column] = field(default_factory=list)
    seen: dict[tuple[int, Path], int] = field(default_factory=dict)  # → column index
    lower_bound: float = -math.inf  # proved, once column generation has converged
    lp_value: float = math.inf
    rounds: int = 0  # relaxations solved (the unit of work of column generation)
    # the root relaxation's roster: (person, day, shift) → its weight, 0 where absent
    relaxed: dict[tuple[str, int, str], float] = field(default_factory=dict)
    # threads pricing persons at once (the shortest path releases the GIL); the
    # columns found are the same with any number
    threads: int = 1

    def add(self, person: int, path: Sequence[int] | np.ndarray,
            made: tuple[float, np.ndarray] | None = None) -> bool:
        """The schedule as a new column (False when pooled already, or when it breaks
        a rule the path does not hold); ``made``: its cost and rows, when known."""
        key = (person, tuple(path.tolist() if isinstance(path, np.ndarray)
                             else (int(s) for s in path)))
        if key in self.seen:
            return False
        pr = self.persons[person]
        if (not pr.exact and pr.alone is not None
                and not check_roster(pr.alone, _assignment(self.problem, pr, key[1])).valid):
            return False
        self.seen[key] = len(self.columns)
        if made is None:
            arr = np.array(key[1], dtype=np.int64)
            made = pr.space.cost(arr), _rows(pr, arr)
        self.columns.append(Column(person, key[1], *made))
        return True

    def add_roster(self, roster: Assignment) -> None:
        """The persons' schedules of ``roster`` as columns (an incumbent in the pool
        lets the relaxation and the dive take it where it is good)."""
        index = {s.id: j for j, s in enumerate(self.problem.shifts)}
        for i, pr in enumerate(self.persons):
            e = pr.space.employee
            self.add(i, [index[roster[(e, d)]] if (e, d) in roster else -1
                         for d in range(self.problem.days)])


def _assignment(p: RosterProblem, pr: Person, path: Path) -> Assignment:
    return {(pr.space.employee, d): p.shifts[s].id for d, s in enumerate(path) if s >= 0}


def new_pool(problem: RosterProblem) -> Pool:
    index = CoverIndex(problem)
    return Pool(problem, [make_person(problem, i, index) for i in range(len(problem.employees))])


COLD = "use_preprocessing:true use_dual_simplex:false"  # GLOP's defaults


class _Master:
    """The master's linear relaxation in GLOP over the columns of the persons not
    fixed; the fixed persons' columns are constants (their cover moves to the right-
    hand side, their cost to ``base``). Grown column by column; GLOP starts each
    solve from the last basis."""

    def __init__(self, pool: Pool, fixed: dict[int, int], active: Sequence[int]) -> None:
        p = pool.problem
        self.pool = pool
        self.fixed = fixed
        self.lp = pywraplp.Solver.CreateSolver("GLOP")
        inf = self.lp.infinity()
        obj = self.lp.Objective()
        have = np.zeros(len(p.cover))
        self.base = 0.0
        for j in fixed.values():
            np.add.at(have, pool.columns[j].rows, 1)
            self.base += pool.columns[j].cost
        self.rhs = np.array([cv.required for cv in p.cover], dtype=float) - have
        self.cover_rows = []
        for r, cv in enumerate(p.cover):
            ct = self.lp.Constraint(self.rhs[r], self.rhs[r])
            under, over = self.lp.NumVar(0, inf, ""), self.lp.NumVar(0, inf, "")
            ct.SetCoefficient(under, 1)
            ct.SetCoefficient(over, -1)
            obj.SetCoefficient(under, cv.weight_under)
            obj.SetCoefficient(over, cv.weight_over)
            self.cover_rows.append(ct)
        self.convex = {i: self.lp.Constraint(1, 1) for i in range(len(pool.persons))
                       if i not in fixed}
        self.cols: list[int] = []
        self.vars: list[pywraplp.Variable] = []
        self.held: set[int] = set()  # the pool's columns in this relaxation
        self.pinned: dict[int, int] = {}  # person → column, held by bounds (warm)
        self.synced = len(pool.columns)
        self.moved = False  # bounds changed since the last solve
        obj.SetMinimization()
        for j in active:
            self._add(j)

    def _add(self, j: int) -> None:
        col = self.pool.columns[j]
        if col.person in self.fixed:
            return
        top = 0.0 if col.person in self.pinned else self.lp.infinity()
        v = self.lp.NumVar(0, top, "")
        self.lp.Objective().SetCoefficient(v, col.cost)
        self.convex[col.person].SetCoefficient(v, 1)
        for r, a in col.coefficients:
            self.cover_rows[r].SetCoefficient(v, a)
        self.cols.append(j)
        self.vars.append(v)
        self.held.add(j)

    def take(self, j: int) -> bool:
        """Pooled column ``j``, which a rebuild left out, back in; True when taken."""
        if j in self.held:
            return False
        self._add(j)
        return j in self.held

    def pin(self, person: int, column: int) -> None:
        """Only ``column`` for ``person``, by bounds: the next solve starts warm."""
        self.pinned[person] = column
        self.moved = True
        for j, v in zip(self.cols, self.vars, strict=True):
            if self.pool.columns[j].person == person:
                v.SetBounds(float(j == column), float(j == column))

    def solve(self) -> tuple[np.ndarray, np.ndarray] | None:
        """The duals of the cover rows and of each person's row (0 when fixed); the
        relaxation's value, fixed persons included, goes to ``pool.lp_value``."""
        for j in range(self.synced, len(self.pool.columns)):
            self._add(j)
        self.synced = len(self.pool.columns)
        # warm: no presolve, so the last basis carries over (measured on instance 12:
        # a re-solve after pinning a person 0.1–0.3 s instead of 1–2 s cold); the dual
        # simplex after bounds moved (the basis stays dual feasible), the primal one
        # after columns came in (it stays primal feasible)
        warm = f"use_preprocessing:false use_dual_simplex:{str(self.moved).lower()}"
        self.lp.SetSolverSpecificParametersAsString(warm)
        status = self.lp.Solve()
        if status != pywraplp.Solver.OPTIMAL:
            self.lp.SetSolverSpecificParametersAsString(COLD)
            status = self.lp.Solve()
        if status != pywraplp.Solver.OPTIMAL:
            return None
        self.moved = False
        self.pool.rounds += 1
        self.pool.lp_value = self.lp.Objective().Value() + self.base
        mu = np.zeros(len(self.pool.persons))
        for i, ct in self.convex.items():
            mu[i] = ct.dual_value()
        return np.array([c.dual_value() for c in self.cover_rows]), mu

    def weights(self) -> dict[int, float]:
        """Column index → its weight in the relaxation's solution (only those > 0)."""
        out = {}
        for j, v in zip(self.cols, self.vars, strict=True):
            val = v.solution_value()
            if val > 1e-9:
                out[j] = val
        return out


def _cell_duals(pool: Pool, pr: Person, pi: np.ndarray) -> np.ndarray:
    """The value of one more person on each (day, shift) cell for ``pr``: the sum of
    the duals of the cover rows the cell counts in."""
    return np.asarray(pr.cells @ pi).reshape(pool.problem.days, len(pool.problem.shifts))


def _converge(pool: Pool, master: _Master, stop: Callable[[], bool], max_rounds: int,
              n_best: int = 3, smoothing: float = 0.5) -> bool:
    """Price the persons not fixed until none has a schedule that lowers the
    relaxation (True), or ``max_rounds`` / ``stop()`` (False).

    Prices are smoothed (Wentges): each round prices at a mix of the relaxation's
    duals and the duals that gave the best Lagrangian bound so far, which damps the
    swings of degenerate duals and saves rounds. A round at the mix that finds
    nothing is repeated at the relaxation's own duals before convergence is declared.
    The Lagrangian bound Σ duals × right-hand side + Σ persons' cheapest reduced cost
    is a lower bound on the relaxation; once the relaxation reaches it (rounded up,
    costs being whole numbers) pricing stops."""
    p = pool.problem
    lo = np.array([-cv.weight_over for cv in p.cover], dtype=float)
    hi = np.array([cv.weight_under for cv in p.cover], dtype=float)
    center: np.ndarray | None = None
    best_lb = -math.inf
    alpha = smoothing
    all_exact = all(pr.exact for pr in pool.persons)
    # a bound is proved only where each person's cheapest schedule is exactly found:
    # counters priced by multipliers may miss it (instance 10 gave a "bound" of 4634
    # beside a roster of 4631 the checker accepts)
    proof = all_exact and all(pr.space.proves for pr in pool.persons)
    # the quick path while it finds columns, the exact one to confirm none is left:
    # only an exact round gives a Lagrangian bound
    quick = any(pr.space.quick for pr in pool.persons)
    fast = quick
    best_mix = -math.inf
    for _ in range(max_rounds):
        if stop():
            return False
        duals = master.solve()
        if duals is None:
            return False
        pi, mu = duals
        mix = pi if center is None or alpha == 0 else alpha * center + (1 - alpha) * pi
        mix = np.clip(mix, lo, hi)
        added = 0
        lagrange = float(mix @ master.rhs) + master.base
        for j in master.pinned.values():
            col = pool.columns[j]
            lagrange += col.cost - float(mix[col.rows].sum())
        todo = [i for i in range(len(pool.persons))
                if i not in master.fixed and i not in master.pinned]
        for i, found in zip(todo, _price_all(pool, todo, mix, n_best,
                                             QUICK_STATES if fast else MAX_STATES),
                            strict=True):
            pr = pool.persons[i]
            if not found:
                lagrange = -math.inf
                continue
            lagrange += found[0][1]
            for path, _ in found:
                pooled = pool.seen.get((i, tuple(path.tolist())))
                if pooled is None:
                    cost, rows = pr.space.cost(path), _rows(pr, path)
                elif pooled in master.held:
                    continue  # in the relaxation already: its reduced cost is not < 0
                else:
                    cost, rows = pool.columns[pooled].cost, pool.columns[pooled].rows
                if cost - float(pi[rows].sum()) - mu[i] < -1e-6 and (
                        pool.add(i, path, (cost, rows)) if pooled is None
                        else master.take(pooled)):
                    added += 1
        if all_exact and lagrange > best_mix:  # the smoothing's centre
            best_mix, center = lagrange, mix
        if all_exact and not fast and lagrange > best_lb:
            best_lb = lagrange
        if proof and not master.fixed and not master.pinned and best_lb > pool.lower_bound:
            pool.lower_bound = best_lb
        if proof and best_lb > -math.inf and math.ceil(best_lb - 1e-6) >= pool.lp_value - 1e-6:
            return True
        if added == 0:
            if alpha > 0 and center is not None:
                alpha = 0.0
                continue
            if fast:
                fast = False
                continue
            if proof and not master.fixed and not master.pinned:
                pool.lower_bound = max(pool.lower_bound, pool.lp_value)
            return True
        alpha, fast = smoothing, quick
    return False


def _price_all(pool: Pool, todo: list[int], prices: np.ndarray, n_best: int, limit: int
               ) -> list[list[tuple[np.ndarray, float]]]:
    """Each person's cheapest schedules at cover ``prices``, in ``pool.threads``
    threads (measured on instance 12 scaled twice: pricing is three quarters of
    a round; column generation runs alone, so a second core is otherwise idle)."""
    def one(i: int) -> list[tuple[np.ndarray, float]]:
        pr = pool.persons[i]
        return best_schedules(pr.space, _cell_duals(pool, pr, prices), n_best, limit=limit,
                              edge=pr.edge)

    if pool.threads <= 1 or len(todo) < 2:
        return [one(i) for i in todo]
    with ThreadPoolExecutor(pool.threads) as ex:
        return list(ex.map(one, todo))


def _rows(pr: Person, path: np.ndarray) -> np.ndarray:
    """The cover rows the person's cells on ``path`` count in (a row twice if two
    cells count in it)."""
    single = pr.single
    if single is not None:
        worked = np.flatnonzero(path >= 0)
        got: np.ndarray = single[worked, path[worked]]
        return got[got >= 0]
    return np.array([r for d, s in enumerate(path.tolist()) if s >= 0
                     for r in pr.rows.get((d, s), ())], dtype=np.int64)


def _seed(pool: Pool) -> None:
    """First columns: each person's cheapest schedule with every cell worth a person
    under (all cover short), and with no cover at all (only their own requests)."""
    p = pool.problem
    for i, pr in enumerate(pool.persons):
        full = np.zeros((p.days, len(p.shifts)))
        for (d, s), rows in pr.rows.items():
            full[d, s] = sum(p.cover[r].weight_under for r in rows)
        for prices in (full, np.zeros_like(full)):
            for path, _ in best_schedules(pr.space, prices, n_best=1, limit=QUICK_STATES,
                                          edge=pr.edge):
                pool.add(i, path)


def generate(pool: Pool, stop: Callable[[], bool], max_rounds: int = 500) -> bool:
    """Column generation at the root; True when it converged (then, if every
    person's pricing is exact, ``pool.lower_bound`` is the relaxation's value)."""
    if not pool.columns:
        _seed(pool)
    master = _Master(pool, {}, range(len(pool.columns)))
    done = _converge(pool, master, stop, max_rounds)
    # the relaxed roster also when generation was cut short (one more warm solve):
    # RENS and the LNS's RINS still take it as a guide
    if master.solve() is not None:
        pool.relaxed = {}
        for j, val in master.weights().items():
            col = pool.columns[j]
            e = pool.persons[col.person].space.employee
            for d, sh in enumerate(col.path):
                if sh >= 0:
                    key = (e, d, pool.problem.shifts[sh].id)
                    pool.relaxed[key] = pool.relaxed.get(key, 0.0) + val
    return done
