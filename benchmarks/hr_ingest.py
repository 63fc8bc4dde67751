"""Benchmark: ingest and derive 1,000,000 HR events, on DuckDB and on PostgreSQL.

Targets: on DuckDB, events import + derivation < 5 s and < 1 GB peak memory; on
PostgreSQL, the derivation within 2× of DuckDB's time (issue 14).

The data are the synthetic police (seed 1) copied under new ids until there are at
least a million events (about 9 copies: ~1.02 M events, ~0.73 M persons). The timed
part runs in a fresh child process so that its peak memory (max RSS) is that of the
import and derivation alone: the persons file (needed to check the events' persons),
then the events file, each through the full gate (types, references, histories)
into a new DuckDB file, then the monthly ledger derived from the events (three
times; the median is reported). The target applies to the events import plus the
derivation; the persons import is reported beside it.

PostgreSQL runs on a throwaway local server (:mod:`sterkte.store.pg_local`: Debian's
``postgresql`` package, durable as a real server — fsync on — with
``shared_buffers`` and ``max_wal_size`` raised as a server for bulk imports would
have them); the same import and derivation go through ``--db postgresql://…``. The
server's own memory is not in the peak reported (that is the client's).

Run: ``.venv/bin/python benchmarks/hr_ingest.py [--events N] [--dir DIR]
[--backend duckdb|postgres|both]``. Timings are wall-clock and noisy on a shared
2-core machine.
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import statistics
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
TARGET_PG_RATIO = 2.0  # PostgreSQL's derivation time / DuckDB's
DUCKDB_MEMORY_LIMIT = "512MB"
PG_SETTINGS = {"shared_buffers": "256MB", "max_wal_size": "4GB"}
DERIVE_RUNS = 3


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


def measure(db: str, persons: Path, events: Path) -> None:
    """The timed part (child process): seconds for the persons import, the events
    import and the derivation, records stored, ledger entries, CPU seconds and peak
    memory (MB) of this process."""
    from sterkte.store.db import Connection, connect, is_url
    from sterkte.store.hr import derived_ledger, ingest

    con: Connection
    if is_url(db):
        con = connect(db)
    else:
        import duckdb

        con = duckdb.connect(db)
        # DuckDB caches up to 80 % of RAM by default; a deployment caps it (it spills).
        con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
    c0 = _cpu()
    t0 = time.perf_counter()
    people = ingest(con, [str(persons)])
    t1 = time.perf_counter()
    summary = ingest(con, [str(events)])
    t2 = time.perf_counter()
    # the derivation is short and the machine shared: the median of three runs
    derive = []
    for _ in range(DERIVE_RUNS):
        t3 = time.perf_counter()
        ledger = derived_ledger(con)
        derive.append(time.perf_counter() - t3)
    assert people.rejected == 0 and summary.rejected == 0, summary.examples
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{t1 - t0:.3f} {t2 - t1:.3f} {statistics.median(derive):.3f} {people.accepted} "
          f"{summary.accepted} {len(ledger)} {_cpu() - c0:.3f} {peak:.0f}")


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def run(db: str, persons: Path, events: Path) -> dict[str, float] | None:
    out = subprocess.run([sys.executable, __file__, "--measure", db, str(persons),
                          str(events)], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        print(out.stderr, file=sys.stderr)
        return None
    names = ("persons_s", "events_s", "derive_s", "persons", "events", "cells", "cpu_s", "mb")
    return dict(zip(names, map(float, out.stdout.split()), strict=True))


def report(name: str, r: dict[str, float]) -> None:
    total = r["events_s"] + r["derive_s"]
    print(f"{name}: persons import {r['persons_s']:.2f} s ({r['persons']:,.0f} persons, a "
          f"prerequisite); events import {r['events_s']:.2f} s ({r['events']:,.0f} events); "
          f"derive {r['derive_s']:.2f} s (median of {DERIVE_RUNS}; {r['cells']:.0f} ledger "
          f"entries); events import + derive {total:.2f} s; client peak memory "
          f"{r['mb']:.0f} MB; client CPU {r['cpu_s']:.2f} s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--dir", type=Path, default=None,
                    help="Keep the prepared files here (reused if present).")
    ap.add_argument("--backend", choices=("duckdb", "postgres", "both"), default="both")
    ap.add_argument("--measure", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        measure(args.measure[0], Path(args.measure[1]), Path(args.measure[2]))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        persons, events = folder / "persons.csv", folder / "events.csv"
        if args.dir is None or not events.exists():
            persons, events, n = prepare(folder, args.events)
            print(f"prepared {n:,} events in {time.perf_counter() - t:.1f} s (not timed)")
        results: dict[str, dict[str, float]] = {}
        if args.backend in ("duckdb", "both"):
            db = folder / "bench.duckdb"
            db.unlink(missing_ok=True)
            got = run(str(db), persons, events)
            if got is None:
                return 1
            results["DuckDB"] = got
            report("DuckDB", got)
            total = got["events_s"] + got["derive_s"]
            ok = total < TARGET_SECONDS and got["mb"] < TARGET_MB
            print(f"DuckDB: events import + derive {total:.2f} s (target < {TARGET_SECONDS:.0f} "
                  f"s), peak {got['mb']:.0f} MB (target < {TARGET_MB:.0f} MB; memory_limit "
                  f"{DUCKDB_MEMORY_LIMIT}): " + ("within target" if ok else "OVER TARGET"))
        if args.backend in ("postgres", "both"):
            from sterkte.store import pg_local

            server = pg_local.start(PG_SETTINGS)
            try:
                got = run(server.create_database("bench"), persons, events)
            finally:
                server.stop()
            if got is None:
                return 1
            results["PostgreSQL"] = got
            report("PostgreSQL", got)
        if len(results) == 2:
            ratio = results["PostgreSQL"]["derive_s"] / results["DuckDB"]["derive_s"]
            imports = ((results["PostgreSQL"]["events_s"] + results["PostgreSQL"]["persons_s"])
                       / (results["DuckDB"]["events_s"] + results["DuckDB"]["persons_s"]))
            print(f"derive PostgreSQL / DuckDB = {ratio:.2f}x (target <= {TARGET_PG_RATIO:.0f}x): "
                  + ("within target" if ratio <= TARGET_PG_RATIO else "OVER TARGET")
                  + f"; imports PostgreSQL / DuckDB = {imports:.2f}x (no target)")
        print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} (timings are noisy "
              "on a shared machine)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
