"""The login page, logging in (a session cookie) and out."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from sterkte.app import accounts
from sterkte.errors import SterkteError
from sterkte.report.labels import term
from sterkte.web.access import (
    COOKIE,
    Accounts,
    check_access,
    client_address,
    local_path,
    principal,
)
from sterkte.web.deps import Lang
from sterkte.web.render import page

router = APIRouter(include_in_schema=False)


def _form(request: Request, lang: str, next_path: str, name: str = "", error: str = "",
          status: int = 200) -> HTMLResponse:
    provider = getattr(request.app.state, "oidc", None)  # "Inloggen via <provider>"
    return HTMLResponse(page("login.html", lang=lang, path="/login", next=local_path(next_path),
                             name=name, error=error,
                             oidc=provider.settings.provider if provider else ""),
                        status_code=status)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, lang: Lang = "nl", next: str = "/") -> HTMLResponse:
    return _form(request, lang, next)


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request, lang: Lang = "nl") -> Response:
    form = await request.form()
    name, password = str(form.get("name", "")), str(form.get("password", ""))
    next_path = local_path(str(form.get("next", "/")))
    known: Accounts = request.app.state.accounts

    def check() -> accounts.Login:
        with accounts.writable(known.location) as con:
            return accounts.login(con, name, password, client_address(request))

    try:
        got = await run_in_threadpool(check)
    except SterkteError:
        return _form(request, lang, next_path, name, term("login.busy", lang), 503)
    if got.refused == "slowed":
        return _form(request, lang, next_path, name,
                     term("login.slowed", lang, minutes=got.minutes), 429)
    if got.refused:
        return _form(request, lang, next_path, name, term("login.bad", lang), 401)
    response = RedirectResponse(next_path, status_code=303)
    response.set_cookie(COOKIE, got.session, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/")
    return response


@router.post("/logout", dependencies=[Depends(check_access)])
async def logout(request: Request, lang: Lang = "nl") -> Response:
    who = principal(request)
    session = request.cookies.get(COOKIE)
    known: Accounts = request.app.state.accounts
    if session and who.via == "session":
        def end() -> None:
            with accounts.writable(known.location) as con:
                accounts.logout(con, session, who.name, client_address(request))

        await run_in_threadpool(end)
        known.forget(session)
    response = RedirectResponse(f"/login?lang={lang}", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response
