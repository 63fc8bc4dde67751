"""Version 6: accounts and roles, API tokens, sessions, the audit trail, and the
dashboard's background runs.

- ``users``: one row per account: its role (``viewer``, ``planner``, ``admin``) and an
  argon2id hash of its password (NULL: the account logs in with tokens only);
- ``user_scopes``: the units and teams an account is limited to (none: national);
- ``api_tokens``: only the SHA-256 of each token (the token itself is shown once);
- ``sessions``: browser sessions by the SHA-256 of the cookie, with the CSRF token of
  the session's forms and when it expires;
- ``audit_log``: append-only (sterkte never updates or deletes a row): who, when,
  what, the outcome; never a password or a token;
- ``jobs``: scenario and roster runs started from the dashboard: owner, state, queue
  order, progress, and the result (JSON text) until it expires.
"""

from __future__ import annotations

DESCRIPTION = "accounts, roles, API tokens, sessions, audit trail, background runs"
DESCRIPTION_NL = "accounts, rollen, API-tokens, sessies, audittrail, achtergrondruns"

TABLES = ("users", "user_scopes", "api_tokens", "sessions", "audit_log", "jobs")


def statements() -> list[str]:
    return [
        """CREATE TABLE IF NOT EXISTS users (
            name VARCHAR PRIMARY KEY,
            role VARCHAR NOT NULL,
            password_hash VARCHAR,
            created_at TIMESTAMP NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS user_scopes (
            user_name VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,
            code VARCHAR NOT NULL,
            PRIMARY KEY (user_name, kind, code))""",
        """CREATE TABLE IF NOT EXISTS api_tokens (
            id VARCHAR PRIMARY KEY,
            user_name VARCHAR NOT NULL,
            token_hash VARCHAR NOT NULL UNIQUE,
            created_at TIMESTAMP NOT NULL,
            revoked_at TIMESTAMP)""",
        """CREATE TABLE IF NOT EXISTS sessions (
            id_hash VARCHAR PRIMARY KEY,
            user_name VARCHAR NOT NULL,
            csrf VARCHAR NOT NULL,
            created_at TIMESTAMP NOT NULL,
            expires_at TIMESTAMP NOT NULL)""",
        "CREATE SEQUENCE IF NOT EXISTS audit_log_seq",
        """CREATE TABLE IF NOT EXISTS audit_log (
            id BIGINT PRIMARY KEY,
            logged_at TIMESTAMP NOT NULL,
            user_name VARCHAR,
            action VARCHAR NOT NULL,
            target VARCHAR NOT NULL,
            outcome VARCHAR NOT NULL,
            address VARCHAR NOT NULL)""",
        "CREATE SEQUENCE IF NOT EXISTS jobs_seq",
        """CREATE TABLE IF NOT EXISTS jobs (
            id VARCHAR PRIMARY KEY,
            seq BIGINT NOT NULL,
            kind VARCHAR NOT NULL,
            owner VARCHAR NOT NULL,
            status VARCHAR NOT NULL,
            params VARCHAR NOT NULL,
            created_at TIMESTAMP NOT NULL,
            started_at TIMESTAMP,
            finished_at TIMESTAMP,
            expires_at TIMESTAMP,
            done INTEGER NOT NULL,
            total INTEGER NOT NULL,
            error VARCHAR NOT NULL,
            result VARCHAR)""",
    ]
