"""The dashboard says what is synthetic (issue 13 §6), both ways.

Two real servers: over the session's store (published tables and a small synthetic
police) and over a store of the published tables only. A page uses the synthetic police
when its JSON twin's tables differ from the published-only server's (or exist only
here); such a page shows the banner and says ``synthetic: true``, each of its tables that
differs carries the notice; nothing on the published-only server says "synthetische
gegevens" anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.report.store_builder import build_published_store
from tests.web.conftest import serving

PHRASE = re.compile("synthetische gegevens|synthetic data", re.IGNORECASE)
BANNER = '<p class="synthetic-notice" role="note" id="synthetic-notice">'
PAGES = {"/": "/api/overview", "/units/NN": "/api/units/NN", "/norms": "/api/norms",
         "/commitments": "/api/commitments", "/capacity": "/api/capacity",
         "/diversity": "/api/diversity", "/earmarks": "/api/earmarks"}
OTHER = ("/scenario", "/anticipation", "/roster", "/api/anticipation", "/api/roster",
         "/api/forecast", "/api/ledger?period=2021", "/teams", "/api/teams")


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    db = build_published_store(tmp_path_factory.mktemp("published-web"))
    with serving(db) as srv, httpx.Client(base_url=srv.url, timeout=60) as client:
        yield client


def _rows(table: dict[str, Any]) -> list[tuple[str, Any]]:
    return [(r["key"], r["values"]) for r in table["rows"]]


def test_pages_built_on_published_data_only_say_nothing_of_synthetic_data(
        published: httpx.Client) -> None:
    for lang in ("nl", "en"):
        for path in (*PAGES, *PAGES.values(), *OTHER):
            got = published.get(path, params={"lang": lang})
            assert not PHRASE.search(got.text), (path, lang)
            if got.status_code == 200 and path.startswith("/api/") and "tables" in got.json():
                assert got.json()["synthetic"] is False, path
        got = published.get("/api/tables/normen", params={"format": "csv", "lang": lang})
        assert got.status_code == 200 and not PHRASE.search(got.text)


def test_every_page_on_the_synthetic_police_shows_the_notice(
        http: httpx.Client, published: httpx.Client) -> None:
    used_pages = set()
    for page, api in PAGES.items():
        ours = http.get(api).json()
        theirs = published.get(api)
        base = ({t["name"]: _rows(t) for t in theirs.json()["tables"]}
                if theirs.status_code == 200 else {})
        uses = False
        for table in ours["tables"]:
            differs = _rows(table) != base.get(table["name"])
            assert table["synthetic"] is differs, (api, table["name"])
            assert table["synthetic_notice"].startswith("Synthetische gegevens:") is differs
            uses |= differs
        assert ours["synthetic"] is uses, api
        html = http.get(page).text
        assert (BANNER in html) is uses, page
        if uses:
            used_pages.add(page)
            assert "Synthetische gegevens: HR-gegevens van de synthetische politie" in html
            english = http.get(page, params={"lang": "en"}).text
            assert BANNER + "Synthetic data: HR records of sterkte&#39;s synthetic police" \
                in english
    # what a reader knows: norms, teams and the CM-tafel rest on HR records (the CM-tafel
    # on synthetic incidents too), and so do the diversity monitor, the bezetting of the
    # wijkagent earmark and the register's statuses the figures decide (issue 16)
    assert used_pages == {"/", "/units/NN", "/norms", "/capacity", "/commitments",
                          "/diversity", "/earmarks"}
    capacity = http.get("/capacity").text
    assert "vraag uit synthetische meldingen" in capacity
    # the roster form lists the synthetic police's teams and rosters synthetic demand
    assert BANNER in http.get("/roster").text
    assert BANNER not in http.get("/scenario").text


def test_downloads_of_a_table_on_the_synthetic_police_carry_the_notice(
        http: httpx.Client) -> None:
    marked = http.get("/api/tables/normen", params={"format": "csv"}).text.splitlines()
    assert marked[0].endswith(";Synthetische gegevens")
    assert all(line.endswith(";synthetisch") for line in marked[1:])
    # the understaffing of tasks is the letters' figures (or an import), never HR records
    plain = http.get("/api/tables/onderbezetting-taken", params={"format": "csv"}).text
    assert "Verkeershandhaving" in plain and not PHRASE.search(plain)
    english = http.get("/api/tables/normen", params={"format": "csv", "lang": "en"}).text
    assert english.splitlines()[0].endswith(",Synthetic data")
