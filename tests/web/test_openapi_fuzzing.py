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

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.web.accounts_helpers import sterkte
from tests.web.conftest import ARTIFACTS, Server, serving

ST = str(Path(sys.executable).parent / "st")  # schemathesis' command, pinned in pyproject
# Checks that need accounts or links between operations (none here: no users, no links).
NOT_HERE = "use_after_free,ensure_resource_availability,ignored_auth,object_level_authorization"


# One worker: with two, schemathesis' POST fuzzing stopped on CPython's "AST constructor
# recursion depth mismatch" SystemError (an error of the tool's threads, not an answer of ours).
def fuzz(server: Server, *args: str, schema: str | None = None, exclude: str = NOT_HERE
         ) -> subprocess.CompletedProcess[str]:
    ARTIFACTS.mkdir(exist_ok=True)
    return subprocess.run(
        [ST, "run", schema or f"{server.url}/openapi.json", "--url", server.url,
         "--checks", "all", "--exclude-checks",
         exclude, "--seed", "1", "--max-examples", "10", "--no-shrink", "--workers", "1",
         # speed is the benchmark's (benchmarks/web.py), not this test's: schemathesis
         # fails an answer slower than 10 s by default, which a loaded machine can give
         "--request-timeout", "120", "--max-response-time", "120",
         "--phases", "examples,coverage,fuzzing",
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


@pytest.fixture(scope="module")
def with_accounts(server: Server, tmp_path_factory: pytest.TempPathFactory
                  ) -> Iterator[tuple[Server, str]]:
    """The web tests' store with an administrator and her token, served."""
    db = tmp_path_factory.mktemp("fuzz-accounts") / "sterkte.duckdb"
    shutil.copy(server.db, db)
    sterkte(db, "users", "add", "beheer", "--role", "beheerder", "--no-password")
    token = sterkte(db, "tokens", "create", "beheer").strip().splitlines()[-1]
    with serving(db) as srv:
        yield srv, token


@pytest.mark.parametrize("token", [True, False], ids=["with a token", "without a token"])
def test_with_accounts_the_api_answers_as_its_description_says(
        with_accounts: tuple[Server, str], token: bool) -> None:
    """With accounts in the store: with an administrator's token every GET route answers as
    documented; without one every answer is a documented 401 (never a 200: checked route by
    route in test_accounts.py)."""
    srv, value = with_accounts
    bearer = {"Authorization": f"Bearer {value}"}
    # the description itself needs a token now: read with one, given to schemathesis as a file
    described = httpx.get(f"{srv.url}/openapi.json", headers=bearer, timeout=60)
    assert described.status_code == 200
    schema = ARTIFACTS / f"openapi-accounts-{token}.json"
    ARTIFACTS.mkdir(exist_ok=True)
    schema.write_text(described.text, encoding="utf-8")
    header = ("--header", f"Authorization: Bearer {value}") if token else ()
    # Without a token every request is refused (401) before routing, whatever its method:
    # a stranger is not told which methods a path has, so no 405 to check there.
    exclude = NOT_HERE if token else f"{NOT_HERE},unsupported_method"
    got = fuzz(srv, "--include-method", "GET", *header, schema=str(schema), exclude=exclude)
    summary = got.stdout[got.stdout.rfind("SUMMARY"):] if "SUMMARY" in got.stdout else ""
    assert got.returncode == 0, f"{got.stdout[-6000:]}\n{got.stderr[-2000:]}"
    assert "Tested: 0" not in summary
