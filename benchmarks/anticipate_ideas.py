"""Information the anticipation models did not use: cheap experiments on the NYC vehicle thefts.

Run: ``.venv/bin/python benchmarks/anticipate_ideas.py [--members] [--events FILE]
[--year YEAR]``. Prints Markdown tables (docs/anticipate.md, "Information the models did
not use").

Every idea is a ranking of cells computed directly from counts; each family of
settings is cross-validated on the **training year only** (2015 for the NYC file of
2014-2016; 26 fortnightly origins, study area = cells active before it) and the setting
with the highest mean PAI at 3 % is chosen there; the held-back year (2016; the last
calendar year whose 26 periods lie in ``--events``, or ``--year``; study area = cells
active before it) is printed beside it for every setting, but nothing is chosen on
it. Ensemble pools are chosen by the one-standard-error rule
(:func:`sterkte.anticipate.tuning.one_se_choice`). Gains are against the two-year count
(``retrospective``) with the per-origin standard error. ``--members`` adds the ensemble
pools (fits the self-exciting model and the boosted trees at every origin: a few minutes
of CPU); ``--cell-sizes`` only compares ``place_count`` with the count at 100 to
250 m cells.

Ceilings ("oracles") know the period's neighbours in time, including the
future; they are not models but measure how much structure there is.

This script reads three columns the gate does not pass on (``location_type``,
``date_start``/``date_end``, ``census_block``) straight from the public
benchmark file, to test whether they earn a place in the gate; only the
facility flag did (``sterkte.sources.place_types``). A file without them skips those
ideas.
"""

from __future__ import annotations

import argparse
import csv
import os
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import numpy as np

from anticipate import add_events_arguments
from sterkte.anticipate.backtest import EvaluationYears, evaluation_years, year_origins
from sterkte.anticipate.grid import FloatArray
from sterkte.anticipate.history import EventHistory
from sterkte.anticipate.metrics import score_forecast
from sterkte.anticipate.models.base import Model
from sterkte.anticipate.models.ensemble import Memo
from sterkte.anticipate.models.registry import build_model
from sterkte.anticipate.predict import build_history
from sterkte.anticipate.repeats import point_ids
from sterkte.anticipate.smoothing import box, convolve
from sterkte.anticipate.tuning import one_se_choice
from sterkte.parameters import ParameterSet
from sterkte.sources.crime_events import CrimeEvents, read_crime_events
from sterkte.sources.place_types import is_facility

ON = date.today()
H = 14
HEAD = ("| {} | setting | {} PAI 3% | vs two-year count | {} PAI 3% | vs two-year count |\n"
        "|---|---|---|---|---|---|")
Score = Callable[["Year", int, int], FloatArray]


class Year:
    """One evaluated year: origins, history, observed counts, and sub-histories by field."""

    def __init__(self, year: int, ev_time: np.ndarray, x: np.ndarray, y: np.ndarray,
                 fields: dict[str, np.ndarray], span: tuple[int, int]) -> None:
        self.year = year
        #: The first and last calendar year of the events file (for the oracles).
        self.span = span
        self.origins = year_origins(year)
        self.h = build_history(ev_time, x, y, 125.0, self.origins[0],
                               facility=fields["facility"])
        day = (ev_time.astype("datetime64[D]") - np.datetime64(self.h.epoch, "D")).astype(int)
        self.order = np.argsort(day, kind="stable")
        self.fields = {k: v[self.order] for k, v in fields.items()}
        self.ts = [self.h.day_of(o) for o in self.origins]
        self.obs = [self.h.cell_counts(t, t + H) for t in self.ts]
        self.out = [self.h.total(t, t + H) - float(o.sum()) for t, o in zip(self.ts, self.obs,
                                                                             strict=True)]
        self.members: dict[str, list[FloatArray]] = {}

    def sub(self, mask: np.ndarray) -> EventHistory:
        """The events where ``mask`` (history order) holds."""
        return EventHistory(self.h.area, self.h.epoch, self.h.day[mask], self.h.cell[mask])

    def pais(self, fn: Score) -> np.ndarray:
        return np.array([score_forecast(fn(self, i, t), o, out, (0.03,)).pai[0.03]
                         for i, (t, o, out) in enumerate(zip(self.ts, self.obs, self.out,
                                                             strict=True))])

    def year_start(self, year: int) -> int:
        return self.h.day_of(date(year, 1, 1))


def shares(x: FloatArray) -> FloatArray:
    s = float(x.sum())
    return x / s if s > 0 else np.full(x.shape, 1 / x.size)


