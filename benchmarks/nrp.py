"""Benchmark: the roster search on the Curtois–Qu employee scheduling instances 1–12.

Each instance is read, mapped into the roster model, solved for ``--seconds``
(default 60, wall clock) with ``--workers`` threads (default 2), and the solution is
checked by the independent checker, which recomputes the objective from the
instance file; the objective printed is the checker's. Prints objective, best
known value, gap, and the lower bound the search proved (column generation's
relaxation, or CP-SAT's), wall-clock and CPU seconds (all threads), then the mean
gap and the load average before and after: on a shared machine a loaded run is
pessimistic (the CPU seconds show how much of the two cores the search got). Exit
code 1 when any instance has no roster or a roster that breaks a hard constraint.

By default every ``InstanceN.txt`` in the folder (``--dir``, default
``../shared/benchmarks/nrp``) runs, in the order of N, so instances added to the folder
(with or without a row in its ``best-known.csv``) are part of the run; ``--instances``
picks some. Without a best-known value the gap printed is to the proved lower bound.

Instances 13–24 of the set are larger (up to 150 persons and a year) and are not
in ``../shared/benchmarks/nrp``; ``benchmarks/nrp_large.py`` runs generated instances
of their sizes (``benchmarks/nrp_gen.py``), and ``--scaled 12x2`` checks how the method scales on
instance 12 with twice the staff, twice the cover and twice the horizon (limits
per horizon doubled, requests repeated). No best-known value exists for those: the
gap printed is to the proved lower bound, an upper bound on the gap to the optimum.

    python benchmarks/nrp.py [--seconds 60] [--workers 2] [--instances 1-12] [--dir DIR]
    python benchmarks/nrp.py --scaled 12x2 --scaled 8x3 [--seconds 120]
    python benchmarks/nrp.py --tiled 11x13 --tiled 12x13

``--tiled 11x13`` repeats instance 11 over 13 periods (a year; the same staff, every
limit per horizon times 13): a year with a real instance's cover, requests and rules,
where ``nrp_large.py``'s generated years carry the generator's. Its gap is to 13 times
the best-known value, a reference and not a bound (that roster repeated breaks rules
where the periods meet); a proved lower bound from the weekends alone is printed
beside it (on 11x13 it is 44,200, the reference 44,759).
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

from sterkte.roster.nrp import check_nrp, rows_of, to_problem
from sterkte.roster.search import SearchSettings, solve_roster
from sterkte.sources.nrp import NrpCover, NrpInstance, NrpRequest, read_nrp

ROOT = Path(__file__).resolve().parents[1]
NRP = ROOT.parent / "shared" / "benchmarks" / "nrp"


def parse_range(text: str) -> list[int]:
    out: list[int] = []
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        out += list(range(int(lo), int(hi or lo) + 1))
    return out


def scaled(inst: NrpInstance, k: int) -> NrpInstance:
    """``inst`` with k copies of the staff, k times the cover and k times the horizon
    (k whole periods of whole weeks): every limit per horizon times k, days off and
    requests repeated in each period for each copy."""
    return _repeated(inst, k, k, f"{inst.name}x{k}")


def tiled(inst: NrpInstance, k: int) -> NrpInstance:
    """``inst`` repeated over k periods (the same staff): every limit per horizon
    times k, days off, requests and cover repeated in each period. A year of a real
    instance's structure (cover, requests, rules), where the generated instances of
    ``nrp_gen.py`` carry their own."""
    return _repeated(inst, k, 1, f"{inst.name}t{k}")


def _repeated(inst: NrpInstance, periods: int, copies: int, name: str) -> NrpInstance:
    """``inst`` over ``periods`` periods with ``copies`` copies of its staff (ids
    suffixed 0, 1, … when more than one) and the cover times ``copies``."""
    def tag(e: str, c: int) -> str:
        return f"{e}{c}" if copies > 1 else e

    n = periods
    staff = tuple(replace(st, id=tag(st.id, c),
                          max_shifts={s: v * n for s, v in st.max_shifts.items()},
                          max_minutes=st.max_minutes * n, min_minutes=st.min_minutes * n,
                          max_weekends=st.max_weekends * n)
                  for c in range(copies) for st in inst.staff)
    off = {tag(e, c): frozenset(d + inst.days * r for d in ds for r in range(n))
           for e, ds in inst.days_off.items() for c in range(copies)}

    def reqs(rs: tuple[NrpRequest, ...]) -> tuple[NrpRequest, ...]:
        return tuple(replace(q, employee=tag(q.employee, c), day=q.day + inst.days * r)
                     for q in rs for c in range(copies) for r in range(n))

    cover = tuple(NrpCover(cv.day + inst.days * r, cv.shift, cv.required * copies,
                           cv.weight_under, cv.weight_over)
                  for cv in inst.cover for r in range(n))
    return NrpInstance(name, inst.days * n, inst.shifts, staff, off,
                       reqs(inst.on_requests), reqs(inst.off_requests), cover)


def weekend_bound(inst: NrpInstance) -> int:
    """A proved lower bound on any roster's cost from the weekends alone: a weekend
    worked gives at most two weekend shifts (Saturday and Sunday, days 5 and 6 of each
    week), so the weekend cover beyond twice everyone's weekends is short, each at
    least the lowest under-cover weight of a weekend day (0 when someone's weekends
    are not limited)."""
    if any(st.max_weekends < 0 for st in inst.staff):
        return 0
    weekend = [cv for cv in inst.cover if cv.day % 7 >= 5 and cv.required > 0]
    short = sum(cv.required for cv in weekend) - 2 * sum(st.max_weekends for st in inst.staff)
    return max(0, short) * min((cv.weight_under for cv in weekend), default=0)


def best_known(path: Path) -> dict[str, tuple[int, bool]]:
    """Best-known objective and whether it is proved optimal, per instance name; an
    absent file or row means no best-known value (the gap is then to the bound)."""
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as f:
        return {r["instance"]: (int(r["best_known_objective"]),
                                r.get("proved_optimal", "") == "yes")
                for r in csv.DictReader(f) if r.get("best_known_objective", "").strip()}


def found(folder: Path) -> list[int]:
    """The numbers N of the ``InstanceN.txt`` files in ``folder``, ascending."""
    return sorted(int(p.stem[len("Instance"):]) for p in folder.glob("Instance*.txt")
                  if p.stem[len("Instance"):].isdigit())


def solve(inst: NrpInstance, args: argparse.Namespace, known: int | None,
          proved: bool) -> tuple[float | None, bool]:
    t0, c0 = time.monotonic(), time.process_time()
    sol = solve_roster(to_problem(inst), args.seconds,
                       SearchSettings(workers=args.workers, seed=args.seed))
    took = time.monotonic() - t0
    cpu = time.process_time() - c0  # all threads: what the search got of the cores
    if sol.objective is None:
        print(f"{inst.name:<13}{'—':>10}{known or '—':>8}{'—':>9}{'—':>8}  {'no':<8}"
              f"{took:>8.1f}{cpu:>6.1f}  {sol.status}")
        return None, False
    check = check_nrp(inst, rows_of(sol.assignment))
    ref = known if known is not None else sol.bound
    gap = (check.objective - ref) / ref if ref else None  # no bound: no gap
    note = []
    if sol.optimal:
        note.append("proved optimal")
    if proved and check.objective == known:
        note.append("= proved optimum")
    if check.objective != sol.objective:
        note.append(f"search said {sol.objective}")
    if not check.valid:
        note.append(f"INVALID: {check.violations[0]}")
    if known is None:
        note.append("gap to the proved lower bound")
    shown = f"{100 * gap:>8.1f}%" if gap is not None else f"{'—':>9}"
    print(f"{inst.name:<13}{check.objective:>10}{known or '—':>8}{shown}"
          f"{sol.bound:>8}  {'yes' if check.valid else 'NO':<8}{took:>8.1f}{cpu:>6.1f}  "
          f"{', '.join(note)}", flush=True)
    return gap, check.valid


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--instances", default="",
                    help="numbers such as 1-12,14 (default: every InstanceN.txt in --dir)")
    ap.add_argument("--dir", type=Path, default=NRP,
                    help="folder of InstanceN.txt files and best-known.csv")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--scaled", action="append", default=[],
                    help="NUMBERxK: instance NUMBER scaled k times (staff, cover, horizon)")
    ap.add_argument("--tiled", action="append", default=[],
                    help="NUMBERxK: instance NUMBER repeated over K periods (the same "
                    "staff, limits times K); the gap is to K times its best known")
    args = ap.parse_args()
    best = best_known(args.dir / "best-known.csv")
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} "
          f"{os.getloadavg()[2]:.1f} (2 cores); {args.seconds:g} s, {args.workers} threads")
    print(f"{'instance':<13}{'objective':>10}{'best':>8}{'gap':>9}{'bound':>8}  "
          f"{'checked':<8}{'seconds':>8}{'cpu':>6}  note")
    gaps: list[float] = []
    failed = False
    todo = parse_range(args.instances) if args.instances else (
        [] if args.scaled or args.tiled else found(args.dir))
    if not todo and not args.scaled and not args.tiled:
        print(f"no InstanceN.txt in {args.dir}", file=sys.stderr)
        return 2
    for i in todo:
        name = f"Instance{i}"
        path = args.dir / f"{name}.txt"
        if not path.is_file():
            print(f"{name}: no file {path}", file=sys.stderr)
            failed = True
            continue
        known, proved = best.get(name, (None, False))
        gap, ok = solve(read_nrp(path), args, known, proved)
        failed |= not ok
        if gap is not None and known is not None:  # gaps to a bound are not averaged in
            gaps.append(gap)
    for spec in args.tiled:
        number, _, k = spec.partition("x")
        base = read_nrp(args.dir / f"Instance{int(number)}.txt")
        inst = tiled(base, int(k))
        one = best.get(f"Instance{int(number)}", (None, False))[0]
        ref = one * int(k) if one is not None else None
        print(f"{inst.name}: reference {ref if ref is not None else '—'} = {k} × the best "
              f"known (that roster repeated breaks rules where periods meet: not a bound); "
              f"weekend lower bound {weekend_bound(inst)}", flush=True)
        _, ok = solve(inst, args, ref, False)
        failed |= not ok
    for spec in args.scaled:
        number, _, k = spec.partition("x")
        inst = scaled(read_nrp(args.dir / f"Instance{int(number)}.txt"), int(k))
        _, ok = solve(inst, args, None, False)
        failed |= not ok
    if gaps:
        print(f"mean gap to best known: {100 * sum(gaps) / len(gaps):.1f} % over "
              f"{len(gaps)} instances; largest {100 * max(gaps):.1f} %")
    print(f"load average after {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} "
          f"{os.getloadavg()[2]:.1f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
