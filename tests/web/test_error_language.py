"""A user error the store gives (here: no HR records) reaches the page and the API in the
request's language, Dutch by default; the API's ``error`` code stays the same."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.report.store_builder import build_published_store
from tests.web.conftest import serving


def test_no_hr_records_is_said_in_the_requests_language(tmp_path: Path) -> None:
    with serving(build_published_store(tmp_path)) as srv, \
            httpx.Client(base_url=srv.url, timeout=60) as http:
        nl = http.get("/api/capacity")
        en = http.get("/api/capacity", params={"lang": "en"})
        assert nl.status_code == en.status_code == 503
        assert nl.json()["error"] == en.json()["error"]
        assert nl.json()["detail"].startswith("de opslag heeft geen HR-gegevens; voer eerst "
                                              "`sterkte synth`"), nl.json()
        assert en.json()["detail"].startswith("the store has no HR records; run `sterkte "
                                              "synth`"), en.json()
        page = http.get("/capacity", headers={"accept": "text/html"})
        assert page.status_code == 503 and "de opslag heeft geen HR-gegevens" in page.text
        assert "no HR records" not in page.text
        page = http.get("/capacity", params={"lang": "en"}, headers={"accept": "text/html"})
        assert page.status_code == 503 and "the store has no HR records" in page.text
