"""Logins through an organisation's identity provider (OpenID Connect): the settings,
the mapping of the provider's groups to roles and scope, and the session a login gives.

The administrator writes the settings in a YAML or TOML file (``sterkte serve --oidc
FILE``; docs/deploy.md): the provider's issuer, this dashboard's client id (and where
its secret is), the claims that carry the name and the groups, and the **group
mapping**: a list of rules, each a group with a role (viewer|planner|admin, or lezer,
beheerder) and optionally units and teams. A person gets the role and scope of the
*first* rule whose group they are in (order the rules from most to fewest rights); a
person in none of them is refused. The protocol itself (authorization code with PKCE,
the ID token's signature, issuer, audience, expiry and nonce) is
:mod:`sterkte.web.oidc_flow`.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from sterkte.app.accounts import (
    ROLE_ALIASES,
    AccountError,
    Login,
    now,
    settings,
    sha256,
    unit_codes,
)
from sterkte.errors import InputError, Msg, os_reason
from sterkte.store import accounts as db
from sterkte.store.db import Connection

TOKEN_AUTH = ("client_secret_basic", "client_secret_post", "none")
# Asymmetric signatures only: the provider's public keys (JWKS) check them. HS256 would
# make the client secret a signing key, and "none" is no signature at all.
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384",
              "ES512", "EdDSA")
_KEYS = {"provider", "issuer", "client_id", "client_secret_env", "client_secret_file",
         "token_auth", "scopes", "username_claim", "groups_claim", "redirect_uri",
         "ca_file", "clock_skew_seconds", "groups"}


@dataclass(frozen=True)
class GroupRule:
    """One line of the mapping: members of ``group`` get ``role`` within the scope."""

    group: str
    role: str
    units: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()


@dataclass(frozen=True)
class OidcSettings:
    """The identity provider and the group mapping (from the administrator's file)."""

    provider: str  # its name on the login page: "Inloggen via <provider>"
    issuer: str
    client_id: str
    client_secret: str | None
    token_auth: str
    scopes: tuple[str, ...]
    username_claim: str
    groups_claim: str
    redirect_uri: str | None  # None: this dashboard's address as the request shows it
    ca_file: str | None  # a CA bundle for a provider with an internal certificate
    clock_skew_seconds: int  # tolerated difference between the provider's clock and ours
    rules: tuple[GroupRule, ...]
    source: str = ""


def _bad(source: str, field: str, nl: str, en: str) -> InputError:
    return InputError.at(source, Msg(nl, en), field=field)


def _text(raw: Mapping[str, Any], key: str, source: str, default: str | None = None) -> str:
    value = raw.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise _bad(source, key,
                   "verwacht een tekst" + ("" if default is None else
                                           f" (standaard {default!r})"),
                   "expected a text" + ("" if default is None else f" (default {default!r})"))
    return value.strip()


def _texts(value: Any, source: str, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _bad(source, field, "verwacht een lijst van teksten", "expected a list of texts")
    return tuple(value)


def _url(value: str, source: str, field: str) -> str:
    """https, or http on this machine only (a test provider; never a real one)."""
    parts = urlsplit(value)
    local = parts.hostname in ("127.0.0.1", "localhost", "::1")
    if parts.scheme != "https" and not (parts.scheme == "http" and local):
        raise _bad(source, field, f"{value!r}: verwacht een https://-adres",
                   f"{value!r}: expected an https:// address")
    return value


def _rule(raw: Any, n: int, source: str) -> GroupRule:
    field = f"groups[{n}]"
    if not isinstance(raw, dict) or not isinstance(raw.get("group"), str) or not raw["group"]:
        raise _bad(source, field, "verwacht {group: NAAM, role: viewer|planner|admin, "
                   "units: [..], teams: [..]}", "expected {group: NAME, role: "
                   "viewer|planner|admin, units: [..], teams: [..]}")
    unknown = set(raw) - {"group", "role", "units", "teams"}
    if unknown:
        listed = ", ".join(sorted(unknown))
        raise _bad(source, field, f"onbekende sleutel(s) {listed}; verwacht group, role, units, "
                   "teams", f"unknown key(s) {listed}; expected group, role, units, teams")
    role = ROLE_ALIASES.get(str(raw.get("role", "")).strip().lower())
    if role is None:
        raise _bad(source, f"{field}.role", f"{raw.get('role')!r}: verwacht lezer (viewer), "
                   "planner of beheerder (admin)", f"{raw.get('role')!r}: expected viewer "
                   "(lezer), planner or admin (beheerder)")
    try:
        units = unit_codes(_texts(raw.get("units"), source, f"{field}.units"))
    except AccountError as exc:
        raise _bad(source, f"{field}.units", exc.render("nl").removeprefix("--unit "),
                   exc.render("en").removeprefix("--unit ")) from None
    return GroupRule(raw["group"], role, units, _texts(raw.get("teams"), source,
                                                       f"{field}.teams"))


def _secret(raw: Mapping[str, Any], source: str) -> str | None:
    """The client secret from an environment variable or a file (never the settings
    file itself, which is often kept in version control)."""
    if "client_secret_env" in raw:
        name = _text(raw, "client_secret_env", source)
        value = os.environ.get(name)
        if not value:
            raise _bad(source, "client_secret_env", f"de omgevingsvariabele {name} is niet "
                       "gezet (zij bevat het clientgeheim)", f"the environment variable {name} "
                       "is not set (it holds the client secret)")
        return value
    if "client_secret_file" in raw:
        path = Path(_text(raw, "client_secret_file", source))
        try:
            return path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise _bad(source, "client_secret_file", f"kan {path} niet lezen: {os_reason(exc)}",
                       f"cannot read {path}: {exc.strerror}") from None
    return None


def parse_settings(raw: Any, source: str) -> OidcSettings:
    """The settings from a parsed YAML/TOML document; an :class:`InputError` naming the
    file and field when something is missing or wrong."""
    if isinstance(raw, dict) and isinstance(raw.get("oidc"), dict):
        raw = raw["oidc"]  # a TOML file with an [oidc] table
    if not isinstance(raw, dict):
        raise _bad(source, "", "verwacht de OpenID Connect-instellingen (issuer, client_id, "
                   "groups, …; docs/deploy.md)", "expected the OpenID Connect settings "
                   "(issuer, client_id, groups, …; docs/deploy.md)")
    unknown = set(raw) - _KEYS
    if unknown:
        keys = ", ".join(sorted(_KEYS))
        raise _bad(source, ", ".join(sorted(unknown)), f"onbekende instelling; verwacht {keys}",
                   f"unknown setting; expected {keys}")
    secret = _secret(raw, source)
    token_auth = _text(raw, "token_auth", source,
                       "client_secret_basic" if secret else "none")
    if token_auth not in TOKEN_AUTH:
        listed = ", ".join(TOKEN_AUTH)
        raise _bad(source, "token_auth", f"{token_auth!r}: verwacht een van {listed}",
                   f"{token_auth!r}: expected one of {listed}")
    if token_auth != "none" and not secret:
        raise _bad(source, "token_auth", f"{token_auth} heeft een clientgeheim nodig "
                   "(client_secret_env of client_secret_file)", f"{token_auth} needs a client "
                   "secret (client_secret_env or client_secret_file)")
    rules = raw.get("groups")
    if not isinstance(rules, list) or not rules:
        raise _bad(source, "groups", "verwacht een lijst van regels {group, role, units, "
                   "teams}: zonder regel kan niemand inloggen", "expected a list of rules "
                   "{group, role, units, teams}: without one nobody can log in")
    scopes = _texts(raw.get("scopes", ["openid", "profile", "email"]), source, "scopes")
    if "openid" not in scopes:
        raise _bad(source, "scopes", "moet openid bevatten", "must include openid")
    skew = raw.get("clock_skew_seconds", 60)
    if not isinstance(skew, int) or isinstance(skew, bool) or not 0 <= skew <= 600:
        raise _bad(source, "clock_skew_seconds", f"{skew!r}: verwacht hele seconden, 0 tot 600",
                   f"{skew!r}: expected whole seconds, 0 to 600")
    redirect = raw.get("redirect_uri")
    ca_file = raw.get("ca_file")
    if ca_file is not None and not Path(str(ca_file)).is_file():
        raise _bad(source, "ca_file", f"{ca_file!r}: bestand niet gevonden",
                   f"{ca_file!r}: no such file")
    return OidcSettings(
        provider=_text(raw, "provider", source), issuer=_url(_text(raw, "issuer", source),
                                                              source, "issuer"),
        client_id=_text(raw, "client_id", source), client_secret=secret,
        token_auth=token_auth, scopes=scopes,
        username_claim=_text(raw, "username_claim", source, "preferred_username"),
        groups_claim=_text(raw, "groups_claim", source, "groups"),
        redirect_uri=None if redirect is None else _url(str(redirect), source, "redirect_uri"),
        ca_file=None if ca_file is None else str(ca_file), clock_skew_seconds=skew,
        rules=tuple(_rule(r, n, source) for n, r in enumerate(rules)), source=source)


def load_settings(path: Path | str) -> OidcSettings:
    """The settings file: ``.toml`` as TOML, anything else as YAML."""
    where = Path(path)
    try:
        text = where.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError.at(str(where), Msg(
            f"kan de OpenID Connect-instellingen niet lezen: {os_reason(exc)}",
            f"cannot read the OpenID Connect settings: {exc.strerror}")) from None
    try:
        raw = tomllib.loads(text) if where.suffix == ".toml" else yaml.safe_load(text)
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        kind = "TOML" if where.suffix == ".toml" else "YAML"
        raise InputError.at(str(where), Msg(f"geen geldige {kind}: {exc}",
                                            f"not valid {kind}: {exc}")) from None
    return parse_settings(raw, str(where))


def claim(claims: Mapping[str, Any], name: str) -> Any:
    """A claim by its name, or by a dotted path into nested claims (Keycloak's
    ``realm_access.roles``) when no claim has the whole name (ADFS's claim types are
    URLs with dots)."""
    if name in claims:
        return claims[name]
    value: Any = claims
    for part in name.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def groups_of(claims: Mapping[str, Any], settings: OidcSettings) -> tuple[str, ...]:
    """The groups the ID token names (one text or a list of texts)."""
    value = claim(claims, settings.groups_claim)
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(v for v in value if isinstance(v, str))
    return ()


def match(groups: Sequence[str], settings: OidcSettings) -> GroupRule | None:
    """The first rule whose group the person is in, or None (refused)."""
    have = set(groups)
    return next((r for r in settings.rules if r.group in have), None)


def refused(con: Connection, who: str, provider: str, reason: str, address: str) -> None:
    """A login through the provider that did not give a session, in the audit trail."""
    db.audit(con, now(), None, "login", f"{who} oidc={provider}"[:500], f"failed: {reason}",
             address)


def start_session(con: Connection, name: str, rule: GroupRule, provider: str,
                  address: str) -> Login:
    """A session for ``name``, with the rule's role and scope; the login in the audit
    trail (as a local login: ``login``, ``ok``)."""
    at = now()
    session, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    hours = settings()["session_hours"]
    db.add_oidc_session(con, sha256(session),
                        db.OidcSession(name, rule.role, rule.units, rule.teams, provider, csrf),
                        at, at + dt.timedelta(hours=hours))
    db.audit(con, at, name, "login", f"{name} oidc={provider} group={rule.group}"[:500], "ok",
             address)
    return Login(session=session, csrf=csrf)
