# ruff: noqa: F811  (pytest fixtures imported from accounts_helpers, used as arguments)
"""Logging in through an identity provider (OpenID Connect), for real: a small provider
of our own on 127.0.0.1 (tests/web/oidc_provider.py), a real ``sterkte serve --oidc
FILE`` process over a copy of the web tests' store, and an HTTP client that follows the
authorization-code flow as a browser does. The provider checks our PKCE verifier, our
client secret and our redirect address itself; sterkte checks the provider's ID token.

A refused login (wrong issuer, audience, nonce, an expired token, a signature by a key
the provider does not publish, an answer to a login this browser did not start, a person
in no mapped group) gives a 403 page, no session cookie, a ``login`` line with the reason
in the audit trail, and the dashboard still asks for a login.
"""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from sterkte.store import accounts as store
from sterkte.store.db import connect
from tests.report.store_builder import build_published_store
from tests.store.test_concurrency import start_sterkte
from tests.web.accounts_helpers import PASSWORD, sterkte
from tests.web.browser_helpers import browser  # noqa: F401 (a fixture)
from tests.web.oidc_provider import CLIENT_ID, CLIENT_SECRET, Behaviour, Provider, oidc_provider

SETTINGS = """\
provider: Test-IdP
issuer: {issuer}
client_id: {client_id}
client_secret_file: {secret}
groups_claim: groups
groups:
  - group: sterkte-beheer
    role: beheerder
  - group: planners-am
    role: planner
    units: [AM]
  - group: lezers-rt
    role: lezer
    units: [RT]
"""


@dataclass
class Setup:
    url: str
    db: Path
    idp: Provider


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    """`sterkte serve --oidc` (its own process) over the published tables (quick to make
    and to serve) with one local account (anna, a viewer of AM), and the test provider
    beside it."""
    folder = tmp_path_factory.mktemp("oidc")
    db = build_published_store(folder)
    sterkte(db, "users", "add", "anna", "--role", "lezer", "--unit", "AM",
            "--password-stdin", stdin=PASSWORD + "\n")
    with oidc_provider() as idp:
        (folder / "secret").write_text(CLIENT_SECRET + "\n")
        settings = folder / "oidc.yaml"
        settings.write_text(SETTINGS.format(issuer=idp.url, client_id=CLIENT_ID,
                                            secret=folder / "secret"))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        proc = start_sterkte(db, "serve", "--port", str(port), "--oidc", settings)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                assert proc.poll() is None, proc.communicate()
                try:
                    httpx.get(f"{url}/login", timeout=5)
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline, "sterkte serve did not answer"
                    time.sleep(0.2)
            yield Setup(url, db, idp)
        finally:
            proc.terminate()
            out, err = proc.communicate(timeout=30)
        assert "Traceback" not in err, err
        assert "Test-IdP" in out  # the banner names the provider


def _login(setup: Setup, client: httpx.Client, *, lang: str = "nl", next_path: str = "/",
           tamper_state: bool = False) -> httpx.Response:
    """The browser's way through the flow: the link on the login page, the provider's
    page (it approves at once), back to sterkte's callback. The callback's answer."""
    page = client.get(f"{setup.url}/login?lang={lang}")
    link = re.search(r'id="oidc-login" href="([^"]+)"', page.text)
    assert link is not None, page.text
    start = client.get(setup.url + link.group(1).replace("&amp;", "&")
                       + f"&next={next_path}")
    assert start.status_code == 303
    flow = [c for c in client.cookies.jar if c.name == "sterkte_oidc"]
    assert flow and flow[0].path == "/login/oidc"  # the login's state stays in this browser
    at_idp = client.get(start.headers["location"])
    assert at_idp.status_code == 302, at_idp.text
    back = at_idp.headers["location"]
    assert back.startswith(f"{setup.url}/login/oidc/callback?")
    if tamper_state:
        state = parse_qs(urlsplit(back).query)["state"][0]
        back = back.replace(state, state[:-2] + ("AA" if not state.endswith("AA") else "BB"))
    return client.get(back)


def _audit(db: Path) -> list[store.AuditRow]:
    con = connect(db, read_only=True)
    try:
        return store.audit_lines(con, action="login")
    finally:
        con.close()


def _logged_in(setup: Setup, client: httpx.Client) -> bool:
    return client.get(f"{setup.url}/units/AM").status_code == 200


