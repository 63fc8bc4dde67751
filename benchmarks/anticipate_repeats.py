"""Issue 15, one more look for signal: repeat locations, facility weight with slow decay, a
learned ranker on per-cell features.

Run: ``.venv/bin/python benchmarks/anticipate_repeats.py [--events FILE] [--year YEAR]
[--skip-ranker]``. Prints Markdown tables (docs/anticipate.md, "Repeat locations, slow
decay and a learned ranker").

Same protocol as ``anticipate_ideas.py``: the training year (the one before the held-back
year; 2015 for the NYC file of 2014-2016) chooses every setting, the held-back year is
printed beside it and chooses nothing. Gains are against the two-year count with the
standard error of the per-origin gain.

* **Repeat locations**: events at the very same coordinates (a garage, a lot, a block
  face the geocoder snaps to) within the count's window. An event at a point with two or
  more events in the window is a *repeat event*. The gate keeps the coordinates, so this
  needs no new field.
* **Facility weight with slow decay**: every event weighted 2^(−age / half-life),
  facility events ``w`` times, over up to four years (as much as the file holds).
* **Learned ranker**: gradient-boosted trees with Poisson loss (scikit-learn's
  ``HistGradientBoostingRegressor``, one thread, fixed seed) on per-cell features at
  13 past periods four weeks apart before each origin (the targets end before the
  origin, so it trains on the years before the evaluated period only), learning a
  correction to the two-year count (offset), as ``poisson_gbm`` does, monotone in past
  counts.

Adoption: a new idea (at the setting chosen on the training year) is adopted only if the
one-standard-error rule (:func:`sterkte.anticipate.tuning.one_se_choice`) picks it over
the two-year count and ``place_count`` on the training year; the rule prefers the fewer
settings, so an idea must beat ``place_count`` by more than one standard error.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable

import numpy as np
from anticipate_ideas import Bench, Year, load, retro, weighted

from anticipate import add_events_arguments
from sterkte.anticipate.grid import FloatArray
from sterkte.anticipate.repeats import repeat_counts
from sterkte.anticipate.smoothing import box, convolve
from sterkte.anticipate.tuning import one_se_choice

W = 728
#: Events added to every cell's two-year count in the ranker's offset. Training periods
#: leave their own events out of the long-run count, so a cell whose only events fall in
#: the period has a count of 0 and a huge ratio; with a tiny prior (0.1 was tried first)
#: the trees ranked every empty cell on top (−54 % on 2016). Monotone constraints (more
#: past events never lower the factor) and a prior of one event prevent that.
PRIOR = 1.0
_cache: dict[tuple[int, int, int], tuple[FloatArray, FloatArray, FloatArray]] = {}


def repeat_parts(y: Year, t: int, window: int = W) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Per study cell, over ``[t - window, t)``: repeat events (at a point with ≥ 2 events),
    distinct repeat points, and the most events at one point."""
    key = (y.year, t, window)
    if key in _cache:
        return _cache[key]
    h = y.h
    s = h._slice(t - window, t)
    r = repeat_counts(h.cell[s], y.fields["point"][s], h.area.grid.size)
    out = r.events[h.area.cells], r.points[h.area.cells], r.most[h.area.cells]
    _cache[key] = out
    return out


def decayed(y: Year, t: int, half_life: float, w: float, window: int = 1456) -> FloatArray:
    """Events of the last ``window`` days weighted 2^(−age / half-life), facility events w×."""
    h = y.h
    s = h._slice(t - window, t)
    c, d, f = h.cell[s], h.day[s], y.fields["facility"][s]
    ok = c >= 0
    wt = np.exp(-np.log(2) * (t - d[ok]) / half_life) * np.where(f[ok], w, 1.0)
    return np.bincount(c[ok], weights=wt, minlength=h.area.grid.size)[h.area.cells]


# --- the learned ranker -------------------------------------------------------------------

GROUPS = {
    "counts": ["c14", "c91", "c365", "c728", "nbr728", "since"],
    "+ facility": ["f365", "f728"],
    "+ repeat locations": ["r728", "p728", "m728"],
}


def _without(y: Year, t: int, window: int, period: tuple[int, int] | None) -> FloatArray:
    """Per study cell: events, facility events and repeat events of ``[t − window, t)``
    without the events of ``period`` (stacked as three columns)."""
    h = y.h
    s = h._slice(t - window, t)
    keep = np.ones(s.stop - s.start, dtype=bool)
    if period is not None:
        keep = ~((h.day[s] >= period[0]) & (h.day[s] < period[1]))
    cells, fac, pts = h.cell[s][keep], y.fields["facility"][s][keep], y.fields["point"][s][keep]
    ok = cells >= 0
    g = h.area.grid.size
    r = repeat_counts(cells, pts, g)
    return np.column_stack([np.bincount(cells[ok], minlength=g)[h.area.cells],
                            np.bincount(cells[ok & fac], minlength=g)[h.area.cells],
                            r.events[h.area.cells], r.points[h.area.cells],
                            r.most[h.area.cells]]).astype(np.float64)


def features(y: Year, o: int, names: list[str], t: int) -> FloatArray:
    """Features of the period from ``o``, the forecast being made at ``t`` (``o <= t``).

    Recent counts (14 and 91 days, days since the last event) are those before ``o``; the
    long-run counts (a year and two years, facility and repeat events) are those before
    ``t`` without the period itself, so training periods see as much history as the
    forecast (as :mod:`sterkte.anticipate.features` does for ``poisson_gbm``).
    """
    h = y.h
    period = None if o == t else (o, o + 14)
    long = _without(y, t, W, period)
    year = _without(y, t, 365, period)
    cols: dict[str, Callable[[], FloatArray]] = {
        "c14": lambda: h.cell_counts(o - 14, o), "c91": lambda: h.cell_counts(o - 91, o),
        "c365": lambda: year[:, 0], "c728": lambda: long[:, 0],
        "nbr728": lambda: convolve(h.raster_counts(t - W, t), box(1)).ravel()[h.area.cells]
        - (h.cell_counts(o, o + 14) if period else 0.0),
        "since": lambda: np.minimum(o - h.last_event_day(o), 2000.0),
        "f365": lambda: year[:, 1], "f728": lambda: long[:, 1],
        "r728": lambda: long[:, 2], "p728": lambda: long[:, 3], "m728": lambda: long[:, 4],
    }
    return np.column_stack([cols[n]() for n in names])


