"""Who may do what on the dashboard and API, when the store has accounts.

- **Who** (:func:`authenticate`, HTTP middleware): ``Authorization: Bearer TOKEN`` or the
  session cookie. Without either, ``/api/…`` and ``/openapi.json`` answer 401 and pages
  redirect to ``/login``; the login page and static files are open. A store without any
  account leaves the dashboard open, as on a laptop (every page says so).
- **Cross-site requests** are refused (403) before anything else, accounts or not: a
  state-changing request whose ``Origin`` (or, without one, ``Sec-Fetch-Site``) is
  another site's. A form or fetch from a session also carries the session's CSRF token.
- **What** (:func:`check_access`, a dependency of every API and page route): a unit
  (``/units/AM``, ``?unit=AM``) or team (``?team=…``) outside the account's scope is a
  403; starting a run needs the planner or admin role.

Accounts, tokens and sessions are read from the store and kept for
:data:`CACHE_SECONDS` (or until the store's data change: a revoked token or removed
account counts at once); a token's use is recorded in the audit trail when it is read
from the store, so at most once per that time per server process. A credential in use is
read again in the background shortly before it expires (:data:`REFRESH_SECONDS`), and
never by more than one request at a time.
"""

from __future__ import annotations

import contextvars
import ipaddress
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from sterkte.app import accounts
from sterkte.app.accounts import Principal
from sterkte.errors import Msg, SterkteError
from sterkte.report.labels import term
from sterkte.store import accounts as store
from sterkte.store.db import StoreBusy, StoreLocation
from sterkte.web import memo
from sterkte.web.errors import RETRY_AFTER, STORE_CODES, error_page, store_message
from sterkte.web.middleware import Kept
from sterkte.web.state import StoreState, StoreUnavailable

COOKIE = "sterkte_session"
# How long an account, token or session read from the store is trusted without reading it
# again. Not a policy number: it bounds how late a logout in *another* server process
# takes effect here (changes made with `sterkte users|tokens` take effect at once).
CACHE_SECONDS = 30.0
# From this age on, an entry is read again in the background on its next use (so that a
# busy client never waits for that read); it is still trusted until CACHE_SECONDS.
REFRESH_SECONDS = 0.8 * CACHE_SECONDS
OPEN = Principal("", "admin", via="open")
AUDIT_PATH = 200  # characters of a path kept in the audit trail (a URL may hold 60,000)
MAX_SEEN = 10_000  # credentials remembered at most (then the cache starts afresh)
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
PUBLIC = ("/login", "/static/")
SERVED = ("GET", "HEAD", "POST", "DELETE")  # the methods routes answer; others get a 405
OTHER_NAME = Msg(
    "Dit dashboard heeft geen accounts en is daarom alleen open voor deze computer: open het "
    "als http://127.0.0.1 of http://localhost (met het poortnummer), niet onder een andere "
    "naam.",
    "This dashboard has no accounts and is therefore open to this computer only: open it as "
    "http://127.0.0.1 or http://localhost (with the port number), not under another name.")
log = logging.getLogger("sterkte.web")
_current: contextvars.ContextVar[Principal | None] = contextvars.ContextVar(
    "sterkte_principal", default=None)


def current() -> Principal | None:
    """Who the request being answered is for (None outside a request)."""
    return _current.get()


