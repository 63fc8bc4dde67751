# ruff: noqa: F811  (pytest fixtures imported from other modules, used as arguments)
"""A second outsider's attacks on real servers over real stores: a credential read while
another process holds the store, a session that outlives its password, a unit-limited
account asking for every unit's ledger by leaving the unit out, an imported area name that
becomes a link on the map, and a login's `next=` that a browser reads as another site."""

from __future__ import annotations

import html
import json
import re
import shutil
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import psycopg
import pytest
from typer.testing import CliRunner

from sterkte.app.ledger import ReadOptions, files_or_bundled, import_tables
from sterkte.cli.anticipate import app as anticipate_app
from sterkte.store import pg_local
from sterkte.store.db import PostgresUrl
from tests.report.store_builder import build_published_store
from tests.web.accounts_helpers import PASSWORD, guarded, sterkte, teams  # noqa: F401
from tests.web.browser_helpers import browser  # noqa: F401 (a fixture)
from tests.web.conftest import Server, serving
from tests.web.test_oidc import Setup, _login, setup  # noqa: F401 (a fixture)
from tests.web.test_store_busy import INTERNALS, clean, serve, writer_holding
from tests.web.town import make_run_anticipation_steps


def test_a_credential_read_while_an_import_holds_the_store_says_busy_without_the_path(
        tmp_path: Path) -> None:
    # With accounts, the first request of a token or session reads it from the store. While
    # another process held the DuckDB file that read failed and the 503 gave DuckDB's
    # message: the store's full path, as "error": "forbidden", without Retry-After.
    db = build_published_store(tmp_path)
    sterkte(db, "users", "add", "anna", "--role", "lezer", "--unit", "AM",
            "--password-stdin", stdin=PASSWORD + "\n")
    token = sterkte(db, "tokens", "create", "anna").strip().splitlines()[-1]
    with serve(db) as (http, _):
        login = http.post("/login", data={"name": "anna", "password": PASSWORD})
        assert login.status_code == 303
        session = {"Cookie": f"sterkte_session={login.cookies['sterkte_session']}"}
        http.cookies.clear()
        assert http.get("/api/periods").status_code == 401  # the store has accounts: known
        bearer = {"Authorization": f"Bearer {token}"}
        with writer_holding(db):
            for headers in (bearer, session):
                for path, lang in (("/api/overview", "nl"), ("/units/AM", "en")):
                    r = http.get(path, params={"lang": lang},
                                 headers=headers | {"Accept": "text/html"})
                    assert r.status_code == 503, (path, r.status_code)
                    clean(r)
                    assert str(tmp_path) not in r.text and not INTERNALS.search(r.text)
                    assert r.headers.get("retry-after") == "60", path
                    if path.startswith("/api"):
                        assert r.json()["error"] == "store_busy", r.json()
                    else:
                        assert "try again" in r.text.lower(), r.text[-2000:]
        assert http.get("/api/overview", headers=bearer).status_code == 200


def test_a_new_password_ends_the_accounts_sessions(
        guarded: tuple[Server, dict[str, str]]) -> None:
    # An administrator resets a password because it leaked: whoever logged in with the
    # old one kept a working session for up to 12 hours.
    srv, _ = guarded
    with httpx.Client(base_url=srv.url, timeout=120) as thief, \
            httpx.Client(base_url=srv.url, timeout=120) as anna:
        assert thief.post("/login", data={"name": "anna", "password": PASSWORD}
                          ).status_code == 303
        assert thief.get("/api/units/AM").status_code == 200
        new = "een heel nieuw wachtwoord"
        sterkte(srv.db, "users", "passwd", "anna", "--password-stdin", stdin=new + "\n")
        try:
            assert thief.get("/api/units/AM").status_code == 401
            assert thief.get("/units/AM").status_code == 303
            assert anna.post("/login", data={"name": "anna", "password": new}
                             ).status_code == 303
            assert anna.get("/api/units/AM").status_code == 200
        finally:
            sterkte(srv.db, "users", "passwd", "anna", "--password-stdin",
                    stdin=PASSWORD + "\n")


