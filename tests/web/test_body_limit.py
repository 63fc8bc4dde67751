"""One request cannot fill the server's memory: a body over 1 MiB is refused with a 413 in
the request's language, declared or sent in chunks, as a page or the API's error body; small
bodies are read as before and the server goes on answering."""

from __future__ import annotations

from collections.abc import Iterator

import httpx

from sterkte.web.limits import MAX_BODY
from tests.web.conftest import Server

FORM = {"content-type": "application/x-www-form-urlencoded"}


def _chunks(total: int, size: int = 64 * 1024) -> Iterator[bytes]:
    sent = 0
    while sent < total:
        yield b"a" * size
        sent += size


def test_a_large_form_is_a_413_page_in_the_users_language(http: httpx.Client,
                                                         server: Server) -> None:
    r = http.post("/scenario?lang=nl", content=b"a" * (MAX_BODY + 1),
                  headers={**FORM, "accept": "text/html", "origin": server.url})
    assert r.status_code == 413 and r.headers["content-type"].startswith("text/html")
    assert "het verzoek is groter dan 1024 kB; stuur minder gegevens" in r.text
    assert "Traceback" not in r.text


def test_a_large_json_body_is_the_documented_error_body(http: httpx.Client) -> None:
    r = http.post("/api/scenarios/runs?lang=en", content=b"{" + b" " * (2 * MAX_BODY),
                  headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert r.json() == {"detail": "the request is larger than 1024 kB; send less data",
                        "status": 413, "error": "too_large"}
    spec = http.get("/openapi.json").json()
    assert "413" in spec["paths"]["/api/scenarios/runs"]["post"]["responses"]


def test_a_chunked_body_without_a_length_is_cut_off_too(http: httpx.Client) -> None:
    r = http.post("/api/roster/runs", content=_chunks(8 * MAX_BODY),
                  headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["error"] == "too_large"


def test_small_bodies_are_read_as_before(http: httpx.Client) -> None:
    # a small invalid run request still reaches validation (a valid one would queue work)
    r = http.post("/api/scenarios/runs", json={"training_length": 999})
    assert r.status_code == 422 and "training_length" in r.json()["detail"]
    assert http.get("/api/periods").status_code == 200