class Accounts:
    """The store's accounts as the dashboard sees them, cached."""

    def __init__(self, location: StoreLocation, state: StoreState, *,
                 always: bool = False) -> None:
        self.location = location
        self._always = always  # logins through an identity provider: guarded without users
        self._state = state
        self._lock = threading.Lock()
        self._version: tuple[int, int] | None = None
        self._enabled: bool | None = None
        self._seen: dict[str, tuple[float, Principal | None]] = {}
        self.memo = memo.Memo()  # whole answers per credential (sterkte.web.memo)
        self._refreshing: set[str] = set()  # credentials being read again in the background
        self._reading: dict[str, threading.Lock] = {}  # one read per credential at a time
        self._epoch = 0  # raised when the store changes or a credential is forgotten

    def _check_version(self) -> None:
        try:
            version = self._state._watch.version()
        except SterkteError as exc:
            raise _unavailable(exc) from None
        if version != self._version:
            self._version, self._enabled, self._seen = version, None, {}
            self._epoch += 1

    def version(self) -> tuple[int, int] | None:
        """The store's version as this request read it, None when it cannot be read."""
        try:
            return self._state._watch.version()
        except SterkteError:
            return None

    def current(self, version: tuple[int, int]) -> bool:
        """Whether the figures (and every answer cached from them) are of ``version``."""
        return self._state.at(version)

    def cached(self) -> bool | None:
        """:meth:`enabled` when known without reading the store, else None."""
        with self._lock:
            try:
                self._check_version()
            except StoreUnavailable:
                return None
            return self._enabled

    def enabled(self) -> bool:
        """Whether the store has accounts (then every route needs one)."""
        with self._lock:
            self._check_version()
            if self._enabled is None:
                try:
                    with accounts.writable(self.location) as con:
                        self._enabled = self._always or store.has_users(con)
                except SterkteError as exc:  # unknown: refuse rather than open up
                    raise _unavailable(exc) from None
            return self._enabled

    def remembered(self, credential: str, kind: str, address: str = "", path: str = ""
                   ) -> tuple[bool, Principal | None]:
        """(True, the account) when :meth:`who` answers from memory, else (False, None):
        lets the middleware skip the thread :meth:`who` needs to read the store. From
        :data:`REFRESH_SECONDS` on, the first request to see an entry has it read again in
        the background (``address`` and ``path`` go to the audit trail), so that a client
        busy with that credential never waits for the read, nor do all its requests read
        the store at once when the entry expires."""
        key = f"{kind}:{accounts.sha256(credential)}"
        hit = self._seen.get(key)
        if hit is None:
            return False, None
        age = time.monotonic() - hit[0]
        if age >= CACHE_SECONDS:
            return False, None
        if age >= REFRESH_SECONDS:
            with self._lock:
                start = key not in self._refreshing
                self._refreshing.add(key)
            if start:
                threading.Thread(target=self._refresh, args=(credential, kind, address, path),
                                 daemon=True, name="sterkte-credential").start()
        return True, hit[1]

    def _refresh(self, credential: str, kind: str, address: str, path: str) -> None:
        key = f"{kind}:{accounts.sha256(credential)}"
        try:
            self.who(credential, kind, address, path, within=REFRESH_SECONDS)
        except StoreUnavailable:
            pass  # the entry expires as usual, and the next request reads the store
        finally:
            with self._lock:
                self._refreshing.discard(key)

    def who(self, credential: str, kind: str, address: str, path: str, *,
            within: float | None = None) -> Principal | None:
        """The account of a session cookie (``kind`` 'session') or token ('token'): from
        memory when read less than ``within`` seconds ago (default :data:`CACHE_SECONDS`),
        else from the store. One read per credential at a time: requests that need the
        same one wait for it and take its result."""
        key = f"{kind}:{accounts.sha256(credential)}"
        with self._reading.setdefault(key, threading.Lock()):
            hit = self._seen.get(key)
            limit = CACHE_SECONDS if within is None else within
            if hit is not None and time.monotonic() - hit[0] < limit:
                return hit[1]
            epoch, read_at = self._epoch, time.monotonic()
            try:
                with accounts.writable(self.location) as con:
                    if kind == "token":
                        found = accounts.token_principal(con, credential)
                        who = found[1] if found else None
                        where = _short(path)  # anyone can send a token and a long path
                        accounts.record(con, who.name if who else None, "token.use",
                                        f"token={found[0]} {where}" if found else where,
                                        "ok" if who else "refused", address)
                    else:
                        who = accounts.session_principal(con, credential)
            except SterkteError as exc:
                raise _unavailable(exc) from None
            self._state.after_own_write()
            with self._lock:
                if len(self._seen) > MAX_SEEN:  # bogus tokens must not grow the memory
                    self._seen, self._reading = {}, {}
                # not kept when the store changed or a logout forgot credentials meanwhile:
                # what was read may be what they replaced
                if epoch == self._epoch:
                    self._seen[key] = (read_at, who)
            return who

    def forget(self, credential: str, kind: str = "session") -> None:
        with self._lock:
            self._epoch += 1
            self._seen.pop(f"{kind}:{accounts.sha256(credential)}", None)


def _short(path: str) -> str:
    """A request's path as the audit trail keeps it: its first :data:`AUDIT_PATH` characters."""
    return path if len(path) <= AUDIT_PATH else path[:AUDIT_PATH - 1] + "…"


