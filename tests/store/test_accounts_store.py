"""Accounts, tokens, sessions, the audit trail and background runs in the store, on DuckDB
and PostgreSQL alike (``backend``): what goes in comes out, and only what should."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from sterkte.app import accounts
from sterkte.errors import SterkteError
from sterkte.store import accounts as store
from sterkte.store import jobs
from sterkte.store.db import StoreLocation, connect

T0 = dt.datetime(2024, 6, 1, 9, 0, 0)


def test_an_account_keeps_its_role_and_scope_and_its_password_only_as_argon2(
        backend: StoreLocation) -> None:
    con = connect(backend)
    try:
        row = accounts.add_user(con, "anna", "lezer", units=["am"], password="correct horse 1",
                                actor="test")
        assert (row.role, row.units, row.teams) == ("viewer", ("AM",), ())
        got = store.get_user(con, "anna")
        assert got is not None and got.units == ("AM",) and got.role == "viewer"
        assert got.password_hash is not None and got.password_hash.startswith("$argon2id$")
        assert "correct horse" not in got.password_hash
        # a second account of the same name, an unknown role or unit: refused, nothing written
        for bad in (lambda: accounts.add_user(con, "anna", "viewer", actor="test"),
                    lambda: accounts.add_user(con, "bert", "chef", actor="test"),
                    lambda: accounts.add_user(con, "bert", "viewer", units=["XX"],
                                              actor="test")):
            with pytest.raises(SterkteError):
                bad()
        assert [u.name for u in store.list_users(con)] == ["anna"]
        accounts.grant(con, "anna", role="planner", teams=["syn-AM-D1-T01"], actor="test")
        got = store.get_user(con, "anna")
        assert got is not None
        assert (got.role, got.units, got.teams) == ("planner", ("AM",), ("syn-AM-D1-T01",))
    finally:
        con.close()


def test_a_token_is_kept_as_its_sha256_and_stops_working_when_revoked(
        backend: StoreLocation) -> None:
    con = connect(backend)
    try:
        accounts.add_user(con, "anna", "viewer", units=["AM"], actor="test")
        token_id, token = accounts.create_token(con, "anna", actor="test")
        stored = con.execute("SELECT token_hash FROM api_tokens").fetchall()
        assert stored == [(hashlib.sha256(token.encode()).hexdigest(),)]
        found = accounts.token_principal(con, token)
        assert found is not None and found[0] == token_id and found[1].units == ("AM",)
        assert accounts.token_principal(con, token + "x") is None
        accounts.revoke_token(con, token_id, actor="test")
        assert accounts.token_principal(con, token) is None
        with pytest.raises(SterkteError):
            accounts.revoke_token(con, token_id, actor="test")
        # removing the account removes its tokens too
        _, again = accounts.create_token(con, "anna", actor="test")
        accounts.remove_user(con, "anna", actor="test")
        assert accounts.token_principal(con, again) is None
    finally:
        con.close()


def test_logins_are_audited_and_slowed_after_repeated_failures(
        backend: StoreLocation) -> None:
    con = connect(backend)
    try:
        accounts.add_user(con, "anna", "viewer", password="correct horse 1", actor="test")
        limit = int(accounts.settings()["login_failures"])
        for _ in range(limit):
            assert accounts.login(con, "anna", "wrong", "127.0.0.1").refused == "bad"
        # past the limit even the right password is refused, without being checked
        assert accounts.login(con, "anna", "correct horse 1", "127.0.0.1").refused == "slowed"
        lines = store.audit_lines(con, action="login")
        assert [r.outcome for r in lines] == ["failed"] * limit + ["slowed"]
        assert all(r.target == "anna" and r.user is None for r in lines)
        con.execute("DELETE FROM audit_log WHERE action = 'login'")  # the wait has passed
        ok = accounts.login(con, "anna", "correct horse 1", "10.0.0.1")
        assert ok.session and ok.csrf and not ok.refused
        who = accounts.session_principal(con, ok.session)
        assert who is not None and who.name == "anna" and who.csrf == ok.csrf
        # the cookie's value is not stored, only its hash
        assert con.execute("SELECT COUNT(*) FROM sessions WHERE id_hash = ?",
                           [ok.session]).fetchone() == (0,)
        accounts.logout(con, ok.session, "anna", "10.0.0.1")
        assert accounts.session_principal(con, ok.session) is None
        text = repr(store.audit_lines(con))
        assert "correct horse" not in text and ok.session not in text
        assert [r.action for r in store.audit_lines(con, user="anna")] == ["login", "logout"]
    finally:
        con.close()


def test_runs_queue_in_order_start_finish_cancel_and_expire(backend: StoreLocation) -> None:
    con = connect(backend)
    try:
        for i, owner in enumerate(["anna", "anna", "bert"]):
            jobs.add_job(con, f"j{i}", "scenario", owner, "{}", T0)
        jobs.add_job(con, "r0", "roster", "anna", "{}", T0)
        assert [jobs.queue_position(con, j) for j in ("j0", "j1", "j2", "r0")] == [1, 2, 3, 1]
        assert jobs.active_counts(con, "anna") == (0, 3, 0, 4)
        assert jobs.start_job(con, "j0", T0)
        assert jobs.queue_position(con, "j0") is None
        assert [jobs.queue_position(con, j) for j in ("j1", "j2")] == [1, 2]
        assert jobs.active_counts(con, "anna") == (1, 2, 1, 3)
        jobs.progress(con, "j0", 3, 10)
        assert jobs.cancel_job(con, "j1", T0, T0 + dt.timedelta(hours=1)) == "queued"
        assert not jobs.start_job(con, "j1", T0)  # a cancelled run never starts
        assert jobs.queue_position(con, "j2") == 1
        assert jobs.finish_job(con, "j0", "done", T0, T0 + dt.timedelta(hours=2), "",
                               '{"nl": 1}')
        row = jobs.get_job(con, "j0", "scenario")
        assert row is not None and (row.status, row.done, row.total, row.result) == \
            ("done", 3, 10, '{"nl": 1}')
        assert jobs.get_job(con, "j0", "roster") is None  # another kind's id space
        # a server that restarts fails what it left behind, then results expire
        assert jobs.abandon_active(con, "scenario", T0, T0 + dt.timedelta(hours=3), "x") == 1
        assert jobs.expire(con, T0 + dt.timedelta(minutes=90)) == 1  # j1 (cancelled)
        assert jobs.get_job(con, "j1", "scenario") is None
        assert jobs.expire(con, T0 + dt.timedelta(hours=4)) == 2  # j0, j2
        assert [r[0] for r in con.execute("SELECT id FROM jobs").fetchall()] == ["r0"]
    finally:
        con.close()
