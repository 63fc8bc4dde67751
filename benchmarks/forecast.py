"""Forecast benchmark: sterkte's engine against PySD, and the full national model.

1. The same small model in both: academy intake (fixed per month) into a 3-year
   pipeline with monthly dropout, graduates into OS with monthly attrition,
   monthly for 10 years. PySD gets it as a Vensim model of 36 cohort stocks and
   OS (Euler, TIME STEP 1 month); sterkte as one unit of its own engine (monthly
   cohorts, no age effects, no transfers). Both must give the same stocks.
   Then the time of 1,000 samples in each: sterkte draws 1,000 stochastic samples
   vectorised; PySD runs the model once per sample (it has no sampling), here with
   the dropout rate perturbed per run. PySD's time is measured over --pysd-runs
   runs and scaled to 1,000 when fewer are run (printed as such); sterkte's over a batch
   of STERKTE_BATCH ensembles; the best batch of --repeat counts, for both. Each engine runs
   once untimed first (sterkte loads its compiled kernel then).
2. The full national model (15 units, ages, cohorts): 1,000 samples × 10 years of
   the hjb2022 scenario from its start (the published 2021 opening), wall time and peak
   memory.

Timings on a shared 2-core machine are noisy: run it when the machine is quiet.
Usage: python benchmarks/forecast.py [--pysd-runs N] [--samples N] [--repeat N]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

from sterkte.forecast import (
    ModelInputs,
    resolve,
    scenario_start,
    simulate,
    start_from_published,
)
from sterkte.forecast.engine import CATEGORIES
from sterkte.forecast.inputs import forecast_parameters
from sterkte.forecast.montecarlo import run_ensemble
from sterkte.forecast.result import reporting_periods
from sterkte.forecast.start import start_from_stocks
from sterkte.ledger import Category, Ledger
from sterkte.parameters import load_scenario
from sterkte.parameters.scenario import Scenario
from sterkte.sources.published import read_published_table
from sterkte.store.ledgers import bundled_dataset

MONTHS = 120
PIPELINE = 36  # months
INTAKE_PER_MONTH = 100.0  # fte
DROPOUT_YEAR = 0.05  # share of a cohort per programme year
ATTRITION_YEAR = 0.04  # share of OS per year
OS0 = 5000.0
STERKTE_BATCH = 10  # ensembles of --samples per timed batch (PySD: --pysd-runs runs)
D = dt.date


def monthly(rate: float) -> float:
    return 1.0 - (1.0 - rate) ** (1.0 / 12.0)


# -- the small model in sterkte ------------------------------------------------------------
def small_sterkte_inputs() -> ModelInputs:
    """One unit (NN), intake every month, 36-month programme, flat dropout and attrition,
    nothing else: no retirement within 10 years (everybody young), no transfers."""
    flat = {k: ATTRITION_YEAR for k in ("15-24", "25-34", "35-44", "45-54", "55-99")}
    base = forecast_parameters()
    ages = base["age_profile"].table(D(2021, 1, 1))
    all_30 = {c: {a: (1.0 if a == "30" else 0.0) for a in ages[c]} for c in ("OS", "NOS")}
    params = Scenario("small", "benchmark", overrides={  # type: ignore[arg-type]
        "training_length": {D(1990, 1, 1): PIPELINE, D(2018, 10, 1): PIPELINE,
                            D(2021, 1, 1): PIPELINE},
        # graduate exactly at intake + 36 months, as the Vensim pipeline does
        "graduation_months": {D(1990, 1, 1): {str(m): 1.0 for m in range(1, 13)}},
        "intake_moments": {d: {str(m): 1 / 12 for m in range(1, 13)}
                           for d in (D(2010, 1, 1), D(2021, 1, 1), D(2022, 1, 1))},
        "academy_intake": {D(2021, 1, 1): 12 * INTAKE_PER_MONTH},
        "intake_unit_share": {D(2021, 1, 1): {"NN": 1.0, "ON": 0.0, "MN": 0.0, "NH": 0.0,
                                              "AM": 0.0, "DH": 0.0, "RT": 0.0, "ZWB": 0.0,
                                              "OB": 0.0, "LB": 0.0, "LE": 0.0}},
        "dropout": {D(2010, 1, 1): {"1": DROPOUT_YEAR, "2": DROPOUT_YEAR, "3": DROPOUT_YEAR}},
        "unplanned_outflow": {D(2010, 1, 1): flat},
        "early_retirement": {D(2010, 1, 1): {str(a): 0.0 for a in range(60, 67)}},
        "transfer_rates": {D(2010, 1, 1): {"os_to_nos": 0.0, "nos_to_os": 0.0,
                                           "os_to_training": 0.0}},
        "working_time": {D(2010, 1, 1): {"OS": 0.0, "NOS": 0.0, "ASP": 0.0}},
        "lateral_entry": {D(2021, 1, 1): {"OS": dict.fromkeys(("NN", "ON", "MN", "NH",
                                                               "AM", "DH", "RT", "ZWB",
                                                               "OB", "LB", "LE"), 0.0),
                                          "NOS": dict.fromkeys(("NN", "ON"), 0.0)}},
        "age_profile": {D(2021, 1, 1): all_30},
    }).apply(base)
    state = start_from_stocks({"NN": OS0}, {}, {}, params, 2022 * 12, "benchmark")
    full = resolve(params, state, MONTHS)
    # keep the one unit: the same engine, on the same model PySD gets
    return dataclasses.replace(
        full, units=("NN",), people0=full.people0[:, :1], fte0=full.fte0[:, :1],
        asp0=full.asp0[:1], intake=full.intake[:, :1], lateral=full.lateral[:, :, :1],
        unplanned=full.unplanned[:, :1])


# -- the same model in Vensim, for PySD ----------------------------------------------------
def vensim_model(dropout_month: float, attrition_month: float) -> str:
    eqs = ["{UTF-8}"]

    def eq(name: str, expr: str, unit: str = "") -> None:
        eqs.append(f"{name}=\n\t{expr}\n\t~\t{unit}\n\t~\t\t|\n")

    eq("intake", str(INTAKE_PER_MONTH), "fte/Month")
    eq("h", repr(dropout_month), "1/Month")
    eq("q", repr(attrition_month), "1/Month")
    # cohort k holds the trainees in their k-th month; a step moves everybody one month on
    eq("A1", "INTEG(intake*(1-h) - A1/TIME STEP, 0)", "fte")
    for k in range(2, PIPELINE + 1):
        eq(f"A{k}", f"INTEG(A{k - 1}*(1-h)/TIME STEP - A{k}/TIME STEP, 0)", "fte")
    eq("graduation", f"A{PIPELINE}/TIME STEP", "fte/Month")
    # graduates can leave in their first month, as in sterkte's monthly step
    eq("attrition", "(OS + graduation*TIME STEP) * q / TIME STEP", "fte/Month")
    eq("OS", f"INTEG(graduation - attrition, {OS0})", "fte")
    eq("ASP", " + ".join(f"A{k}" for k in range(1, PIPELINE + 1)), "fte")
    eq("INITIAL TIME", "0", "Month")
    eq("FINAL TIME", str(MONTHS), "Month")
    eq("TIME STEP", "1", "Month")
    eq("SAVEPER", "TIME STEP", "Month")
    return "\n".join(eqs) + "\n\\\\\\---/// Sketch information - none\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pysd-runs", type=int, default=100)
    ap.add_argument("--samples", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3,
                    help="timings are the best of this many runs (the machine is shared)")
    args = ap.parse_args()

    import pysd  # only here: a benchmark dependency (`make bench`), never imported by src/

    h, q = monthly(DROPOUT_YEAR), monthly(ATTRITION_YEAR)
    with tempfile.TemporaryDirectory() as tmp:
        mdl = Path(tmp) / "pipeline.mdl"
        mdl.write_text(vensim_model(h, q))
        model = pysd.read_vensim(str(mdl))

    # 1a. the same answer
    inputs = small_sterkte_inputs()
    exact = simulate(inputs)
    os_s = exact.monthly[0, 0, CATEGORIES.index(Category.OS)]
    asp_s = exact.monthly[0, 0, CATEGORIES.index(Category.ASP)]
    out = model.run(return_columns=["OS", "ASP"])
    os_p = out["OS"].to_numpy()[1:]  # PySD's t = k + 1 is the end of month k
    asp_p = out["ASP"].to_numpy()[1:]
    diff = max(np.max(np.abs(os_s - os_p)), np.max(np.abs(asp_s - asp_p)))
    print(f"small model, {MONTHS} months: OS at the end sterkte {os_s[-1]:.4f}, "
          f"PySD {os_p[-1]:.4f}; trainees {asp_s[-1]:.4f} vs {asp_p[-1]:.4f}; "
          f"largest difference over all months {diff:.2e} fte")
    if diff > 1e-6 * OS0:
        raise SystemExit("sterkte and PySD disagree on the small model")

    # 1b. 1,000 samples each, after one untimed warm-up of each engine (sterkte's first
    # sampled run in a process loads its compiled kernel from numba's cache, or compiles
    # it after an install or a change of the code (cache=True); the national model then
    # uses the same compiled kernel; PySD's first run builds its output machinery)
    pom = np.arange(MONTHS, dtype=np.int64)
    run_ensemble(inputs, pom, args.samples, seed=1, workers=1)
    model.run(params={"h": h}, return_columns=["OS", "ASP"])
    t_sterkte = c_sterkte = t_pysd = c_pysd = float("inf")
    rng = np.random.default_rng(1)
    runs = min(args.pysd_runs, args.samples)
    scale = args.samples / runs
    for _ in range(args.repeat):
        # both engines timed over a batch of runs per repeat (the mean of the batch, then
        # the best batch): a best single run of 20 ms against the best mean of 20 PySD runs
        # favoured sterkte, whose single runs can fall in a quiet moment of a busy machine
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(STERKTE_BATCH):
            ens = run_ensemble(inputs, pom, args.samples, seed=1, workers=1)
        t_sterkte = min(t_sterkte, (time.perf_counter() - t0) / STERKTE_BATCH)
        c_sterkte = min(c_sterkte, (time.process_time() - c0) / STERKTE_BATCH)
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(runs):
            model.run(params={"h": h * rng.uniform(0.8, 1.2)}, return_columns=["OS", "ASP"])
        t_pysd = min(t_pysd, (time.perf_counter() - t0) * scale)
        c_pysd = min(c_pysd, (time.process_time() - c0) * scale)
    scaled = "" if runs == args.samples else f" (measured {runs} runs, scaled to {args.samples})"
    print(f"{args.samples} samples, small model, one thread, best of {args.repeat} batches "
          f"(sterkte {STERKTE_BATCH} ensembles, PySD {runs} runs each): "
          f"sterkte {t_sterkte * 1e3:.1f} ms wall ({c_sterkte * 1e3:.1f} ms CPU); "
          f"PySD {t_pysd:.1f} s wall ({c_pysd:.1f} s CPU){scaled}")
    print(f"  sterkte is {c_pysd / c_sterkte:,.0f}x faster in CPU time "
          f"({t_pysd / t_sterkte:,.0f}x in wall time); target >= 300x")
    mean_os = ens.monthly[:, 0, CATEGORIES.index(Category.OS), -1].mean()
    print(f"  (sample mean of OS at the end {mean_os:.1f} vs exact {os_s[-1]:.1f})")

    # 2. the full national model
    ledger = Ledger()
    for path in bundled_dataset():
        for key, value in read_published_table(path).ledger:
            ledger.set(*key, value)
    scenario = load_scenario("hjb2022")
    params = scenario.apply(forecast_parameters())
    state = start_from_published(ledger, params, scenario_start(scenario))  # 2021 opening
    full = resolve(params, state, MONTHS)
    pom, _ = reporting_periods(state.start, MONTHS)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    wall = cpu = float("inf")
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        run_ensemble(full, pom, args.samples, seed=1, workers=2)
        wall, cpu = min(wall, time.perf_counter() - t0), min(cpu, time.process_time() - c0)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # the model's own peak: numpy's allocations, traced in a second (untimed) run
    tracemalloc.start()
    run_ensemble(full, pom, args.samples, seed=1, workers=2)
    traced = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(f"full national model (15 units x {full.n_birth_years} birth years x 3 categories, "
          f"{len(full.cohort_start)} cohorts), {args.samples} samples x {MONTHS // 12} years: "
          f"{wall:.2f} s wall on 2 threads ({cpu:.2f} s CPU; best of {args.repeat}; "
          "target < 1 s)")
    print(f"  peak memory: {traced:.0f} MB allocated by the run; process peak RSS {peak:.0f} MB "
          f"({before:.0f} MB before it, with PySD loaded)")
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (1, 5, 15 min; {os.cpu_count()} "
          "cores): timings under load are noisy")

if __name__ == "__main__":
    main()