def test_a_mapped_person_logs_in_with_the_providers_page_and_gets_the_groups_role_and_scope(
        setup: Setup) -> None:
    setup.idp.behaviour = Behaviour(user="marieke", groups=["iets-anders", "planners-am"])
    with httpx.Client(timeout=60) as b:
        page = b.get(f"{setup.url}/login")
        assert "Inloggen via Test-IdP" in page.text and 'id="password"' in page.text
        done = _login(setup, b, next_path="/units/AM")
        assert done.status_code == 200
        assert '<meta http-equiv="refresh" content="0;url=/units/AM">' in done.text
        cookie = done.headers["set-cookie"].lower()
        assert "sterkte_session=" in cookie and "httponly" in cookie
        assert "samesite=strict" in cookie
        unit = b.get(f"{setup.url}/units/AM")
        assert unit.status_code == 200
        assert "Ingelogd als marieke (planner, AM)" in unit.text
        assert b.get(f"{setup.url}/units/RT").status_code == 403
        # her forms carry the session's CSRF token, as after a local login
        csrf = re.search(r'name="csrf" value="([^"]+)"', unit.text)
        assert csrf is not None
        assert b.post(f"{setup.url}/logout").status_code == 403
        assert b.post(f"{setup.url}/logout", data={"csrf": csrf.group(1)}).status_code == 303
        assert not _logged_in(setup, b)
    # PKCE: the provider got a S256 challenge, and the verifier that matches it
    asked, redeemed = setup.idp.authorize_requests[-1], setup.idp.token_requests[-1]
    assert asked["code_challenge_method"] == "S256" and len(redeemed["code_verifier"]) >= 43
    assert asked["nonce"] and asked["state"] and asked["nonce"] != asked["state"]
    lines = [(r.user, r.target, r.outcome) for r in _audit(setup.db)]
    assert ("marieke", "marieke oidc=Test-IdP group=planners-am", "ok") in lines


def test_the_first_mapped_group_decides_and_a_national_admin_sees_every_unit(
        setup: Setup) -> None:
    setup.idp.behaviour = Behaviour(user="bert", groups=["lezers-rt", "sterkte-beheer"])
    with httpx.Client(timeout=60) as b:
        assert _login(setup, b).status_code == 200
        page = b.get(f"{setup.url}/units/RT")
        assert page.status_code == 200  # the rules' order: beheer comes first
        assert "Ingelogd als bert (beheerder, alles (landelijk))" in page.text
        assert b.get(f"{setup.url}/units/AM").status_code == 200


BROKEN: list[tuple[str, dict[str, Any], str]] = [
    ("wrong issuer", {"issuer": "http://127.0.0.1:9/andere-uitgever"}, "invalid_claim: iss"),
    ("wrong audience", {"audience": "een-andere-client"}, "invalid_claim: aud"),
    ("expired", {"lifetime": -3600}, "expired_token: exp"),
    ("signed by another key", {"other_key": True}, "bad_signature"),
    ("another nonce", {"nonce": "niet-de-nonce"}, "invalid_claim: nonce"),
]


@pytest.mark.parametrize(("case", "change", "reason"), BROKEN, ids=[b[0] for b in BROKEN])
def test_an_id_token_that_fails_a_check_is_refused_and_nobody_is_logged_in(
        setup: Setup, case: str, change: dict[str, Any], reason: str) -> None:
    setup.idp.behaviour = Behaviour(user=f"eva-{len(case)}", groups=["sterkte-beheer"],
                                    **change)
    before = len(_audit(setup.db))
    with httpx.Client(timeout=60) as b:
        refused = _login(setup, b)
        assert refused.status_code == 403, case
        assert "Inloggen via Test-IdP geweigerd" in refused.text
        assert "kon niet worden gecontroleerd" in refused.text
        assert "sterkte_session" not in refused.headers.get("set-cookie", "")
        assert not _logged_in(setup, b)
    new = _audit(setup.db)[before:]
    assert [(r.user, r.target, r.outcome) for r in new] == [
        (None, "(unknown) oidc=Test-IdP", f"failed: ID token {reason}")]


def test_an_answer_with_a_tampered_state_is_refused_before_the_code_is_redeemed(
        setup: Setup) -> None:
    setup.idp.behaviour = Behaviour(user="sanne", groups=["sterkte-beheer"])
    redeemed = len(setup.idp.token_requests)
    with httpx.Client(timeout=60) as b:
        refused = _login(setup, b, tamper_state=True)
        assert refused.status_code == 403
        assert "niet in deze browser begonnen" in refused.text
        assert not _logged_in(setup, b)
    assert len(setup.idp.token_requests) == redeemed
    assert _audit(setup.db)[-1].outcome == "failed: state does not match"
    # an answer arriving without the login's cookie (started in another browser) likewise
    with httpx.Client(timeout=60) as other:
        got = other.get(f"{setup.url}/login/oidc/callback?code=x&state=y")
        assert got.status_code == 403 and not _logged_in(setup, other)


def test_a_person_in_no_mapped_group_is_refused_in_dutch_and_english(setup: Setup) -> None:
    setup.idp.behaviour = Behaviour(user="kees", groups=["kantine", "fietsclub"])
    with httpx.Client(timeout=60) as b:
        nl = _login(setup, b)
        assert nl.status_code == 403
        assert "kees zit in geen groep die toegang geeft tot sterkte" in nl.text
        assert not _logged_in(setup, b)
        en = _login(setup, b, lang="en")
        assert en.status_code == 403 and '<html lang="en">' in en.text
        assert "kees is in no group that gives access to sterkte" in en.text
        assert "Login with Test-IdP refused" in en.text
        assert not _logged_in(setup, b)
    last = _audit(setup.db)[-2:]
    assert [(r.target, r.outcome) for r in last] == [("kees oidc=Test-IdP",
                                                      "failed: no mapped group")] * 2


