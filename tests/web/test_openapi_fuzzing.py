"""The OpenAPI description tells the truth: schemathesis fuzzes every API route of a real
server over the synthetic police and finds no 5xx, no undocumented status code, no body
that breaks its schema (an error is ``{detail: str, status, error}``, never a list), no
schema-valid request refused and no invalid one accepted, and an ``Allow`` header on 405.

Bounded: a fixed seed and a few examples per route (the whole run takes seconds). The two
routes that start solver runs (POST /api/scenarios/runs, /api/roster/runs) are fuzzed
with invalid bodies only: a valid one queues a forecast or a CP-SAT search, which the
scenario and roster tests exercise on their own.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.web.conftest import ARTIFACTS, Server

ST = str(Path(sys.executable).parent / "st")  # schemathesis' command, pinned in pyproject
# Checks that need accounts or links between operations (none here: no users, no links).
NOT_HERE = "use_after_free,ensure_resource_availability,ignored_auth,object_level_authorization"


def fuzz(server: Server, *args: str) -> subprocess.CompletedProcess[str]:
    ARTIFACTS.mkdir(exist_ok=True)
    return subprocess.run(
        [ST, "run", f"{server.url}/openapi.json", "--checks", "all", "--exclude-checks",
         NOT_HERE, "--seed", "1", "--max-examples", "10", "--no-shrink", "--workers", "2",
         "--request-timeout", "120", "--phases", "examples,coverage,fuzzing",
         "--report", "junit", "--report-dir", str(ARTIFACTS / "schemathesis"), *args],
        # run in test-artifacts/: schemathesis keeps a cache folder where it runs
        capture_output=True, text=True, timeout=600, check=False, cwd=ARTIFACTS)


@pytest.mark.parametrize(("what", "args"), [
    ("every GET route, valid and invalid input", ("--include-method", "GET")),
    ("the run-starting POST routes, invalid bodies", ("--include-method", "POST",
                                                       "--mode", "negative")),
])
def test_the_api_answers_as_its_openapi_description_says(
        server: Server, what: str, args: tuple[str, ...]) -> None:
    got = fuzz(server, *args)
    summary = got.stdout[got.stdout.rfind("SUMMARY"):] if "SUMMARY" in got.stdout else ""
    assert got.returncode == 0, f"{what}:\n{got.stdout[-6000:]}\n{got.stderr[-2000:]}"
    assert "Tested: 0" not in summary  # it did reach the routes
