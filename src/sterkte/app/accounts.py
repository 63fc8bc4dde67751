"""Accounts, roles, API tokens, sessions and the audit trail: the rules.

Roles: ``viewer`` (lezer) reads; ``planner`` also starts scenario and roster runs;
``admin`` (beheerder) also manages accounts and reads the audit trail. An account may be
limited to units (``--unit AM``: national aggregates and everything of unit AM and its
teams) and to teams (``--team T``: national aggregates, the team's own capacity and
rosters, and its unit's page); without either it sees everything.

Passwords are kept as argon2id hashes (argon2-cffi); a token or a session cookie only as
its SHA-256 (they are long random strings, so a fast hash is enough, and a stolen store
gives no way in). Every login (success and failure), token use, run, account change and
import goes to the audit trail with who, when, what and the outcome, never a password or
a token. Times are UTC.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import re
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from sterkte.errors import Msg, SterkteError
from sterkte.org import NATIONAL, national_police
from sterkte.parameters import ParameterSet
from sterkte.store import accounts as db
from sterkte.store.db import (
    Connection,
    StoreLocation,
    connect,
    open_store,
    resolve_db_path,
    wait_seconds,
)
from sterkte.store.norm_data import team_units

ROLES = ("viewer", "planner", "admin")
# The Dutch names the CLI accepts too (and prints by default).
ROLE_ALIASES = {"lezer": "viewer", "beheerder": "admin", "planner": "planner",
                "viewer": "viewer", "admin": "admin"}
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
TOKEN_PREFIX = "stk_"
# Who the audit trail names for a dashboard without accounts (anyone who reached it).
OPEN_ACTOR = "(open dashboard)"
_hasher = PasswordHasher()  # argon2id with the library's (RFC 9106 low-memory) defaults


class AccountError(SterkteError):
    """A bad account operation: an unknown account, role, unit or team."""


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def cli_actor() -> str:
    """Who runs a command, for the audit trail: the operating-system account."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


@dataclass(frozen=True)
class Principal:
    """Who a request or command acts for, and what they may see."""

    name: str
    role: str
    units: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    via: str = "session"  # session, token; "open" when the store has no accounts
    csrf: str = ""  # the session's form token ('' for a token or an open dashboard)
    team_unit: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def national(self) -> bool:
        """Sees everything (no unit or team limit)."""
        return not self.units and not self.teams

    @property
    def may_run(self) -> bool:
        return self.role in ("planner", "admin")

    @property
    def admin(self) -> bool:
        return self.role == "admin"

    def sees_unit(self, code: str) -> bool:
        if self.national or code == NATIONAL:
            return True
        return code in self.units or code in {self.team_unit.get(t) for t in self.teams}

    def sees_team(self, team: str) -> bool:
        return (self.national or team in self.teams
                or self.team_unit.get(team, _unit_in_code(team)) in self.units)


def _unit_in_code(team: str) -> str | None:
    """The unit a team code names (``syn-AM-D1-T01`` → AM) when the store does not say."""
    m = re.match(r"^(?:[a-z]+-)?([A-Z]{2,5})-", team)
    return m.group(1) if m else None


def role_of(text: str) -> str:
    role = ROLE_ALIASES.get(text.strip().lower())
    if role is None:
        raise AccountError(Msg(
            f"--role {text!r}: verwacht een van lezer (viewer), planner, beheerder (admin)",
            f"--role {text!r}: expected one of viewer (lezer), planner, "
            "admin (beheerder)"))
    return role


def check_name(name: str) -> str:
    if not NAME.match(name):
        raise AccountError(Msg(
            f"accountnaam {name!r}: verwacht letters, cijfers en . _ @ - (hoogstens 64, "
            "beginnend met een letter of cijfer)",
            f"account name {name!r}: expected letters, digits and . _ @ - "
            "(at most 64, starting with a letter or digit)"))
    return name


def check_password(password: str) -> str:
    if len(password) < 12:
        raise AccountError(Msg("wachtwoord: verwacht ten minste 12 tekens",
                               "password: expected at least 12 characters"))
    return password


def unit_codes(values: Sequence[str]) -> tuple[str, ...]:
    tree = national_police()
    codes = []
    for v in values:
        unit = tree.find(v) or tree.find(v.upper())
        if unit is None or unit.code not in tree.children(NATIONAL):
            listed = ", ".join(tree.children(NATIONAL))
            raise AccountError(Msg(f"--unit {v!r}: onbekende eenheid; verwacht een van {listed}",
                                   f"--unit {v!r}: unknown unit; expected one of {listed}"))
        codes.append(unit.code)
    return tuple(dict.fromkeys(codes))


