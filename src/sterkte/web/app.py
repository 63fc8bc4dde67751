"""The FastAPI application: API routers, page routers, static files, error pages.

Safe by default: the store is opened read-only; no request parameter names a file;
every parameter is validated (a bad one is a 422 naming it, never a 500).
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from functools import lru_cache
from importlib import resources

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from sterkte import __version__
from sterkte.app.oidc import OidcSettings
from sterkte.errors import Msg, pydantic_message
from sterkte.store.db import StoreBusy, StoreError, StoreLocation
from sterkte.web import api, oidc, pages
from sterkte.web.access import Accounts, authenticate, check_access
from sterkte.web.errors import (
    CODES,
    NO_ROUTE,
    RETRY_AFTER,
    STORE_CODES,
    detail_text,
    error_page,
    lang_of,
    store_message,
    visible,
)
from sterkte.web.headers import SecurityHeaders, with_inline_scripts
from sterkte.web.jobs import JobRunner
from sterkte.web.limits import BodyLimit
from sterkte.web.middleware import FunctionMiddleware, HeadAsGet, OneReading
from sterkte.web.oidc_flow import Provider
from sterkte.web.pages import login
from sterkte.web.state import StoreState, StoreUnavailable

STATIC = {"style.css": "text/css", "charts.js": "text/javascript",
          "tables.js": "text/javascript"}
# Swagger UI and ReDoc, from the fastapi-offline package: no CDN, /docs works offline.
DOCS_STATIC = {"swagger-ui-bundle.js": "text/javascript", "swagger-ui.css": "text/css",
               "redoc.standalone.js": "text/javascript", "favicon.png": "image/png"}
log = logging.getLogger("sterkte.web")


@lru_cache(maxsize=1)
def _plotly_js() -> bytes:
    from plotly.offline import get_plotlyjs

    return str(get_plotlyjs()).encode("utf-8")


@lru_cache(maxsize=4)
def _docs_asset(name: str) -> bytes:
    body = (resources.files("fastapi_offline") / "static" / name).read_bytes()
    # ReDoc's footer shows a logo from its CDN: with no network that is a failed request
    # on every visit, so the logo is left out (an empty image hides itself).
    return body.replace(b"https://cdn.redoc.ly/redoc/logo-mini.svg", b"data:,")


def _message(exc: RequestValidationError, lang: str) -> str:
    parts = []
    for e in exc.errors():
        where = list(e.get("loc", ()))
        if where and where[0] in ("query", "path", "body", "form", "header"):
            where = where[1:]  # where the parameter came from: the user knows
        loc = ".".join(str(x) for x in where)
        parts.append(f"{loc or 'request'}: {pydantic_message(e).render(lang)}")
    return "; ".join(parts)


def _wants_html(request: Request) -> bool:
    """A page (not /api, not a client asking for JSON only) gets an HTML error page."""
    accept = request.headers.get("accept", "")
    if request.url.path.startswith(("/api", "/openapi.json")):
        return False
    return "text/html" in accept or "json" not in accept


_PAGES = ("/, /units/CODE, /norms, /commitments, /scenario, /capacity, /anticipation, "
          "/roster, /teams, /diversity, /earmarks")
_NO_ROUTE = Msg(f"geen pagina of route op {{path}} (pagina's: {_PAGES}; de API staat op /docs)",
                f"no page or route at {{path}} (pages: {_PAGES}; the API is listed at /docs)")
_NOT_ALLOWED = Msg("methode {method} is hier niet toegestaan (wel: {allowed})",
                   "method {method} is not allowed here (allowed: {allowed})")
_INTERNAL = Msg("interne fout: zie het logboek van de server",
                "internal error: see the server log")


def _error(request: Request, status: int, message: str, *, code: str | None = None,
           public: bool = False, headers: dict[str, str] | None = None) -> Response:
    if _wants_html(request):
        response: Response = error_page(request, status, message, public=public)
    else:
        shown = message if public or status < 500 else _INTERNAL.render(lang_of(request))
        body = {"detail": visible(shown), "status": status,
                "error": code or CODES.get(status, "error")}
        response = JSONResponse(body, status_code=status)
    response.headers.update(headers or {})
    return response


def _allowed(app: FastAPI, request: Request) -> str:
    """The methods the API describes for ``request``'s path (several routes share one path,
    one per method, and Starlette's 405 names only the first one's)."""
    path = request.url.path
    for template, operations in app.openapi().get("paths", {}).items():
        pattern = re.sub(r"\\{[^/]+?\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, path):
            return ", ".join(sorted(m.upper() for m in operations if m != "parameters"))
    return ""


def _store_error(request: Request, kind: str, internal: str) -> Response:
    """503 for a store that cannot be read: the catalogue's words for ``kind``; what the
    store or driver said (paths, process ids) goes to the log only."""
    log.warning("store not readable on %s %s (%s): %s", request.method, request.url.path,
                kind, internal)
    return _error(request, 503, store_message(kind, lang_of(request)),
                  code=STORE_CODES.get(kind, "store_unavailable"), public=True,
                  headers={"Retry-After": RETRY_AFTER} if kind == "busy" else None)


def create_app(db_path: StoreLocation, *, warm: bool = True,
               oidc_settings: OidcSettings | None = None) -> FastAPI:
    """The app over the store at ``db_path`` (read-only). With ``warm`` the figures are
    computed at start-up, so the first request is as fast as the others. With
    ``oidc_settings`` people log in through that identity provider too (and every route
    needs a login, even while the store has no accounts of its own)."""
    state = StoreState(db_path)
    runner = JobRunner(db_path, "scenario")
    roster_runner = JobRunner(db_path, "roster", workers=1)  # CP-SAT is CPU-bound

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm:
            with suppress(StoreUnavailable):  # every page says so, with what to do
                state.figures()
        runner.start()
        roster_runner.start()
        yield
        runner.shutdown()
        roster_runner.shutdown()
        state.close()

    app = FastAPI(title="sterkte", version=__version__, lifespan=lifespan,
                  docs_url=None, redoc_url=None,
                  description="Police capacity: ledgers, prognosis, scenarios, norms and "
                              "commitments. Every dashboard page has a JSON twin here.")
    app.state.store = state
    app.state.jobs = runner
    app.state.roster_jobs = roster_runner
    app.state.accounts = Accounts(db_path, state, always=oidc_settings is not None)
    app.state.oidc = Provider(oidc_settings) if oidc_settings else None
    # plain ASGI, not app.middleware("http"): that one costs a task per request
    app.add_middleware(FunctionMiddleware, dispatch=authenticate)
    app.add_middleware(OneReading)  # around the access checks too
    app.add_middleware(BodyLimit)
    app.add_middleware(SecurityHeaders)  # on every answer
    app.add_middleware(HeadAsGet)  # added last: outermost, HEAD is a GET to all the rest
    guarded = [Depends(check_access)]
    app.include_router(login.router)  # the login page is open (logout checks the form)
    app.include_router(oidc.router)  # so is logging in through the identity provider
    app.include_router(api.router, dependencies=guarded)
    app.include_router(pages.router, dependencies=guarded)

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        headers = {"Cache-Control": "public, max-age=86400"}
        if name == "plotly.min.js":
            return Response(_plotly_js(), media_type="text/javascript", headers=headers)
        if name in DOCS_STATIC:
            return Response(_docs_asset(name), media_type=DOCS_STATIC[name], headers=headers)
        if name not in STATIC:  # a fixed list: no user text reaches the filesystem
            raise StarletteHTTPException(404, f"no static file {name!r}")
        body = (resources.files("sterkte.web") / "static" / name).read_bytes()
        return Response(body, media_type=STATIC[name], headers=headers)

    @app.get("/docs", include_in_schema=False)
    def swagger() -> Response:
        # FastAPI's page starts Swagger UI with an inline script: allowed by its hash
        return with_inline_scripts(get_swagger_ui_html(
            openapi_url="/openapi.json", title="sterkte — API",
            swagger_js_url="/static/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger-ui.css",
            swagger_favicon_url="/static/favicon.png"))

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(openapi_url="/openapi.json", title="sterkte — API",
                              redoc_js_url="/static/redoc.standalone.js",
                              redoc_favicon_url="/static/favicon.png", with_google_fonts=False)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 422, _message(exc, lang_of(request)))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        lang = lang_of(request)
        message = detail_text(exc, lang)
        if message == "Not Found":  # the page says it in its own words (error_page)
            message = NO_ROUTE if _wants_html(request) else _NO_ROUTE.render(lang).format(
                path=request.url.path)
        # our own raise sites word these for the user (and name no file: visible()); a
        # 405 keeps its Allow header (RFC 9110)
        headers = dict(exc.headers or {})
        if exc.status_code == 405:  # every method of the path, not only the first route's
            headers["Allow"] = _allowed(app, request) or headers.get("Allow", "")
            if message == "Method Not Allowed":
                message = _NOT_ALLOWED.render(lang).format(method=request.method,
                                                           allowed=headers["Allow"])
        return _error(request, exc.status_code, message, public=True, headers=headers)

    @app.exception_handler(StoreUnavailable)
    async def unavailable(request: Request, exc: StoreUnavailable) -> Response:
        return _store_error(request, exc.kind, str(exc))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        # a route that reads the store itself (capacity, roster, anticipation)
        return _store_error(request, "busy" if isinstance(exc, StoreBusy) else "unavailable",
                            str(exc))

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        # The traceback goes to the server's log; the user gets what to do, no internals.
        log.error("error on %s %s", request.method, request.url.path, exc_info=exc)
        return _error(request, 500, "internal error: see the server log")

    return app
