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
from sterkte.roster.respond import polish

__all__ = ["dive"]


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
    if not pool.columns:
        _seed(pool)

    def quit_() -> bool:
        return stop() or (give_up is not None and give_up())

    fixed: dict[int, int] = {}
    master = _Master(pool, {}, range(len(pool.columns)))
    since = 0
    while len(fixed) < len(pool.persons):
        _converge(pool, master, quit_, rounds, smoothing=smoothing)
        duals = master.solve() if not quit_() else None
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