def retro(y: Year, i: int, t: int) -> FloatArray:
    return y.h.cell_counts(t - 728, t)


def ew_counts(h: EventHistory, t: int, half_life: float, window: int = 728) -> FloatArray:
    """Events of the last ``window`` days weighted 2^(-age / half-life)."""
    s = h._slice(t - window, t)
    c, d = h.cell[s], h.day[s]
    ok = c >= 0
    w = np.exp(-np.log(2) * (t - d[ok]) / half_life)
    return np.bincount(c[ok], weights=w, minlength=h.area.grid.size)[h.area.cells]


def nbr_mean(y: Year, raster: FloatArray, half: int) -> FloatArray:
    """Mean count of the cells around each cell (itself left out)."""
    k = box(half)
    k[half, half] = 0
    return convolve(raster, k / k.sum()).ravel()[y.h.area.cells]


def eb_gamma(y: Year, t: int, a: float) -> FloatArray:
    """Poisson-gamma posterior mean, prior mean from the 3×3 and 9×9 neighbourhoods."""
    r = y.h.raster_counts(t - 728, t)
    m = 0.5 * nbr_mean(y, r, 1) + 0.5 * nbr_mean(y, r, 4) + 1e-3
    return (r.ravel()[y.h.area.cells] + a) / (1 + a / m)


def seasonal(y: Year, t: int, k: int) -> FloatArray:
    """Counts of the same period ± k days one and two years (52 and 104 weeks) before."""
    out = np.zeros(y.h.area.n_cells)
    for back in (364, 728):
        if t - back - k >= int(y.h.day[0]):
            out += y.h.cell_counts(t - back - k, t - back + H + k)
    return out


def two_sided(y: Year, t: int, tau: float) -> FloatArray:
    """Oracle: every event outside the period weighted exp(-days from the period / tau)."""
    h = y.h
    ok = h.cell >= 0
    d = h.day[ok].astype(float)
    gap = np.where(d < t, t - d, d - t - H + 1)
    w = np.where((d >= t) & (d < t + H), 0.0, np.exp(-gap / tau))
    return np.bincount(h.cell[ok], weights=w, minlength=h.area.grid.size)[h.area.cells]


def other_years(y: Year, i: int, t: int) -> FloatArray:
    return y.h.cell_counts(y.year_start(y.span[0]), y.year_start(y.span[1] + 1)) - y.h.cell_counts(
        y.year_start(y.year), y.year_start(y.year + 1))


def other_seasonal(y: Year, t: int, k: int) -> FloatArray:
    """Oracle: counts of the period ± k days in the other years (52-week steps)."""
    out = np.zeros(y.h.area.n_cells)
    first, last = y.year_start(y.span[0]), y.year_start(y.span[1] + 1)
    own = (y.year_start(y.year), y.year_start(y.year + 1))
    for off in (-728, -364, 364, 728):
        lo, hi = max(t + off - k, first), min(t + off + H + k, last)
        lo, hi = (max(lo, own[1]), hi) if lo >= own[0] else (lo, min(hi, own[0]))
        if hi > lo:
            out += y.h.cell_counts(lo, hi)
    return out


class Bench:
    def __init__(self, years: dict[int, Year]) -> None:
        self.years = years
        self.train, self.test = list(years)
        self.rows: list[tuple[str, str, list[float]]] = []
        #: Per row, the training year's PAI at 3 % per origin (for the one-s.e. rule).
        self.per: list[np.ndarray] = []
        self.ref = {yr: y.pais(retro) for yr, y in years.items()}

    def run(self, name: str, setting: str, fn: Score) -> list[float]:
        vals: list[float] = []
        for yr, y in self.years.items():
            p = y.pais(fn)
            if yr == self.train:
                self.per.append(p)
            g = p / self.ref[yr] - 1
            vals += [float(p.mean()), float(p.mean() / self.ref[yr].mean() - 1),
                     float(g.std(ddof=1) / np.sqrt(g.size))]
        self.rows.append((name, setting, vals))
        print(f"| {name} | {setting} | {vals[0]:.3f} | {vals[1]:+.1%} ± {vals[2]:.1%} | "
              f"{vals[3]:.3f} | {vals[4]:+.1%} ± {vals[5]:.1%} |", flush=True)
        return vals

    def head(self, what: str) -> str:
        return HEAD.format(what, self.train, self.test)

    def family(self, name: str, settings: Sequence[object],
               make: Callable[[object], Score]) -> object:
        """Every setting; the one with the highest training-year mean PAI at 3 % is chosen."""
        start = len(self.rows)
        for s in settings:
            self.run(name, str(s), make(s))
        i = max(range(start, len(self.rows)), key=lambda j: self.rows[j][2][0])
        print(f"| **{name}: chosen on {self.train}** | **{self.rows[i][1]}** | | "
              f"**{self.rows[i][2][1]:+.1%}** | | **{self.rows[i][2][4]:+.1%}** |", flush=True)
        return settings[i - start]

    def family_1se(self, name: str, settings: Sequence[object], sizes: Sequence[int],
                   make: Callable[[object], Score]) -> object:
        """Every setting; the one-standard-error rule on the training year chooses
        (:func:`~sterkte.anticipate.tuning.one_se_choice`); the highest is shown too."""
        start = len(self.rows)
        for s in settings:
            self.run(name, str(s), make(s))
        i = max(range(start, len(self.rows)), key=lambda j: self.rows[j][2][0])
        j = start + one_se_choice(self.per[start:], self.ref[self.train], sizes)
        for label, k in (("highest", i), ("one-s.e. rule (chosen)", j)):
            print(f"| **{name}: {label} on {self.train}** | **{self.rows[k][1]}** | | "
                  f"**{self.rows[k][2][1]:+.1%} ± {self.rows[k][2][2]:.1%}** | | "
                  f"**{self.rows[k][2][4]:+.1%} ± {self.rows[k][2][5]:.1%}** |", flush=True)
        return settings[j - start]


