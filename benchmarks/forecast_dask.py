"""Large forecast ensembles on Dask: the same samples as in-process, and the time with 1
and 2 local workers.

The national model of the 2022 half-year letter (15 units, 10 years from the 2021
opening), a large ensemble (default 5,000 samples, seed 1), run

* in this process on one thread and on two (``run_ensemble``, ``workers=1/2``);
* on a Dask ``LocalCluster`` with 1 and with 2 worker processes of one thread each
  (``run_ensemble_dask``, what ``sterkte forecast --scheduler tcp://…`` uses).

Every run must give the same arrays, element for element (the blocks and their seeds do
not depend on where they run); the script exits 1 when they do not. Times are wall
clock, best of ``--repeat``, each kind run once untimed first (the compiled kernel is
loaded, the cluster's workers import sterkte). On one machine Dask adds the transfer of
the blocks' results between processes; its use is a machine with more cores, or several.

    python benchmarks/forecast_dask.py [--samples 5000] [--repeat 2]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable

import numpy as np

from sterkte.app.forecast import published_bundled
from sterkte.forecast import resolve, scenario_start, start_from_published
from sterkte.forecast.distributed import run_ensemble_dask
from sterkte.forecast.engine import Trajectory
from sterkte.forecast.inputs import forecast_parameters
from sterkte.forecast.montecarlo import run_ensemble
from sterkte.forecast.result import reporting_periods
from sterkte.parameters import load_scenario

MONTHS = 120


def best_of(repeat: int, job: Callable[[], Trajectory]) -> tuple[float, Trajectory]:
    job()  # untimed: loads the kernel, warms the workers
    took, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = job()
        took = min(took, time.perf_counter() - t0)
    assert out is not None
    return took, out


def same(a: Trajectory, b: Trajectory) -> bool:
    return all(np.array_equal(getattr(a, f), getattr(b, f))
               for f in ("flows", "opening", "closing", "monthly"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", type=int, default=5_000)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    from dask.distributed import LocalCluster

    scenario = load_scenario("hjb2022")
    params = scenario.apply(forecast_parameters())
    state = start_from_published(published_bundled(), params, scenario_start(scenario))
    full = resolve(params, state, MONTHS)
    pom, _ = reporting_periods(state.start, MONTHS)
    load0 = os.getloadavg()[0]
    print(f"national model, {args.samples:,} samples x {MONTHS // 12} years, seed 1; "
          f"{os.cpu_count()} cores, load {load0:.1f}", flush=True)

    first: Trajectory | None = None
    identical = True

    def report(label: str, took: float, out: Trajectory) -> None:
        nonlocal first, identical
        if first is None:
            first = out  # the others are compared with it and dropped (memory)
        else:
            identical = identical and same(first, out)
        print(f"  {label:<28} {took:7.2f} s", flush=True)

    for threads in (1, 2):
        report(f"in-process, {threads} thread{'s' if threads > 1 else ''}",
               *best_of(args.repeat, lambda t=threads: run_ensemble(
                   full, pom, args.samples, seed=1, workers=t)))
    for n in (1, 2):
        # each run connects its own client, as `sterkte forecast --scheduler` does
        with LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster:
            report(f"Dask, {n} local worker{'s' if n > 1 else ''}",
                   *best_of(args.repeat, lambda a=cluster.scheduler_address:
                            run_ensemble_dask(full, pom, args.samples, 1, a)))
    assert first is not None
    size = sum(getattr(first, f).nbytes for f in ("flows", "opening", "closing", "monthly"))
    print(f"  result arrays {size / 2**20:,.0f} MB; "
          + ("the same samples in every run (array_equal)" if identical
             else "SAMPLES DIFFER between runs"))
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (1, 5, 15 min): "
          "timings under load are noisy")
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
