"""Logging in through the organisation's identity provider: ``/login/oidc`` sends the
browser there, ``/login/oidc/callback`` takes its answer (:mod:`sterkte.web.oidc_flow`
checks it) and gives a session like a local login, with the role and scope of the
person's first mapped group (:mod:`sterkte.app.oidc`). A refused login is a 403 page in
the page's language and a ``login`` line in the audit trail with why.

Between the two, the browser keeps the login's ``state``, ``nonce`` and PKCE verifier
in a short-lived cookie (HttpOnly, ``SameSite=Lax``: it must come back on the provider's
redirect, a navigation from another site) limited to ``/login/oidc``. The answer's
``state`` must equal the cookie's: an answer the browser did not ask for (login CSRF)
is refused.
"""

from __future__ import annotations

import base64
import json
import logging
import secrets
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from sterkte.app import accounts
from sterkte.app import oidc as rules
from sterkte.errors import SterkteError
from sterkte.report.labels import term
from sterkte.store import accounts as store
from sterkte.web.access import COOKIE, Accounts, client_address, local_path
from sterkte.web.deps import Lang
from sterkte.web.oidc_flow import OidcError, Provider
from sterkte.web.render import page

FLOW_COOKIE = "sterkte_oidc"
FLOW_PATH = "/login/oidc"
FLOW_SECONDS = 600  # a login at the provider must be finished within this
router = APIRouter(include_in_schema=False)
log = logging.getLogger("sterkte.web")


def _provider(request: Request) -> Provider | None:
    found: Provider | None = getattr(request.app.state, "oidc", None)
    return found


def _redirect_uri(request: Request, provider: Provider) -> str:
    return provider.settings.redirect_uri or str(request.url_for("oidc_callback"))


def _page(lang: str, status: int, title: str, message: str, next_step: str) -> HTMLResponse:
    html = page("error.html", lang=lang, path="/login", status=status, error_title=title,
                message=message, next_step=next_step)
    return HTMLResponse(html, status_code=status)


def _refuse(lang: str, provider: str, message: str, status: int = 403) -> HTMLResponse:
    return _page(lang, status, term("oidc.refused_title", lang, provider=provider), message,
                 term("oidc.refused_next", lang))


@router.get(FLOW_PATH, name="oidc_start")
async def start(request: Request, lang: Lang = "nl", next: str = "/") -> Response:
    provider = _provider(request)
    if provider is None:
        return RedirectResponse(f"/login?lang={lang}", 303)
    flow = {"state": secrets.token_urlsafe(24), "nonce": secrets.token_urlsafe(24),
            "verifier": secrets.token_urlsafe(48), "next": local_path(next), "lang": lang}
    try:
        url = await run_in_threadpool(provider.authorize_url, _redirect_uri(request, provider),
                                      flow["state"], flow["nonce"], flow["verifier"])
    except OidcError as exc:
        log.warning("OpenID Connect: %s", exc.reason)
        name = provider.settings.provider
        return _refuse(lang, name, term("oidc.unreachable", lang, provider=name), 503)
    response = RedirectResponse(url, 303)
    value = base64.urlsafe_b64encode(json.dumps(flow).encode()).decode()
    response.set_cookie(FLOW_COOKIE, value, max_age=FLOW_SECONDS, path=FLOW_PATH,
                        httponly=True, samesite="lax", secure=request.url.scheme == "https")
    return response


def _flow(request: Request) -> dict[str, str] | None:
    raw = request.cookies.get(FLOW_COOKIE, "")
    try:
        flow: Any = json.loads(base64.urlsafe_b64decode(raw.encode()))
    except ValueError:
        return None
    keys = ("state", "nonce", "verifier", "next", "lang")
    if not isinstance(flow, dict) or not all(isinstance(flow.get(k), str) for k in keys):
        return None
    return {k: flow[k] for k in keys}


@router.get(FLOW_PATH + "/callback", name="oidc_callback")
async def callback(request: Request) -> Response:
    provider = _provider(request)
    if provider is None:
        return RedirectResponse("/login", 303)
    flow = _flow(request)
    lang = flow["lang"] if flow and flow["lang"] in ("nl", "en") else (
        "en" if request.query_params.get("lang") == "en" else "nl")
    response = await run_in_threadpool(_finish, request, provider, flow, lang)
    response.delete_cookie(FLOW_COOKIE, path=FLOW_PATH)
    return response


def _finish(request: Request, provider: Provider, flow: dict[str, str] | None,
            lang: str) -> Response:
    """Check the provider's answer; a session, or a refusal recorded in the audit trail."""
    known: Accounts = request.app.state.accounts
    name = provider.settings.provider
    address = client_address(request)
    query = request.query_params
    who = "(unknown)"

    def refused(reason: str, message: str, status: int = 403) -> HTMLResponse:
        log.warning("OpenID Connect login refused (%s): %s", who, reason)
        try:
            with accounts.writable(known.location) as con:
                rules.refused(con, who, name, reason, address)
        except SterkteError:
            return _refuse(lang, name, term("login.busy", lang), 503)
        return _refuse(lang, name, message, status)

    try:
        if flow is None:
            return refused("no login started in this browser", term("oidc.no_flow", lang))
        if query.get("error"):
            return refused(f"provider: {query.get('error', '')[:100]}",
                           term("oidc.provider_refused", lang, provider=name))
        sent = query.get("state", "")
        if not sent or not secrets.compare_digest(sent.encode(), flow["state"].encode()):
            return refused("state does not match", term("oidc.no_flow", lang))
        if not query.get("code"):
            return refused("no code", term("oidc.no_flow", lang))
        redirect_uri = _redirect_uri(request, provider)
        tokens = provider.exchange(str(query.get("code")), redirect_uri, flow["verifier"])
        access = tokens.get("access_token")
        claims = provider.verify(tokens["id_token"], flow["nonce"],
                                 access if isinstance(access, str) else None)
    except OidcError as exc:
        status = 503 if exc.unreachable else 403
        text = "oidc.unreachable" if exc.unreachable else "oidc.unverified"
        return refused(exc.reason, term(text, lang, provider=name), status)
    settings = provider.settings
    user = rules.claim(claims, settings.username_claim)
    if not isinstance(user, str) or not accounts.NAME.match(user):
        return refused(f"claim {settings.username_claim} missing or not a usable name",
                       term("oidc.no_name", lang, claim=settings.username_claim))
    who = user
    rule = rules.match(rules.groups_of(claims, settings), settings)
    if rule is None:
        return refused("no mapped group", term("oidc.no_group", lang, name=user))
    try:
        with accounts.writable(known.location) as con:
            if store.get_user(con, user) is not None:
                rules.refused(con, user, name, "a local account has this name", address)
                return _refuse(lang, name, term("oidc.local_name", lang, name=user))
            got = rules.start_session(con, user, rule, name, address)
    except SterkteError:
        return _refuse(lang, name, term("login.busy", lang), 503)
    target = local_path(flow["next"])
    # A page, not a redirect: the session cookie is SameSite=Strict, and a browser does
    # not send it on a redirect chain that began at the provider (another site); the
    # page's own navigation to `target` is from this site, so it does.
    html = page("oidc_continue.html", lang=lang, path="/login", target=target)
    response = HTMLResponse(html)
    response.set_cookie(COOKIE, got.session, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/")
    return response
