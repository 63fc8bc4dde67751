# ruff: noqa: F811  (pytest fixtures imported from accounts_helpers, used as arguments)
"""In Debian's chromium: a viewer limited to unit AM logs in through the login page, lands
on her unit's page, and is refused another unit's page; logging out ends the session."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.accounts_helpers import PASSWORD, guarded, teams  # noqa: F401 (fixtures)
from tests.web.browser_helpers import browser  # noqa: F401 (a fixture)
from tests.web.conftest import ARTIFACTS, Server


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    p = context.new_page()
    yield p
    context.close()


def test_a_unit_viewer_logs_in_sees_her_unit_and_is_refused_another(
        page: Any, guarded: tuple[Server, dict[str, str]]) -> None:
    srv, _ = guarded
    page.goto(f"{srv.url}/units/AM")
    assert page.url.startswith(f"{srv.url}/login")  # sent to the login page first
    assert page.locator("h1").inner_text() == "Inloggen"
    page.fill("#name", "anna")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{srv.url}/units/AM")
    assert "Amsterdam" in page.locator("h1").inner_text()
    assert "Ingelogd als anna (lezer, AM)" in page.locator("#access-who").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "login-unit-AM.png"), full_page=False)
    refused = page.goto(f"{srv.url}/units/RT")
    assert refused is not None and refused.status == 403
    assert "anna mag eenheid RT niet zien" in page.content()
    page.goto(f"{srv.url}/units/AM")
    page.click("#access-who button[type=submit]")
    page.wait_for_url(f"{srv.url}/login?lang=nl")
    page.goto(f"{srv.url}/units/AM")
    assert page.url.startswith(f"{srv.url}/login")