def team_codes(con: Connection, values: Sequence[str]) -> tuple[str, ...]:
    """Teams as the HR records name them (any team when the store has no HR records yet)."""
    known = team_units(con)
    for v in values:
        if known and v not in known:
            like = ", ".join(sorted(known)[:3])
            raise AccountError(Msg(
                f"--team {v!r}: dit team staat niet in de HR-gegevens van de opslag; teams "
                f"zien eruit als {like}",
                f"--team {v!r}: no such team in the store's HR records; teams "
                f"look like {like}"))
    return tuple(dict.fromkeys(values))


def hash_password(password: str) -> str:
    return _hasher.hash(check_password(password))


def add_user(con: Connection, name: str, role: str, *, units: Sequence[str] = (),
             teams: Sequence[str] = (), password: str | None = None,
             actor: str | None = None) -> db.UserRow:
    """Create an account (an error if it exists)."""
    check_name(name)
    if db.get_user(con, name) is not None:
        raise AccountError(Msg(
            f"account {name!r} bestaat al (wijzig het met `sterkte users grant`, `sterkte "
            "users passwd`)",
            f"account {name!r} exists already (change it with `sterkte users "
            "grant`, `sterkte users passwd`)"))
    row = db.UserRow(name, role_of(role), None if password is None else hash_password(password),
                     now(), unit_codes(units), team_codes(con, teams))
    db.put_user(con, row)
    _record(con, actor, "user.add", name, f"role={row.role} units={','.join(row.units)} "
            f"teams={','.join(row.teams)}")
    return row


def get_user(con: Connection, name: str) -> db.UserRow:
    row = db.get_user(con, name)
    if row is None:
        known = ", ".join(u.name for u in db.list_users(con))
        raise AccountError(Msg(f"geen account {name!r}; accounts: {known or 'nog geen'}",
                               f"no account {name!r}; accounts: {known or 'none yet'}"))
    return row


def grant(con: Connection, name: str, *, role: str | None = None,
          units: Sequence[str] | None = None, teams: Sequence[str] | None = None,
          actor: str | None = None) -> db.UserRow:
    """Change an account's role and/or replace its units or teams (``[]``: no limit)."""
    old = get_user(con, name)
    row = db.UserRow(name, role_of(role) if role else old.role, old.password_hash,
                     old.created_at, old.units if units is None else unit_codes(units),
                     old.teams if teams is None else team_codes(con, teams))
    db.put_user(con, row)
    _record(con, actor, "user.grant", name, f"role={row.role} units={','.join(row.units)} "
            f"teams={','.join(row.teams)}")
    return row


def set_password(con: Connection, name: str, password: str, actor: str | None = None) -> None:
    """A new password; the account's sessions end (a password is reset because it leaked:
    whoever logged in with the old one must not stay in). Its API tokens stay: revoke
    them with `sterkte tokens revoke`."""
    old = get_user(con, name)
    db.put_user(con, db.UserRow(old.name, old.role, hash_password(password), old.created_at,
                                old.units, old.teams), end_sessions=True)
    _record(con, actor, "user.passwd", name, "")


def remove_user(con: Connection, name: str, actor: str | None = None) -> None:
    get_user(con, name)
    db.remove_user(con, name)
    _record(con, actor, "user.remove", name, "")


def create_token(con: Connection, name: str, actor: str | None = None) -> tuple[str, str]:
    """A new API token for the account: (its id, the token). Only its hash is kept: the
    token is shown once."""
    get_user(con, name)
    token_id = secrets.token_hex(4)
    token = f"{TOKEN_PREFIX}{token_id}_{secrets.token_urlsafe(32)}"
    db.add_token(con, token_id, name, sha256(token), now())
    _record(con, actor, "token.create", name, f"token={token_id}")
    return token_id, token


def revoke_token(con: Connection, token_id: str, actor: str | None = None) -> str:
    """Revoke a token by its id; the account it belonged to."""
    owner = db.revoke_token(con, token_id, now())
    if owner is None:
        raise AccountError(Msg(
            f"geen geldig token {token_id!r} (`sterkte tokens list` toont ze)",
            f"no live token {token_id!r} (`sterkte tokens list` shows them)"))
    _record(con, actor, "token.revoke", owner, f"token={token_id}")
    return owner


def _record(con: Connection, actor: str | None, action: str, target: str, detail: str,
            outcome: str = "ok", address: str = "") -> None:
    what = f"{target} {detail}".strip()
    db.audit(con, now(), actor or cli_actor(), action, what, outcome, address)


def record(con: Connection, actor: str | None, action: str, target: str,
           outcome: str = "ok", address: str = "") -> None:
    """One line in the audit trail (``actor`` None: the command line's user)."""
    _record(con, actor, action, target, "", outcome, address)


def principal(con: Connection, row: db.UserRow, via: str, csrf: str = "") -> Principal:
    return Principal(row.name, row.role, row.units, row.teams, via, csrf,
                     team_units(con) if row.teams or row.units else {})


