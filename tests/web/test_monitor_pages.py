"""The diversity, earmarks and team-dashboard pages against a real server over a real
store (a small synthetic police with its synthetic aggregates): the API equals the app
computed directly, a team under k respondents shows only what may be shown, and in
Debian's chromium each page loads clean and shows exactly its API's numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from sterkte.app.earmarks import earmark_report
from sterkte.app.synth_aggregates import synthetic_aggregates
from sterkte.app.team_dashboard import import_survey
from sterkte.norms.team_dashboard import SurveyScore
from tests.conftest import Cli
from tests.report.store_builder import build_store
from tests.web.browser_helpers import SHOWN_TABLES, browser  # noqa: F401 (a fixture)
from tests.web.conftest import ARTIFACTS, Server
from tests.web.test_capacity_pages import _serve

TEAM = "syn-AM-D1-T01"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("monitor-pages")
    db = build_store(folder)
    w = synthetic_aggregates(db, folder / "agg", seed=1)
    cli = Cli(db)
    for args in (("diversity", "import", w.background, "--definition", w.definition),
                 ("earmarks", "import", "bezetting", w.earmarks)):
        assert cli(*args)[0] == 0
    # the synthetic survey, with one team's last wave answered by 4 people and its
    # earlier waves by many (so it is never the complement of a smaller district mate)
    lines = w.survey.read_text(encoding="utf-8").splitlines()

    def respondents(ln: str, n: int) -> str:
        return ",".join([*ln.split(",")[:3], str(n), *ln.split(",")[4:]])

    small = [ln if not ln.startswith(f"{TEAM},") else
             respondents(ln, 4 if ln.startswith(f"{TEAM},2022-10-01,") else 500)
             for ln in lines]
    (folder / "survey.csv").write_text("\n".join(small) + "\n", encoding="utf-8")
    import_survey(db, folder / "survey.csv")
    return db


@pytest.fixture(scope="module")
def server(db: Path) -> Iterator[Server]:
    yield from _serve(db)


@pytest.fixture(scope="module")
def client(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=120) as c:
        yield c


def _rows(payload: dict[str, Any], name: str) -> dict[str, dict[str, Any]]:
    table = next(t for t in payload["tables"] if t["name"] == name)
    return {r["key"]: r for r in table["rows"]}


def test_the_earmarks_api_is_the_earmark_report(client: httpx.Client, db: Path) -> None:
    payload = client.get("/api/earmarks").json()
    # the dashboard judges the earmarks on the norms' date, as the annex does
    report = earmark_report(db, dt.date.fromisoformat(payload["norms_on"]))
    rows = _rows(payload, "geoormerkte-capaciteit")
    for s in report.statuses:
        row = rows[f"{s.earmark.programme}/{s.earmark.scope}"]["values"]
        assert row["earmarked"] == s.earmark.fte
        # a sum of fte in the database: the order of adding may differ between reads
        assert row["bezetting"] == pytest.approx(s.bezetting)
    assert [r["values"]["percent"] for r in _rows(payload, "onderbezetting-taken").values()] \
        == [14.4, 12.7, 14.6]


def test_the_diversity_api_never_shows_a_count_under_k(client: httpx.Client) -> None:
    payload = client.get("/api/diversity", params={"lang": "en"}).json()
    names = [t["name"] for t in payload["tables"]]
    assert "diversiteit-intake-gender-2021" in names and \
        "diversiteit-staff-background-2021" in names
    hidden = 0
    for t in payload["tables"]:
        for r in t["rows"]:
            for key, v in r["values"].items():
                if v == "×":
                    hidden += 1
                elif (key.startswith("n_") or key == "total") and v is not None:
                    assert v == 0 or v >= 10, (t["name"], r["key"], key, v)
    assert hidden > 0


def test_a_team_under_k_respondents_shows_only_what_may_be_shown(
        client: httpx.Client) -> None:
    payload = client.get("/api/teams", params={"team": TEAM}).json()
    scores = _rows(payload, f"team-{TEAM}-enquete")
    respondents = _rows(payload, f"team-{TEAM}-respondenten")
    for dim, row in scores.items():
        assert row["values"]["2022-10-01"] == "×", dim
        assert respondents[dim]["values"]["2022-10-01"] == "×"
        assert isinstance(row["values"]["2021-10-01"], float)  # earlier waves had enough
    change = _rows(payload, f"team-{TEAM}-enquete-verandering")
    assert all(r["values"]["2022-10-01"] == "×" for r in change.values())
    assert client.get("/api/teams", params={"team": "nope"}).status_code == 404
    assert client.get("/api/teams", params={"team": "a b"}).status_code == 422


def test_a_team_page_shows_its_imported_scores(client: httpx.Client, db: Path) -> None:
    from sterkte.store.db import connect
    from sterkte.store.monitors import survey_results

    con = connect(db, read_only=True)
    stored = [SurveyScore(r.team, r.wave, r.dimension, r.respondents, r.score)
              for r in survey_results(con, "syn-AM-D1-T02")]
    con.close()
    payload = client.get("/api/teams", params={"team": "syn-AM-D1-T02"}).json()
    scores = _rows(payload, "team-syn-AM-D1-T02-enquete")
    for s in stored:
        shown = scores[s.dimension]["values"][s.wave.isoformat()]
        assert shown == "×" or shown == s.score


PAGES = {"/diversity": "/api/diversity", "/earmarks": "/api/earmarks",
         f"/teams?team={TEAM}": f"/api/teams?team={TEAM}"}


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", list(PAGES))
def test_page_loads_clean_and_shows_the_apis_numbers(
        browser: Any, server: Server, client: httpx.Client,  # noqa: F811
        path: str, lang: str) -> None:
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    sep = "&" if "?" in path else "?"
    response = page.goto(f"{server.url}{path}{sep}lang={lang}", wait_until="networkidle")
    assert response is not None and response.status == 200
    shown = page.evaluate(SHOWN_TABLES)
    api = client.get(PAGES[path], params={"lang": lang}).json()
    assert shown == {t["name"]: {r["key"]: r["text"] for r in t["rows"]}
                     for t in api["tables"]}
    if api["charts"]:
        page.wait_for_selector(".chart .main-svg")
    nav = page.locator("nav a").all_inner_texts()
    assert {"Teams", "Diversiteit" if lang == "nl" else "Diversity"} <= set(nav)
    assert errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    name = path.strip("/").split("?")[0]
    page.screenshot(path=str(ARTIFACTS / f"monitor-{name}-{lang}.png"), full_page=True)
    page.close()