def file_years(path: Path, crs: str, year: int | None) -> tuple[CrimeEvents, EvaluationYears]:
    """The events through the gate and the training and held-back years of the file."""
    ev = read_crime_events(path, target_crs=crs).events.for_training()
    days = ev.time.astype("datetime64[D]")
    first, last = days.min().astype(date), days.max().astype(date)
    try:
        years = evaluation_years(first, last, year=year)
    except ValueError as exc:
        raise SystemExit(f"{path}: {exc}") from None
    print(f"{path.name}: {len(ev):,} events {first} … {last}; training year {years.train}, "
          f"held-back year {years.test}")
    return ev, years


def load(path: Path, crs: str, year: int | None) -> dict[int, Year]:
    ev, years = file_years(path, crs, year)
    span = (int(str(ev.time.min())[:4]), int(str(ev.time.max())[:4]))
    with path.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    if len(rows) != len(ev):
        raise SystemExit("the gate rejected rows; the extra columns cannot be aligned")
    points = point_ids(ev.x, ev.y)
    if not rows or not {"location_type", "date_start", "date_end", "census_block"} <= set(rows[0]):
        print("no location_type/date_start/date_end/census_block columns: those ideas skipped")
        fields = {"facility": ev.facility, "point": points}
        return {yr: Year(yr, ev.time, ev.x, ev.y, fields, span)
                for yr in (years.train, years.test)}
    loc = np.array([r["location_type"] for r in rows])

    def hours(r: dict[str, str]) -> float:
        try:
            span = np.datetime64(r["date_end"].replace(" ", "T")) - np.datetime64(
                r["date_start"].replace(" ", "T"))
        except ValueError:
            return np.nan
        return float(span.astype("timedelta64[m]").astype(float)) / 60

    fields = {
        "facility": np.array([is_facility(v) for v in loc]),
        "off_street": loc != "street",
        "vague": ~(np.array([hours(r) for r in rows]) <= 12),
        "block": np.unique(np.array([r["census_block"] for r in rows]), return_inverse=True)[1],
        "point": points,
    }
    for typ in ("residence", "vehicle parking", "office", "other retail"):
        fields[typ] = loc == typ
    assert (ev.facility == fields["facility"]).all()
    return {yr: Year(yr, ev.time, ev.x, ev.y, fields, span) for yr in (years.train, years.test)}


def weighted(field: str, w: float, also: dict[str, float] | None = None) -> Score:
    """Two-year count in which events with ``field`` count ``w`` times (and so on for ``also``)."""
    weights = {field: w, **(also or {})}
    subs: dict[tuple[int, str], EventHistory] = {}

    def fn(y: Year, i: int, t: int) -> FloatArray:
        out = retro(y, i, t)
        for f, wf in weights.items():
            if (y.year, f) not in subs:
                subs[y.year, f] = y.sub(y.fields[f])
            out = out + (wf - 1) * subs[y.year, f].cell_counts(t - 728, t)
        return out
    return fn