def ranker(groups: list[str], periods: int = 13, step: int = 28, horizon: int = 14) -> Callable[
        [Year, int, int], FloatArray]:
    names = [n for g in groups for n in GROUPS[g]]

    def fn(y: Year, i: int, t: int) -> FloatArray:
        from sklearn.ensemble import HistGradientBoostingRegressor
        from threadpoolctl import threadpool_limits

        xs, ys, base = [], [], []
        for k in range(periods):
            o = t - horizon - k * step
            f = features(y, o, names, t)
            xs.append(f)
            ys.append(y.h.cell_counts(o, o + horizon))
            base.append((f[:, names.index("c728")] + PRIOR) * horizon / W)
        x, target, off = np.vstack(xs), np.concatenate(ys), np.concatenate(base)
        model = HistGradientBoostingRegressor(loss="poisson", max_iter=100, learning_rate=0.05,
                                              max_leaf_nodes=15, min_samples_leaf=200,
                                              random_state=0, monotonic_cst=[
                                                  -1 if n == "since" else 1 for n in names])
        with threadpool_limits(limits=1):
            model.fit(x, target / off, sample_weight=off)
            factor = model.predict(features(y, t, names, t))
        return np.asarray(factor * (y.h.cell_counts(t - W, t) + PRIOR), dtype=np.float64)
    return fn


def adopt(b: Bench, candidates: list[tuple[str, int]]) -> None:
    """The one-s.e. rule on the training year over the reference, place_count and the ideas
    (rows named in ``candidates`` with their number of settings)."""
    rows = {f"{r[0]} | {r[1]}": k for k, r in enumerate(b.rows)}
    idx = [rows[name] for name, _ in candidates]
    j = one_se_choice([b.per[k] for k in idx], b.ref[b.train], [s for _, s in candidates])
    print(f"\nadoption by the one-s.e. rule on {b.train}: {candidates[j][0]}")


def main(b: Bench, skip_ranker: bool) -> None:
    print("\n" + b.head("idea"))
    b.run("two-year count (`retrospective`)", "728 d", retro)
    b.run("`place_count`", "w 2", weighted("facility", 2.0))
    chosen: list[tuple[str, int]] = [("two-year count (`retrospective`) | 728 d", 0),
                                     ("`place_count` | w 2", 1)]

    def fam(name: str, settings: list[object], make: Callable[[object], Callable[
            [Year, int, int], FloatArray]], size: int) -> None:
        s = b.family(name, settings, make)
        chosen.append((f"{name} | {s}", size))

    fam("repeat events weigh w", [1.25, 1.5, 2, 3],
        lambda w: lambda y, i, t: retro(y, i, t) + (float(w) - 1)  # type: ignore[arg-type]
        * repeat_parts(y, t)[0], 1)
    fam("count + β × distinct repeat points", [0.5, 1, 2, 4],
        lambda w: lambda y, i, t: retro(y, i, t) + float(w)  # type: ignore[arg-type]
        * repeat_parts(y, t)[1], 1)
    fam("count + β × most events at one point", [0.5, 1, 2],
        lambda w: lambda y, i, t: retro(y, i, t) + float(w)  # type: ignore[arg-type]
        * repeat_parts(y, t)[2], 1)
    place = weighted("facility", 2.0)
    fam("`place_count` + repeat events weigh w", [1.25, 1.5, 2],
        lambda w: lambda y, i, t: place(y, i, t) + (float(w) - 1)  # type: ignore[arg-type]
        * repeat_parts(y, t)[0], 2)
    fam("facility weight w, half-life d (up to 4 years)",
        [(w, hl) for w in (1.5, 2, 3) for hl in (365, 730, 1460)],
        lambda s: lambda y, i, t: decayed(y, t, float(s[1]), float(s[0])),  # type: ignore[index]
        2)
    if not skip_ranker:
        for n in (1, 2, 3):
            groups = list(GROUPS)[:n]
            start = time.process_time()
            b.run("learned ranker (trees, Poisson, offset two-year count)", " ".join(groups),
                  ranker(groups))
            print(f"  ({time.process_time() - start:.0f} s CPU)", flush=True)
        fam_rows = [k for k, r in enumerate(b.rows) if r[0].startswith("learned ranker")]
        best = max(fam_rows, key=lambda k: b.rows[k][2][0])
        print(f"| **learned ranker: chosen on {b.train}** | **{b.rows[best][1]}** | | "
              f"**{b.rows[best][2][1]:+.1%}** | | **{b.rows[best][2][4]:+.1%}** |")
        chosen.append((f"{b.rows[best][0]} | {b.rows[best][1]}", 4))
    adopt(b, chosen)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    add_events_arguments(parser)
    parser.add_argument("--skip-ranker", action="store_true", help="leave the ranker out")
    args = parser.parse_args()
    print(f"load average before: {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    cpu = time.process_time()
    main(Bench(load(args.events, args.crs, args.year)), args.skip_ranker)
    print(f"{time.process_time() - cpu:.0f} s CPU; load average after: "
          f"{', '.join(f'{v:.1f}' for v in os.getloadavg())}")
