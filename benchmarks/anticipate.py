"""Crime anticipation benchmark: forecast speed, tuning on training years, the NYC backtest.

Run: ``.venv/bin/python benchmarks/anticipate.py [--tune] [--skip-synthetic] [--events FILE]
[--year YEAR]``. Prints figures only. Timings are wall-clock on whatever else the machine is doing;
learned models train on one thread.

1. forecast for a synthetic study area of 50,000 cells (target: < 5 s);
2. ``--tune``: rolling-origin cross-validation on the *training* years only —
   26 fortnightly origins in the training year, study area from the years before — of
   the self-exciting
   model's background bandwidth and near-repeat radius, of the ensemble's
   members, and of the grid offset; plus a ceiling (counts that know the
   future) to show how much any ranking could gain. Nothing here sees the held-back year;
3. the NYC vehicle-theft backtest (../shared/benchmarks/crime): 26 origins
   every 14 days through the held-back year, 14-day horizon, 125 m cells in EPSG:32618,
   every model with the parameters in ``models.yaml`` (target: < 2 minutes
   for the six older models; the self-exciting fit < 10 s per origin), the
   success criteria checked; then the same on the grid offset that won the
   cross-validation;
4. the audit's feedback loop on the NYC blocks with patrols by count and by
   the self-exciting model.

The held-back year is the last calendar year whose 26 fortnightly periods from 1 January
lie in the events file (``--events``, default the NYC file of 2014-2016, so 2016); the
training year is the one before (``--year`` names the held-back year instead). The
study areas are the cells active before each year's first origin, as always.

The place count's facility weight and the ensemble's members since 2026-12-06
were cross-validated by ``benchmarks/anticipate_ideas.py --members`` (with
the other ideas that did not make it), not by ``--tune`` here.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

from sterkte.anticipate.audit import feedback_on_study_area
from sterkte.anticipate.backtest import (
    BacktestResult,
    EvaluationYears,
    evaluation_years,
    run_backtest,
)
from sterkte.anticipate.criteria import check_criteria, choose_model
from sterkte.anticipate.history import EventHistory
from sterkte.anticipate.metrics import COVERAGES, score_forecast
from sterkte.anticipate.models import Retrospective
from sterkte.anticipate.models.ensemble import Ensemble, Memo
from sterkte.anticipate.models.registry import MODEL_NAMES, build_model, build_models
from sterkte.anticipate.models.selfexciting import SelfExciting
from sterkte.anticipate.predict import build_history, forecast_cells
from sterkte.anticipate.tuning import settings_grid, tune_grid_offset, tune_model
from sterkte.errors import InputError
from sterkte.parameters import ParameterSet
from sterkte.sources.crime_events import CrimeEvents, read_crime_events

NYC = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "crime" / (
    "nyc-vehicle-thefts-2014-2016.csv")
ON = date.today()
OFFSETS = [(fx, fy) for fx in (0.0, 0.25, 0.5, 0.75) for fy in (0.0, 0.25, 0.5, 0.75)]


def synthetic_events(n_cells_side: tuple[int, int], days: int, seed: int = 0) -> tuple[
    np.ndarray, np.ndarray, np.ndarray
]:
    """Events over a 250 × 200-cell area (125 m), every cell active, a few hot spots."""
    rng = np.random.default_rng(seed)
    nx, ny = n_cells_side
    cells = nx * ny
    # Log-normal cell rates: a long tail of hot cells, as in real data.
    rates = rng.lognormal(mean=-4.0, sigma=1.0, size=cells)
    counts = rng.poisson(rates * days)
    counts[counts == 0] = 1  # every cell active, so the study area has all 50,000 cells
    cell = np.repeat(np.arange(cells), counts)
    day = rng.integers(0, days, size=cell.size)
    x = 100_000 + (cell % nx + rng.random(cell.size)) * 125.0
    y = 400_000 + (cell // nx + rng.random(cell.size)) * 125.0
    t = np.datetime64("2023-01-01", "s") + day.astype("timedelta64[D]").astype("timedelta64[s]")
    return t, x, y


def bench_forecast() -> None:
    t, x, y = synthetic_events((250, 200), days=730)
    at = date(2024, 12, 31)
    start = time.perf_counter()
    history = build_history(t, x, y, 125.0, at)
    build = time.perf_counter() - start
    print(f"synthetic area: {history.area.n_cells:,} cells, {t.size:,} events "
          f"(history built in {build:.2f} s)")
    params = ParameterSet.bundled(engine="anticipate")
    for name in MODEL_NAMES:
        model = build_model(name, params, ON)
        start, cpu = time.perf_counter(), time.process_time()
        try:
            fc = forecast_cells(history, model, at, 14)
        except InputError as exc:
            print(f"  forecast {name:14s} refused: {exc}")
            continue
        took, cpu = time.perf_counter() - start, time.process_time() - cpu
        flag = "ok" if took < 5 else "OVER 5 s"
        print(f"  forecast {name:14s} {took:6.2f} s wall, {cpu:6.2f} s CPU "
              f"({fc.score.sum():,.0f} expected events) {flag}")


def _nyc(path: Path, crs: str, year: int | None, training: bool
         ) -> tuple[CrimeEvents, EvaluationYears]:
    start = time.perf_counter()
    gate = read_crime_events(path, target_crs=crs)
    ev = gate.events.for_training()
    days = ev.time.astype("datetime64[D]")
    first, last = days.min().astype(date), days.max().astype(date)
    try:
        years = evaluation_years(first, last, year=year, training=training)
    except ValueError as exc:
        raise SystemExit(f"{path}: {exc}") from None
    print(f"\n{path.name}: {len(gate.events):,} events through the gate in "
          f"{time.perf_counter() - start:.2f} s, {first} … {last}; training year "
          f"{years.train}, held-back year {years.test}")
    return ev, years


def _ceiling(history: EventHistory, origins: list[date], years: tuple[date, date]) -> float:
    """Mean PAI at 3 % of counts over ``years`` *minus the period itself*: knows the future.

    Not a model — an upper reference for what a long-run ranking can reach.
    """
    lo, hi = history.day_of(years[0]), history.day_of(years[1])
    pais = []
    for o in origins:
        t = history.day_of(o)
        observed = history.cell_counts(t, t + 14)
        score = history.cell_counts(lo, hi) - observed
        outside = history.total(t, t + 14) - float(observed.sum())
        pais.append(score_forecast(score, observed, outside, (0.03,)).pai[0.03])
    return float(np.mean(pais))


def tune(ev: CrimeEvents, years: EvaluationYears) -> None:
    origins = years.origins(years.train)
    history = build_history(ev.time, ev.x, ev.y, 125.0, origins[0], facility=ev.facility)
    print(f"\nTuning on training data only: {len(origins)} origins {origins[0]} … "
          f"{origins[-1]}, study area {history.area.n_cells:,} cells active before "
          f"{years.train}")
    params = ParameterSet.bundled(engine="anticipate")
    base = run_backtest(history, build_models(
        ["retrospective", "last_year", "prospective", "kde"], params, ON), origins, 14, (0.03,))
    best = max(base.models, key=lambda m: base.mean(m, "pai", 0.03))
    ref = base.mean(best, "pai", 0.03)
    for m in base.models:
        print(f"  baseline {m:14s} PAI 3% {base.mean(m, 'pai', 0.03):.3f}")
    ceiling = _ceiling(history, origins, (date(years.train - 1, 1, 1), date(years.test, 1, 1)))
    print(f"  ceiling: counts of {years.train - 1}-{years.train} minus the period (knows the "
          f"future) "
          f"PAI 3% {ceiling:.3f} ({ceiling / ref - 1:+.1%} over {best})")

    start = time.perf_counter()
    grid = settings_grid({"bandwidth_m": [250, 375, 500, 750, 1000],
                          "radius_m": [0, 125, 250]})
    hawkes = tune_model(history, lambda s: SelfExciting(
        background_bandwidth_m=s["bandwidth_m"], trigger_radius_m=s["radius_m"]),
        grid, origins, 14)
    print(f"  self-exciting model, {len(grid)} settings ({time.perf_counter() - start:.0f} s):")
    for trial in hawkes.trials:
        print(f"    {trial.setting}  PAI 3% {trial.pai:.3f} ({trial.pai / ref - 1:+.1%})")
    print(f"    best {hawkes.best.setting}")

    start = time.perf_counter()
    shared = {m: Memo(build_model(m, params, ON))
              for m in ("retrospective", "last_year", "kde", "poisson_gbm")}
    shared["hawkes"] = Memo(SelfExciting(
        background_bandwidth_m=hawkes.best.setting["bandwidth_m"],
        trigger_radius_m=hawkes.best.setting["radius_m"]))
    pools = [("hawkes", "retrospective"), ("hawkes", "retrospective", "kde"),
             ("hawkes", "retrospective", "poisson_gbm"),
             ("hawkes", "retrospective", "kde", "poisson_gbm"),
             ("hawkes", "retrospective", "last_year", "kde", "poisson_gbm")]
    ens = tune_model(history, lambda s: Ensemble(
        {m: shared[m] for m in pools[int(s["pool"])]},
        dict.fromkeys(pools[int(s["pool"])], 1.0), level=shared["hawkes"]),
        [{"pool": float(i)} for i in range(len(pools))], origins, 14)
    print(f"  ensembles, equal weights ({time.perf_counter() - start:.0f} s):")
    for trial in ens.trials:
        members = " + ".join(pools[int(trial.setting["pool"])])
        print(f"    {members:55s} PAI 3% {trial.pai:.3f} ({trial.pai / ref - 1:+.1%})")

    start = time.perf_counter()
    offsets = tune_grid_offset(ev.time, ev.x, ev.y, 125.0, OFFSETS, Retrospective, origins, 14)
    print(f"  grid offsets (shares of a cell east, north) for retrospective "
          f"({time.perf_counter() - start:.0f} s):")
    for trial in offsets.trials:
        print(f"    {trial.setting}  PAI 3% {trial.pai:.3f}")
    print(f"    best {offsets.best.setting}")


def _table(result: BacktestResult) -> None:
    criteria = ParameterSet.bundled(engine="anticipate")
    fitness = {f.model: f for f in check_criteria(result, criteria, ON)}
    head = ("| model | PAI 1% | PAI 3% | PAI 5% | PAI 10% | hit 1% | hit 3% | hit 5% | hit 10% "
            "| PEI 3% | log-lik | obs/fc | verdict |")
    print("\n" + head)
    print("|" + "---|" * (head.count("|") - 1))
    for m in result.models:
        kind = " (learned)" if result.learned[m] else ""
        pai = " | ".join(f"{result.mean(m, 'pai', c):.2f}" for c in COVERAGES)
        hit = " | ".join(f"{result.mean(m, 'hit_rate', c):.1%}" for c in COVERAGES)
        verdict = "fit" if fitness[m].fit else "not fit"
        print(f"| {m}{kind} | {pai} | {hit} | {result.mean(m, 'pei', 0.03):.3f} | "
              f"{result.mean(m, 'loglik'):.4f} | {result.pooled_calibration_ratio(m):.2f} | "
              f"{verdict} |")
    best = result.best_baseline(0.03)
    assert best is not None
    b = result.mean(best, "pai", 0.03)
    for m in (m for m in result.models if result.learned[m]):
        a = result.mean(m, "pai", 0.03)
        wins = sum(s1.pai[0.03] > s2.pai[0.03]
                   for s1, s2 in zip(result.scores[m], result.scores[best], strict=True))
        gains = np.array([s1.pai[0.03] / s2.pai[0.03] - 1
                          for s1, s2 in zip(result.scores[m], result.scores[best], strict=True)])
        se = gains.std(ddof=1) / np.sqrt(gains.size)
        print(f"{m}: PAI 3% {a:.3f} vs best baseline {best} {b:.3f} ({a / b - 1:+.1%}); "
              f"higher at {wins} of {len(result.origins)} origins; per-origin gain "
              f"{gains.mean():+.1%} ± {se:.1%} (s.e.)")
    name, fit = choose_model(list(fitness.values()), result)
    print(f"model by the success criteria: {name} — {'fit for use' if fit else 'NOT FIT'}")
    for c in fitness[name].criteria:
        print(f"  {'pass' if c.passed else 'FAIL'}  {c.requirement}: {c.measured:.3f}")


def bench_nyc(ev: CrimeEvents, years: EvaluationYears, offset: tuple[float, float]) -> None:
    origins = years.origins(years.test)
    history = build_history(ev.time, ev.x, ev.y, 125.0, origins[0], grid_offset=offset,
                            facility=ev.facility)
    models = build_models(None, ParameterSet.bundled(engine="anticipate"), ON)
    spent = dict.fromkeys((m.name for m in models), 0.0)
    last = [time.perf_counter()]

    def clock(model: str, _: date) -> None:
        now = time.perf_counter()
        spent[model] += now - last[0]
        last[0] = now

    start, cpu = time.perf_counter(), time.process_time()
    result = run_backtest(history, models, origins, 14, COVERAGES, clock)
    took, cpu = time.perf_counter() - start, time.process_time() - cpu
    old = sum(spent[m] for m in ("last_period", "retrospective", "prospective", "kde",
                                 "poisson_glm", "poisson_gbm"))
    print(f"\nbacktest, grid offset {offset}: {len(origins)} origins ({origins[0]} … "
          f"{origins[-1]}), 14-day horizon, {history.area.n_cells:,} cells of 125 m, "
          f"{len(models)} models: {took:.1f} s wall, {cpu:.1f} s CPU; the six older models "
          f"{old:.1f} s ({'ok' if old < 120 else 'OVER 2 minutes'})")
    print("  seconds per origin: " + ", ".join(
        f"{m} {spent[m] / len(origins):.2f}" for m in result.models))
    _table(result)
    ceiling = _ceiling(history, origins, (date(years.train, 1, 1), date(years.test + 1, 1, 1)))
    print(f"ceiling (not a model; counts of {years.train}-{years.test} minus the period, knows "
          f"the future): "
          f"PAI 3% {ceiling:.3f}")


def feedback(ev: CrimeEvents, years: EvaluationYears) -> None:
    """The audit's feedback loop on the NYC blocks, patrols by count and by the hawkes model."""
    first = date(years.test, 1, 1)
    history = build_history(ev.time, ev.x, ev.y, 125.0, first)
    hawkes = build_model("hawkes", ParameterSet.bundled(engine="anticipate"), ON)
    assert isinstance(hawkes, SelfExciting)
    runs, settings = feedback_on_study_area(history, history.day_of(first), 104, 0,
                                            self_exciting=hawkes)
    print(f"\nfeedback loop, {settings['blocks']:.0f} blocks of {settings['block_m']:.0f} m, "
          f"{settings['patrolled']:.0f} patrolled per 14 days, 104 steps; self-exciting policy: "
          f"branching {settings['policy_branching']:.2f}, mean lag "
          f"{settings['policy_mean_lag_steps']:.1f} steps")
    print("| patrols follow | what trains | misallocated, first quarter | last quarter | "
          "record share / true share |")
    print("|---|---|---|---|---|")
    for r in runs:
        print(f"| {r.policy} | {r.recording} | {r.first_misallocated:.0%} | "
              f"{r.final_misallocated:.0%}{' (runaway)' if r.runaway else ''} | "
              f"{r.record_gap(int(settings['patrolled'])):.1f} |")