def block_signal(y: Year, t: int) -> FloatArray:
    """Mean number of other cells' events in the census blocks of a cell's events."""
    h, blocks = y.h, y.fields["block"]
    nb = int(blocks.max()) + 1
    s = h._slice(t - 728, t)
    c, b = h.cell[s], blocks[s]
    c, b = c[c >= 0], b[c >= 0]
    tot = np.bincount(b, minlength=nb)
    key, cnt = np.unique(c * nb + b, return_counts=True)
    other = np.bincount(key // nb, weights=cnt * (tot[key % nb] - cnt),
                        minlength=h.area.grid.size)
    n = np.bincount(c, minlength=h.area.grid.size)
    return (other / np.maximum(n, 1))[h.area.cells]


def ideas(b: Bench) -> None:
    print("\n" + b.head("idea"))
    b.run("two-year count (`retrospective`)", "728 d", retro)
    if "vague" not in b.years[b.train].fields:
        b.family("facility events weigh w (`place_count`)", [1.25, 1.5, 2, 3, 4],
                 lambda w: weighted("facility", float(w)))  # type: ignore[arg-type]
        return
    b.run("last year (`last_year`)", "365 d", lambda y, i, t: y.h.cell_counts(t - 365, t))
    b.family("exponentially weighted count", [91, 182, 365, 730, 1460],
             lambda hl: lambda y, i, t: ew_counts(y.h, t, float(hl)))  # type: ignore[arg-type]
    b.family("count + β × 3×3 mean", [0.1, 0.5, 1, 2],
             lambda w: lambda y, i, t: retro(y, i, t) + w * nbr_mean(  # type: ignore[operator]
                 y, y.h.raster_counts(t - 728, t), 1))
    b.family("count + β × 9×9 mean", [0.1, 0.5, 1, 2, 4],
             lambda w: lambda y, i, t: retro(y, i, t) + w * nbr_mean(  # type: ignore[operator]
                 y, y.h.raster_counts(t - 728, t), 4))
    b.family("Poisson-gamma shrinkage (3×3 + 9×9 prior), shape", [0.1, 0.25, 0.5, 1, 2, 4],
             lambda a: lambda y, i, t: eb_gamma(y, t, float(a)))  # type: ignore[arg-type]
    b.family("count shares + w × same season 1-2 years back (k, w)",
             [(k, w) for k in (7, 28, 56) for w in (0.1, 0.25, 0.5)],
             lambda kw: lambda y, i, t: shares(retro(y, i, t)) + kw[1] * shares(  # type: ignore[index]
                 seasonal(y, t, kw[0])))  # type: ignore[index]
    b.family("census-block pooling β", [0.001, 0.1, 0.25, 0.5],
             lambda w: lambda y, i, t: retro(y, i, t) + w * block_signal(  # type: ignore[operator]
                 y, t))
    b.family("off-street events weigh w", [0.5, 1.5, 2, 3],
             lambda w: weighted("off_street", float(w)))  # type: ignore[arg-type]
    for typ in ("residence", "vehicle parking", "office", "other retail"):
        b.run(f"{typ} events weigh 1.5", "", weighted(typ, 1.5))
    b.family("facility events weigh w (`place_count`)", [1.25, 1.5, 2, 3, 4],
             lambda w: weighted("facility", float(w)))  # type: ignore[arg-type]
    b.family("events with a start-end window over 12 h weigh w", [0.5, 1.5, 2],
             lambda w: weighted("vague", float(w)))  # type: ignore[arg-type]
    b.family("`place_count` + window over 12 h weighs w", [1.25, 1.5, 2],
             lambda w: weighted("facility", 2.0, {"vague": float(w)}))  # type: ignore[arg-type]
    print("\nTies at the cut (two-year count, mean over origins):")
    for yr, y in b.years.items():
        ties = []
        for t in y.ts:
            s = retro(y, 0, t)
            n = int(np.ceil(0.03 * s.size - 1e-9))
            cut = np.partition(s, s.size - n)[s.size - n]
            ties.append(((s == cut).sum(), n - (s > cut).sum(), cut))
        a = np.array(ties, dtype=float).mean(axis=0)
        print(f"  {yr}: {n} cells flagged; cut at {a[2]:.1f} events, {a[0]:.0f} cells tied for "
              f"{a[1]:.0f} places")
    b.run("tie-break only: + 0.001 × 9×9 mean", "", lambda y, i, t: retro(y, i, t)
          + 1e-3 * nbr_mean(y, y.h.raster_counts(t - 728, t), 4))
    b.run("tie-break only: + 0.001 × last 365 days", "", lambda y, i, t: retro(y, i, t)
          + 1e-3 * y.h.cell_counts(t - 365, t))


