"""Dives through the column-generation relaxation: whole rosters from the master.

A dive fixes persons to a schedule the relaxation favours, prices the others again,
and repeats until everyone has one (:func:`dive`). The relaxation of the benchmark's
larger instances is highly fractional (on instance 12 one person in sixty has a whole
schedule at the root), so a dive that fixes one person at a time re-solves the master
hundreds of times: measured on instance 12, 491 relaxations and about two minutes of
CPU for a roster at the proved optimum — more than a one-minute budget. Two things
make it fit the budget:

- ``batch``: a share of the persons left is fixed at each step, the heaviest first
  (fewer steps; each step prices at most ``rounds`` rounds);
- ``give_up``: when it says so (the search gives the dive a share of the budget),
  the persons left do not wait for the relaxation: each takes their best response to
  the schedules fixed so far (:mod:`sterkte.roster.respond`), and best responses of
  everyone polish the whole roster. So a dive always ends in a full roster keeping
  every person's rules, for the large-neighbourhood search to improve.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable

import numpy as np

from sterkte.roster.columns import Pool, _converge, _Master, _seed
from sterkte.roster.model import Assignment
from sterkte.roster.respond import paths_of, polish

__all__ = ["dive", "redive"]


def _active(pool: Pool, fixed: dict[int, int], pi: np.ndarray, mu: np.ndarray,
            keep: int, weights: dict[int, float]) -> list[int]:
    """Columns for a rebuilt relaxation: per person not fixed, the ``keep`` with the
    least reduced cost, and every column the last solution used."""
    by_person: dict[int, list[tuple[float, int]]] = {}
    for j, col in enumerate(pool.columns):
        if col.person in fixed:
            continue
        rc = col.cost - float(pi[col.rows].sum()) - mu[col.person]
        by_person.setdefault(col.person, []).append((rc, j))
    out = set(weights)
    for items in by_person.values():
        items.sort()
        out.update(j for _, j in items[:keep])
    return sorted(out)


def dive(pool: Pool, stop: Callable[[], bool], rounds: int = 60, firm: float = 0.99,
         keep: int = 20, rng: random.Random | None = None, rebuild: int = 16,
         smoothing: float = 0.0, batch: float = 0.0,
         give_up: Callable[[], bool] | None = None,
         polishing: Callable[[], bool] | None = None) -> Assignment:
    """A roster by diving: fix the persons whose relaxed schedule is whole (weight
    ≥ ``firm``), else the heaviest schedule (with ``batch`` > 0: that share of the
    persons left, heaviest first); price the others again (at most ``rounds``
    rounds); repeat until everyone has a schedule. A fixing pins by bounds (warm
    basis); every ``rebuild`` fixings the relaxation is rebuilt over the persons left
    with their ``keep`` best columns. No price smoothing by default: it cost rounds
    in dives. Cut short by ``stop()`` or ``give_up()``, the persons left take their
    best responses to those fixed, then everyone's best responses polish the roster
    (until ``stop()``): a roster keeping every person's rules, for the search to
    repair and improve. ``polishing()`` (with ``stop()``) ends the polish: measured on
    instance 12 scaled twice under load, polishing until the budget ended left the
    large-neighbourhood search no time at all."""
    out = _dive(pool, stop, rounds, firm, keep, rng, rebuild, smoothing, batch, give_up,
                polishing)
    assert out is not None  # nobody held: a roster always
    return out


def _dive(pool: Pool, stop: Callable[[], bool], rounds: int, firm: float, keep: int,
          rng: random.Random | None, rebuild: int, smoothing: float, batch: float,
          give_up: Callable[[], bool] | None, polishing: Callable[[], bool] | None,
          held: dict[int, int] | None = None, worse: float = math.inf
          ) -> Assignment | None:
    """:func:`dive`; ``held``: persons already fixed to a column (person → column
    index), the others dived from a relaxation with them held. None when that
    relaxation, converged, is not below ``worse`` (with those persons held no better
    roster exists), or is cut short."""
    if not pool.columns:
        _seed(pool)

    def quit_() -> bool:
        return stop() or (give_up is not None and give_up())

    fixed: dict[int, int] = dict(held or {})
    master = _Master(pool, dict(fixed), [j for j, c in enumerate(pool.columns)
                                         if c.person not in fixed])
    since = 0
    first = True
    while len(fixed) < len(pool.persons):
        converged = _converge(pool, master, quit_, rounds, smoothing=smoothing)
        duals = master.solve() if not quit_() else None
        if first and held is not None and (
                duals is None or not converged or pool.lp_value > worse - 0.5):
            return None
        first = False
        if duals is None:
            break
        weights = master.weights()
        best: dict[int, tuple[float, int]] = {}
        for j, val in weights.items():
            i = pool.columns[j].person
            if i not in fixed and (i not in best or val > best[i][0]):
                best[i] = (val, j)
        if not best:
            break
        chosen = [i for i, (val, _) in best.items() if val >= firm]
        if not chosen:
            order = sorted(best, key=lambda i: (-best[i][0], i))
            # a restart draws among the persons nearly as firm as the firmest
            near = [i for i in order[:3] if best[i][0] >= best[order[0]][0] - 0.1]
            chosen = [rng.choice(near) if rng is not None else order[0]]
            more = math.ceil(batch * (len(pool.persons) - len(fixed))) - 1
            chosen += [i for i in order if i not in chosen][:max(0, more)]
        for i in chosen:
            fixed[i] = best[i][1]
        since += len(chosen)
        if since >= rebuild:  # the fixed persons out, the columns pruned: a smaller LP
            active = _active(pool, fixed, *duals, keep, weights)
            master, since = _Master(pool, dict(fixed), active), 0
        else:
            for i in chosen:
                master.pin(i, fixed[i])
    left = [i for i in range(len(pool.persons)) if i not in fixed]
    paths = {i: np.array(pool.columns[j].path, dtype=np.int64) for i, j in fixed.items()}
    done = stop if polishing is None else (lambda: stop() or polishing())
    return polish(pool, paths, done, rng or random.Random(0), first=left,
                  halt=stop).assignment()


def redive(pool: Pool, roster: Assignment, cost: float, stop: Callable[[], bool],
           rng: random.Random, share: float, rounds: int = 60, batch: float = 0.0,
           give_up: Callable[[], bool] | None = None) -> Assignment | None:
    """A move from ``roster`` (of ``cost``) in the space of whole schedules: a random
    ``share`` of the persons is freed, the others held on their schedules; the
    relaxation over the persons freed is converged and, when it is below ``cost``,
    they are dived (:func:`dive` with ``held``; after ``give_up()`` the persons left
    take their best responses). None when the relaxation proves that no better roster
    exists with those persons held, or the move is cut short.

    Why: a cover requirement short in one week and one too many in another, on
    instance 8, needs several persons to move over the whole horizon at once; CP-SAT
    found no better roster in 20 s with everyone free from such a roster (1,412),
    where a relaxation over twelve persons of thirty held the way to 1,316–1,328 in
    four tries of six, and this move reached 1,321 in 4 s of CPU (load 6)."""
    pool.add_roster(roster)
    held: dict[int, int] = {}
    for i, path in paths_of(pool, roster).items():
        j = pool.seen.get((i, tuple(int(s) for s in path)))
        if j is None:
            return None  # a schedule the pool does not take (a rule the path cannot hold)
        held[i] = j
    n = len(pool.persons)
    for i in rng.sample(range(n), max(1, min(n, round(share * n)))):
        del held[i]
    return _dive(pool, stop, rounds, 0.99, 20, rng, 16, 0.0, batch, give_up, None, held, cost)
