"""Accounts, their scopes, API tokens, sessions and the audit trail: the SQL.

Plain rows in, plain rows out; hashing and the rules live in :mod:`sterkte.app.accounts`.
Times are naive UTC. Changes to accounts are data writes (counted, so a running
dashboard notices them at once); sessions and the audit trail are the dashboard's own
bookkeeping (``transaction(data=False)``). The audit trail is append-only: nothing here
updates or deletes one of its rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sterkte.store.db import Connection, transaction


@dataclass(frozen=True)
class UserRow:
    name: str
    role: str
    password_hash: str | None
    created_at: dt.datetime
    units: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime
    user: str | None
    action: str
    target: str
    outcome: str
    address: str


def has_users(con: Connection) -> bool:
    row = con.execute("SELECT COUNT(*) FROM users").fetchone()
    return bool(row and row[0])


def _scopes(con: Connection, name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    rows = con.execute("SELECT kind, code FROM user_scopes WHERE user_name = ? "
                       "ORDER BY kind, code", [name]).fetchall()
    return (tuple(c for k, c in rows if k == "unit"), tuple(c for k, c in rows if k == "team"))


def get_user(con: Connection, name: str) -> UserRow | None:
    row = con.execute("SELECT name, role, password_hash, created_at FROM users "
                      "WHERE name = ?", [name]).fetchone()
    if row is None:
        return None
    units, teams = _scopes(con, name)
    return UserRow(row[0], row[1], row[2], row[3], units, teams)


def list_users(con: Connection) -> list[UserRow]:
    names = [r[0] for r in con.execute("SELECT name FROM users ORDER BY name").fetchall()]
    return [u for u in (get_user(con, n) for n in names) if u is not None]


def put_user(con: Connection, user: UserRow, *, end_sessions: bool = False) -> None:
    """Insert or replace the account and its scopes, in one transaction; with
    ``end_sessions`` its sessions end in it too (a new password)."""
    with transaction(con):
        if end_sessions:
            con.execute("DELETE FROM sessions WHERE user_name = ?", [user.name])
        con.execute("DELETE FROM user_scopes WHERE user_name = ?", [user.name])
        con.execute("DELETE FROM users WHERE name = ?", [user.name])
        con.execute("INSERT INTO users VALUES (?, ?, ?, ?)",
                    [user.name, user.role, user.password_hash, user.created_at])
        for kind, codes in (("unit", user.units), ("team", user.teams)):
            for code in codes:
                con.execute("INSERT INTO user_scopes VALUES (?, ?, ?)", [user.name, kind, code])


def remove_user(con: Connection, name: str) -> bool:
    """Remove the account, its scopes, tokens and sessions; False when there was none."""
    with transaction(con):
        if con.execute("SELECT 1 FROM users WHERE name = ?", [name]).fetchone() is None:
            return False
        for table, column in (("user_scopes", "user_name"), ("api_tokens", "user_name"),
                              ("sessions", "user_name"), ("users", "name")):
            con.execute(f"DELETE FROM {table} WHERE {column} = ?", [name])
    return True


def add_token(con: Connection, token_id: str, user: str, token_hash: str,
              at: dt.datetime) -> None:
    with transaction(con):
        con.execute("INSERT INTO api_tokens VALUES (?, ?, ?, ?, NULL)",
                    [token_id, user, token_hash, at])


def revoke_token(con: Connection, token_id: str, at: dt.datetime) -> str | None:
    """Revoke the token; the account it belonged to, or None when no such live token."""
    with transaction(con):
        row = con.execute("SELECT user_name FROM api_tokens WHERE id = ? AND revoked_at IS "
                          "NULL", [token_id]).fetchone()
        if row is None:
            return None
        con.execute("UPDATE api_tokens SET revoked_at = ? WHERE id = ?", [at, token_id])
    return str(row[0])


def list_tokens(con: Connection, user: str | None = None
                ) -> list[tuple[str, str, dt.datetime, dt.datetime | None]]:
    """(id, account, created, revoked) per token, oldest first."""
    where, args = ("WHERE user_name = ?", [user]) if user else ("", [])
    rows = con.execute(f"SELECT id, user_name, created_at, revoked_at FROM api_tokens {where} "
                       "ORDER BY created_at, id", args).fetchall()
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def token_owner(con: Connection, token_hash: str) -> tuple[str, str] | None:
    """(token id, account) of a live token with this hash."""
    row = con.execute("SELECT t.id, t.user_name FROM api_tokens t JOIN users u ON "
                      "u.name = t.user_name WHERE t.token_hash = ? AND t.revoked_at IS NULL",
                      [token_hash]).fetchone()
    return (row[0], row[1]) if row else None


def add_session(con: Connection, id_hash: str, user: str, csrf: str, at: dt.datetime,
                expires: dt.datetime) -> None:
    with transaction(con, data=False):
        con.execute("DELETE FROM sessions WHERE expires_at < ?", [at])
        con.execute("INSERT INTO sessions VALUES (?, ?, ?, ?, ?)",
                    [id_hash, user, csrf, at, expires])


def get_session(con: Connection, id_hash: str, now: dt.datetime) -> tuple[str, str] | None:
    """(account, CSRF token) of a live session."""
    row = con.execute("SELECT s.user_name, s.csrf FROM sessions s JOIN users u ON "
                      "u.name = s.user_name WHERE s.id_hash = ? AND s.expires_at > ?",
                      [id_hash, now]).fetchone()
    return (row[0], row[1]) if row else None


def end_session(con: Connection, id_hash: str) -> None:
    with transaction(con, data=False):
        con.execute("DELETE FROM sessions WHERE id_hash = ?", [id_hash])
        con.execute("DELETE FROM oidc_sessions WHERE id_hash = ?", [id_hash])


@dataclass(frozen=True)
class OidcSession:
    """A session of a login through an identity provider: who, with the role and scope
    the group mapping gave at login."""

    user: str
    role: str
    units: tuple[str, ...]
    teams: tuple[str, ...]
    provider: str
    csrf: str


def add_oidc_session(con: Connection, id_hash: str, session: OidcSession, at: dt.datetime,
                     expires: dt.datetime) -> None:
    with transaction(con, data=False):
        con.execute("DELETE FROM oidc_sessions WHERE expires_at < ?", [at])
        con.execute("INSERT INTO oidc_sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [id_hash, session.user, session.role, ",".join(session.units),
                     ",".join(session.teams), session.provider, session.csrf, at, expires])


def get_oidc_session(con: Connection, id_hash: str, now: dt.datetime) -> OidcSession | None:
    row = con.execute("SELECT user_name, role, units, teams, provider, csrf FROM "
                      "oidc_sessions WHERE id_hash = ? AND expires_at > ?",
                      [id_hash, now]).fetchone()
    if row is None:
        return None
    return OidcSession(row[0], row[1], tuple(c for c in row[2].split(",") if c),
                       tuple(c for c in row[3].split(",") if c), row[4], row[5])


def audit(con: Connection, at: dt.datetime, user: str | None, action: str, target: str,
          outcome: str, address: str) -> None:
    """Append one line to the audit trail, in its own transaction."""
    with transaction(con, data=False):
        con.execute("INSERT INTO audit_log VALUES (nextval('audit_log_seq'), ?, ?, ?, ?, ?, ?)",
                    [at, user, action, target, outcome, address])


def audit_lines(con: Connection, since: dt.datetime | None = None, user: str | None = None,
                action: str | None = None, limit: int | None = None) -> list[AuditRow]:
    """The audit trail, oldest first (the last ``limit`` lines when given)."""
    where, args = ["1 = 1"], []
    filters = (("logged_at >= ?", since), ("user_name = ?", user), ("action = ?", action))
    for clause, value in filters:
        if value is not None:
            where.append(clause)
            args.append(value)
    order = "DESC" if limit else "ASC"
    tail = f" LIMIT {int(limit)}" if limit else ""
    rows = con.execute("SELECT id, logged_at, user_name, action, target, outcome, address FROM "
                       f"audit_log WHERE {' AND '.join(where)} ORDER BY id {order}{tail}",
                       args).fetchall()
    out = [AuditRow(*r) for r in rows]
    return sorted(out, key=lambda r: r.id)


def failures_since(con: Connection, user: str, since: dt.datetime) -> int:
    """Failed logins of ``user`` since the last success after ``since``."""
    rows = con.execute("SELECT outcome FROM audit_log WHERE action = 'login' AND target = ? "
                       "AND logged_at >= ? ORDER BY id DESC", [user, since]).fetchall()
    count = 0
    for (outcome,) in rows:
        if outcome == "ok":
            break
        count += 1
    return count