def test_a_unit_limited_account_does_not_get_every_units_ledger_by_leaving_the_unit_out(
        guarded: tuple[Server, dict[str, str]]) -> None:
    # /api/ledger?unit=RT is a 403 for anna (unit AM); /api/ledger without unit= gave the
    # ledger of all units, RT's included (the flows of RT's unit page, refused to her).
    srv, tokens = guarded
    with httpx.Client(base_url=srv.url, timeout=120,
                      headers={"Authorization": f"Bearer {tokens['anna']}"}) as anna:
        assert anna.get("/api/ledger", params={"unit": "RT"}).status_code == 403
        for params in ({}, {"period": "2021"}, {"category": "OS"}):
            r = anna.get("/api/ledger", params=params)
            units = {e["unit"] for e in r.json().get("entries", [])}
            assert r.status_code == 403 or units <= {"AM", "NP"}, (params, sorted(units))
            if r.status_code == 403:
                assert "unit=" in r.json()["detail"] and "AM" in r.json()["detail"]
        mine = anna.get("/api/ledger", params={"unit": "AM"})
        assert mine.status_code == 200 and {e["unit"] for e in mine.json()["entries"]} \
            == {"AM"}
    kees = httpx.get(f"{srv.url}/api/ledger", timeout=120,
                     headers={"Authorization": f"Bearer {tokens['kees']}"})  # national
    assert kees.status_code == 200 and "RT" in {e["unit"] for e in kees.json()["entries"]}



# Names an attacker puts in the areas file of an anticipation run (`--areas A.geojson`):
# the dashboard shows them in the map's labels and hover texts, tables and downloads.
EVIL_AREAS = ('<a href="https://evil.example/login">Log opnieuw in</a>',
              '"><img src=x onerror=alert(1)><span style="font-size:90px">GROOT</span>',
              '=HYPERLINK("https://evil.example","x")')


