# ruff: noqa: F811  (pytest fixtures imported from other modules, used as arguments)
"""A second outsider's attacks on real servers over real stores: a credential read while
another process holds the store, a session that outlives its password, a unit-limited
account asking for every unit's ledger by leaving the unit out, an imported area name that
becomes a link on the map, and a login's `next=` that a browser reads as another site."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.report.store_builder import build_published_store
from tests.web.accounts_helpers import PASSWORD, guarded, sterkte, teams  # noqa: F401
from tests.web.conftest import Server
from tests.web.test_store_busy import INTERNALS, clean, serve, writer_holding


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

