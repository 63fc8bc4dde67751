"""Version 7: browser sessions of logins through an organisation's identity provider
(OpenID Connect).

Such a person has no row in ``users``: the provider vouches for them, and the
dashboard's group mapping gives the role and scope at login. ``oidc_sessions`` keeps, per
session (by the SHA-256 of the cookie, as ``sessions``), the name, the role, the units
and teams it was given (comma-separated; empty: national), the provider and the CSRF
token of its forms. A change to the mapping or to the person's groups takes effect at
their next login.
"""

from __future__ import annotations

DESCRIPTION = "sessions of logins through an identity provider (OpenID Connect)"
DESCRIPTION_NL = "sessies van logins via een identiteitsprovider (OpenID Connect)"

TABLES = ("oidc_sessions",)


def statements() -> list[str]:
    return [
        """CREATE TABLE IF NOT EXISTS oidc_sessions (
            id_hash VARCHAR PRIMARY KEY,
            user_name VARCHAR NOT NULL,
            role VARCHAR NOT NULL,
            units VARCHAR NOT NULL,
            teams VARCHAR NOT NULL,
            provider VARCHAR NOT NULL,
            csrf VARCHAR NOT NULL,
            created_at TIMESTAMP NOT NULL,
            expires_at TIMESTAMP NOT NULL)""",
    ]