# --- logging in (the dashboard) ------------------------------------------------------

@dataclass(frozen=True)
class Login:
    """The outcome of a login: a session (its cookie value and CSRF token) or why not."""

    session: str = ""
    csrf: str = ""
    refused: str = ""  # "", "bad" (name or password), "slowed" (too many failures)
    minutes: int = 0  # how long a slowed account waits


def settings(on: dt.date | None = None) -> dict[str, float]:
    """The dashboard's limits (parameters ``web/…``), on ``on`` (default today)."""
    params = ParameterSet.bundled(engine="web")
    day = on or dt.date.today()
    return {name.removeprefix("web_"): params[name].number(day) for name in params}


def login(con: Connection, name: str, password: str, address: str) -> Login:
    """Check a name and password; a new session when right. Failures are recorded and,
    past ``web_login_failures`` within ``web_login_failure_minutes``, refused without
    checking the password (slowed down) until that time has passed."""
    limits = settings()
    minutes = int(limits["login_failure_minutes"])
    at = now()
    row = db.get_user(con, name) if NAME.match(name) else None
    target = name if NAME.match(name) else "(invalid name)"
    if db.failures_since(con, target, at - dt.timedelta(minutes=minutes)) >= \
            limits["login_failures"]:
        db.audit(con, at, None, "login", target, "slowed", address)
        return Login(refused="slowed", minutes=minutes)
    ok = False
    if row is not None and row.password_hash:
        try:
            ok = _hasher.verify(row.password_hash, password)
        except (VerificationError, InvalidHashError):
            ok = False
    else:
        _hasher.hash("x" * 12)  # as slow as a real check: no telling which names exist
    if not ok:
        db.audit(con, at, None, "login", target, "failed", address)
        return Login(refused="bad")
    session, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    db.add_session(con, sha256(session), name, csrf, at,
                   at + dt.timedelta(hours=limits["session_hours"]))
    db.audit(con, at, name, "login", name, "ok", address)
    return Login(session=session, csrf=csrf)


def logout(con: Connection, session: str, who: str, address: str) -> None:
    db.end_session(con, sha256(session))
    db.audit(con, now(), who, "logout", who, "ok", address)


def session_principal(con: Connection, session: str) -> Principal | None:
    found = db.get_session(con, sha256(session), now())
    if found is None:  # a login through the identity provider (sterkte.app.oidc)?
        other = db.get_oidc_session(con, sha256(session), now())
        if other is None:
            return None
        return Principal(other.user, other.role, other.units, other.teams, "session",
                         other.csrf, team_units(con) if other.units or other.teams else {})
    row = db.get_user(con, found[0])
    return principal(con, row, "session", found[1]) if row else None


def token_principal(con: Connection, token: str) -> tuple[str, Principal] | None:
    """(token id, who) for a live API token."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    found = db.token_owner(con, sha256(token))
    if found is None:
        return None
    row = db.get_user(con, found[1])
    return (found[0], principal(con, row, "token")) if row else None


# --- the store, opened for the dashboard's bookkeeping --------------------------------

def store_has_accounts(location: StoreLocation) -> bool:
    """Whether the store has accounts (then the dashboard asks everyone to log in)."""
    con = connect(location, read_only=True)
    try:
        return db.has_users(con)
    finally:
        con.close()


@contextmanager
def writable(location: StoreLocation, wait: float | None = None) -> Iterator[Connection]:
    """The store opened for writing without changing its schema (the dashboard: a
    store that needs upgrading is refused, as when reading). A file another process
    holds is waited for ``wait`` seconds (default 5, or ``$STERKTE_DB_WAIT``)."""
    from sterkte.store import migrations

    con = open_store(location, read_only=False,
                     wait=wait_seconds(5.0) if wait is None else wait)
    try:
        migrations.check_readable(con, str(location))
        yield con
    finally:
        con.close()


@contextmanager
def for_command(location: StoreLocation | str | None) -> Iterator[Connection]:
    """The store opened (and brought up to date) for an account command."""
    con = connect(location)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def audited(location: StoreLocation | str | None, action: str, target: str) -> Iterator[None]:
    """Record a command (an import) in the store's audit trail with its outcome: ``ok``,
    ``failed: …`` (the message's start) or ``interrupted``. The command's own error is
    raised as it was; a store that cannot take the line does not fail the command."""
    outcome = "ok"
    try:
        yield
    except SterkteError as exc:
        outcome = f"failed: {str(exc)[:200]}"
        raise
    except KeyboardInterrupt:
        outcome = "interrupted"
        raise
    finally:
        where = resolve_db_path(location)
        if where.exists():  # a failed first import leaves no store behind: nor does this
            try:
                con = connect(where, wait=1.0)
                try:
                    record(con, None, action, target[:500], outcome)
                finally:
                    con.close()
            except SterkteError:
                pass
