"""Benchmark: ingest and derive 1,000,000 HR events (target: < 5 s, < 1 GB peak memory).

The data are the synthetic police (seed 1) copied under new ids until there are at
least a million events (about 9 copies: ~1.02 M events, ~0.73 M persons). The timed
part runs in a fresh child process so that its peak memory (max RSS) is that of the
import and derivation alone: the persons file (needed to check the events' persons),
then the events file, each through the full gate (types, references, histories)
into a new DuckDB file, then the monthly ledger derived from the events. The
target applies to the events import plus the derivation; the persons import is
reported beside it.

Run: ``.venv/bin/python benchmarks/hr_ingest.py [--events N] [--dir DIR]``.
Timings are wall-clock and noisy on a shared 2-core machine.
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

TARGET_SECONDS = 5.0
TARGET_MB = 1024.0
DUCKDB_MEMORY_LIMIT = "512MB"


def prepare(folder: Path, events_wanted: int) -> tuple[Path, Path, int]:
    from sterkte.synth.police import generate

    base = folder / "base"
    generate(1, base)
    read = pacsv.ConvertOptions(strings_can_be_null=True,
                                column_types={"fte": pa.string(), "hours": pa.string(),
                                              "birth_year": pa.string(), "date": pa.string()})
    persons = pacsv.read_csv(base / "persons.csv", convert_options=read)
    events = pacsv.read_csv(base / "events.csv", convert_options=read)
    copies = math.ceil(events_wanted / events.num_rows)
    p_parts, e_parts = [], []
    for k in range(copies):
        suffix = pa.scalar(f"-{k}")
        p_parts.append(persons.set_column(0, "person_id",
                                          pc.binary_join_element_wise(persons["person_id"],
                                                                      suffix, "")))
        e = events.set_column(0, "event_id",
                              pc.binary_join_element_wise(events["event_id"], suffix, ""))
        e_parts.append(e.set_column(1, "person_id",
                                    pc.binary_join_element_wise(e["person_id"], suffix, "")))
    p_path, e_path = folder / "persons.csv", folder / "events.csv"
    write = pacsv.WriteOptions(quoting_style="needed")
    pacsv.write_csv(pa.concat_tables(p_parts), p_path, write)
    all_events = pa.concat_tables(e_parts)
    pacsv.write_csv(all_events, e_path, write)
    return p_path, e_path, all_events.num_rows


def measure(db: Path, persons: Path, events: Path) -> None:
    """The timed part (child process): seconds for the persons import, the events
    import and the derivation, records stored, ledger entries and CPU seconds."""
    import duckdb

    from sterkte.store.hr import derived_ledger, ingest

    con = duckdb.connect(str(db))
    # DuckDB caches up to 80 % of RAM by default; a deployment caps it (it spills beyond).
    con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
    c0 = _cpu()
    t0 = time.perf_counter()
    people = ingest(con, [str(persons)])
    t1 = time.perf_counter()
    summary = ingest(con, [str(events)])
    t2 = time.perf_counter()
    ledger = derived_ledger(con)
    t3 = time.perf_counter()
    assert people.rejected == 0 and summary.rejected == 0, summary.examples
    print(f"{t1 - t0:.3f} {t2 - t1:.3f} {t3 - t2:.3f} {people.accepted} {summary.accepted} "
          f"{len(ledger)} {_cpu() - c0:.3f}")


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--dir", type=Path, default=None,
                    help="Keep the prepared files here (reused if present).")
    ap.add_argument("--measure", nargs=3, type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        measure(*args.measure)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        persons, events = folder / "persons.csv", folder / "events.csv"
        if args.dir is None or not events.exists():
            persons, events, n = prepare(folder, args.events)
            print(f"prepared {n:,} events in {time.perf_counter() - t:.1f} s (not timed)")
        db = folder / "bench.duckdb"
        db.unlink(missing_ok=True)
        out = subprocess.run([sys.executable, __file__, "--measure", str(db), str(persons),
                              str(events)], capture_output=True, text=True, check=False)
        if out.returncode != 0:
            print(out.stderr, file=sys.stderr)
            return 1
        p_s, e_s, d_s, n_p, n_e, cells, cpu_s = out.stdout.split()
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        total = float(e_s) + float(d_s)
        print(f"persons import {float(p_s):.2f} s ({int(n_p):,} persons, a prerequisite); "
              f"events import {float(e_s):.2f} s ({int(n_e):,} events); derive "
              f"{float(d_s):.2f} s ({cells} ledger entries)")
        print(f"events import + derive {total:.2f} s (target < {TARGET_SECONDS:.0f} s); with "
              f"persons {total + float(p_s):.2f} s; peak memory {peak_mb:.0f} MB (target < "
              f"{TARGET_MB:.0f} MB; DuckDB memory_limit {DUCKDB_MEMORY_LIMIT}); CPU time "
              f"{float(cpu_s):.2f} s on {os.cpu_count()} cores; load average "
              f"{os.getloadavg()[0]:.1f}")
        ok = total < TARGET_SECONDS and peak_mb < TARGET_MB
        print("within target" if ok else "OVER TARGET (timings are noisy on a shared machine)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
