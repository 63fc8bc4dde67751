"""`sterkte users`, `sterkte tokens` and `sterkte audit` on DuckDB and PostgreSQL: what an
administrator types, what the store keeps, and what the audit trail says."""

from __future__ import annotations

import hashlib

from sterkte.store.db import StoreLocation, connect
from tests.conftest import Cli


def test_accounts_tokens_and_the_audit_trail_from_the_command_line(
        backend: StoreLocation) -> None:
    run = Cli(backend)
    code, _, err = run("import")
    assert code == 0, err
    code, out, err = run("users", "list")
    assert code == 0 and "geen accounts" in out
    code, out, err = run("users", "add", "anna", "--role", "lezer", "--unit", "AM",
                         "--password-stdin")
    assert code == 2 and "ten minste 12 tekens" in err  # the empty line of no input
    code, out, err = run("users", "add", "anna", "--role", "lezer", "--unit", "Amsterdam",
                         "--no-password")
    assert code == 0 and "account anna aangemaakt (lezer); AM" in out, err
    code, out, err = run("users", "add", "bob", "--role", "chef", "--no-password",
                         "--lang", "en")
    assert code == 2 and "expected one of viewer (lezer), planner, admin" in err
    code, out, err = run("users", "add", "bob", "--role", "chef", "--no-password")
    assert code == 2 and "verwacht een van lezer (viewer), planner, beheerder (admin)" in err
    code, out, _ = run("users", "grant", "anna", "--role", "planner", "--lang", "en")
    assert code == 0 and "account anna: planner, AM" in out
    code, out, _ = run("tokens", "create", "anna")
    token = out.strip().splitlines()[-1]
    token_id = token.split("_")[1]
    assert code == 0 and token.startswith(f"stk_{token_id}_") and len(token) > 40
    code, out, _ = run("tokens", "list", "--lang", "en")
    assert code == 0 and token_id in out and token not in out
    code, out, _ = run("tokens", "revoke", token_id)
    assert code == 0 and f"token {token_id} van anna ingetrokken" in out
    code, out, _ = run("users", "list", "--lang", "en")
    assert code == 0 and "planner" in out and "AM" in out
    code, out, _ = run("users", "remove", "anna")
    assert code == 0 and "verwijderd" in out
    con = connect(backend)
    try:
        hashes = [r[0] for r in con.execute("SELECT token_hash FROM api_tokens").fetchall()]
        assert hashes == []  # removed with the account
        lines = con.execute("SELECT user_name, action, outcome FROM audit_log ORDER BY id"
                            ).fetchall()
    finally:
        con.close()
    actions = [a for _, a, _ in lines]
    assert actions == ["import", "user.add", "user.grant", "token.create", "token.revoke",
                       "user.remove"]
    assert all(u.startswith("cli") and o == "ok" for u, _, o in lines)
    code, out, _ = run("audit", "--action", "token.create")
    assert code == 0 and "token.create" in out and "user.add" not in out
    assert hashlib.sha256(token.encode()).hexdigest() not in out and token not in out
    code, _, err = run("audit", "--since", "gisteren")
    assert code == 2 and "verwacht een datum JJJJ-MM-DD" in err
