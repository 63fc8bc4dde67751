"""Crime anticipation benchmark: forecast speed at 50,000 cells, and the NYC backtest.

Run: ``.venv/bin/python benchmarks/anticipate.py``. Prints figures only. Timings
are wall-clock on whatever else the machine is doing; learned models train on
one thread.

1. forecast for a synthetic study area of 50,000 cells (target: < 5 s);
2. the NYC vehicle-theft backtest (../shared/benchmarks/crime): 26 origins
   every 14 days through 2016, 14-day horizon, 125 m cells in EPSG:32618,
   every model (target: < 2 minutes), with the success criteria checked.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np

from sterkte.anticipate.backtest import rolling_origins, run_backtest
from sterkte.anticipate.criteria import check_criteria, choose_model
from sterkte.anticipate.metrics import COVERAGES
from sterkte.anticipate.models.registry import MODEL_NAMES, build_model, build_models
from sterkte.anticipate.parameters import bundled
from sterkte.anticipate.predict import build_history, forecast_cells
from sterkte.sources.crime_events import read_crime_events

NYC = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "crime" / (
    "nyc-vehicle-thefts-2014-2016.csv")
ON = date.today()


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
    params = bundled("models")
    for name in MODEL_NAMES:
        model = build_model(name, params, ON)
        start, cpu = time.perf_counter(), time.process_time()
        fc = forecast_cells(history, model, at, 14)
        took, cpu = time.perf_counter() - start, time.process_time() - cpu
        flag = "ok" if took < 5 else "OVER 5 s"
        print(f"  forecast {name:14s} {took:6.2f} s wall, {cpu:6.2f} s CPU "
              f"({fc.score.sum():,.0f} expected events) {flag}")


def bench_nyc() -> None:
    if not NYC.is_file():
        print(f"NYC data not found at {NYC}; skipping the backtest")
        return
    start = time.perf_counter()
    gate = read_crime_events(NYC, target_crs="EPSG:32618")
    print(f"\nNYC: {len(gate.events):,} events through the gate in "
          f"{time.perf_counter() - start:.2f} s")
    ev = gate.events.for_training()
    origins = rolling_origins(date(2016, 1, 1), date(2016, 12, 31), 14, 14)
    history = build_history(ev.time, ev.x, ev.y, 125.0, origins[0])
    models = build_models(None, bundled("models"), ON)
    start, cpu = time.perf_counter(), time.process_time()
    result = run_backtest(history, models, origins, 14)
    took, cpu = time.perf_counter() - start, time.process_time() - cpu
    flag = "ok" if took < 120 else "OVER 2 minutes"
    print(f"backtest: {len(origins)} origins ({origins[0]} … {origins[-1]}), 14-day horizon, "
          f"{history.area.n_cells:,} cells of 125 m, {len(models)} models: {took:.1f} s wall, "
          f"{cpu:.1f} s CPU {flag}")
    fitness = {f.model: f for f in check_criteria(result, bundled("criteria"), ON)}
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
    learned = [m for m in result.models if result.learned[m]]
    top = max(learned, key=lambda m: result.mean(m, "pai", 0.03))
    a, b = result.mean(top, "pai", 0.03), result.mean(best, "pai", 0.03)
    wins = sum(s1.pai[0.03] > s2.pai[0.03]
               for s1, s2 in zip(result.scores[top], result.scores[best], strict=True))
    print(f"\nbest learned {top}: PAI 3% {a:.3f} vs best baseline {best} {b:.3f} "
          f"({a / b - 1:+.1%}); higher at {wins} of {len(origins)} origins")
    name, fit = choose_model(list(fitness.values()), result)
    print(f"model by the success criteria: {name} — {'fit for use' if fit else 'NOT FIT'}")
    for c in fitness[name].criteria:
        print(f"  {'pass' if c.passed else 'FAIL'}  {c.requirement}: {c.measured:.3f}")


if __name__ == "__main__":
    print(f"load average before: {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    bench_forecast()
    bench_nyc()
    sys.exit(0)