def test_a_local_account_still_logs_in_and_its_name_is_not_for_the_provider(
        setup: Setup) -> None:
    with httpx.Client(timeout=60) as b:
        ok = b.post(f"{setup.url}/login", data={"name": "anna", "password": PASSWORD,
                                                "next": "/units/AM"})
        assert ok.status_code == 303
        # the unit's page is cached since marieke's visit (the first test); the footer is
        # anna's own, with her own session's CSRF token, not marieke's
        page = b.get(f"{setup.url}/units/AM")
        assert "Ingelogd als anna (lezer, AM)" in page.text and "marieke" not in page.text
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert csrf is not None
        assert b.post(f"{setup.url}/logout", data={"csrf": csrf.group(1)}).status_code == 303
    setup.idp.behaviour = Behaviour(user="anna", groups=["sterkte-beheer"])
    with httpx.Client(timeout=60) as b:
        refused = _login(setup, b)
        assert refused.status_code == 403 and "Er bestaat een lokaal account anna" in refused.text
        assert not _logged_in(setup, b)
    # API tokens stay local: a session from the provider is no bearer token
    assert httpx.get(f"{setup.url}/api/overview").status_code == 401


def test_in_chromium_the_provider_button_logs_in_and_lands_on_the_asked_page(
        setup: Setup, browser: Any) -> None:
    """The session cookie is SameSite=Strict: the callback's page (not a redirect) must
    make the browser send it on its way to the page asked for."""
    setup.idp.behaviour = Behaviour(user="femke", groups=["planners-am"])
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{setup.url}/units/AM")
        assert page.url.startswith(f"{setup.url}/login")
        page.click("#oidc-login")
        page.wait_for_url(f"{setup.url}/units/AM")
        assert "Ingelogd als femke (planner, AM)" in page.locator("#access-who").inner_text()
        refused = page.goto(f"{setup.url}/units/RT")
        assert refused is not None and refused.status == 403
    finally:
        context.close()


@pytest.mark.parametrize(("text", "field", "expected"), [
    ("provider: X\nissuer: http://idp.example\nclient_id: c\ngroups: [{group: g, role: lezer}]",
     "issuer", "expected an https:// address"),
    ("provider: X\nissuer: https://idp.example\nclient_id: c\ngroups: []",
     "groups", "without one nobody can log in"),
    ("provider: X\nissuer: https://idp.example\nclient_id: c\n"
     "groups: [{group: g, role: chef}]", "groups[0].role", "expected viewer (lezer)"),
    ("provider: X\nissuer: https://idp.example\nclient_id: c\n"
     "groups: [{group: g, role: lezer, units: [XX]}]", "groups[0].units", "unknown unit"),
    ("provider: X\nissuer: https://idp.example\nclient_id: c\ntoken_auth: client_secret_basic\n"
     "groups: [{group: g, role: lezer}]", "token_auth", "needs a client secret"),
    ("provider: X\nissuer: https://idp.example\nclientid: c\ngroups: [{group: g, role: lezer}]",
     "clientid", "unknown setting"),
])
def test_a_bad_settings_file_names_the_file_the_field_and_what_is_expected(
        tmp_path: Path, text: str, field: str, expected: str) -> None:
    settings = tmp_path / "oidc.yaml"
    settings.write_text(text + "\n")
    from typer.testing import CliRunner

    from sterkte.cli import app as cli_app

    got = CliRunner().invoke(cli_app, ["serve", "--db", str(tmp_path / "x.duckdb"),
                                       "--oidc", str(settings), "--lang", "en"],
                             env={"COLUMNS": "300"})
    err = " ".join(got.stderr.split())
    assert got.exit_code == 2 and "Traceback" not in err
    assert f"{settings}, column '{field}'" in err and expected in err
    got = CliRunner().invoke(cli_app, ["serve", "--db", str(tmp_path / "x.duckdb"),
                                       "--oidc", str(settings)], env={"COLUMNS": "300"})
    err = " ".join(got.stderr.split())
    assert got.exit_code == 2 and f"fout: {settings}, kolom '{field}'" in err
    assert expected not in err  # in Dutch


def test_a_toml_settings_file_with_an_oidc_table_reads_as_the_yaml_one(tmp_path: Path) -> None:
    from sterkte.app.oidc import load_settings

    (tmp_path / "o.toml").write_text(
        '[oidc]\nprovider = "Politie-ID"\nissuer = "https://login.example/realms/p"\n'
        'client_id = "sterkte"\ngroups_claim = "realm_access.roles"\n'
        '[[oidc.groups]]\ngroup = "/sterkte/planners-am"\nrole = "planner"\nunits = ["AM"]\n')
    got = load_settings(tmp_path / "o.toml")
    assert (got.provider, got.token_auth, got.scopes) == ("Politie-ID", "none",
                                                          ("openid", "profile", "email"))
    assert [(r.group, r.role, r.units) for r in got.rules] == [
        ("/sterkte/planners-am", "planner", ("AM",))]
