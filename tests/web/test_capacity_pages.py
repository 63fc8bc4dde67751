"""The CM-tafel and anticipation pages against a real server over a real store with a
saved anticipation run: the API equals the engine, the pages show the API's numbers, and
the run's presence counts only on the days of its forecast period."""

from __future__ import annotations

import datetime as dt
import shutil
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
from sterkte.app.capacity import CapacityInputs, cm_tafel, load_inputs
from sterkte.cli.anticipate import app as anticipate_app
from sterkte.parameters import ParameterSet
from sterkte.store.anticipation import AnticipationRun, latest_run
from sterkte.store.db import connect
from sterkte.web import create_app
from sterkte.web.capacity import hidden_teams
from tests.report.store_builder import build_store
from tests.web.browser_helpers import SHOWN_TABLES, browser  # noqa: F401 (a fixture)
from tests.web.conftest import ARTIFACTS, Server, _free_port

TEAMS = ["syn-AM-D1-T01", "syn-AM-D1-T02", "syn-AM-D1-T03"]
# The store's planning weeks start on Monday 2023-01-02 (after its HR records). The run
# forecasts Thursday 2023-01-05 … Wednesday 2023-01-18: 4 days of the first week, all of
# the second, 3 of the third.
FIRST = dt.date(2023, 1, 2)
FROM = dt.date(2023, 1, 5)
DAYS_IN_WEEK = [4, 7, 3]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store without a run and the synthetic town's events from 2022 on beside it."""
    folder = tmp_path_factory.mktemp("capacity")
    build_store(folder)
    made = CliRunner().invoke(anticipate_app, ["demo", "--out", str(folder), "--start",
                                               "2022-01-01", "--days", "400"])
    assert made.exit_code == 0, made.output
    return folder


def _store_with_run_at(demo: Path, name: str, at: dt.date) -> Path:
    db = demo / name
    shutil.copyfile(demo / "sterkte.duckdb", db)
    saved = CliRunner().invoke(anticipate_app, [
        "forecast", "--events", str(demo / "synthetic-events.csv"), "--source-crs",
        "EPSG:28992", "--at", at.isoformat(), "--days", "14", "--model", "kde", "--areas",
        str(demo / "synthetic-areas.geojson"), "--save", "--db", str(db)])
    assert saved.exit_code == 0, saved.output
    return db


@pytest.fixture(scope="module")
def store_with_run(demo: Path) -> Path:
    return _store_with_run_at(demo, "with-run.duckdb", FROM)


@pytest.fixture(scope="module")
def store_with_old_run(demo: Path) -> Path:
    """The latest run forecasts 2022-06-06 … 2022-06-19, months before the planning weeks."""
    return _store_with_run_at(demo, "with-old-run.duckdb", dt.date(2022, 6, 6))


def _serve(db: Path) -> Iterator[Server]:
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1",
                                        port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not srv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    yield Server(f"http://127.0.0.1:{port}", db)
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def cap(store_with_run: Path) -> Iterator[Server]:
    yield from _serve(store_with_run)


@pytest.fixture(scope="module")
def old(store_with_old_run: Path) -> Iterator[httpx.Client]:
    for server in _serve(store_with_old_run):
        with httpx.Client(base_url=server.url, timeout=60) as c:
            yield c


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
    assert inputs.first == FIRST and run.origin == FROM and run.days == 14
    period = (run.origin, run.origin + dt.timedelta(days=run.days))
    extra = presence_blocks(run.plan, inputs.first, 3, period=period) if anticipation else []
    cm = cm_tafel(inputs.staff, inputs.absence, TEAMS, inputs.first, 3,
                  ParameterSet.bundled(), extra_blocks=extra)
    hidden = hidden_teams(cm, api["parameters"]["k"])
    plan = {a.area: a.hours_per_week for a in run.plan.areas}
    for team, g in cm.gaps.items():
        rows = list(_rows(api, f"capaciteit-{team}").values())
        assert len(rows) == 3
        for wk, row, inside in zip(g.weeks, rows, DAYS_IN_WEEK, strict=True):
            assert row["demand"] == pytest.approx(wk.demand)
            assert row["preventive"] == pytest.approx(plan.get(team, 0.0) * inside / 7
                                                      if anticipation else 0.0)
            if team in hidden:
                assert row["supply"] == row["gap"] == "×"
            else:
                assert row["supply"] == pytest.approx(wk.supply)
                assert row["gap"] == pytest.approx(wk.gap)
        if team not in hidden:
            assert len(_rows(api, f"opties-{team}")) == len(g.options)
            assert len(_rows(api, f"tekort-{team}")) == len(g.short_hours)


