"""The CM-tafel and anticipation pages against a real server over a real store with a
saved anticipation run: the API equals the engine, the pages show the API's numbers."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from typer.testing import CliRunner

from sterkte.anticipate.demand_blocks import presence_blocks
from sterkte.cli.anticipate import app as anticipate_app
from sterkte.demand.view import cm_tafel
from sterkte.parameters import ParameterSet
from sterkte.store.anticipation import AnticipationRun, latest_run
from sterkte.store.db import connect
from sterkte.web import create_app
from sterkte.web.capacity import CapacityInputs, hidden_teams, load_inputs
from tests.report.store_builder import build_store
from tests.web.browser_helpers import SHOWN_TABLES, browser  # noqa: F401 (a fixture)
from tests.web.conftest import ARTIFACTS, Server, _free_port

TEAMS = ["syn-AM-D1-T01", "syn-AM-D1-T02", "syn-AM-D1-T03"]


@pytest.fixture(scope="module")
def store_with_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("capacity")
    db = build_store(folder)
    runner = CliRunner()
    demo = runner.invoke(anticipate_app, ["demo", "--out", str(folder), "--days", "400"])
    assert demo.exit_code == 0, demo.output
    saved = runner.invoke(anticipate_app, [
        "forecast", "--events", str(folder / "synthetic-events.csv"), "--source-crs",
        "EPSG:28992", "--at", "2025-01-06", "--days", "14", "--model", "kde", "--areas",
        str(folder / "synthetic-areas.geojson"), "--save", "--db", str(db)])
    assert saved.exit_code == 0, saved.output
    return db


@pytest.fixture(scope="module")
def cap(store_with_run: Path) -> Iterator[Server]:
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(store_with_run), host="127.0.0.1",
                                        port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not srv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    yield Server(f"http://127.0.0.1:{port}", store_with_run)
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def client(cap: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=cap.url, timeout=60) as c:
        yield c


@pytest.fixture(scope="module")
def inputs(store_with_run: Path) -> CapacityInputs:
    return load_inputs(store_with_run)


@pytest.fixture(scope="module")
def run(store_with_run: Path) -> AnticipationRun:
    con = connect(store_with_run, read_only=True)
    try:
        got = latest_run(con)
    finally:
        con.close()
    assert got is not None
    return got


def _rows(payload: dict[str, Any], name: str) -> dict[str, dict[str, Any]]:
    table = next(t for t in payload["tables"] if t["name"] == name)
    return {r["key"]: r["values"] for r in table["rows"]}


@pytest.mark.parametrize("anticipation", [False, True])
def test_capacity_api_is_the_cm_tafel_engine_for_the_first_three_teams(
        client: httpx.Client, inputs: CapacityInputs, run: AnticipationRun,
        anticipation: bool) -> None:
    api = client.get("/api/capacity", params={"weeks": 3, "anticipation": anticipation,
                                              "lang": "en"}).json()
    assert api["parameters"]["teams"] == TEAMS == inputs.teams[:3]
    extra = presence_blocks(run.plan, inputs.first, 3) if anticipation else []
    cm = cm_tafel(inputs.staff, inputs.absence, TEAMS, inputs.first, 3,
                  ParameterSet.bundled(), extra_blocks=extra)
    hidden = hidden_teams(cm, api["parameters"]["k"])
    plan = {a.area: a.hours_per_week for a in run.plan.areas}
    for team, g in cm.gaps.items():
        rows = list(_rows(api, f"capaciteit-{team}").values())
        assert len(rows) == 3
        for wk, row in zip(g.weeks, rows, strict=True):
            assert row["demand"] == pytest.approx(wk.demand)
            assert row["preventive"] == pytest.approx(plan.get(team, 0.0) if anticipation
                                                      else 0.0)
            if team in hidden:
                assert row["supply"] == row["gap"] == "×"
            else:
                assert row["supply"] == pytest.approx(wk.supply)
                assert row["gap"] == pytest.approx(wk.gap)
        if team not in hidden:
            assert len(_rows(api, f"opties-{team}")) == len(g.options)
            assert len(_rows(api, f"tekort-{team}")) == len(g.short_hours)


def test_preventive_presence_adds_exactly_its_hours_to_each_weeks_demand(
        client: httpx.Client, run: AnticipationRun) -> None:
    without = client.get("/api/capacity", params={"weeks": 2}).json()
    with_run = client.get("/api/capacity", params={"weeks": 2, "anticipation": True}).json()
    plan = {a.area: a.hours_per_week for a in run.plan.areas}
    assert sum(plan.values()) > 0
    for team in TEAMS:
        a = _rows(without, f"capaciteit-{team}")
        b = _rows(with_run, f"capaciteit-{team}")
        for week in a:
            assert b[week]["demand"] - a[week]["demand"] == pytest.approx(plan.get(team, 0.0))


def test_capacity_bad_input_is_a_422_naming_it(client: httpx.Client) -> None:
    r = client.get("/api/capacity", params={"team": "syn-XX-T99"})
    assert r.status_code == 422 and "unknown team syn-XX-T99" in r.json()["detail"]
    r = client.get("/api/capacity", params={"weeks": 0})
    assert r.status_code == 422 and r.json()["detail"].startswith("weeks:")
    r = client.get("/capacity", params={"weeks": "x"}, headers={"accept": "text/html"})
    assert r.status_code == 422 and "weeks" in r.text
    assert client.get("/api/capacity/tables/nope").status_code == 404


def test_anticipation_api_is_the_stored_run(client: httpx.Client, run: AnticipationRun) -> None:
    api = client.get("/api/anticipation", params={"lang": "en"}).json()
    areas = _rows(api, "anticipatie-gebieden")
    assert {a.area for a in run.plan.areas} <= set(areas) == {t for t in run.area if t}
    assert set(areas) <= set(TEAMS)
    for a in run.plan.areas:
        assert areas[a.area]["hours_per_week"] == pytest.approx(a.hours_per_week)
        assert areas[a.area]["expected_flagged"] == pytest.approx(a.expected_events)
        expected = sum(s for s, t in zip(run.score, run.area, strict=True) if t == a.area)
        assert areas[a.area]["expected"] == pytest.approx(expected)
    head = {h["key"]: h["value"] for h in api["headline"]}
    assert head["expected"] == pytest.approx(sum(run.score))
    assert head["hours_per_week"] == pytest.approx(run.plan.hours_per_week)
    assert head["model"] == "kde" and head["fit"] is None
    assert "never about persons" in api["intro"]
    csv_text = client.get("/api/anticipation/tables/anticipatie-gebieden",
                          params={"format": "csv", "lang": "en"}).text
    assert csv_text.startswith("Area (team),") and len(csv_text.splitlines()) == len(areas) + 1


def test_without_a_stored_run_the_page_says_what_to_run(http: httpx.Client) -> None:
    api = http.get("/api/anticipation", params={"lang": "en"}).json()
    assert api["tables"] == [] and "anticipate forecast … --save" in api["intro"]
    page = http.get("/anticipation")
    assert page.status_code == 200 and "--save" in page.text


# --- in the browser -----------------------------------------------------------------

PAGES = {"capacity": ("/capacity", "/api/capacity"),
         "capacity-anticipation": ("/capacity?anticipation=true&weeks=3",
                                   "/api/capacity?anticipation=true&weeks=3"),
         "anticipation": ("/anticipation", "/api/anticipation")}


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_loads_clean_and_shows_the_apis_numbers(
        browser: Any, cap: Server, client: httpx.Client, name: str,  # noqa: F811
        lang: str) -> None:
    path, api_path = PAGES[name]
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    sep = "&" if "?" in path else "?"
    response = page.goto(f"{cap.url}{path}{sep}lang={lang}", wait_until="networkidle")
    assert response is not None and response.status == 200
    api = client.get(f"{api_path}{sep}lang={lang}").json()
    shown = page.evaluate(SHOWN_TABLES)
    assert shown == {t["name"]: {r["key"]: r["text"] for r in t["rows"]} for t in api["tables"]}
    assert sum(len(rows) for rows in shown.values()) > 0
    page.wait_for_selector(".chart .main-svg")
    for h in api["headline"]:
        assert page.locator(f'.headline [data-key="{h["key"]}"] dd').inner_text() == h["text"]
    href = page.locator(".downloads a", has_text="CSV").first.get_attribute("href")
    assert href is not None and client.get(href).status_code == 200
    assert errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{lang}.png"), full_page=True)
    page.close()
