# ruff: noqa: F811  (pytest fixtures imported from accounts_helpers, used as arguments)
"""The dashboard and API with accounts, on a real server over a real DuckDB store: who
gets in (401 without a token or session), what each account sees (403 outside its unit
or team), who starts runs, cross-site requests refused, the session cookie and its CSRF
token, the audit trail; and the open dashboard of a store without accounts."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from sterkte.store import accounts as store
from sterkte.store.db import connect
from tests.web.accounts_helpers import (  # noqa: F401 (fixtures)
    PASSWORD,
    _team,
    guarded,
    jobs_in,
    sterkte,
    teams,
)
from tests.web.conftest import Server, serving


def _get_routes(url: str, token: str) -> list[str]:
    """Every GET route the API describes, with its path parameters filled in."""
    spec: dict[str, Any] = httpx.get(f"{url}/openapi.json",
                                     headers={"Authorization": f"Bearer {token}"}).json()
    fill = {"code": "AM", "name": "x", "job_id": "0"}
    return [re.sub(r"\{(\w+)\}", lambda m: fill[m.group(1)], p)
            for p, ops in spec["paths"].items() if "get" in ops]


def test_without_a_token_every_api_route_is_401(
        guarded: tuple[Server, dict[str, str]]) -> None:
    srv, tokens = guarded
    routes = _get_routes(srv.url, tokens["anna"])
    assert "/api/overview" in routes and "/api/units/AM" in routes and len(routes) >= 15
    for path in [*routes, "/openapi.json", "/docs"]:
        r = httpx.get(f"{srv.url}{path}", headers={"Accept": "application/json"})
        assert r.status_code == 401, path
    bad = httpx.get(f"{srv.url}/api/overview", headers={"Authorization": "Bearer stk_x_y"})
    assert bad.status_code == 401 and bad.headers["www-authenticate"] == "Bearer"
    # a page sends the browser to the login page, and back afterwards
    page = httpx.get(f"{srv.url}/units/AM?lang=en")
    assert page.status_code == 303
    assert page.headers["location"] == "/login?lang=en&next=%2Funits%2FAM%3Flang%3Den"
    assert httpx.get(f"{srv.url}/login").status_code == 200
    assert httpx.get(f"{srv.url}/static/style.css").status_code == 200


def test_a_viewer_limited_to_unit_am_sees_am_and_national_figures_only(
        guarded: tuple[Server, dict[str, str]], teams: dict[str, str]) -> None:
    srv, tokens = guarded
    before = jobs_in(srv.db)
    with httpx.Client(base_url=srv.url, timeout=120,
                      headers={"Authorization": f"Bearer {tokens['anna']}"}) as anna:
        for path in ("/api/overview", "/api/units/AM", "/api/norms", "/api/units",
                     f"/api/capacity?team={_team(teams, 'AM')}", "/api/ledger?unit=AM"):
            assert anna.get(path).status_code == 200, path
        assert anna.get("/api/units/AM").json()["title"]
        for path in ("/api/units/RT", f"/api/capacity?team={_team(teams, 'RT')}",
                     f"/api/capacity?team={_team(teams, 'AM')}&team={_team(teams, 'RT')}",
                     "/api/ledger?unit=RT", "/api/tables/x?unit=RT", "/api/capacity",
                     # without ?team= these would answer for the first team of all
                     "/api/teams", "/api/teams/tables/x",
                     f"/api/teams?team={_team(teams, 'RT')}"):
            r = anna.get(path)
            assert r.status_code == 403, path
        assert anna.get(f"/api/teams?team={_team(teams, 'AM')}").status_code == 200
        assert "anna" in anna.get("/api/units/RT").json()["detail"]
        form = anna.get("/api/scenarios").json()["defaults"]
        assert anna.post("/api/scenarios/runs", json=form).status_code == 403
        r = anna.post("/api/roster/runs", json={"team": _team(teams, "AM"), "seconds": 1})
        assert r.status_code == 403
    assert jobs_in(srv.db) == before


def test_a_planner_starts_runs_for_her_own_teams_only_and_cross_site_posts_are_refused(
        guarded: tuple[Server, dict[str, str]], teams: dict[str, str]) -> None:
    srv, tokens = guarded
    before = jobs_in(srv.db)
    with httpx.Client(base_url=srv.url, timeout=120,
                      headers={"Authorization": f"Bearer {tokens['piet']}"}) as piet:
        r = piet.post("/api/roster/runs", json={"team": _team(teams, "RT"), "seconds": 1})
        assert r.status_code == 403 and _team(teams, "RT") in r.json()["detail"]
        form = piet.get("/api/scenarios").json()["defaults"]
        evil = piet.post("/api/scenarios/runs", json=form,
                         headers={"Origin": "http://evil.example"})
        assert evil.status_code == 403 and "evil.example" in evil.json()["detail"]
        assert jobs_in(srv.db) == before
        ok = piet.post("/api/scenarios/runs", json=form, headers={"Origin": srv.url})
        assert ok.status_code == 202
        run = ok.json()
        assert jobs_in(srv.db) == before + 1
        # another account may not read (or cancel) piet's run
        anna = {"Authorization": f"Bearer {tokens['anna']}"}
        assert httpx.get(f"{srv.url}{run['url']}", headers=anna).status_code == 403
        assert httpx.delete(f"{srv.url}{run['url']}", headers=anna).status_code == 403
        got = piet.delete(run["url"]).json()
        assert got["status"] in ("cancelled", "done")


def test_the_open_dashboard_refuses_a_cross_site_post_and_says_it_is_open(
        http: httpx.Client, server: Server) -> None:
    before = jobs_in(server.db)
    form = http.get("/api/scenarios").json()["defaults"]
    r = http.post("/api/scenarios/runs", json=form, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403
    r = http.post("/scenario", data={k: str(v) for k, v in form.items()},
                  headers={"Origin": "http://evil.example", "Accept": "text/html"})
    assert r.status_code == 403
    r = http.post("/scenario", data={k: str(v) for k, v in form.items()},
                  headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403
    assert jobs_in(server.db) == before
    page = http.get("/").text
    assert 'id="access-open"' in page and "geen accounts" in page


def test_logging_in_gives_a_strict_http_only_cookie_and_forms_need_its_csrf_token(
        guarded: tuple[Server, dict[str, str]]) -> None:
    srv, tokens = guarded
    # a token's use is audited without the token (this test's own use: not another's)
    assert httpx.get(f"{srv.url}/api/units/AM", timeout=120,
                     headers={"Authorization": f"Bearer {tokens['anna']}"}).status_code == 200
    with httpx.Client(base_url=srv.url, timeout=120) as b:
        bad = b.post("/login", data={"name": "anna", "password": "fout", "next": "/"})
        assert bad.status_code == 401 and "onjuist wachtwoord" in bad.text
        ok = b.post("/login", data={"name": "anna", "password": PASSWORD,
                                    "next": "/units/AM"})
        assert ok.status_code == 303 and ok.headers["location"] == "/units/AM"
        cookie = ok.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie
        assert "secure" not in cookie  # plain http on loopback; behind TLS it is set
        page = b.get("/units/AM")
        assert page.status_code == 200 and 'id="access-who"' in page.text
        assert b.get("/units/RT").status_code == 403
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert csrf is not None
        # a form without the session's token is refused; logging out with it works
        assert b.post("/logout").status_code == 403
        out = b.post("/logout", data={"csrf": csrf.group(1)})
        assert out.status_code == 303
        b.cookies.clear()
        assert b.get("/units/AM").status_code == 303
        # an open redirect is not possible through next=
        again = b.post("/login", data={"name": "anna", "password": PASSWORD,
                                       "next": "//evil.example/"})
        assert again.headers["location"] == "/"
    con = connect(srv.db, read_only=True)
    try:
        lines = store.audit_lines(con, action="login")
        outcomes = [(r.target, r.outcome) for r in lines]
        assert ("anna", "failed") in outcomes and ("anna", "ok") in outcomes
        uses = store.audit_lines(con, action="token.use")
        assert uses and all("stk_" not in r.target for r in uses)
        assert not any(PASSWORD in repr(r) for r in store.audit_lines(con))
    finally:
        con.close()


def test_the_audit_command_lists_logins_and_account_changes_in_dutch_and_english(
        guarded: tuple[Server, dict[str, str]]) -> None:
    srv, _ = guarded
    nl = sterkte(srv.db, "audit", "--action", "user.add")
    assert "Audittrail" in nl and "anna role=viewer units=AM" in nl and "piet" in nl
    en = sterkte(srv.db, "audit", "--user", "anna", "--lang", "en")
    assert "Audit trail" in en and "user.add" not in en  # what anna did, not what was done to her


def test_a_finished_run_survives_a_restart_of_the_server(server: Server,
                                              tmp_path_factory: pytest.TempPathFactory
                                              ) -> None:
    db = tmp_path_factory.mktemp("restart") / "sterkte.duckdb"
    shutil.copy(server.db, db)
    with serving(db) as srv, httpx.Client(base_url=srv.url, timeout=120) as http:
        form = http.get("/api/scenarios").json()["defaults"]
        run = http.post("/api/scenarios/runs", json=form).json()
        for _ in range(600):
            done = http.get(run["url"]).json()
            if done["status"] == "done":
                break
            time.sleep(0.1)
        assert done["status"] == "done"
    with serving(db) as srv, httpx.Client(base_url=srv.url, timeout=120) as http:
        again = http.get(run["url"]).json()
        assert again["status"] == "done" and again["tables"] == done["tables"]
        assert http.get(run["page"]).status_code == 200


def _post_until_refused(client: httpx.Client, form: dict[str, Any], lang: str,
                        accepted: list[httpx.Response], most: int = 40) -> httpx.Response:
    """Post runs until one is refused; the accepted ones are added to ``accepted``. A fast
    machine finishes runs while we post, so how many are accepted first is not fixed."""
    for _ in range(most):
        r = client.post(f"/api/scenarios/runs?lang={lang}", json=form)
        if r.status_code != 202:
            return r
        accepted.append(r)
    raise AssertionError(f"{most} runs in a row accepted: the limit is not applied")


def test_runs_past_the_limits_are_refused_with_429_queued_runs_have_a_place_and_cancel(
        guarded: tuple[Server, dict[str, str]]) -> None:
    """With the bundled limits (web_jobs_running_per_user 1, web_jobs_queued_per_user 3):
    four runs are accepted at once; a run past four active ones (one running, three
    waiting in order) is refused in the request's language; a cancelled run never starts.
    Nothing here depends on how fast a run is: a machine that finishes runs while we ask
    only makes us post more before the refusal (CI once finished the first run before the
    fifth was posted)."""
    from sterkte.app.accounts import settings

    limits = settings()
    per_user = int(limits["jobs_running_per_user"])
    allowed = int(per_user + limits["jobs_queued_per_user"])
    srv, tokens = guarded
    with httpx.Client(base_url=srv.url, timeout=120,
                      headers={"Authorization": f"Bearer {tokens['piet']}"}) as piet:
        form = piet.get("/api/scenarios").json()["defaults"] | {"samples": 2000, "years": 12}
        # fewer than the limit are active before each of these, whatever has finished
        runs = [piet.post("/api/scenarios/runs", json=form) for _ in range(allowed)]
        assert [r.status_code for r in runs] == [202] * allowed
        try:
            refused = _post_until_refused(piet, form, "en", runs)
            assert refused.status_code == 429
            said = re.fullmatch(r"you already have (\d+) run\(s\) running and (\d+) queued "
                                r"\(limit: (\d+)\); wait for one to finish or cancel one",
                                refused.json()["detail"])
            assert said is not None, refused.json()
            running, queued, limit = map(int, said.groups())
            assert running <= per_user and running + queued == limit == allowed
            # the newest accepted run was waiting behind at least two others: cancel it
            newest = runs[-1].json()
            cancelled = piet.post(f"{newest['url']}/cancel").json()
            assert cancelled["status"] == "cancelled" and "tables" not in cancelled
            before = len(runs)
            nl = _post_until_refused(piet, form, "nl", runs)
            assert len(runs) > before  # the cancelled run's place was free
            assert nl.status_code == 429 and nl.json()["detail"].startswith("u heeft al")
            # newest first: a run seen waiting means every later one was still waiting
            # when it was looked at, so the waiting runs are the latest, with rising places
            states = [piet.get(r.json()["url"]).json() for r in reversed(runs)][::-1]
            kinds = [s["status"] for s in states]
            live = [s for s in states if s["status"] != "cancelled"]
            waiting = [s for s in live if s["status"] == "queued"]
            assert kinds.count("running") <= per_user and waiting, kinds
            assert [s["status"] for s in live[len(live) - len(waiting):]] \
                == ["queued"] * len(waiting), kinds
            assert {s["status"] for s in live[:len(live) - len(waiting)]} \
                <= {"done", "running"}, kinds
            places = [s["position"] for s in waiting]
            assert places[0] >= 1 and places == sorted(set(places)), places
            assert places[-1] <= allowed - per_user, places
        finally:
            for r in reversed(runs):
                if r.status_code == 202:
                    piet.delete(r.json()["url"])
        ended = [piet.get(r.json()["url"]).json() for r in runs]
        assert {e["status"] for e in ended} <= {"cancelled", "done"}, ended
        # the run cancelled while waiting was never started: no result, still cancelled
        again = next(e for e in ended if e["id"] == newest["id"])
        assert again["status"] == "cancelled" and again["done"] == 0
        con = connect(srv.db, read_only=True)
        try:
            refusals = [r for r in store.audit_lines(con, action="job.start")
                        if r.outcome == "refused"]
            assert len(refusals) >= 2 and all(r.user == "piet" for r in refusals)
            cancels = [r for r in store.audit_lines(con, action="job.cancel")
                       if r.target == f"scenario {newest['id']}"]
            assert [r.outcome for r in cancels][:1] == ["ok"], cancels
        finally:
            con.close()


def test_serve_without_accounts_refuses_any_address_but_this_machine(server: Server) -> None:
    from typer.testing import CliRunner

    from sterkte.cli import app as cli_app

    got = CliRunner().invoke(cli_app, ["serve", "--db", str(server.db), "--host", "0.0.0.0",
                                       "--lang", "en"], env={"COLUMNS": "300"})
    assert got.exit_code == 2
    assert "the store has no accounts" in got.stderr and "0.0.0.0" in got.stderr


def test_the_cm_tafel_page_opens_on_the_accounts_own_teams(
        guarded: tuple[Server, dict[str, str]], teams: dict[str, str]) -> None:
    srv, tokens = guarded
    r = httpx.get(f"{srv.url}/capacity?weeks=2",
                  headers={"Authorization": f"Bearer {tokens['anna']}"})
    assert r.status_code == 303
    am = sorted(t for t, u in teams.items() if u == "AM")[:3]
    assert r.headers["location"] == "/capacity?" + "&".join(f"team={t}" for t in am) \
        + "&weeks=2"


def test_a_planner_starts_and_cancels_a_run_through_the_pages_with_the_forms_token(
        guarded: tuple[Server, dict[str, str]]) -> None:
    srv, _ = guarded
    sterkte(srv.db, "users", "passwd", "piet", "--password-stdin", stdin=PASSWORD + "\n")
    with httpx.Client(base_url=srv.url, timeout=120) as b:
        assert b.post("/login", data={"name": "piet", "password": PASSWORD}).status_code == 303
        form_page = b.get("/scenario").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', form_page)
        assert csrf is not None
        fields = dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', form_page))
        fields |= {"samples": "1000", "years": "8"}
        fields.pop("csrf", None)
        assert b.post("/scenario", data=fields).status_code == 403  # no token: refused
        r = b.post("/scenario", data=fields | {"csrf": csrf.group(1)})
        assert r.status_code == 303 and r.headers["location"].startswith("/scenario/runs/")
        run_page = b.get(r.headers["location"]).text
        assert "Annuleren" in run_page
        cancel = re.search(r'action="(/scenario/runs/\w+/cancel[^"]*)"', run_page)
        assert cancel is not None
        done = b.post(cancel.group(1).replace("&amp;", "&"), data={"csrf": csrf.group(1)})
        assert done.status_code == 303
        assert "geannuleerd" in b.get(done.headers["location"]).text


def _footer(page: str) -> str:
    found = re.search(r'<footer class="access" id="access-who">.*?</footer>', page, re.S)
    return found.group(0) if found else ""


def test_a_cached_page_shows_each_session_its_own_account_and_csrf_token(
        guarded: tuple[Server, dict[str, str]], teams: dict[str, str]) -> None:
    """Pages are cached for every account alike (docs/web.md); who is logged in and the
    session's CSRF token are put in per request. Before, the first session to open a page
    had its name and token in the cached page, shown to every later visitor."""
    srv, tokens = guarded
    sterkte(srv.db, "users", "passwd", "piet", "--password-stdin", stdin=PASSWORD + "\n")
    paths = ("/norms", "/scenario", "/roster", f"/capacity?team={_team(teams, 'AM')}")
    sessions = {name: httpx.Client(base_url=srv.url, timeout=120) for name in ("anna", "piet")}
    try:
        for name, b in sessions.items():
            assert b.post("/login", data={"name": name, "password": PASSWORD}).status_code \
                == 303
        seen: dict[str, set[str]] = {"anna": set(), "piet": set()}
        for path in paths:
            for name, b in sessions.items():  # anna first: her page is the one cached
                page = b.get(path)
                assert page.status_code == 200, path
                footer = _footer(page.text)
                assert f"Ingelogd als {name} (" in footer, (path, footer)
                other = "piet" if name == "anna" else "anna"
                assert other not in footer, path
                seen[name] |= set(re.findall(r'name="csrf" value="([^"]+)"', page.text))
            # a token (no session) gets the page without anyone's footer or token
            plain = httpx.get(f"{srv.url}{path}", timeout=120,
                              headers={"Authorization": f"Bearer {tokens['piet']}"}).text
            assert 'id="access-who"' not in plain and not (
                set(re.findall(r'name="csrf" value="([^"]+)"', plain)) - {""}), path
        # one token per session, in every form of every page, and each session's own
        assert len(seen["anna"]) == len(seen["piet"]) == 1 and seen["anna"] != seen["piet"]
        for name, b in sessions.items():
            assert b.post("/logout", data={"csrf": seen[name].pop()}).status_code == 303
    finally:
        for b in sessions.values():
            b.close()


def test_an_answer_kept_whole_goes_to_its_own_credential_only_and_stops_with_it(
        guarded: tuple[Server, dict[str, str]]) -> None:
    """A repeated GET is answered from the answers kept whole per credential
    (sterkte.web.memo), past the routing and the access checks: it must still go to no
    other account, and stop at once when the session logs out or the token is revoked."""
    srv, tokens = guarded
    with httpx.Client(base_url=srv.url, timeout=120) as b:
        assert b.post("/login", data={"name": "anna", "password": PASSWORD}).status_code \
            == 303
        page = b.get("/units/AM")
        assert page.status_code == 200 and b.get("/units/AM").text == page.text
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert csrf is not None and "Ingelogd als anna" in page.text
        session = b.cookies["sterkte_session"]
        assert b.post("/logout", data={"csrf": csrf.group(1)}).status_code == 303
        # the same session cookie sent again after logging out: to the login page
        b.cookies.clear()
        gone = b.get("/units/AM", headers={"Cookie": f"sterkte_session={session}"})
        assert gone.status_code == 303 and gone.headers["location"].startswith("/login")
    as_kees = {"Authorization": f"Bearer {tokens['kees']}"}  # national
    first = httpx.get(f"{srv.url}/api/units/RT", headers=as_kees, timeout=120)
    again = httpx.get(f"{srv.url}/api/units/RT", headers=as_kees, timeout=120)
    assert first.status_code == again.status_code == 200 and first.content == again.content
    # the same URL for anna (unit AM only), for nobody, and for a made-up token
    anna = httpx.get(f"{srv.url}/api/units/RT", timeout=120,
                     headers={"Authorization": f"Bearer {tokens['anna']}"})
    assert anna.status_code == 403 and "anna" in anna.json()["detail"]
    assert httpx.get(f"{srv.url}/api/units/RT", timeout=120).status_code == 401
    forged = tokens["kees"][:-1] + ("A" if tokens["kees"][-1] != "A" else "B")
    assert httpx.get(f"{srv.url}/api/units/RT", timeout=120,
                     headers={"Authorization": f"Bearer {forged}"}).status_code == 401
    sterkte(srv.db, "tokens", "revoke", tokens["kees"].split("_")[1])
    assert httpx.get(f"{srv.url}/api/units/RT", headers=as_kees, timeout=120).status_code \
        == 401


def _token_uses(db: Path, token_id: str) -> int:
    con = connect(db, read_only=True)
    try:
        return sum(1 for r in store.audit_lines(con, action="token.use")
                   if r.target.startswith(f"token={token_id} "))
    finally:
        con.close()


def test_a_token_is_read_once_by_many_requests_at_once_and_again_in_the_background(
        guarded: tuple[Server, dict[str, str]], monkeypatch: pytest.MonkeyPatch) -> None:
    """100 connections with one token used to read it (and write its audit line) 100
    times at once whenever its memory expired, stalling every request for that time:
    one read per credential at a time now, and a busy token is read again before it
    expires, in the background."""
    from concurrent.futures import ThreadPoolExecutor

    from sterkte.web import access

    srv, _ = guarded
    token = sterkte(srv.db, "tokens", "create", "piet").strip().splitlines()[-1]
    token_id = token.split("_")[1]

    def ask(_: int) -> int:  # a unit outside piet's (AM): 403 once the token is checked
        return httpx.get(f"{srv.url}/api/units/ZZ", timeout=120,
                         headers={"Authorization": f"Bearer {token}"}).status_code

    with ThreadPoolExecutor(20) as pool:
        assert set(pool.map(ask, range(40))) == {403}
    assert _token_uses(srv.db, token_id) == 1
    monkeypatch.setattr(access, "REFRESH_SECONDS", 0.0)  # every use is old enough
    assert ask(0) == 403
    deadline = time.monotonic() + 30
    while _token_uses(srv.db, token_id) < 2:
        assert time.monotonic() < deadline, "the token was not read again"
        time.sleep(0.05)
