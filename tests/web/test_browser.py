"""The dashboard in Debian's chromium, driven by Playwright, against a real server.

Every page loads without console errors; the numbers it shows equal its JSON twin;
charts are drawn; the scenario form runs a new forecast; a screenshot of each page
is written under test-artifacts/.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import playwright.sync_api as playwright_sync  # a test dependency: missing fails
import pytest

from tests.web.browser_helpers import SHOWN_TABLES
from tests.web.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, Server

if not __import__("os").path.exists(CHROMIUM):  # a missing browser fails, never skips
    pytest.fail(f"Debian's chromium is not at {CHROMIUM}: run `make test` (it installs it)",
                pytrace=False)

Page = Any

# page path → its JSON twin
PAGES = {
    "/": "/api/overview",
    "/units/NN": "/api/units/NN",
    "/units/AM": "/api/units/AM",
    "/norms": "/api/norms",
    "/commitments": "/api/commitments",
}

@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_sync.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Visit:
    """A page with its console errors collected."""

    def __init__(self, browser: Any, server: Server) -> None:
        self.page: Page = browser.new_page(viewport={"width": 1300, "height": 900})
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text)
                     if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.base = server.url

    def go(self, path: str) -> Page:
        response = self.page.goto(self.base + path, wait_until="networkidle")
        assert response is not None and response.status == 200, path
        return self.page

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _api_tables(payload: dict[str, Any]) -> dict[str, dict[str, dict[str, str]]]:
    return {t["name"]: {r["key"]: r["text"] for r in t["rows"]} for t in payload["tables"]}


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", list(PAGES))
def test_page_loads_clean_and_shows_the_apis_numbers(
        browser: Any, server: Server, http: httpx.Client, path: str, lang: str) -> None:
    visit = Visit(browser, server)
    page = visit.go(f"{path}?lang={lang}")
    shown = page.evaluate(SHOWN_TABLES)
    api = http.get(PAGES[path], params={"lang": lang}).json()
    assert shown == _api_tables(api)
    assert sum(len(rows) for rows in shown.values()) > 0
    if api["charts"]:
        page.wait_for_selector(".chart .main-svg")
        assert page.locator(".chart .main-svg").count() >= len(api["charts"])
    if path == "/":
        for h in api["headline"]:
            assert page.locator(f'.headline [data-key="{h["key"]}"] dd').inner_text() == h["text"]
    assert visit.errors == []
    name = path.strip("/").replace("/", "-") or "overview"
    visit.shot(f"{name}-{lang}")
    page.close()


def test_language_switch_and_download_links(browser: Any, server: Server) -> None:
    visit = Visit(browser, server)
    page = visit.go("/")
    assert page.locator("th", has_text="Eenheid").count() > 0
    page.click("text=English")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("lang=en")
    assert page.locator("th", has_text="Unit").count() > 0
    href = page.locator("#grid-formatie-bezetting-2021 .downloads a", has_text="CSV"
                        ).get_attribute("href")
    assert href is not None
    r = httpx.get(server.url + href)
    assert r.status_code == 200 and r.text.startswith("Unit,")
    assert visit.errors == []
    page.close()


def test_scenario_form_runs_a_new_forecast(browser: Any, server: Server,
                                           http: httpx.Client) -> None:
    visit = Visit(browser, server)
    page = visit.go("/scenario")
    visit.shot("scenario-form")
    page.fill("#training_length", "18")
    page.fill("#intake", "2800")
    page.fill("#extra_formatie", "700")
    page.fill("#samples", "200")
    page.click("button[type=submit]")
    page.wait_for_selector('.status[data-status="done"]', timeout=60_000)
    page.wait_for_selector(".chart .main-svg")
    job_id = page.url.split("/runs/")[1].split("?")[0]
    api = http.get(f"/api/scenarios/runs/{job_id}").json()
    assert api["parameters"]["intake"] == 2800 and api["parameters"]["training_length"] == 18
    assert page.evaluate(SHOWN_TABLES) == _api_tables(api)
    rows = {r["key"]: r["values"] for r in api["tables"][0]["rows"]}
    assert any(abs(v["difference_os"]) > 1 for v in rows.values())  # a different forecast
    href = page.locator("#grid-scenario-bezetting .downloads a", has_text="CSV"
                        ).get_attribute("href")
    csv_text = http.get(str(href)).text
    assert csv_text.startswith("Jaar;") and len(csv_text.splitlines()) == len(rows) + 1
    assert visit.errors == []
    visit.shot("scenario-result")
    page.close()


def test_bad_form_input_is_shown_with_the_form_not_a_traceback(browser: Any,
                                                               server: Server) -> None:
    visit = Visit(browser, server)
    page = visit.go("/scenario")
    page.fill("#from_year", "2050")
    page.click("button[type=submit]")
    page.wait_for_selector(".errors")
    assert "from_year" in page.locator(".errors").inner_text()
    assert page.locator("form.scenario").count() == 1
    page.close()
