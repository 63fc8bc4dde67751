"""A few persons over a window of days solved jointly by CP-SAT, everything else held.

The moves of the windowed search (:mod:`sterkte.roster.large`) change one person over
several days (a best response over a window) or everyone on one day (an exact
assignment, :mod:`sterkte.roster.daymove`). An exchange between two persons over two
days — A takes B's early shift on Monday so that B can take a short late shift on
Tuesday, which A's rules forbid — is neither. Where the full CP-SAT model fits, its
large-neighbourhood search makes such exchanges (on a planted 22 × 84 × 3 instance it
took the windowed search's 1,475 to 120, optimum 67), but above 40,000 variables the
full model takes too long to build (about 125 µs a variable; 115 s for 150 × 364 × 32).

Here the model is built for *only* the persons chosen and *only* the days of the
window, straight from their shortest-path spaces (:class:`sterkte.roster.pricing.PersonSpace`):

- one Boolean per person, day of the window and shift they may work there (``allowed``
  less the shifts a fixed neighbour day forbids to follow or precede), at most one a
  day;
- the minutes, weekends and counters the days outside the window leave
  (:func:`sterkte.roster.window.window_space`, the same as the shortest path's);
- runs of work and days off across the window's edges: the maximum run as a sum over
  every stretch of ``max_cons + 1`` days, the minimum runs as forbidden patterns
  (off, ``k`` days worked, off for ``k < min_cons``, and the reverse for days off),
  each stretch reaching up to ``max_cons`` days past the window with the days outside
  as constants — the rules of :func:`sterkte.roster.window.valid` written for the
  solver (the shortest path holds the same with its edge status,
  :func:`sterkte.roster.window._edge`, which has no form a CP-SAT model can use);
- forbidden successions per class of shift (:attr:`PersonSpace.shift_class`): a shift
  of the class on one day and any shift it may not be followed by on the next, at most
  one of them;
- the cover each row gets from everyone else (the roster's counts less these persons'
  cells in the window), with the under- and over-cover the persons' cells leave as
  integer variables, and the persons' own costs (requests).

The current roster is the hint, so the solver starts from it and the result never costs
more than it. Solved with one worker and a limit in deterministic time (so a seed gives
the same result on any machine). Every changed schedule is checked over the whole
horizon (:func:`sterkte.roster.window.valid`) before it is taken, and the move is undone
when the roster's cost rose.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from sterkte.roster.respond import Roster
from sterkte.roster.window import valid, window_space

__all__ = ["Built", "build", "choose", "move"]

_Lit = cp_model.IntVar | int  # a day's work indicator: a variable, or 0/1 held


@dataclass
class Built:
    """A sub-model and what reading its solution needs: per variable the person, the
    day and the shift."""

    model: cp_model.CpModel
    cells: list[tuple[int, int, int, cp_model.IntVar]]
    persons: list[int]
    a: int
    b: int

    @property
    def n_vars(self) -> int:
        return len(self.model.Proto().variables)


def _integral(x: np.ndarray) -> bool:
    return bool(np.all(np.abs(x - np.round(x)) < 1e-9))


def build(r: Roster, persons: Sequence[int], a: int, b: int) -> Built | None:
    """The sub-model of ``persons`` over days ``a`` to ``b`` (exclusive; ``a`` a Monday,
    ``b`` a Monday or the horizon's end, so no weekend is split), the rest of ``r``
    held; None when no person can change (or the costs are not whole numbers, which
    CP-SAT's objective needs)."""
    pool = r.pool
    days = pool.problem.days
    m = cp_model.CpModel()
    cells: list[tuple[int, int, int, cp_model.IntVar]] = []
    terms: dict[int, list[cp_model.IntVar]] = {}  # cover row → the cells counting in it
    base = r.count.copy()  # cover without the persons' window
    obj: list[tuple[cp_model.IntVar, int]] = []
    const = 0.0
    taken: list[int] = []
    for i in persons:
        pr = pool.persons[i]
        if not pr.held:
            continue
        path = r.paths[i]
        got = window_space(pr.space, path, a, b)
        if got is None:
            continue
        sub, _ = got
        sp = pr.space
        if not _integral(sp.base[a:b]):
            return None
        taken.append(i)
        for d in range(a, b):
            s = int(path[d])
            if s >= 0:
                for k in pr.rows.get((d, s), ()):
                    base[k] -= 1
        allowed = sub.allowed.copy()
        if a > 0 and path[a - 1] >= 0:  # the fixed day before: its successions
            allowed[0] &= (1 - sp.forbid[int(path[a - 1])]).astype(np.int8)
        if b < days and path[b] >= 0:
            allowed[-1] &= (1 - sp.forbid[:, int(path[b])]).astype(np.int8)
        x: list[dict[int, cp_model.IntVar]] = []
        w: list[_Lit] = []
        units: list[tuple[cp_model.IntVar, int]] = []
        for d in range(a, b):
            row: dict[int, cp_model.IntVar] = {}
            off_cost = float(sp.base[d, 0])
            const += off_cost
            for s in np.flatnonzero(allowed[d - a]).tolist():
                v = m.new_bool_var("")
                row[s] = v
                cells.append((i, d, s, v))
                c = round(float(sp.base[d, s + 1]) - off_cost)
                if c:
                    obj.append((v, c))
                units.append((v, int(sp.units[s])))
                for k in pr.rows.get((d, s), ()):
                    terms.setdefault(k, []).append(v)
                m.add_hint(v, int(path[d]) == s)
            x.append(row)
            if not row:
                w.append(0)
            else:
                wd = m.new_bool_var("")
                m.add(sum(row.values()) == wd)
                m.add_hint(wd, int(path[d]) >= 0)
                w.append(wd)
        m.add_linear_constraint(cp_model.LinearExpr.weighted_sum(
            [v for v, _ in units], [u for _, u in units]), sub.min_units, sub.max_units)
        for k in range(sub.cap.shape[0]):
            vs, ws = [], []
            for d in range(a, b):
                for s, v in x[d - a].items():
                    if sub.weight[k, d - a, s]:
                        vs.append(v)
                        ws.append(int(sub.weight[k, d - a, s]))
            if vs:
                m.add(cp_model.LinearExpr.weighted_sum(vs, ws) <= int(sub.cap[k]))
        if sub.max_weekends >= 0:
            wks = []
            for sat in range(a + 5 - (a % 7), b, 7):
                pair = [w[d - a] for d in (sat, sat + 1) if a <= d < min(b, days)]
                pair = [v for v in pair if not isinstance(v, int)]
                if not pair:
                    continue
                wk = m.new_bool_var("")
                m.add_max_equality(wk, pair)
                wks.append(wk)
            if wks:
                m.add(sum(wks) <= sub.max_weekends)
        _runs(m, sp.max_cons, sp.min_cons, sp.min_off, path, w, a, b)
        _successions(m, sp.forbid_by_class, sp.shift_class, x)
    if not cells:
        return None
    for k, vs in terms.items():
        req = float(r.req[k])
        short = round(req - base[k])
        if r.wu[k] and short > 0:
            if not _integral(np.array([r.wu[k]])):
                return None
            under = m.new_int_var(0, short, "")
            m.add(under + sum(vs) >= short)
            obj.append((under, int(r.wu[k])))
        if r.wo[k]:
            if not _integral(np.array([r.wo[k]])):
                return None
            over = m.new_int_var(0, len(vs) + max(0, -short), "")
            m.add(over >= sum(vs) - short)
            obj.append((over, int(r.wo[k])))
    m.minimize(cp_model.LinearExpr.weighted_sum([v for v, _ in obj], [c for _, c in obj]))
    return Built(m, cells, taken, a, b)


def _at(path: np.ndarray, w: list[_Lit], a: int, b: int, d: int) -> _Lit:
    """Day ``d`` worked: the window's variable, or the held day as 0/1."""
    return w[d - a] if a <= d < b else int(path[d] >= 0)


def _runs(m: cp_model.CpModel, max_cons: int, min_cons: int, min_off: int,
          path: np.ndarray, w: list[_Lit], a: int, b: int) -> None:
    """The runs of work and days off through the window (the module docstring)."""
    days = path.shape[0]
    if max_cons < days:
        for t in range(max(0, a - max_cons), min(b, days - max_cons)):
            span = [_at(path, w, a, b, d) for d in range(t, t + max_cons + 1)]
            held = sum(v for v in span if isinstance(v, int))
            free = [v for v in span if not isinstance(v, int)]
            if free and held + len(free) > max_cons:
                m.add(sum(free) <= max_cons - held)
    # a run of k days bordered on both sides (so not touching the horizon's ends)
    for low, worked in ((min_cons, True), (min_off, False)):
        for k in range(1, low):
            for d in range(max(0, a - k - 1), min(b, days - k - 1)):
                # pattern: day d not `worked`, d+1..d+k `worked`, d+k+1 not `worked`
                clause: list[cp_model.LiteralT] = []
                sat = False
                for e in range(d, d + k + 2):
                    v = _at(path, w, a, b, e)
                    inner = d < e < d + k + 1
                    want = worked if inner else not worked  # the pattern's value
                    if isinstance(v, int):
                        if bool(v) != want:
                            sat = True  # the pattern cannot occur
                            break
                        continue
                    clause.append(~v if want else v)
                if not sat and clause:
                    m.add_bool_or(clause)


def _successions(m: cp_model.CpModel, forbid: np.ndarray, cls: np.ndarray,
                 x: list[dict[int, cp_model.IntVar]]) -> None:
    """A shift of a class on a day and a shift forbidden after it the next: at most
    one (the fixed days at the edges are in the allowed shifts already)."""
    for d in range(len(x) - 1):
        today, tomorrow = x[d], x[d + 1]
        for c in range(forbid.shape[0]):
            first = [v for s, v in today.items() if cls[s] == c]
            if not first:
                continue
            after = [v for t, v in tomorrow.items() if forbid[c, t]]
            if after:
                m.add_at_most_one(first + after)


def move(r: Roster, persons: Sequence[int], a: int, b: int, work: float = 0.2,
         seed: int = 0, seconds: float = 10.0) -> bool:
    """The sub-model of ``persons`` over days ``a``–``b`` solved (at most ``work``
    deterministic seconds, one worker, at most ``seconds`` of wall clock) and its
    schedules taken when each keeps its rules over the whole horizon and the roster's
    cost did not rise; True when the roster changed."""
    built = build(r, persons, a, b)
    if built is None:
        return False
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    # every strategy (LNS among them) in turn in the one thread, deterministically: on
    # 12 persons × 2 weeks of a planted 50 × 182 × 6 roster the default single search
    # improved on the hint in none of four sub-models within 1.0 deterministic second,
    # this way in three (two proved optimal)
    solver.parameters.interleave_search = True
    solver.parameters.max_deterministic_time = work
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.random_seed = seed
    status = solver.solve(built.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return False
    new = {i: r.paths[i].copy() for i in built.persons}
    for i in built.persons:
        new[i][a:b] = -1
    for i, d, s, v in built.cells:
        if solver.boolean_value(v):
            new[i][d] = s
    changed = {i: p for i, p in new.items() if not np.array_equal(p, r.paths[i])}
    if not changed or not all(valid(r.pool.persons[i].space, p) for i, p in changed.items()):
        return False
    before = r.cost()
    saved = {i: r.paths[i] for i in changed}
    for i, p in changed.items():
        r._set(i, p)
    if r.cost() > before + 1e-9:
        r.restore(saved)
        return False
    return True


def choose(r: Roster, able: dict[int, list[int]], short: list[int], day_of: list[int],
           rng: random.Random, size: int, weeks: int) -> tuple[list[int], int, int]:
    """Persons and a window of ``weeks`` weeks: around a cover row left short
    (``short``: rows the roster leaves short; ``able``: per row the persons who could
    fill it; ``day_of``: per row its day), or — three times in ten, and always when no
    row is short — around a day on which a person's request is not honoured. Up to
    ``size`` persons: those who could fill the row (or the person), then those who could
    fill the other short rows of the window, then those working on the day (whose shifts
    an exchange would move), then anyone."""
    days = r.pool.problem.days
    n = len(r.pool.persons)
    paying = [i for i in range(n) if r.own[i] > 0]
    first: list[int] = []
    if short and (not paying or rng.random() < 0.7):
        k = rng.choice(short)
        day = day_of[k]
        first = list(able.get(k, []))
        rng.shuffle(first)
    elif paying:
        i = rng.choices(paying, weights=[r.own[j] for j in paying])[0]
        sp = r.pool.persons[i].space
        costs = sp.base[np.arange(days), r.paths[i] + 1]
        day = int(rng.choice(np.flatnonzero(costs > 0).tolist() or [rng.randrange(days)]))
        first = [i]
    else:
        day = rng.randrange(days)
    a = max(0, 7 * (day // 7 - rng.randrange(weeks)))
    b = min(days, a + 7 * weeks)
    near = [q for q in short if a <= day_of[q] < b]
    rng.shuffle(near)
    others: list[int] = []
    for q in near[:8]:
        others += able.get(q, [])
    rng.shuffle(others)
    working = [i for i in range(n) if r.paths[i][day] >= 0]
    rng.shuffle(working)
    chosen: list[int] = []
    seen: set[int] = set()
    for group, cap in ((first, max(2, size // 2)), (others, size), (working, size),
                       (rng.sample(range(n), n), size)):
        got = 0
        for i in group:
            if len(chosen) >= size or got >= cap:
                break
            if i not in seen:
                seen.add(i)
                chosen.append(i)
                got += 1
    return chosen, a, b


def random_move(r: Roster, able: dict[int, list[int]], day_of: list[int], rng: random.Random,
                seconds: float) -> bool:
    """One sub-model move of the windowed search: four, six or eight persons over one or
    two weeks (:func:`choose`), at most 0.3 deterministic seconds and ``seconds`` of wall
    clock; True when the roster changed. Measured from the same rosters (the windowed
    search's after 20 CPU s on planted instances, seed 0; 15 CPU s of these moves
    alone, load 2–3): on 50 × 182 × 6 this way 145 a second gained, 8–12 persons at
    1.0 deterministic seconds 60, 12–20 persons 81, 3–6 persons at 0.2 121, one to
    three weeks 93; on 120 × 28 × 18 21, 8, 13, 14 and 8 (the search's other moves
    gained 73 and 14 a second at that stage). The window is cut to the roster's
    ``region``."""
    short = r.short(day_of)
    persons, a, b = choose(r, able, short, day_of, rng, rng.choice((4, 6, 8)),
                           rng.choice((1, 2)))
    a, b = r.clip(a, b)
    if b <= a:
        return False
    return move(r, persons, a, b, work=0.3, seed=rng.randrange(1 << 16), seconds=seconds)
