"""A store that is busy or unavailable is a page in the reader's language, or for /api the
documented error body — never a server path, a process id, DuckDB's words or a traceback.
With real processes: ``sterkte serve`` in its own process, beside a process that holds the
DuckDB file for writing, and beside a real ``sterkte hr import``."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from sterkte.synth.police import generate
from tests.report.store_builder import build_published_store
from tests.store.test_concurrency import start_sterkte
from tests.web.test_api import wait

# What a visitor must never see: a file path, a process id, the driver's or a stack's words.
INTERNALS = re.compile(r"/(tmp|home|root|work|usr)/|\.duckdb|\bPID\b|process id|Conflicting "
                       r"lock|read-only mode|Traceback|duckdb\.|IOException", re.IGNORECASE)
ROUTES = ["/", "/norms", "/units/AM", "/capacity", "/api/overview", "/api/norms",
          "/api/units/AM", "/api/capacity", "/api/tables/formatie-bezetting-2021?format=json"]


@contextmanager
def serve(db: Path) -> Iterator[tuple[httpx.Client, subprocess.Popen[str]]]:
    """``sterkte serve`` over ``db`` in its own process, once it answers (any status).

    It waits 0.2 s, not the default (2 s for the figures, 10 s elsewhere), for a file another process holds
    (``$STERKTE_DB_WAIT``): what it answers after the wait is the same, sooner."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    proc = start_sterkte(db, "serve", "--port", str(port), STERKTE_DB_WAIT="0.2")
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as http:
            deadline = time.monotonic() + 120
            while True:
                assert proc.poll() is None, proc.communicate()[1]
                try:
                    http.get("/api/periods")
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline, "sterkte serve did not answer"
                    time.sleep(0.2)
            yield http, proc
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@contextmanager
def writer_holding(db: Path) -> Iterator[None]:
    """Another process with the DuckDB file open for writing, as an import holds it. It
    waits (up to 30 s) for a server that is writing the file at that moment."""
    code = ("import sys, time, duckdb\n"
            "for _ in range(300):\n"
            "    try:\n"
            "        c = duckdb.connect(sys.argv[1])\n"
            "        break\n"
            "    except duckdb.IOException:\n"
            "        time.sleep(0.1)\n"
            "else:\n"
            "    sys.exit('the file stayed locked')\n"
            "print('ready', flush=True)\n"
            "sys.stdin.readline()\n"
            "c.close()\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(db)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        yield
    finally:
        proc.communicate("\n", timeout=30)


def clean(r: httpx.Response) -> None:
    """An answer a visitor may see: no internals; an API error is the documented body."""
    assert not INTERNALS.search(r.text), r.text[:2000]
    if r.status_code >= 400 and r.headers["content-type"].startswith("application/json"):
        body = r.json()
        assert set(body) == {"detail", "status", "error"} and body["status"] == r.status_code
        assert isinstance(body["detail"], str)


def test_a_store_held_by_a_writer_is_a_page_in_the_readers_language(tmp_path: Path) -> None:
    db = build_published_store(tmp_path)
    with writer_holding(db), serve(db) as (http, proc):
        page = http.get("/", headers={"accept": "text/html"})
        assert page.status_code == 503 and page.headers["content-type"].startswith("text/html")
        assert "<h1>De gegevens zijn niet beschikbaar" in page.text
        assert "Er wordt nu in de opslag geschreven (bijvoorbeeld een import)" in page.text
        assert page.headers["retry-after"] == "60"
        english = http.get("/norms", params={"lang": "en"}, headers={"accept": "text/html"})
        assert english.status_code == 503 and "<h1>The data are not available" in english.text
        assert "The store is being written to right now" in english.text
        api = http.get("/api/overview")
        assert api.status_code == 503 and api.json() == {
            "detail": "Er wordt nu in de opslag geschreven (bijvoorbeeld een import). "
                      "Probeer het over een minuut opnieuw.",
            "status": 503, "error": "store_busy"}
        assert http.get("/api/norms", params={"lang": "en"}).json()["detail"].startswith(
            "The store is being written to right now")
        # the routes that read the store themselves say the same
        for route in ROUTES:
            r = http.get(route, headers={"accept": "text/html"} if "api" not in route else {})
            assert r.status_code == 503, (route, r.status_code, r.text[:300])
            clean(r)
    # the details went to the server's log, for whoever runs it
    log = proc.stderr.read() if proc.stderr else ""
    assert str(db) in log and "busy" in log


def test_the_dashboard_answers_cleanly_while_a_real_hr_import_runs(tmp_path: Path) -> None:
    db = build_published_store(tmp_path)
    files = [str(f) for f in generate(1, tmp_path / "synth", scale=0.05).files]
    with serve(db) as (http, _):
        assert http.get("/api/overview").status_code == 200  # the figures, before
        assert http.get("/api/capacity").status_code == 503  # no HR records yet: says so
        importing = start_sterkte(db, "hr", "import", *files)
        seen: list[tuple[str, int]] = []
        while importing.poll() is None:
            for route in ROUTES:
                r = http.get(route, headers={"accept": "text/html"} if "api" not in route
                             else {})
                assert r.status_code in (200, 503), (route, r.status_code, r.text[:500])
                clean(r)
                seen.append((route, r.status_code))
        _, err = importing.communicate()
        # on DuckDB the import lands, or says plainly that the file is in use
        assert importing.returncode == 0 or "in use by another sterkte process" in err, err
        assert "Traceback" not in err
        assert len(seen) >= len(ROUTES)  # the server was asked while the import ran
        if importing.returncode == 0:  # the next requests show the HR records
            deadline = time.monotonic() + 120
            while http.get("/api/capacity").status_code != 200:
                assert time.monotonic() < deadline, "the imported records never showed"
                time.sleep(0.5)
            assert http.get("/api/norms").json()["synthetic"] is True


def test_runs_that_end_or_start_while_a_writer_holds_the_store_are_not_lost(
        tmp_path: Path) -> None:
    """A run whose result (or start) falls while another process writes the store is
    written once the store is free: it does not stay 'running' (or 'queued') for ever.
    The holding lasts three times as long as a first run took, so the first held run ends
    and the second is due to start inside it."""
    db = build_published_store(tmp_path)
    with serve(db) as (http, _):
        form = http.get("/api/scenarios").json()["defaults"] | {"samples": 200, "years": 3}
        started = time.monotonic()
        first = http.post("/api/scenarios/runs", json=form).json()
        assert wait(http, first["url"])["status"] == "done"
        took = time.monotonic() - started
        held = [http.post("/api/scenarios/runs", json=form).json() for _ in range(2)]
        with writer_holding(db):
            time.sleep(3 * took + 1)
        ended = [wait(http, run["url"]) for run in held]
        assert [e["status"] for e in ended] == ["done", "done"], ended
        assert all(e["tables"] for e in ended)
