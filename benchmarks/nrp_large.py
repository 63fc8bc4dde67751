"""Benchmark: the roster search on generated instances of the sizes of Curtois–Qu 13–24.

Instances 13–24 of the benchmark are held back; ``benchmarks/nrp_gen.py`` writes
instances of the same format, rules and sizes (not the same instances: no best-known
value applies). Each is generated, read by the project's reader (``parse_nrp``, the
same as for the files), solved for ``--seconds`` with ``--workers`` threads in a
fresh process (so that its peak memory is its own), and checked by the independent
checker ``check_nrp``. Printed: the checker's objective, the proved lower bound and
the gap to it (none on the windowed search), wall-clock and CPU seconds, peak
resident memory; with ``--planted`` the instances carry a planted roster
(``nrp_gen.planted``: cover exactly met, requests consistent with it but for a
tenth), whose cost — checked by ``check_nrp`` — bounds the optimum from above and is
printed with the gap to it (a "best known" not from this search); with ``--planted
optimal`` the broken requests are on days that must be off, so the planted roster's
cost is the optimum itself; and — with
``--reference FILE`` (a CSV ``size,objective`` of earlier long runs of this search,
e.g. ten minutes each) — the gap to that reference. That gap is to our own long run,
**not** to a best-known value.

    python benchmarks/nrp_large.py [--sizes 13-24] [--seconds 60] [--workers 2]
        [--seed 0] [--planted] [--path auto|large|model] [--reference FILE]
        [--write FILE]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from nrp import parse_range
from nrp_gen import SIZES, generate, planted


def one(size: int, seconds: float, workers: int, seed: int,
        plant: str = "", large: bool | None = None) -> dict[str, object]:
    """Solve one generated instance in this process; the figures as a dict."""
    from sterkte.roster.nrp import check_nrp, rows_of, to_problem
    from sterkte.roster.search import SearchSettings, solve_roster
    from sterkte.sources.nrp import parse_nrp

    ref = None
    if plant:
        text, ref, roster = planted(*SIZES[size], seed=seed, exact=plant == "optimal")
        inst = parse_nrp(text, f"planted {size}", f"P{size}")
        known = check_nrp(inst, rows_of(roster))
        if not known.valid or known.objective != ref:  # the generator's own promise
            raise RuntimeError(f"planted roster of size {size}: {known.violations[:1]}")
    else:
        inst = parse_nrp(generate(*SIZES[size], seed=seed), f"generated {size}", f"G{size}")
    t0, c0 = time.monotonic(), time.process_time()
    c_kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    sol = solve_roster(to_problem(inst), seconds, SearchSettings(workers=workers, seed=seed,
                                                             large=large))
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    took = time.monotonic() - t0
    cpu = (time.process_time() - c0 + kids.ru_utime + kids.ru_stime
           - c_kids.ru_utime - c_kids.ru_stime)  # the twin's CPU too
    check = check_nrp(inst, rows_of(sol.assignment)) if sol.objective is not None else None
    return {"size": size, "objective": check.objective if check else None,
            "valid": bool(check and check.valid), "search": sol.objective, "bound": sol.bound,
            "seconds": took, "cpu": cpu, "planted": ref,
            # this process's peak and a forked twin's (pair.large_pair), added up
            "rss_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                       + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024,
            "violation": check.violations[0] if check and check.violations else ""}


def _gap(obj: int | None, ref: int | None) -> str:
    if obj is None or ref is None:
        return f"{'—':>8}"
    return f"{100 * (obj - ref) / max(ref, 1):>7.1f}%"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="13-24")
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--planted", nargs="?", const="upper", choices=("upper", "optimal"),
                    help="instances with a planted roster of known cost (the reference): "
                    "an upper bound on the optimum, or (optimal) the optimum itself")
    ap.add_argument("--path", choices=("auto", "large", "model"), default="auto",
                    help="the windowed search (large), the CP-SAT model's (model), or by "
                    "the thresholds of roster/large.py (auto)")
    ap.add_argument("--reference", help="CSV size,objective of long runs of this search")
    ap.add_argument("--write", help="write size,objective of this run to FILE")
    ap.add_argument("--without", action="append", default=[], metavar="KIND",
                    help="leave this kind of move out of the windowed search "
                         "(one of roster/large.py's KINDS; may be repeated)")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    from sterkte.roster import large as windowed
    unknown = set(args.without) - set(windowed.KINDS)
    if unknown:
        ap.error(f"--without: no kind of move {sorted(unknown)}; "
                 f"the kinds are {', '.join(windowed.KINDS)}")
    # read when large_search starts, in this process and in a forked twin
    windowed.KINDS = tuple(k for k in windowed.KINDS if k not in args.without)
    if args.one is not None:
        large = {"auto": None, "large": True, "model": False}[args.path]
        print(json.dumps(one(args.one, args.seconds, args.workers, args.seed, args.planted,
                             large)))
        return 0
    ref: dict[int, int] = {}
    if args.reference:
        with open(args.reference, encoding="utf-8") as f:
            ref = {int(r["size"]): int(r["objective"]) for r in csv.DictReader(f)}
    load = os.getloadavg()
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} (2 cores); "
          f"{args.seconds:g} s, {args.workers} threads, seed {args.seed}"
          f"{f', planted rosters ({args.planted})' if args.planted else ''}, path {args.path}"
          + (f", without {', '.join(args.without)}" if args.without else ""))
    print(f"{'size':<5}{'persons×days×types':>20}{'objective':>11}{'bound':>8}{'gap':>8}"
          f"{'planted':>9}{'gap':>8}{'long run':>9}{'gap':>8}  {'checked':<8}{'seconds':>8}"
          f"{'cpu':>7}{'MB':>7}")
    failed = False
    rows = []
    for size in parse_range(args.sizes):
        out = subprocess.run([sys.executable, __file__, "--one", str(size), "--seconds",
                              str(args.seconds), "--workers", str(args.workers),
                              "--seed", str(args.seed)]
                             + (["--planted", args.planted] if args.planted else [])
                             + ["--path", args.path]
                             + [f"--without={k}" for k in args.without],
                             capture_output=True, text=True, check=False)
        try:
            r = json.loads(out.stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            print(f"{size:<5} failed: {out.stderr.strip().splitlines()[-1:]}")
            failed = True
            continue
        p, d, s = SIZES[size]
        obj = r["objective"]
        bound = r["bound"] or None  # 0: no bound proved
        print(f"{size:<5}{f'{p}×{d}×{s}':>20}{obj if obj is not None else '—':>11}"
              f"{bound or '—':>8}{_gap(obj, bound)}{r['planted'] or '—':>9}"
              f"{_gap(obj, r['planted'])}{ref.get(size, '—'):>9}{_gap(obj, ref.get(size))}  "
              f"{'yes' if r['valid'] else 'NO':<8}{r['seconds']:>8.1f}{r['cpu']:>7.1f}"
              f"{r['rss_mb']:>7.0f}  {r['violation']}", flush=True)
        failed |= not r["valid"]
        if obj is not None:
            rows.append((size, obj))
    if args.write:
        with open(args.write, "w", encoding="utf-8") as f:
            f.write("size,objective\n" + "".join(f"{s},{o}\n" for s, o in rows))
    load = os.getloadavg()
    print(f"load average after {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
