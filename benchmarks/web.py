"""Latency of the dashboard under load: every GET page and API route, with a token.

Builds a store with the bundled 2021 tables and the synthetic police (about 65,000
people at ``--scale 1.0``, `sterkte synth`) on DuckDB and/or on a throwaway
PostgreSQL server (:mod:`sterkte.store.pg_local`), adds an account and an API token
with the real CLI (`sterkte users add`, `sterkte tokens create`), starts
`sterkte serve` in its own process, and hits every GET route with
``Authorization: Bearer TOKEN`` from 100 concurrent keep-alive connections,
``--seconds`` per route.

The load generator is ``wrk`` (C, Debian's package; `make bench` installs it) on one
thread (``-t 1``), so it takes at most one core and little of it; without wrk, a small
asyncio generator in this process (Python: it competes with the server for the cores,
and p95 is then much higher than the server's). The output says which one ran.

The API routes come from the server's ``/openapi.json``; the pages from the
navigation (:data:`sterkte.web.render.NAV`) plus the other GET pages the schema
lists, such as ``/units/CODE``. Path parameters get real values: a unit code from
``/api/units``, a table name from the JSON of the route's page (``tables``). Routes
of solver runs (``…/runs/{job_id}``) need a run started by a POST and are left out;
they are listed as skipped. The team pages and routes are asked for one named team.

Prints per backend and route: requests, errors (wrk: statuses of 400 and more, socket
errors and timeouts; the Python generator: non-2xx and broken connections; every
route's first answer must be a 2xx), throughput, median and p95 latency, the server
process's CPU time per answer (user + system, all its threads: the cost of a request
however loaded the machine is), and the load average at start and end of the route;
then per backend the worst p95 and whether the target is met (p95 under 100 ms, zero
errors), and a Markdown table of it all. Before the 100 connections, each route is
asked over one connection for a fifth of ``--seconds`` (at least 1 s): its median
there (``1 conn``) is the time the server takes for the request alone, without waiting
behind others. The load generator shares the machine's cores with the server and the
machine's other work: read the figures beside the load average.

    python benchmarks/web.py [--backend duckdb|postgres|both] [--seconds 5]
                             [--concurrency 100] [--scale 1.0] [--python-load]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sterkte.sources.published import read_published_table
from sterkte.store import pg_local
from sterkte.store.db import connect
from sterkte.store.hr import ingest
from sterkte.store.ledgers import bundled_dataset, import_published_tables
from sterkte.synth.police import generate
from sterkte.web.render import NAV

TARGET_P95 = 0.100  # seconds: issue 14
USER = "bench"
RUN_PAGES = ("/scenario/runs/{job_id}", "/roster/runs/{job_id}")  # pages of solver runs
WRK = shutil.which("wrk")
GENERATORS = {"wrk": "wrk (C, one thread)",
              "python": "Python asyncio in the benchmark's process (wrk not found)"}


def load_store(db: str, files: list[Path]) -> None:
    con = connect(db)
    try:
        import_published_tables(con, [read_published_table(p) for p in bundled_dataset()])
        ingest(con, files)
    finally:
        con.close()


def sterkte_command() -> list[str]:
    """The real `sterkte` command: the script beside this interpreter, else the module."""
    script = Path(sys.executable).parent / "sterkte"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from sterkte.cli import main; sys.exit(main())"]


def sterkte(*args: str) -> str:
    """Run `sterkte ARGS`; its output."""
    cmd = sterkte_command()
    done = subprocess.run([*cmd, *args], capture_output=True, text=True,
                          env=os.environ | {"COLUMNS": "200"})
    if done.returncode != 0:
        raise RuntimeError(f"sterkte {' '.join(args)}: {done.stdout}{done.stderr}")
    return done.stdout


def add_anticipation_run(db: str, folder: Path) -> None:
    """A saved crime-anticipation run on the synthetic town (`sterkte anticipate demo`,
    `forecast --save`), so that the anticipation page and its tables have content."""
    demo = folder / "anticipation"
    if not (demo / "synthetic-events.csv").exists():
        sterkte("anticipate", "demo", "--out", str(demo), "--start", "2022-01-01",
                "--days", "400")
    sterkte("anticipate", "forecast", "--events", str(demo / "synthetic-events.csv"),
            "--source-crs", "EPSG:28992", "--at", "2023-01-05", "--days", "14", "--model",
            "kde", "--areas", str(demo / "synthetic-areas.geojson"), "--save", "--db", db)


def add_token(db: str) -> str:
    sterkte("users", "add", USER, "--role", "beheerder", "--no-password", "--db", db)
    return sterkte("tokens", "create", USER, "--db", db).strip().splitlines()[-1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(port: int, path: str, token: str) -> tuple[int, bytes]:
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}",
                                 headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(req, timeout=300) as r:
            return int(r.status), bytes(r.read())
    except urllib.error.HTTPError as exc:
        return int(exc.code), bytes(exc.read())


@contextmanager
def serving(db: str, token: str) -> Iterator[tuple[int, int]]:
    """`sterkte serve` on a free port: (the port, the server's process id)."""
    port = free_port()
    cmd = sterkte_command()
    proc = subprocess.Popen([*cmd, "serve", "--port", str(port), "--db", db],
                            stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                if get(port, "/api/units", token)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("the server did not start")
            time.sleep(0.3)
        yield port, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def routes(port: int, token: str) -> tuple[list[str], list[str]]:
    """(paths to hit with real parameter values, paths skipped with the reason)."""
    status, body = get(port, "/openapi.json", token)
    if status != 200:
        raise RuntimeError(f"/openapi.json answered {status}")
    schema = json.loads(body)
    listed = [p for p, ops in schema["paths"].items() if "get" in ops]
    # the page routes are not in the schema; /units only redirects the unit picker's form
    pages = [href for href, _ in NAV] + ["/units/{code}"]
    unit = json.loads(get(port, "/api/units", token)[1])
    code = _first_code(unit)
    teams = json.loads(get(port, "/api/capacity/teams", token)[1])["teams"]
    team = teams[0]["team"] if teams else None
    chosen: list[str] = []
    skipped = [f"{p} (needs a solver run started by a POST)" for p in RUN_PAGES]
    for path in dict.fromkeys([*pages, *listed]):  # keeps order, once each
        if "{job_id}" in path:
            skipped.append(f"{path} (needs a solver run started by a POST)")
            continue
        filled = path.replace("{code}", code)
        if "{name}" in filled:
            owner = filled.split("/tables/")[0]
            owner = "/api/overview" if owner == "/api" else owner
            owner += f"?team={team}" if team and owner.startswith("/api/teams") else ""
            names = _table_names(json.loads(get(port, owner, token)[1]))
            if not names:
                skipped.append(f"{path} (no table on {owner})")
                continue
            filled = filled.replace("{name}", names[0]) + "?format=json"
        if "{" in filled:
            skipped.append(f"{path} (unknown path parameter)")
            continue
        base = filled.split("?")[0]
        if team and (base in ("/teams", "/api/teams") or base.startswith("/api/teams/")):
            filled += ("&" if "?" in filled else "?") + f"team={team}"
        chosen.append(filled)
    return chosen, skipped


def _first_code(units: Any) -> str:
    items = units.get("units", units) if isinstance(units, dict) else units
    first = items[0]
    return str(first.get("code") if isinstance(first, dict) else first)


def _table_names(page: Any) -> list[str]:
    return [t["name"] for t in page.get("tables", [])] if isinstance(page, dict) else []


@dataclass
class Measured:
    """One route under one load: answers, errors, latencies (seconds)."""

    requests: int
    errors: int
    seconds: float
    median: float
    p95: float
    first_errors: list[str] = field(default_factory=list)


# wrk's script: the token and Accept headers, and a machine-readable summary (wrk's own
# --latency table has no p95). wrk counts a status of 400 or more as an error ("status"),
# and connect/read/write errors and timeouts; latencies are in microseconds.
WRK_SCRIPT = """
wrk.headers["Authorization"] = "Bearer %s"
wrk.headers["Accept"] = "text/html,*/*"
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("sterkte-bench %%d %%d %%d %%d %%d %%d %%d %%d %%d\\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95)))
end
"""


def wrk_load(port: int, path: str, script: Path, seconds: float, concurrency: int
             ) -> Measured:
    """``wrk -t 1 -c CONCURRENCY -d SECONDS`` against the route, with ``script``."""
    cmd = [WRK, "-t", "1", "-c", str(concurrency), "-d", f"{max(1, round(seconds))}s",
           "--timeout", "30s", "--latency", "-s", str(script),
           f"http://127.0.0.1:{port}{path}"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 120)
    line = next((x for x in done.stdout.splitlines() if x.startswith("sterkte-bench ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stdout}{done.stderr}")
    n, micros, connect, read, write, status, timeout, p50, p95 = (
        int(float(v)) for v in line.split()[1:])
    kinds = {"connect": connect, "read": read, "write": write, "HTTP >= 400": status,
             "timeout": timeout}
    errors = sum(kinds.values())
    return Measured(n, errors, micros / 1e6, p50 / 1e6 if n else float("inf"),
                    p95 / 1e6 if n else float("inf"),
                    [f"{k}: {v}" for k, v in kinds.items() if v])


async def _read_response(reader: asyncio.StreamReader) -> int:
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed")
    status = int(status_line.split()[1])
    length, chunked = 0, False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
        elif name.lower() == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if not chunked:
        await reader.readexactly(length)
        return status
    while True:
        size = int((await reader.readline()).split(b";")[0], 16)
        await reader.readexactly(size + 2)  # the chunk and its CRLF
        if size == 0:
            return status


async def _worker(port: int, request: bytes, until: float, latencies: list[float],
                  errors: list[str]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < until:
            t0 = time.perf_counter()
            try:
                writer.write(request)
                await writer.drain()
                status = await _read_response(reader)
            except (OSError, ConnectionError, ValueError, asyncio.IncompleteReadError) as exc:
                errors.append(repr(exc))
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                continue
            latencies.append(time.perf_counter() - t0)
            if not 200 <= status < 300:
                errors.append(f"HTTP {status}")
    finally:
        writer.close()


async def _python_load(port: int, path: str, token: str, seconds: float, concurrency: int
                       ) -> tuple[list[float], list[str]]:
    request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html,*/*\r\n"
               f"Authorization: Bearer {token}\r\nConnection: keep-alive\r\n\r\n").encode()
    latencies: list[float] = []
    errors: list[str] = []
    until = time.perf_counter() + seconds
    await asyncio.gather(*(_worker(port, request, until, latencies, errors)
                           for _ in range(concurrency)))
    return latencies, errors


def python_load(port: int, path: str, token: str, seconds: float, concurrency: int
                ) -> Measured:
    """The fallback without wrk: asyncio in this process (it takes CPU the server needs)."""
    lat, errors = asyncio.run(_python_load(port, path, token, seconds, concurrency))
    lat.sort()
    p95 = lat[int(0.95 * (len(lat) - 1))] if lat else float("inf")
    median = statistics.median(lat) if lat else float("inf")
    return Measured(len(lat), len(errors), seconds, median, p95, errors[:3])


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` (all its threads), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def bench(backend: str, db: str, args: argparse.Namespace, folder: Path
          ) -> tuple[bool, list[tuple[str, Measured, float, float]]]:
    token = add_token(db)
    script = folder / "bench.lua"
    script.write_text(WRK_SCRIPT % token)
    generator = "python" if args.python_load or WRK is None else "wrk"

    def measure(port: int, path: str, seconds: float, concurrency: int) -> Measured:
        if generator == "wrk":
            return wrk_load(port, path, script, seconds, concurrency)
        return python_load(port, path, token, seconds, concurrency)

    rows = []
    t0 = time.perf_counter()
    with serving(db, token) as (port, pid):
        print(f"[{backend}] server up (figures computed) in {time.perf_counter() - t0:.1f} s;"
              f" load generator: {GENERATORS[generator]}")
        chosen, skipped = routes(port, token)
        for s in skipped:
            print(f"[{backend}] skipped {s}")
        worst, failed = 0.0, 0
        for path in chosen:
            status, _ = get(port, path, token)  # warm: the first request computes the view
            alone = measure(port, path, max(1.0, args.seconds / 5), 1)
            before, cpu0 = os.getloadavg()[0], cpu_seconds(pid)
            got = measure(port, path, args.seconds, args.concurrency)
            after, cpu = os.getloadavg()[0], cpu_seconds(pid) - cpu0
            per = cpu / got.requests if got.requests else float("inf")
            worst = max(worst, got.p95)
            failed += got.errors + alone.errors + (not 200 <= status < 300)
            rows.append((path, got, alone.median, per))
            print(f"[{backend}] {path:45s} {got.requests:6d} req {got.errors:5d} err "
                  f"{got.requests / got.seconds:6.0f}/s  median {1000 * got.median:7.1f} ms  "
                  f"p95 {1000 * got.p95:7.1f} ms  1 conn {1000 * alone.median:5.1f} ms  "
                  f"cpu {1000 * per:5.2f} ms/req  load {before:.2f}->{after:.2f}"
                  + ("" if 200 <= status < 300 else f"  [warm-up HTTP {status}]"), flush=True)
            if got.first_errors:
                print(f"[{backend}]   errors: {got.first_errors[:3]}")
    met = worst < TARGET_P95 and failed == 0
    missed = [path for path, got, _, _ in rows if got.p95 >= TARGET_P95]
    print(f"[{backend}] SUMMARY {len(chosen)} routes, worst p95 {1000 * worst:.1f} ms, "
          f"{failed} errors: target p95 < {1000 * TARGET_P95:.0f} ms and 0 errors "
          f"{'MET' if met else 'MISSED'} (load {os.getloadavg()[0]:.2f}, "
          f"{os.cpu_count()} CPUs, {args.concurrency} connections, "
          f"{GENERATORS[generator]})", flush=True)
    if missed:
        print(f"[{backend}] p95 of 100 ms or more: {', '.join(missed)}")
    return met, rows


def markdown(results: dict[str, list[tuple[str, Measured, float, float]]]) -> str:
    """The routes as a Markdown table: per backend req/s, p95, 1 conn, CPU per answer."""
    backends = list(results)
    head = "| route | " + " | ".join(f"{b}: req/s, p95, 1 conn, CPU/req" for b in backends)
    lines = [head + " |", "|---|" + "---:|" * len(backends)]
    by_path: dict[str, list[str]] = {}
    for b in backends:
        for path, got, alone, per in results[b]:
            err = f", {got.errors} err" if got.errors else ""
            by_path.setdefault(path, []).append(
                f"{got.requests / got.seconds:,.0f}/s, {1000 * got.p95:,.0f} ms, "
                f"{1000 * alone:.1f} ms, {1000 * per:.2f} ms{err}")
    for path, cells in by_path.items():
        lines.append(f"| `{path}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--backend", choices=("duckdb", "postgres", "both"), default="both")
    ap.add_argument("--seconds", type=float, default=5.0, help="per route")
    ap.add_argument("--concurrency", type=int, default=100)
    ap.add_argument("--scale", type=float, default=1.0, help="synthetic police size")
    ap.add_argument("--python-load", action="store_true",
                    help="use the Python load generator even when wrk is there")
    args = ap.parse_args()
    backends = ("duckdb", "postgres") if args.backend == "both" else (args.backend,)
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"load generator: {GENERATORS['python' if args.python_load or WRK is None else 'wrk']}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        files = list(generate(1, folder / "synth", scale=args.scale).files)
        print(f"synthetic police (scale {args.scale}) generated in "
              f"{time.perf_counter() - t0:.1f} s; load {os.getloadavg()[0]:.2f}")
        results: dict[str, tuple[bool, list[tuple[str, Measured, float, float]]]] = {}
        for backend in backends:
            server = None
            if backend == "duckdb":
                db = str(folder / "sterkte.duckdb")
            else:
                server = pg_local.start(pg_local.FAST)
                db = server.create_database("sterkte")
            try:
                t0 = time.perf_counter()
                load_store(db, files)
                add_anticipation_run(db, folder)
                print(f"[{backend}] store built in {time.perf_counter() - t0:.1f} s")
                results[backend] = bench(backend, db, args, folder)
            finally:
                if server is not None:
                    server.stop()
        print(markdown({b: rows for b, (_, rows) in results.items()}))
        print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print("target met:", ", ".join(f"{b} {'yes' if ok else 'no'}"
                                        for b, (ok, _) in results.items()))


if __name__ == "__main__":
    main()
