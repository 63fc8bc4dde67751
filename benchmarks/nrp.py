"""Benchmark: the roster model on the Curtois–Qu employee scheduling instances 1–12.

Each instance is read, mapped into the roster model, solved for ``--seconds``
(default 60) with CP-SAT on ``--workers`` threads (default 2), and the solution is
checked by the independent checker, which recomputes the objective from the
instance file. Prints objective, best known value and gap per instance, then the
mean gap. Exit code 1 when any instance has no roster or a roster that breaks a
hard constraint.

    python benchmarks/nrp.py [--seconds 60] [--workers 2] [--instances 1-12]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

from sterkte.roster.nrp import check_nrp, rows_of, to_problem
from sterkte.roster.search import SearchSettings, solve_roster
from sterkte.sources.nrp import read_nrp

ROOT = Path(__file__).resolve().parents[1]
NRP = ROOT.parent / "shared" / "benchmarks" / "nrp"


def parse_range(text: str) -> list[int]:
    out: list[int] = []
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        out += list(range(int(lo), int(hi or lo) + 1))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--instances", default="1-12")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    with (NRP / "best-known.csv").open(encoding="utf-8") as f:
        best = {r["instance"]: (int(r["best_known_objective"]), r["proved_optimal"] == "yes")
                for r in csv.DictReader(f)}
    print(f"{'instance':<11}{'objective':>10}{'best':>8}{'gap':>9}  {'checked':<8}"
          f"{'seconds':>8}  note")
    gaps: list[float] = []
    failed = False
    for i in parse_range(args.instances):
        name = f"Instance{i}"
        inst = read_nrp(NRP / f"{name}.txt")
        t0 = time.monotonic()
        sol = solve_roster(to_problem(inst), args.seconds,
                           SearchSettings(workers=args.workers, seed=args.seed))
        took = time.monotonic() - t0
        known, proved = best[name]
        if sol.objective is None:
            print(f"{name:<11}{'—':>10}{known:>8}{'—':>9}  {'no':<8}{took:>8.1f}  {sol.status}")
            failed = True
            continue
        check = check_nrp(inst, rows_of(sol.assignment))
        gap = (check.objective - known) / known
        gaps.append(gap)
        note = []
        if sol.optimal:
            note.append("proved optimal")
        if proved and check.objective == known:
            note.append("= proved optimum")
        if check.objective != sol.objective:
            note.append(f"solver said {sol.objective}")
        if not check.valid:
            note.append(f"INVALID: {check.violations[0]}")
            failed = True
        print(f"{name:<11}{check.objective:>10}{known:>8}{100 * gap:>8.1f}%  "
              f"{'yes' if check.valid else 'NO':<8}{took:>8.1f}  {', '.join(note)}", flush=True)
    if gaps:
        print(f"mean gap to best known: {100 * sum(gaps) / len(gaps):.1f} % "
              f"over {len(gaps)} instances")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