def local_path(value: str) -> str:
    """``value`` when it is a path on this dashboard, else "/": where to go on to after
    logging in (``next=``), never another site. A browser drops tabs and newlines anywhere
    in a URL and reads a backslash as a slash, so ``/<tab>/evil.example`` is
    ``//evil.example`` to it: no control character and no backslash at all."""
    if not value.startswith("/") or value.startswith("//") or "\\" in value or any(
            ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        return "/"
    return value


def own_origin(request: Request) -> str:
    return request.headers.get("host", "")


def cross_site(request: Request) -> str | None:
    """The other site a state-changing request comes from, or None."""
    origin = request.headers.get("origin")
    if origin is not None:
        return None if urlsplit(origin).netloc == own_origin(request) else origin
    if request.headers.get("sec-fetch-site") == "cross-site":
        return request.headers.get("referer", "cross-site")
    return None


def _lang(request: Request) -> str:
    return "en" if request.query_params.get("lang") == "en" else "nl"


def _is_api(request: Request) -> bool:
    path = request.url.path
    accept = request.headers.get("accept", "")
    return path.startswith(("/api", "/openapi.json")) or (
        "json" in accept and "text/html" not in accept)


def _refuse(request: Request, status: int, message: str) -> Response:
    if _is_api(request):
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        code = "unauthorized" if status == 401 else "forbidden"
        return JSONResponse({"detail": message, "status": status, "error": code},
                            status_code=status, headers=headers)
    return error_page(request, status, message)


def _unavailable(exc: SterkteError) -> StoreUnavailable:
    """What the store said, for the log, and whether it was busy (an import writing)."""
    return StoreUnavailable(exc.bilingual(),
                            "busy" if isinstance(exc, StoreBusy) else "unavailable")


def _unreadable(request: Request, exc: StoreUnavailable) -> Response:
    """503 as the app's handler gives it: the catalogue's words, internals to the log."""
    log.warning("store not readable on %s %s (%s, checking access): %s", request.method,
                request.url.path, exc.kind, exc)
    message = store_message(exc.kind, _lang(request))
    response: Response
    if _is_api(request):
        response = JSONResponse({"detail": message, "status": 503,
                                 "error": STORE_CODES.get(exc.kind, "store_unavailable")},
                                status_code=503)
    else:
        response = error_page(request, 503, message, public=True)
    if exc.kind == "busy":
        response.headers["Retry-After"] = RETRY_AFTER
    return response


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


async def authenticate(request: Request,
                       call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """The middleware: refuse cross-site writes; find who the request is for; answer from
    :mod:`sterkte.web.memo` when the same GET was answered before for the same credential
    at the same store version."""
    lang = _lang(request)
    if request.method in UNSAFE:
        other = cross_site(request)
        if other is not None:
            return _refuse(request, 403, term("access.origin", lang, origin=other))
    path: str = request.scope["path"]
    if path.startswith(PUBLIC) or request.method not in SERVED:
        # a method no route answers goes on to the router's 405 (it reveals nothing)
        return await call_next(request)
    known: Accounts = request.app.state.accounts
    try:
        enabled = known.cached()
        if enabled is None:
            enabled = await run_in_threadpool(known.enabled)
    except StoreUnavailable as exc:
        return _unreadable(request, exc)
    who: Principal | None = OPEN
    proxied = _proxied(request)
    if not enabled and proxied:
        # open only to this machine: a reverse proxy would open it to everyone it serves
        return _refuse(request, 403, term("access.proxied_open", lang))
    if not enabled and not _this_machine(request):
        # DNS rebinding: another site's name pointed at 127.0.0.1 would make its pages
        # same-origin with the open dashboard (Origin and Host agree)
        return _refuse(request, 403, OTHER_NAME.render(lang))
    credential = "open"  # what the answer depends on besides path and query: the memo's key
    if enabled:
        who = None
        auth = request.headers.get("authorization", "")
        secret, kind = "", ""
        if auth.lower().startswith("bearer "):
            secret, kind = auth[7:].strip(), "token"
        elif request.cookies.get(COOKIE):
            secret, kind = request.cookies[COOKIE], "session"
        credential = f"{kind}:{accounts.sha256(secret)}"
        try:
            if kind:
                seen, who = known.remembered(secret, kind, client_address(request), path)
                if not seen:  # on the event loop: no thread for a credential read just now
                    who = await run_in_threadpool(known.who, secret, kind,
                                                  client_address(request), path)
        except StoreUnavailable as exc:  # as any store read: the store's words to the log
            return _unreadable(request, exc)
        if who is None:
            if _is_api(request) or request.method != "GET":
                return _refuse(request, 401, term("access.login", lang))
            target = path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?lang={lang}&next={_quote(target)}", 303)
    if who is not None and not who.national and path in ("/capacity", "/teams") and \
            request.method == "GET" and not request.query_params.getlist("team"):
        # the CM-tafel of one's own teams, not the first three; one's own team's dashboard
        own = own_teams(who)[:3 if path == "/capacity" else 1]
        if own:
            query = "&".join([f"team={_quote(t)}" for t in own]
                             + [f"{k}={_quote(v)}" for k, v in request.query_params.items()])
            return RedirectResponse(f"{path}?{query}", 303)
    keep: memo.Key | None = None
    version: tuple[int, int] | None = None
    if request.method == "GET":
        version = known.version()
        keep = (path, request.scope["query_string"], credential, proxied)
        if version is not None:
            hit = known.memo.get(version, keep)
            if hit is not None:
                return hit
    request.state.principal = who
    token = _current.set(who)
    box, watching = memo.watch()
    try:
        response = await call_next(request)
    finally:
        memo.unwatch(watching)
        _current.reset(token)
    if box[0] and keep is not None and version is not None and response.status_code == 200 \
            and isinstance(response, Kept) and known.current(version) and not any(
                name == b"set-cookie" for name, _ in response.raw_headers):
        known.memo.put(version, keep, response)
    return response


def _this_machine(request: Request) -> bool:
    """Whether the request's ``Host`` names this machine (localhost, a loopback address)."""
    host = request.headers.get("host", "").strip().lower()
    name = host[1:host.find("]")] if host.startswith("[") else host.rsplit(":", 1)[0]
    name = name.rstrip(".")
    if not host or name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _proxied(request: Request) -> bool:
    """Whether the request came through a reverse proxy (it names the browser's address
    or scheme)."""
    return any(h in request.headers for h in ("x-forwarded-for", "x-forwarded-proto",
                                              "forwarded", "x-real-ip"))


def own_teams(who: Principal) -> list[str]:
    """The teams an account limited to units or teams may see, in code order."""
    return sorted({*who.teams, *(t for t, u in who.team_unit.items() if u in who.units)})


def _quote(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="")


def principal(request: Request) -> Principal:
    who: Principal | None = getattr(request.state, "principal", None)
    return who if who is not None else OPEN


def _scope_text(who: Principal, lang: str) -> str:
    return ", ".join([*who.units, *who.teams]) or term("users.scope_all", lang)


async def check_access(request: Request) -> None:
    """The dependency of every API and page route: CSRF on a session's writes, the
    account's units and teams, the right to start runs."""
    who = principal(request)
    if who.via == "open":
        return
    lang = _lang(request)
    writes = request.method in UNSAFE
    if writes and who.via == "session":
        sent = request.headers.get("x-csrf-token")
        if sent is None and "form" in request.headers.get("content-type", ""):
            sent = str((await request.form()).get("csrf", ""))
        if not sent or sent != who.csrf:
            raise HTTPException(403, term("access.csrf", lang))
    path = request.url.path
    codes = list(request.query_params.getlist("unit"))
    if path.startswith(("/api/units/", "/units/")) and "code" in request.path_params:
        codes.append(str(request.path_params["code"]).upper())
    for code in codes:
        if not who.sees_unit(code.upper()):
            raise HTTPException(403, term("access.unit", lang, name=who.name, code=code,
                                          scope=_scope_text(who, lang)))
    teams = list(request.query_params.getlist("team"))
    starts_run = writes and path in ("/api/scenarios/runs", "/api/roster/runs", "/scenario",
                                     "/roster")
    if starts_run:
        if not who.may_run:
            raise HTTPException(403, term("access.run", lang, name=who.name,
                                          role=term(f"role.{who.role}", lang)))
        if path.endswith("roster") or path.endswith("roster/runs"):
            teams.append(await _body_team(request))
    for team in teams:
        if team:
            require_team(request, team)
    # Without ?team= these routes answer for a default team (the CM-tafel's first three, the
    # first team's dashboard): an account limited to units or teams must name its own.
    if path == "/api/ledger" and not codes and not who.national:
        # without ?unit= the ledger is every unit's: the units a limited account may not see
        raise HTTPException(403, term("access.choose_unit", lang,
                                      scope=_scope_text(who, lang)))
    per_team = path in ("/api/capacity", "/capacity", "/api/teams", "/teams") or \
        path.startswith(("/api/capacity/tables/", "/api/teams/tables/"))
    if per_team and not teams and not who.national:
        raise HTTPException(403, term("access.choose_team", lang,
                                      scope=_scope_text(who, lang)))


def require_team(request: Request, team: str) -> None:
    """403 unless the request's account may see ``team``. Also asked by the route that
    starts a roster run, on the team it validated: the body read here may be read another
    way by the route (a JSON body whose Content-Type names "form" was no form here)."""
    who = principal(request)
    if not who.sees_team(team):
        lang = _lang(request)
        raise HTTPException(403, term("access.team", lang, name=who.name, code=team,
                                      scope=_scope_text(who, lang)))


async def _body_team(request: Request) -> str:
    """The team a roster run is asked for (form field or JSON body)."""
    if "form" in request.headers.get("content-type", ""):
        return str((await request.form()).get("team", ""))
    try:
        body = await request.json()
    except ValueError:
        return ""
    return str(body.get("team", "")) if isinstance(body, dict) else ""