def add_events_arguments(parser: argparse.ArgumentParser) -> None:
    """``--events``, ``--crs`` and ``--year``: which events file, its grid's CRS and the
    held-back year (the anticipation benchmarks share them)."""
    parser.add_argument("--events", type=Path, default=NYC, help="events file (default: NYC)")
    parser.add_argument("--crs", default="EPSG:32618", help="projected CRS of the grid")
    parser.add_argument("--year", type=int, default=None,
                        help="held-back year (default: the last full year in the file)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--tune", action="store_true",
                        help="cross-validate on the training year first")
    add_events_arguments(parser)
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument("--offset", type=float, nargs=2, default=None, metavar=("EAST", "NORTH"),
                        help="also run the held-back backtest on this grid offset (cell shares)")
    args = parser.parse_args()
    print(f"load average before: {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    if not args.skip_synthetic:
        bench_forecast()
    if not args.events.is_file():
        print(f"events not found at {args.events}; skipping the backtests")
        sys.exit(0)
    events, years = _nyc(args.events, args.crs, args.year, training=args.tune)
    if args.tune:
        tune(events, years)
    feedback(events, years)
    bench_nyc(events, years, (0.0, 0.0))
    if args.offset:
        bench_nyc(events, years, (args.offset[0], args.offset[1]))
    print(f"load average after: {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    sys.exit(0)
