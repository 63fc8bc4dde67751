"""What a browser is told on every answer, and that Debian's chromium keeps to it: no script
but the dashboard's own runs, no other site frames a page, no answer is type-sniffed; the
API documentation still works under that policy."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.web.browser_helpers import browser  # noqa: F401 (a fixture)
from tests.web.conftest import Server

Page = Any


@pytest.fixture
def tab(browser: Any) -> Iterator[tuple[Page, list[str]]]:  # noqa: F811
    p = browser.new_page(viewport={"width": 1280, "height": 900})
    console: list[str] = []
    p.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    p.on("pageerror", lambda e: console.append(str(e)))
    yield p, console
    p.close()


@pytest.mark.parametrize(("path", "accept", "status"), [
    ("/", "text/html", 200),
    ("/api/overview", "application/json", 200),
    ("/static/style.css", "*/*", 200),
    ("/no-such-page", "text/html", 404),
    ("/api/units/XX", "application/json", 404),
    ("/units/NN?lang=de", "text/html", 422),
])
def test_every_answer_carries_the_headers(http: httpx.Client, path: str, accept: str,
                                          status: int) -> None:
    r = http.get(path, headers={"accept": accept})
    assert r.status_code == status
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "same-origin"
    csp = r.headers["content-security-policy"]
    assert "script-src 'self';" in csp  # no inline script, no other origin
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "unsafe-eval" not in csp and "strict-transport-security" not in r.headers


def test_the_docs_page_allows_exactly_its_own_inline_script(http: httpx.Client) -> None:
    r = http.get("/docs")
    inline = re.findall(r"<script>(.*?)</script>", r.text, re.DOTALL)
    assert len(inline) == 1 and "SwaggerUIBundle" in inline[0]
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    assert re.search(r"script-src 'self' 'sha256-([^']+)';",
                     r.headers["content-security-policy"]).group(1) == digest  # type: ignore[union-attr]


def test_an_injected_inline_script_does_not_run(tab: tuple[Page, list[str]],
                                                server: Server) -> None:
    page, console = tab
    page.goto(server.url + "/units/NN?lang=nl", wait_until="networkidle")
    assert page.locator("h1").inner_text().startswith("Noord-Nederland")
    ran = page.evaluate("""() => new Promise(done => {
        document.addEventListener("securitypolicyviolation",
            e => done({ran: window.injected === 1, directive: e.violatedDirective}));
        const s = document.createElement("script");
        s.textContent = "window.injected = 1";
        document.body.appendChild(s);
        setTimeout(() => done({ran: window.injected === 1, directive: null}), 10000);
    })""")
    assert ran == {"ran": False, "directive": "script-src-elem"}
    console.clear()  # the refusal itself is reported on the console; nothing else was


def test_another_site_cannot_frame_a_page(tab: tuple[Page, list[str]],
                                          server: Server) -> None:
    page, console = tab
    page.set_content(f'<iframe id="f" src="{server.url}/scenario?lang=nl"></iframe>')
    for _ in range(300):  # the refusal is reported once the frame's answer has come
        if any("frame-ancestors 'none'" in m for m in console):
            break
        page.wait_for_timeout(100)
    assert any("frame-ancestors 'none'" in m for m in console)
    frame = page.frame_locator("#f")
    assert frame.locator("form.scenario").count() == 0  # the browser refused to show it
    # the same page opened on its own shows its form
    page.goto(server.url + "/scenario?lang=nl", wait_until="networkidle")
    assert page.locator("form.scenario").count() == 1


@pytest.mark.parametrize("path", ["/", "/units/NN?lang=en", "/docs", "/redoc"])
def test_pages_and_the_api_docs_run_under_the_policy(tab: tuple[Page, list[str]],
                                                     server: Server, path: str) -> None:
    page, console = tab
    page.goto(server.url + path, wait_until="networkidle")
    if path == "/docs":
        page.wait_for_selector(".swagger-ui .info .title")
    elif path == "/redoc":
        page.wait_for_selector("h1")
    else:
        page.wait_for_selector("table[data-table]")
    assert console == []  # a refused script or style would be an error here