@pytest.fixture(scope="module")
def evil_town(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The web tests' store with an anticipation run whose area names are markup, saved by
    the real `sterkte anticipate` commands of `make run`."""
    folder = tmp_path_factory.mktemp("evil-town")
    db = folder / "town.duckdb"
    shutil.copyfile(server.db, db)
    for args in make_run_anticipation_steps():
        args = [a.replace("$(TOWN)", str(folder)) for a in args]
        if args[0] == "forecast":
            areas = folder / "synthetic-areas.geojson"
            shapes = json.loads(areas.read_text(encoding="utf-8"))
            for feature, name in zip(shapes["features"], EVIL_AREAS, strict=False):
                feature["properties"]["team"] = name
            areas.write_text(json.dumps(shapes), encoding="utf-8")
            args += ["--db", str(db)]
        done = CliRunner().invoke(anticipate_app, args)
        assert done.exit_code == 0, done.output
    with serving(db) as srv:
        yield srv


CHART_MARKUP = """() => Array.from(document.querySelectorAll(
    ".chart a, .chart [style*='90px'], img")).map((e) => e.outerHTML)"""
CHART_TEXT = """() => Array.from(document.querySelectorAll(".chart text"))
    .map((e) => e.textContent).join("\\n")"""


def test_an_imported_area_name_is_shown_as_text_never_as_a_link_or_markup(
        evil_town: Server, browser: Any) -> None:
    # Plotly reads <a href>, <span style> … in chart labels as markup: an area named
    # '<a href="https://evil.example/login">Log opnieuw in</a>' became a live link on the
    # anticipation map (CSP does not stop a link). Tables escape, downloads defuse formulas.
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{evil_town.url}/anticipation")
        page.wait_for_selector(".chart .main-svg")
        page.wait_for_timeout(500)
        assert page.evaluate(CHART_MARKUP) == []
        shown = page.evaluate(CHART_TEXT)
        assert EVIL_AREAS[0] in shown, shown  # the name, as written
        page.hover(".chart .scatterlayer .point >> nth=0", force=True)
        assert page.evaluate(CHART_MARKUP) == []
        cells = page.eval_on_selector_all("table[data-table] td", "els => els.map(e => "
                                                                  "e.textContent)")
        assert EVIL_AREAS[0] in cells and EVIL_AREAS[1] in cells
    finally:
        page.close()
    csv = httpx.get(f"{evil_town.url}/api/anticipation/tables/anticipatie-gebieden",
                    params={"format": "csv"}, timeout=60).text
    assert "\n=" not in csv and ';=' not in csv and '"=' not in csv, csv


# A path on this dashboard to a server's code; to a browser's URL parser (which drops tabs
# and newlines anywhere and reads a backslash as a slash) another site.
SNEAKY_NEXT = ("/\t/evil.example/", "/\n/evil.example/", "/\r\n/evil.example/",
               "/\\evil.example/", "/.\\..\\\\evil.example/", "/\t\\evil.example/")
ORIGIN_OF = "([t, base]) => new URL(t, base).origin"


def test_after_logging_in_with_the_provider_a_browser_stays_on_this_site(
        setup: Setup, browser: Any) -> None:
    # The provider's login ends on a page that sends the browser on to `next` (a meta
    # refresh and a link: a redirect would lose the SameSite=Strict cookie). `next=/<tab>/
    # evil.example/` passed the check (a path: it starts with one slash), and the browser,
    # which drops the tab, went to //evil.example/.
    page = browser.new_page()
    try:
        page.goto(f"{setup.url}/login")
        for sneaky in SNEAKY_NEXT:
            with httpx.Client(timeout=60) as client:
                done = _login(setup, client, next_path=quote(sneaky, safe="/"))
                assert done.status_code == 200, done.text
            found = re.search(r'url=([^"]*)">', done.text)
            link = re.search(r'id="oidc-continue" href="([^"]*)"', done.text)
            assert found is not None and link is not None, done.text
            for target in (html.unescape(found.group(1)), html.unescape(link.group(1))):
                assert page.evaluate(ORIGIN_OF, [target, setup.url]) == setup.url, \
                    (sneaky, target)
    finally:
        page.close()


def test_after_a_password_login_a_browser_stays_on_this_site(
        guarded: tuple[Server, dict[str, str]], browser: Any) -> None:
    srv, _ = guarded
    page = browser.new_page()
    try:
        page.goto(f"{srv.url}/login")
        for sneaky in SNEAKY_NEXT:
            form = httpx.get(f"{srv.url}/login", params={"next": sneaky}, timeout=60).text
            shown = re.search(r'name="next" value="([^"]*)"', form)
            assert shown is not None, form
            done = httpx.post(f"{srv.url}/login", timeout=60, data={
                "name": "anna", "password": PASSWORD, "next": html.unescape(shown.group(1))})
            assert done.status_code == 303
            target = done.headers["location"]
            assert page.evaluate(ORIGIN_OF, [target, srv.url]) == srv.url, (sneaky, target)
    finally:
        page.close()


# What a visitor must never see of a PostgreSQL store: its address, the driver, SQL.
PG_INTERNALS = re.compile(r"postgres(ql)?://|psycopg|127\.0\.0\.1:\d{3,5}|\bport \d+|"
                          r"connection (refused|failed)|read-only transaction|\bINSERT\b|"
                          r"\bSELECT\b|sterkte_attack|server closed|Traceback", re.IGNORECASE)


@dataclass
class PgServed:
    url: str
    pg: pg_local.LocalServer
    database: str
    tokens: dict[str, str]


@pytest.fixture(scope="module")
def pg_served() -> Iterator[PgServed]:
    """A PostgreSQL server of this module's own (the tests stop it), a store of the
    published tables on it with accounts (anna: viewer of AM; kees: national), served."""
    pg = pg_local.start(pg_local.FAST)
    try:
        database = pg.create_database("sterkte_attack")
        db = PostgresUrl(database)
        import_tables(db, files_or_bundled(None), ReadOptions())
        sterkte(db, "users", "add", "anna", "--role", "lezer", "--unit", "AM",
                "--password-stdin", stdin=PASSWORD + "\n")
        sterkte(db, "users", "add", "kees", "--role", "lezer", "--no-password")
        tokens = {name: sterkte(db, "tokens", "create", name).strip().splitlines()[-1]
                  for name in ("anna", "kees")}
        with serving(db) as srv:
            yield PgServed(srv.url, pg, database, tokens)
    finally:
        pg.stop()


def _pg_clean(r: httpx.Response) -> None:
    assert not PG_INTERNALS.search(r.text), r.text[:3000]
    clean(r)


def test_on_postgresql_accounts_hold_and_a_read_only_or_stopped_database_shows_no_internals(
        pg_served: PgServed) -> None:
    srv = pg_served
    anna = {"Authorization": f"Bearer {srv.tokens['anna']}"}
    for path, status in (("/api/units/AM", 200), ("/api/units/RT", 403),
                         ("/api/ledger?unit=RT", 403), ("/api/ledger", 403),
                         ("/api/tables/x?unit=RT", 403), ("/units/RT", 403),
                         ("/api/capacity", 403), ("/api/teams", 403), ("/api/overview", 200)):
        r = httpx.get(srv.url + path, headers=anna, timeout=60)
        assert r.status_code == status, (path, r.status_code, r.text[:300])
    assert httpx.get(f"{srv.url}/api/overview", timeout=60).status_code == 401
    # the database made read-only (a replica, a full disk's emergency setting): a login and
    # a token not read yet need a write (the session, the audit trail)
    with psycopg.connect(srv.pg.url(), autocommit=True) as admin:
        admin.execute("ALTER DATABASE sterkte_attack SET default_transaction_read_only = on")
    kees = {"Authorization": f"Bearer {srv.tokens['kees']}"}
    for headers in (kees, {"Cookie": "sterkte_session=made-up"}):
        for path in ("/api/overview", "/units/AM?lang=en"):
            r = httpx.get(srv.url + path, headers=headers | {"Accept": "text/html"}, timeout=60)
            assert r.status_code in (401, 503, 303), (path, r.status_code)
            _pg_clean(r)
    login = httpx.post(f"{srv.url}/login", data={"name": "anna", "password": PASSWORD},
                       timeout=60)
    assert login.status_code == 503 and "sterkte_session" not in login.headers.get(
        "set-cookie", "")
    _pg_clean(login)
    # the database stopped: what was read is still served, nothing else says what it is
    srv.pg._run("pg_ctl", "-D", str(srv.pg.folder / "data"), "-m", "immediate", "-w", "stop")
    for headers in (anna, kees, {"Authorization": "Bearer stk_0000_new"}, {}):
        for path in ("/api/overview", "/", "/units/AM", "/api/units/RT", "/capacity",
                     "/api/roster", "/login"):
            r = httpx.get(srv.url + path, headers=headers | {"Accept": "text/html"},
                          timeout=60)
            assert r.status_code < 500 or r.status_code == 503, (path, r.status_code)
            _pg_clean(r)
    r = httpx.post(f"{srv.url}/login", data={"name": "anna", "password": PASSWORD},
                   timeout=60)
    assert r.status_code == 503
    _pg_clean(r)


JUNK = "a" * 50_000
PAGES = ("/", "/norms", "/units/NN", "/capacity?team=syn-AM-D1-T01", "/anticipation",
         "/roster", "/scenario", "/teams?team=syn-AM-D1-T01", "/diversity")


def _raw_get(url: str, target: str) -> tuple[int, int]:
    """(status, length of the answer) of GET ``target``: a URL longer than httpx sends."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=120) as s:
        s.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                  .encode())
        data = b""
        while chunk := s.recv(1 << 20):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), len(body)


