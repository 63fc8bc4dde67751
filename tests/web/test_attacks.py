# ruff: noqa: F811  (pytest fixtures imported from accounts_helpers, used as arguments)
"""Attacks on a real server over a real DuckDB store that the other security tests do not
try: a body that reads one way for the access check and another for the route, and a web
site that rebinds its own name to this machine to read the open dashboard."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from sterkte.store.db import connect
from tests.web.accounts_helpers import _team, guarded, jobs_in, teams  # noqa: F401 (fixtures)
from tests.web.conftest import Server


@pytest.mark.parametrize("content_type", ["application/json; x=form",
                                          "application/vnd.form+json"])
def test_a_json_body_that_names_form_does_not_skip_the_team_check(
        guarded: tuple[Server, dict[str, str]], teams: dict[str, str],
        content_type: str) -> None:
    # piet plans for unit AM: a roster of an RT team (its people's shifts) is not his to
    # see. The access check read a body whose Content-Type contained "form" as a form
    # (finding no team), the route read it as JSON: the run started for the RT team.
    srv, tokens = guarded
    before = jobs_in(srv.db)
    other = _team(teams, "RT")
    r = httpx.post(f"{srv.url}/api/roster/runs", timeout=60,
                   content=f'{{"team": "{other}", "seconds": 2}}',
                   headers={"Authorization": f"Bearer {tokens['piet']}",
                            "Content-Type": content_type})
    assert r.status_code == 403, r.text
    assert other in r.json()["detail"] and r.json()["error"] == "forbidden"
    assert jobs_in(srv.db) == before


def test_the_open_dashboard_answers_only_to_this_machines_names(
        http: httpx.Client, server: Server) -> None:
    # DNS rebinding: a site the user visits points its own name at 127.0.0.1; its script
    # then reads the open dashboard (and starts runs: Origin and Host agree) as same-origin.
    port = server.url.rsplit(":", 1)[1]
    evil = f"evil.example:{port}"
    before = jobs_in(server.db)
    r = http.get("/api/overview", headers={"Host": evil})
    assert r.status_code == 403 and r.json()["error"] == "forbidden"
    assert "127.0.0.1" in r.json()["detail"] and "evil.example" not in r.json()["detail"]
    page = http.get("/?lang=en", headers={"Host": evil, "Accept": "text/html"})
    assert page.status_code == 403 and "this computer" in page.text
    form = http.get("/api/scenarios").json()["defaults"]
    r = http.post("/api/scenarios/runs", json=form,
                  headers={"Host": evil, "Origin": f"http://{evil}"})
    assert r.status_code == 403
    assert jobs_in(server.db) == before
    for name in (f"localhost:{port}", f"127.0.0.1:{port}", "localhost", f"127.0.0.2:{port}"):
        assert http.get("/api/units", headers={"Host": name}).status_code == 200, name


WEEKS_PER_YEAR = 365.25 / 7  # the overtime's weeks a year (docs/monitors.md)


def _values(table: dict[str, Any]) -> dict[str, Any]:
    return {r["key"]: r["values"]["value"] for r in table["rows"]}


def test_the_team_dashboard_does_not_give_away_a_hidden_count_by_its_staff_number(
        http: httpx.Client) -> None:
    # The team's staffing hides OS, ASP or NOS (×) below k persons; its CM-tafel gave the
    # "staff with contract hours", which are OS + ASP + NOS: the hidden one by subtraction
    # (and VOL from the persons). The overtime per person gives that number too: the
    # shortfall (demand − supply, unrounded in the JSON) × weeks a year / overtime.
    teams = [t["team"] for t in http.get("/api/capacity/teams").json()["teams"]]
    recovered, hidden_teams = [], 0
    for team in teams:
        tables = http.get("/api/teams", params={"team": team}).json()["tables"]
        staffing = _values(tables[0])
        hidden = [c for c in ("OS", "ASP", "NOS") if not isinstance(staffing[c], int | float)]
        cm = [t for t in tables if t["name"].endswith("-cm-tafel")]
        if not hidden or not cm:
            continue
        hidden_teams += 1
        pressure = _values(cm[0])
        staff = pressure["professionals"]
        short = max(0.0, pressure["demand"] - pressure["supply"]) \
            if isinstance(pressure["supply"], int | float) else 0.0
        if not isinstance(staff, int | float) and short > 0 and \
                isinstance(pressure["overtime"], int | float) and pressure["overtime"] > 0:
            staff = short * WEEKS_PER_YEAR / pressure["overtime"]
        if isinstance(staff, int | float) and len(hidden) == 1:
            shown = sum(staffing[c] for c in ("OS", "ASP", "NOS") if c not in hidden)
            recovered.append(f"{team} {hidden[0]} = {staff - shown:g}")
        elif isinstance(staff, int | float):
            recovered.append(f"{team} {' + '.join(hidden)} given: {staff:g} staff")
    assert hidden_teams > 10  # small categories: there is something to attack
    assert not recovered, f"{len(recovered)} teams:\n" + "\n".join(recovered[:20])


@pytest.mark.parametrize("lang,words", [("nl", ("geen pagina", "niet toegestaan")),
                                        ("en", ("no page", "not allowed"))])
def test_the_api_says_no_route_and_a_wrong_method_in_the_requests_language(
        http: httpx.Client, lang: str, words: tuple[str, str]) -> None:
    # Dutch by default: the API said "no such page or route" and "Method Not Allowed" in
    # English whatever the language (a careless user's typo, or PUT on a GET route).
    params = {"lang": lang} if lang == "en" else {}
    missing = http.get("/api/overvieuw", params=params)
    assert missing.status_code == 404
    assert words[0] in missing.json()["detail"].lower(), missing.json()
    assert "/api/overvieuw" in missing.json()["detail"]
    wrong = http.put("/api/overview", params=params)
    assert wrong.status_code == 405 and wrong.headers["Allow"] == "GET"
    assert words[1] in wrong.json()["detail"].lower(), wrong.json()
    assert wrong.json()["error"] == "method_not_allowed"


def test_head_is_answered_as_get_without_a_body(http: httpx.Client) -> None:
    # curl -I and uptime checks send HEAD; every route answered 405
    for path in ("/api/overview", "/", "/static/style.css"):
        get, head = http.get(path), http.head(path)
        assert get.status_code == head.status_code == 200, path
        assert head.content == b""
        assert head.headers["content-type"] == get.headers["content-type"]
        assert head.headers["content-length"] == str(len(get.content))
    missing = http.head("/api/overvieuw")
    assert missing.status_code == 404 and missing.content == b""
    assert http.request("TRACE", "/api/overview").status_code == 405  # still only GET


def test_an_unknown_table_lists_each_table_once(http: httpx.Client) -> None:
    # the norms table is on the overview and on the norms page: it was listed twice
    got = http.get("/api/tables/geen-tabel")
    assert got.status_code == 404
    detail = got.json()["detail"]
    listed = detail.split("tabellen: ", 1)[1].split(", ")
    assert len(listed) > 3 and len(listed) == len(set(listed)), detail


def test_a_made_up_token_on_a_long_path_writes_a_short_line_in_the_audit_trail(
        guarded: tuple[Server, dict[str, str]]) -> None:
    # Every request with a token not seen before writes the audit trail (token.use, with
    # the path asked). Without a login, 100 requests of a 15,000-character path wrote
    # 1.5 MB in a second into a table nobody may delete from (docs/deploy.md).
    srv, _ = guarded
    path = "/api/" + "x" * 15_000
    for i in range(3):
        r = httpx.get(srv.url + path, timeout=60,
                      headers={"Authorization": f"Bearer stk_deadbeef_made-up-{i}"})
        assert r.status_code == 401
    con = connect(srv.db, read_only=True)
    try:
        rows = con.execute("SELECT target FROM audit_log WHERE action = 'token.use' "
                           "AND outcome = 'refused' AND target LIKE '/api/xxx%'").fetchall()
    finally:
        con.close()
    assert len(rows) == 3  # still recorded, each once
    assert all(len(t) <= 300 for (t,) in rows), [len(t) for (t,) in rows]
