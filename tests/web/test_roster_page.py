"""The roster page: a background run over the real store; its tables are the engine's
roster re-checked by the independent checker; the page shows the API's numbers."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import duckdb
import httpx
import pytest

from sterkte.app.capacity import load_inputs
from sterkte.app.roster import build_problem
from sterkte.roster.check import check_roster
from sterkte.roster.coverbound import cover_bound
from tests.web.browser_helpers import SHOWN_TABLES, browser  # noqa: F401 (a fixture)
from tests.web.conftest import ARTIFACTS, Server

TEAM = "syn-AM-D1-T02"
# The budget of the run (wall clock). What these tests assert holds for whatever roster the
# search returns in it (even the empty roster, which it may keep on a loaded machine): the
# shown roster is re-checked here by the independent checker, and the sick days are days
# off in the problem itself.
SECONDS = 10


def _wait(http: httpx.Client, url: str) -> dict[str, Any]:
    deadline = time.monotonic() + 900  # a guard against a hung run, not a time asserted
    while True:
        got: dict[str, Any] = http.get(url, params={"lang": "en"}).json()
        if got["status"] not in ("queued", "running"):
            return got
        assert time.monotonic() < deadline, "the roster run did not finish"
        time.sleep(0.3)


@pytest.fixture(scope="module")
def roster_run(http: httpx.Client) -> dict[str, Any]:
    r = http.post("/api/roster/runs", json={"team": TEAM, "seconds": SECONDS})
    assert r.status_code == 202
    return _wait(http, r.json()["url"])


def test_the_roster_api_is_the_engines_roster_checked_independently(
        roster_run: dict[str, Any], server: Server) -> None:
    assert roster_run["status"] == "done", roster_run["error"]
    # staff of the synthetic police, demand from synthetic incidents and events: it says so
    assert roster_run["synthetic"] is True
    assert roster_run["synthetic_notice"] == (
        "Synthetic data: HR records of sterkte's synthetic police; demand from synthetic "
        "incidents; synthetic planned work (events). No real persons or incidents; not for "
        "decisions.")
    assert all(t["synthetic"] for t in roster_run["tables"])
    tables = {t["name"]: t for t in roster_run["tables"]}
    problem = build_problem(load_inputs(server.db), TEAM)
    grid = tables[f"rooster-{TEAM}"]
    assert [r["key"] for r in grid["rows"]] == [e.id for e in problem.employees]
    assignment = {(r["key"], d): v for r in grid["rows"]
                  for d in range(28) if (v := r["values"][f"d{d}"])}
    report = check_roster(problem, assignment)  # the shown roster, checked again here
    rules = {r["key"]: r["values"] for r in tables[f"harde-regels-{TEAM}"]["rows"]}
    assert set(rules) == set(report.rules)
    for key, rc in report.rules.items():
        assert rules[key]["checked"] == rc.checked
        assert rules[key]["broken"] == len(rc.violations)
    assert report.valid is True  # the independent checker: every hard rule holds
    # "valid" on the page means a roster that keeps every rule; an empty roster (which a
    # loaded machine may leave in 10 s) keeps them too but is no roster, and says so
    assert roster_run["values"]["usable"] is bool(assignment)
    assert roster_run["values"]["valid"] is bool(assignment)
    missed = {r["key"]: r["values"]["cost"] for r in tables[f"zachte-doelen-{TEAM}"]["rows"]}
    assert missed == dict(report.missed)
    assert roster_run["values"]["cost"] == report.cost
    assert roster_run["values"]["cover_short"] == report.cover_short
    # the cover cost beside the least any roster of the team could reach, computed here
    assert roster_run["values"]["cover_cost"] == dict(report.missed)["cover"]
    assert roster_run["values"]["cover_bound"] == cover_bound(problem).bound
    assert 0 < cover_bound(problem).bound <= dict(report.missed)["cover"]
    short = tables[f"tekort-{TEAM}"]["rows"]
    assert sum(r["values"]["short"] for r in short) == report.cover_short
    cover = {r["key"]: r["values"] for r in tables[f"dekking-{TEAM}"]["rows"]}
    for c in report.cover:  # "day 3 14:00" → row d3, column h14: achieved/required
        day, hour = c.label.split()[1], c.label.split()[2][:2]
        assert cover[f"d{day}"][f"h{hour}"] == f"{c.achieved}/{c.required}"


def test_persons_reported_sick_get_no_shift_on_their_sick_days(
        http: httpx.Client, server: Server) -> None:
    """The sickness spells, read here straight from the store's HR table: a day someone is
    100 % sick carries no shift for them, and the page counts the sick as the table does."""
    first = load_inputs(server.db).first
    until = first + dt.timedelta(days=28)
    con = duckdb.connect(str(server.db), read_only=True)
    try:
        spells = con.execute("""
            SELECT p.team, k.person_id, k.start, k."end", COALESCE(k.percentage, 100)
            FROM hr_sickness k JOIN hr_persons p USING (person_id)
            WHERE p.team IS NOT NULL AND (k."end" IS NULL OR k."end" >= ?) AND k.start < ?
            ORDER BY p.team, k.person_id, k.start""", [first, until]).fetchall()
    finally:
        con.close()
    full = [s for s in spells if s[4] >= 100]
    assert full, "nobody is reported sick in these weeks: a weak test"
    team = max(sorted({s[0] for s in full}), key=lambda t: sum(1 for s in full if s[0] == t))
    r = http.post("/api/roster/runs", json={"team": team, "seconds": SECONDS})
    run = _wait(http, r.json()["url"])
    assert run["status"] == "done", run["error"]
    grid = next(t for t in run["tables"] if t["name"] == f"rooster-{team}")
    shifts = {(r["key"], d): v for r in grid["rows"] for d in range(28)
              if (v := r["values"][f"d{d}"])}
    rostered = {r["key"] for r in grid["rows"]}
    days = [first + dt.timedelta(days=d) for d in range(28)]
    sick_days = {(pid, d) for t, pid, start, end, pct in full if t == team and pid in rostered
                 for d, day in enumerate(days) if start <= day and (end is None or day <= end)}
    assert sick_days
    assert not sick_days & set(shifts)
    # the sick days are days off of the problem the run solved, and the shown roster keeps
    # every day off (the independent checker): no roster the search can return has them
    problem = build_problem(load_inputs(server.db), team)
    off = {(e.id, d) for e in problem.employees for d in e.days_off}
    assert sick_days <= off
    report = check_roster(problem, shifts)
    assert report.valid and not report.rules["days_off"].violations
    assert report.rules["days_off"].checked > 0
    assert run["values"]["sick_person_days"] == len(sick_days)
    persons = {pid for t, pid, *_ in spells if t == team and pid in rostered}
    assert run["values"]["sick_persons"] == len(persons)
    assert f"Reported sick (HR records): {len(persons)} employee(s), {len(sick_days)} " \
           "person-days not rostered" in run["intro"]


def test_bad_roster_input_is_a_422_naming_it(http: httpx.Client) -> None:
    r = http.post("/api/roster/runs", json={"team": "syn-XX-T99", "seconds": 3})
    assert r.status_code == 422 and "onbekend team" in r.json()["detail"]
    r = http.post("/api/roster/runs", json={"team": TEAM, "seconds": 999})
    assert r.status_code == 422 and r.json()["detail"].startswith("seconds:")
    assert http.get("/api/roster/runs/nope").status_code == 422  # not a run id (16 hex)
    assert http.get("/api/roster/runs/0123456789abcdef").status_code == 404


def _page(browser: Any) -> tuple[Any, list[str]]:  # noqa: F811
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page, errors


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_roster_page_shows_the_apis_numbers(
        browser: Any, server: Server, http: httpx.Client,  # noqa: F811
        roster_run: dict[str, Any], lang: str) -> None:
    page, errors = _page(browser)
    page.goto(f"{server.url}/roster/runs/{roster_run['id']}?lang={lang}",
              wait_until="networkidle")
    api = http.get(f"/api/roster/runs/{roster_run['id']}", params={"lang": lang}).json()
    shown = page.evaluate(SHOWN_TABLES)
    assert shown == {t["name"]: {r["key"]: r["text"] for r in t["rows"]} for t in api["tables"]}
    for h in api["headline"]:
        assert page.locator(f'.headline [data-key="{h["key"]}"] dd').inner_text() == h["text"]
    href = page.locator(".downloads a", has_text="XLSX").first.get_attribute("href")
    assert href is not None and http.get(href).status_code == 200
    assert errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"roster-{lang}.png"), full_page=True)
    page.close()


def test_the_form_starts_a_run_and_the_page_follows_it(
        browser: Any, server: Server) -> None:  # noqa: F811
    page, errors = _page(browser)
    page.goto(f"{server.url}/roster", wait_until="networkidle")
    page.select_option("#team", TEAM)
    page.fill("#seconds", "2")
    page.click("button[type=submit]")
    page.wait_for_selector('.status[data-status="done"]', timeout=600_000)  # a hang guard
    assert "/roster/runs/" in page.url
    assert page.locator("table[data-table]").count() == 5
    page.goto(f"{server.url}/roster", wait_until="networkidle")
    page.evaluate("document.querySelector('#seconds').removeAttribute('min')")
    page.fill("#seconds", "1")  # the server refuses it too, with the form
    page.click("button[type=submit]")
    page.wait_for_selector(".errors")
    assert "seconds" in page.locator(".errors").inner_text()
    assert errors == [] or all("422" in e for e in errors)
    page.close()
