"""Benchmark: rostering every basisteam of the synthetic police (168 teams), in-process and
on a local Dask cluster with 1 and with 2 workers — the same rosters, and the time each.

The synthetic police (seed 1) is imported into a fresh DuckDB store, and each team's
28-day problem is built as ``sterkte roster teams`` builds it (HR records, reported
sickness, synthetic demand). Each team's ``--seconds`` are spent as CP-SAT
deterministic time (:func:`sterkte.roster.teams.solve_team`), so the rosters
do not depend on where or when a team is solved: the benchmark checks that every
run gives exactly the same rosters, and prints the wall-clock time of each run and
the load average beside it. Timings are noisy on a shared machine; the rosters are not.

    python benchmarks/roster_teams.py [--teams 168] [--seconds 5] [--skip-inprocess]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from sterkte.roster.model import RosterProblem
from sterkte.roster.teams import TeamResult, solve_teams


def problems(folder: Path, teams: int) -> list[RosterProblem]:
    """The first ``teams`` teams' problems from the synthetic police in a new store."""
    from sterkte.app.hr import import_hr
    from sterkte.app.roster import team_problems  # as `sterkte roster teams` builds them
    from sterkte.synth.police import generate

    files = generate(1, folder / "synth").files
    db = folder / "sterkte.duckdb"
    import_hr(db, list(files))
    return team_problems(str(db), None, None, 1).problems[:teams]


def run(label: str, ps: list[RosterProblem], seconds: float, scheduler: str | None = None,
        jobs: int = 1) -> tuple[list[TeamResult], float]:
    t0 = time.monotonic()
    results = solve_teams(ps, seconds, jobs=jobs, scheduler=scheduler)
    took = time.monotonic() - t0
    valid = sum(r.valid for r in results)
    short = sum(r.cover_short for r in results)
    need = sum(r.cover_needed for r in results)
    cost, bound = sum(r.cover_cost for r in results), sum(r.cover_bound for r in results)
    at = sum(r.cover_cost <= r.cover_bound for r in results)
    print(f"{label:<26}{took:>9.1f} s   {valid}/{len(results)} valid, cover short "
          f"{short:,} of {need:,} person-hours   load {os.getloadavg()[0]:.1f}", flush=True)
    print(f"{'':<26}cover cost {cost:,}, lower bound {bound:,} "
          f"({100 * (cost - bound) / max(bound, 1):.1f} % above); {at} teams at the bound",
          flush=True)
    return results, took


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--teams", type=int, default=168)
    ap.add_argument("--seconds", type=float, default=5.0,
                    help="budget per team, spent as deterministic work (see solve_team)")
    ap.add_argument("--skip-inprocess", action="store_true")
    args = ap.parse_args()
    from dask.distributed import LocalCluster

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.monotonic()
        ps = problems(Path(tmp), args.teams)
        print(f"{len(ps)} teams, {sum(len(p.employees) for p in ps):,} persons, 28 days; "
              f"problems built in {time.monotonic() - t0:.0f} s; {args.seconds:g} s "
              f"(deterministic) per team; load {os.getloadavg()[0]:.1f}", flush=True)
    runs: dict[str, list[TeamResult]] = {}
    if not args.skip_inprocess:
        runs["in-process, 1 job"] = run("in-process, 1 job", ps, args.seconds)[0]
    for n in (1, 2):
        with LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster:
            label = f"Dask, {n} local worker{'s' if n > 1 else ''}"
            runs[label] = run(label, ps, args.seconds, cluster.scheduler_address)[0]
    first = next(iter(runs.values()))
    same = all([r.assignment for r in rs] == [r.assignment for r in first]
               for rs in runs.values())
    print("the same rosters in every run" if same else "ROSTERS DIFFER between runs")
    return 0 if same and all(r.valid for r in first) else 1


if __name__ == "__main__":
    sys.exit(main())