def test_preventive_presence_adds_its_hours_on_the_days_of_the_runs_period(
        client: httpx.Client, run: AnticipationRun) -> None:
    without = client.get("/api/capacity", params={"weeks": 4}).json()
    with_run = client.get("/api/capacity", params={"weeks": 4, "anticipation": True}).json()
    plan = {a.area: a.hours_per_week for a in run.plan.areas}
    assert sum(plan.values()) > 0
    for team in TEAMS:
        a = _rows(without, f"capaciteit-{team}")
        b = _rows(with_run, f"capaciteit-{team}")
        assert list(a) == ["2023-W01", "2023-W02", "2023-W03", "2023-W04"]
        # a week wholly inside the period: its weekly hours exactly; partly: hours/7 a day
        for week, inside in zip(a, [*DAYS_IN_WEEK, 0], strict=True):
            assert b[week]["demand"] - a[week]["demand"] == pytest.approx(
                plan.get(team, 0.0) * inside / 7)
    got = with_run["parameters"]
    assert got["anticipation"] is True and got["anticipation_run"] == run.run_id
    assert got["anticipation_period"] == {"first_day": "2023-01-05", "last_day": "2023-01-18"}
    assert got["anticipation_days_applied"] == 14 and got["planning_days"] == 28
    assert got["anticipation_applied"] == {"first_day": "2023-01-05", "last_day": "2023-01-18"}
    assert without["parameters"]["anticipation_days_applied"] == 0


def test_the_page_says_the_runs_period_and_on_how_many_days_it_counts(
        client: httpx.Client) -> None:
    en = client.get("/api/capacity", params={"weeks": 3, "anticipation": True, "lang": "en"})
    assert ("from anticipation run 1 (kde, forecast for 2023-01-05 … 2023-01-18)"
            in en.json()["intro"])
    assert "on 14 of the 21 days (2023-01-05 … 2023-01-18)" in en.json()["intro"]
    two = client.get("/api/capacity", params={"weeks": 2, "anticipation": True, "lang": "en"})
    assert "on 11 of the 14 days (2023-01-05 … 2023-01-15)" in two.json()["intro"]
    page = client.get("/capacity", params={"weeks": 3, "anticipation": "true", "lang": "nl"})
    assert page.status_code == 200
    assert "voorspelling voor 05-01-2023 t/m 18-01-2023" in page.text
    assert "op 14 van de 21 dagen (05-01-2023 t/m 18-01-2023)" in page.text


def test_a_run_for_other_weeks_adds_nothing_and_the_page_says_so(old: httpx.Client) -> None:
    without = old.get("/api/capacity", params={"weeks": 3, "lang": "en"}).json()
    api = old.get("/api/capacity", params={"weeks": 3, "anticipation": True,
                                           "lang": "en"}).json()
    got = api["parameters"]
    assert got["anticipation_run"] == 1 and got["anticipation"] is False
    assert got["anticipation_period"] == {"first_day": "2022-06-06", "last_day": "2022-06-19"}
    assert got["anticipation_days_applied"] == 0 and got["anticipation_applied"] is None
    assert got["preventive_hours_total"] == {t: 0.0 for t in TEAMS}
    for team in TEAMS:
        a, b = _rows(without, f"capaciteit-{team}"), _rows(api, f"capaciteit-{team}")
        assert len(b) == 3
        for week in a:
            assert b[week]["preventive"] == 0
            assert b[week]["demand"] == pytest.approx(a[week]["demand"])
    assert ("Anticipation run 1 (kde) forecasts 2022-06-06 … 2022-06-19: no day of these "
            "weeks, so it adds no preventive presence" in api["intro"])
    assert "anticipate forecast … --at 2023-01-02" in api["intro"]
    page = old.get("/capacity", params={"weeks": 3, "anticipation": "true", "lang": "nl"})
    assert page.status_code == 200
    assert ("Anticipatierun 1 (kde) voorspelt 06-06-2022 t/m 19-06-2022: geen dag van deze "
            "weken, dus telt er geen preventieve presentie mee" in page.text)


def test_capacity_bad_input_is_a_422_naming_it_and_an_unknown_team_a_404(
        client: httpx.Client) -> None:
    r = client.get("/api/capacity", params={"team": "syn-XX-T99"})
    assert r.status_code == 404 and "onbekend team syn-XX-T99" in r.json()["detail"]
    r_en = client.get("/api/capacity", params={"team": "syn-XX-T99", "lang": "en"})
    assert r_en.status_code == 404 and "unknown team syn-XX-T99" in r_en.json()["detail"]
    assert r_en.json()["error"] == r.json()["error"] == "not_found"
    assert "/api/capacity/teams" in r.json()["detail"]  # where the teams are listed
    r = client.get("/api/capacity", params={"team": "no team"})  # not a code at all
    assert r.status_code == 422 and r.json()["detail"].startswith("team")
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
