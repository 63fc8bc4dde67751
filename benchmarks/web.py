"""Latency of the dashboard under load: the overview API route and the overview page.

Builds a store with the bundled 2021 tables and the full synthetic police (about
65,000 people, `sterkte synth`), starts `sterkte serve` in its own process, and
hits each route with 100 concurrent keep-alive connections for 30 s from a small
asyncio load generator in this process. Prints requests, errors, throughput,
median and p95 latency. Target: p95 under 200 ms, zero errors.

    python benchmarks/web.py [--seconds 30] [--concurrency 100] [--scale 1.0]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from sterkte.sources.published import read_published_table
from sterkte.store.db import connect
from sterkte.store.hr import ingest
from sterkte.store.ledgers import bundled_dataset, import_published_tables
from sterkte.synth.police import generate


def build_store(folder: Path, scale: float) -> Path:
    db = folder / "sterkte.duckdb"
    files = generate(1, folder / "synth", scale=scale).files
    con = connect(db)
    try:
        import_published_tables(con, [read_published_table(p) for p in bundled_dataset()])
        ingest(con, list(files))
    finally:
        con.close()
    return db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    code = ("from sterkte.cli.serve import serve_command as s; "
            f"s(host='127.0.0.1', port={port}, db={str(db)!r})")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/units", timeout=5) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("the server did not start")


async def _read_response(reader: asyncio.StreamReader) -> int:
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed")
    status = int(status_line.split()[1])
    length = 0
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
    await reader.readexactly(length)
    return status


async def _worker(port: int, path: str, until: float, latencies: list[float],
                  errors: list[str]) -> None:
    request = (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html,*/*\r\n"
               "Connection: keep-alive\r\n\r\n").encode()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < until:
            t0 = time.perf_counter()
            try:
                writer.write(request)
                await writer.drain()
                status = await _read_response(reader)
            except (OSError, ConnectionError, asyncio.IncompleteReadError) as exc:
                errors.append(repr(exc))
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                continue
            latencies.append(time.perf_counter() - t0)
            if status != 200:
                errors.append(f"HTTP {status}")
    finally:
        writer.close()


async def load(port: int, path: str, seconds: float, concurrency: int
               ) -> tuple[list[float], list[str]]:
    latencies: list[float] = []
    errors: list[str] = []
    until = time.perf_counter() + seconds
    await asyncio.gather(*(_worker(port, path, until, latencies, errors)
                           for _ in range(concurrency)))
    return latencies, errors


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--concurrency", type=int, default=100)
    ap.add_argument("--scale", type=float, default=1.0, help="synthetic police size")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        db = build_store(Path(tmp), args.scale)
        print(f"store with the synthetic police (scale {args.scale}) built in "
              f"{time.perf_counter() - t0:.1f} s")
        port = free_port()
        t0 = time.perf_counter()
        server = start_server(db, port)
        print(f"server up (figures computed) in {time.perf_counter() - t0:.1f} s, "
              f"{os.cpu_count()} CPUs")
        try:
            for path in ("/api/overview", "/"):
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}").read()  # warm
                lat, errors = asyncio.run(load(port, path, args.seconds, args.concurrency))
                lat.sort()
                p95 = lat[int(0.95 * (len(lat) - 1))] if lat else float("nan")
                verdict = "OK" if p95 < 0.2 and not errors else "MISSED"
                print(f"{path:15s} {len(lat):7d} requests  {len(lat) / args.seconds:7.0f}/s  "
                      f"median {1000 * statistics.median(lat):6.1f} ms  "
                      f"p95 {1000 * p95:6.1f} ms  errors {len(errors)}  "
                      f"[target p95 < 200 ms, 0 errors: {verdict}]")
                if errors:
                    print("  first errors:", errors[:3])
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
