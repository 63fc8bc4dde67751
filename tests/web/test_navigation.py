"""What a planner does with the dashboard, in Debian's chromium against a real server: pick a
unit and a period, sort a team table, read /docs on a closed network, meet an error page, and
see an empty roster called what it is."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from sterkte.app.capacity import load_inputs
from sterkte.app.roster import RosterResult, build_problem, solve
from sterkte.roster.check import check_roster
from sterkte.roster.sickness import summarise
from sterkte.web.jobs import Job
from sterkte.web.render import page as render_page
from sterkte.web.roster import roster_view
from tests.web.browser_helpers import SHOWN_TABLES, browser  # noqa: F401 (a fixture)
from tests.web.conftest import Server
from tests.web.town import offline, serve

Page = Any


@pytest.fixture
def tab(browser: Any, server: Server) -> Iterator[Page]:  # noqa: F811
    p = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    yield p
    p.close()
    assert not errors


def _number(text: str) -> float:
    """A Dutch number as shown ('1.234', '5,8 %', '-12') as a float."""
    return float(text.replace("%", "").replace(".", "").replace(",", ".").strip())


def test_picking_a_unit_and_a_period_on_the_overview_opens_that_units_page_for_it(
        tab: Page, server: Server, http: httpx.Client) -> None:
    tab.goto(server.url + "/?lang=nl", wait_until="networkidle")
    periods = http.get("/api/periods").json()["periods"]
    assert periods == [2021]  # the bundled published tables are those of 2021
    tab.select_option("#pick-unit", "NN")
    tab.select_option("#pick-period", str(periods[-1]))
    tab.click("form.picker button[type=submit]")
    tab.wait_for_load_state("networkidle")
    assert re.search(r"/units/NN\?lang=nl&period=2021$", tab.url)
    assert tab.locator("h1").inner_text() == "Noord-Nederland 2021"
    # the picker remembers the choice, and the page shows that unit's numbers of that year
    assert tab.locator("#pick-unit").input_value() == "NN"
    assert tab.locator("#pick-period").input_value() == "2021"
    api = http.get("/api/units/NN", params={"period": 2021}).json()
    shown = tab.evaluate(SHOWN_TABLES)
    assert shown == {t["name"]: {r["key"]: r["text"] for r in t["rows"]} for t in api["tables"]}
    # the language switch keeps the period
    assert "period=2021" in (tab.get_attribute("a[hreflang=en]", "href") or "")


def test_a_period_the_store_lacks_is_an_error_page_naming_the_years_it_has(
        http: httpx.Client) -> None:
    r = http.get("/units/NN", params={"period": 2019}, headers={"accept": "text/html"})
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert "2019" in r.text and "2021" in r.text
    assert http.get("/api/overview", params={"period": 2019}).json()["detail"].endswith("2021")


def test_the_district_picker_narrows_the_team_table_to_that_district(
        tab: Page, server: Server) -> None:
    tab.goto(server.url + "/units/NN?lang=en", wait_until="networkidle")
    districts = tab.locator("#pick-district option").all_inner_texts()[1:]
    assert districts and districts == sorted(districts)
    tab.select_option("#pick-district", districts[0])
    tab.click("form.picker button[type=submit]")
    tab.wait_for_load_state("networkidle")
    assert f"district={districts[0]}" in tab.url
    rows = tab.evaluate(SHOWN_TABLES)["teams-NN"]
    assert rows and all(key.startswith(districts[0] + "/") for key in rows)


def test_sorting_a_team_table_by_absence_orders_its_teams_by_their_absence(
        tab: Page, server: Server, http: httpx.Client) -> None:
    api = http.get("/api/units/NN").json()
    teams = next(t for t in api["tables"] if t["name"] == "teams-NN")
    absence = {r["key"]: r["values"]["absence_percent"] for r in teams["rows"]
               if not r["total"] and isinstance(r["values"]["absence_percent"], float)}
    assert len(absence) >= 4
    tab.goto(server.url + "/units/NN", wait_until="networkidle")
    header = tab.locator('table[data-table="teams-NN"] th[data-col="absence_percent"] a')
    for direction in ("ascending", "descending"):
        header.click()
        tab.wait_for_load_state("networkidle")
        assert tab.locator('table[data-table="teams-NN"] th[data-col="absence_percent"]'
                           ).get_attribute("aria-sort") == direction
        keys = tab.locator('table[data-table="teams-NN"] tbody tr[data-key]').evaluate_all(
            "rows => rows.map(r => [r.dataset.key, r.classList.contains('total'), "
            "r.querySelector('td[data-col=absence_percent]').textContent])")
        body = [(k, text) for k, total, text in keys if not total]
        numbers = [k for k, text in body if text not in ("×", "–")]
        # the teams in the order of their absence (unrounded, from the API), hidden last
        expected = sorted(absence, key=lambda k: absence[k], reverse=direction == "descending")
        assert numbers == expected
        assert [k for k, _ in body][:len(numbers)] == numbers
        # district totals stay below the teams they total
        first_total = next((i for i, (_, total, _) in enumerate(keys) if total), len(keys))
        assert all(total for _, total, _ in keys[first_total:])
        shown = [_number(text) for _, text in body if text not in ("×", "–")]
        assert shown == sorted(shown, reverse=direction == "descending")
        header = tab.locator('table[data-table="teams-NN"] th[data-col="absence_percent"] a')
    assert "sort=teams-NN%3A-absence_percent" in tab.url or "sort=teams-NN:-absence_percent" \
        in tab.url


def test_the_filter_box_keeps_the_rows_containing_its_text_and_says_how_many(
        http: httpx.Client) -> None:
    page = http.get("/units/NN", params={"q-teams-NN": "T01", "lang": "en"})
    assert page.status_code == 200
    table = re.split(r'<table[^>]*data-table="teams-NN"', page.text)[1].split("</table>")[0]
    rows = re.findall(r'<tr data-key="([^"]+)"', table)
    assert rows == ["syn-NN-D1/syn-NN-D1-T01"]
    assert "1 of 16 rows" in page.text


def test_a_bad_sort_is_a_422_naming_the_columns(http: httpx.Client) -> None:
    r = http.get("/units/NN", params={"sort": "teams-NN:nonsense"})
    assert r.status_code == 422 and "absence_percent" in r.text


def test_docs_render_with_the_network_blocked(tab: Page, server: Server) -> None:
    blocked = offline(tab, server.url)
    tab.goto(server.url + "/docs", wait_until="networkidle")
    tab.wait_for_selector(".swagger-ui .info .title")
    assert "sterkte" in tab.locator(".swagger-ui .info .title").inner_text()
    assert tab.locator(".opblock-summary-path").count() >= 20  # every API route is listed
    tab.goto(server.url + "/redoc", wait_until="networkidle")
    tab.wait_for_selector("h1")
    assert "sterkte" in tab.locator("h1").first.inner_text()
    assert blocked == []  # and nothing was even asked of the internet


@pytest.mark.parametrize(("path", "status", "title"), [
    ("/no-such-page", 404, "Pagina niet gevonden"),
    ("/units/XX", 404, "Pagina niet gevonden"),
    ("/units/NN?lang=de", 422, "Deze invoer kan niet"),
    ("/static/secret.txt", 404, "Pagina niet gevonden"),
])
def test_html_errors_are_pages_in_the_users_language_without_internals(
        http: httpx.Client, path: str, status: int, title: str) -> None:
    r = http.get(path, headers={"accept": "text/html"})
    assert r.status_code == status and r.headers["content-type"].startswith("text/html")
    assert f"<h1>{title}" in r.text and "<nav" in r.text
    assert "detail" not in r.text and "Traceback" not in r.text
    assert not re.search(r"/(tmp|home|root|work|usr)/", r.text)
    # the API keeps answering JSON
    api = http.get("/api" + path.split("?")[0] if path.startswith("/units") else "/api/nope")
    assert api.headers["content-type"].startswith("application/json")


def test_an_unreadable_store_is_a_page_without_its_path(tmp_path: Any) -> None:
    missing = tmp_path / "gone" / "sterkte.duckdb"
    for srv in serve(missing):
        page = httpx.get(srv.url + "/", headers={"accept": "text/html"})
        api = httpx.get(srv.url + "/api/overview")
    assert page.status_code == 503 and "De gegevens zijn niet beschikbaar" in page.text
    assert str(tmp_path) not in page.text
    assert api.status_code == 503 and str(missing) in api.json()["detail"]


# --- an empty roster is no roster ----------------------------------------------------

def _page(result: RosterResult, lang: str) -> str:
    job = Job("t", status="done", result=result,
              params={"team": result.problem.name, "seconds": result.seconds})
    return render_page("roster_run.html", lang=lang, path="/roster/runs/t",
                       view=roster_view(result, lang), job=job, table_links={})


def test_an_empty_roster_is_reported_as_no_roster_found_never_as_success(
        server: Server) -> None:
    inputs = load_inputs(server.db)
    team = inputs.teams[0]
    problem = build_problem(inputs, team)
    report = check_roster(problem, {})
    # the trap: the independent checker finds no broken hard rule in a roster of no shifts
    assert report.valid
    result = RosterResult(problem, {}, report, inputs.first, "FEASIBLE", 1.0,
                          summarise({}, {e.id for e in problem.employees}))
    view = roster_view(result, "nl")
    assert view.values["usable"] is False and view.values["valid"] is False
    assert dict((k, t) for k, _, t in view.headline)["valid"] == "geen rooster gevonden"
    assert all(row[3] != "✓" for row in view.grid(f"harde-regels-{team}").rows)  # type: ignore[union-attr]
    html = _page(result, "nl")
    assert "Geen rooster gevonden" in html and "alle gehouden" not in html
    assert "✓" not in html
    assert "no roster found" in _page(result, "en").lower()


def test_a_one_second_run_claims_success_only_with_shifts_rostered(server: Server) -> None:
    inputs = load_inputs(server.db)
    result = solve(inputs, inputs.teams[0], 1.0, lambda done, total: None)
    view = roster_view(result, "nl")
    headline = dict((k, t) for k, _, t in view.headline).get("valid", "")
    if not result.assignment or result.report is None:
        assert headline in ("", "geen rooster gevonden")
        assert "Geen rooster gevonden" in _page(result, "nl")
    else:
        assert headline != "geen rooster gevonden"
    assert result.first >= dt.date(2022, 12, 1)