def oracles(b: Bench) -> None:
    print("\nCeilings (know the period's neighbours in time, future included; not models):\n")
    print(b.head("oracle"))
    b.run("stationary: counts of the year before and the year, minus the period", "",
          lambda y, i, t: y.h.cell_counts(y.year_start(y.year - 1), y.year_start(y.year + 1))
          - y.obs[i])
    b.run("stationary: counts of every year in the file minus the period", "",
          lambda y, i, t: y.h.cell_counts(y.year_start(y.span[0]), y.year_start(y.span[1] + 1))
          - y.obs[i])
    for tau in (91, 365, 1460):
        b.run("two-sided decay exp(-days away / τ), every year in the file", f"τ {tau} d",
              lambda y, i, t, tau=tau: two_sided(y, t, tau))  # type: ignore[misc]
    b.run("other years, uniform", "", other_years)
    for k in (28, 91, 182):
        b.run("other years, same season ± k", f"k {k} d",
              lambda y, i, t, k=k: other_seasonal(y, t, k))  # type: ignore[misc]
    for k, w in ((28, 0.25), (91, 0.25), (91, 1.0)):
        b.run("other years, uniform shares + w × same season ± k", f"k {k} d, w {w}",
              lambda y, i, t, k=k, w=w: shares(other_years(y, i, t))  # type: ignore[misc]
              + w * shares(other_seasonal(y, t, k)))


def pools(b: Bench) -> None:
    """Equal-weight ensembles of hawkes with every subset of the other members."""
    params = ParameterSet.bundled(engine="anticipate")
    names = ("retrospective", "place_count", "last_year", "kde", "poisson_gbm")
    for y in b.years.values():
        models: dict[str, Model] = {m: Memo(build_model(m, params, ON))
                                    for m in ("hawkes", *names)}
        for m, model in models.items():
            y.members[m] = [model.forecast(y.h, t, H) for t in y.ts]
    print("\nEnsembles, equal weights, level of hawkes (the rule: the fewest members within "
          f"one standard error of the highest {b.train} PAI):\n")
    print(b.head("pool"))
    b.run("hawkes alone", "", lambda y, i, t: y.members["hawkes"][i])
    b.run("place_count alone", "", lambda y, i, t: y.members["place_count"][i])
    subsets = [[n for j, n in enumerate(names) if mask >> j & 1] for mask in range(1, 32)]
    b.family_1se("hawkes +", [" + ".join(s) for s in subsets], [1 + len(s) for s in subsets],
             lambda s: lambda y, i, t: sum(  # type: ignore[return-value]
                 (shares(y.members[m][i]) for m in ("hawkes", *str(s).split(" + "))),
                 np.zeros(y.h.area.n_cells)))


def cell_sizes(path: Path, crs: str, year: int | None) -> None:
    """``place_count`` (weight 2, tuned at 125 m) against the two-year count at other cell sizes."""
    ev, years = file_years(path, crs, year)
    place = build_model("place_count", ParameterSet.bundled(engine="anticipate"), ON)
    tr, te = years.train, years.test
    print(f"\n| cell size | {tr} count | {tr} place_count | {te} count | {te} place_count |")
    print("|---|---|---|---|---|")
    for size in (100.0, 125.0, 150.0, 250.0):
        cells = []
        for yr in (tr, te):
            origins = years.origins(yr)
            h = build_history(ev.time, ev.x, ev.y, size, origins[0], facility=ev.facility)
            pai: dict[str, list[float]] = {"count": [], "place": []}
            for o in origins:
                t = h.day_of(o)
                obs = h.cell_counts(t, t + H)
                out = h.total(t, t + H) - float(obs.sum())
                for key, fc in (("count", h.cell_counts(t - 728, t)),
                                ("place", place.forecast(h, t, H))):
                    pai[key].append(score_forecast(fc, obs, out, (0.03,)).pai[0.03])
            a, b = float(np.mean(pai["count"])), float(np.mean(pai["place"]))
            cells += [f"{a:.3f}", f"{b:.3f} ({b / a - 1:+.1%})"]
        print(f"| {size:.0f} m | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", action="store_true", help="also the ensemble pools")
    parser.add_argument("--only-members", action="store_true", help="only the ensemble pools")
    parser.add_argument("--cell-sizes", action="store_true",
                        help="only place_count against the count at 100-250 m cells")
    add_events_arguments(parser)
    args = parser.parse_args()
    print(f"load average before: {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    if args.cell_sizes:
        cell_sizes(args.events, args.crs, args.year)
        raise SystemExit(0)
    bench = Bench(load(args.events, args.crs, args.year))
    if not args.only_members:
        ideas(bench)
        oracles(bench)
    if args.members or args.only_members:
        pools(bench)
    print(f"load average after: {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