@pytest.mark.parametrize("path", PAGES)
def test_a_long_or_repeated_query_is_not_echoed_into_every_link_of_a_page(
        server: Server, path: str) -> None:
    # Every sort link and filter form of a page repeated the whole query string: a 50 kB
    # made-up parameter made /norms a 2.4 MB page, and /capacity and /anticipation kept each
    # such page in their cache (300 requests: +344 MB of server memory in 3 s).
    join = "&" if "?" in path else "?"
    plain, size = _raw_get(server.url, path)
    assert plain == 200, path
    for junk in (f"zzz={JUNK}", "&".join(["sort=x:y"] * 3000)[:50_000],
                 f"q-{'x' * 90}={JUNK}"):
        status, grown = _raw_get(server.url, f"{path}{join}{junk}")
        assert status in (200, 422), (path, junk[:20], status)
        assert grown < size + 20_000, (path, junk[:20], size, grown)


def test_a_page_asked_with_hundreds_of_filters_says_so(http: httpx.Client) -> None:
    many = "&".join(f"q-t{i}=x" for i in range(100))
    for lang, words in (("nl", "te veel parameters"), ("en", "too many parameters")):
        r = http.get(f"/norms?lang={lang}&{many}", headers={"Accept": "text/html"})
        assert r.status_code == 422 and words in r.text, r.text[-1500:]
    assert http.get("/norms?q-normen=wijk&sort=normen:value&utm_source=x").status_code == 200
