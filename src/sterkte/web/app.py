"""The FastAPI application: API routers, page routers, static files, error pages.

Safe by default: the store is opened read-only; no request parameter names a file;
every parameter is validated (a bad one is a 422 naming it, never a 500).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from functools import lru_cache
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from sterkte import __version__
from sterkte.web import api, pages
from sterkte.web.jobs import JobRunner
from sterkte.web.state import StoreState, StoreUnavailable

STATIC = {"style.css": "text/css", "charts.js": "text/javascript"}


@lru_cache(maxsize=1)
def _plotly_js() -> bytes:
    from plotly.offline import get_plotlyjs

    return str(get_plotlyjs()).encode("utf-8")


def _message(exc: RequestValidationError) -> str:
    parts = []
    for e in exc.errors():
        where = list(e.get("loc", ()))
        if where and where[0] in ("query", "path", "body", "form", "header"):
            where = where[1:]  # where the parameter came from: the user knows
        loc = ".".join(str(x) for x in where)
        parts.append(f"{loc or 'request'}: {e.get('msg', 'invalid')}")
    return "; ".join(parts)


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api") and "text/html" in request.headers.get(
        "accept", "")


def _error(request: Request, status: int, message: str) -> Response:
    if _wants_html(request):
        from html import escape

        return HTMLResponse(f"<!doctype html><html><head><meta charset='utf-8'>"
                            f"<link rel='icon' href='data:,'><title>{status}</title></head>"
                            f"<body><h1>{status}</h1><p>{escape(message)}</p>"
                            f"<p><a href='/'>sterkte</a></p></body></html>", status_code=status)
    return JSONResponse({"detail": message}, status_code=status)


def create_app(db_path: Path, *, warm: bool = True) -> FastAPI:
    """The app over the store at ``db_path`` (read-only). With ``warm`` the figures are
    computed at start-up, so the first request is as fast as the others."""
    state = StoreState(db_path)
    runner = JobRunner()
    roster_runner = JobRunner(workers=1)  # CP-SAT is CPU-bound: one roster at a time

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm:
            with suppress(StoreUnavailable):  # every page says so, with what to do
                state.figures()
        yield
        runner.shutdown()
        roster_runner.shutdown()

    app = FastAPI(title="sterkte", version=__version__, lifespan=lifespan,
                  description="Police capacity: ledgers, prognosis, scenarios, norms and "
                              "commitments. Every dashboard page has a JSON twin here.")
    app.state.store = state
    app.state.jobs = runner
    app.state.roster_jobs = roster_runner
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        headers = {"Cache-Control": "public, max-age=86400"}
        if name == "plotly.min.js":
            return Response(_plotly_js(), media_type="text/javascript", headers=headers)
        if name not in STATIC:  # a fixed list: no user text reaches the filesystem
            return JSONResponse({"detail": f"no static file {name!r}"}, status_code=404)
        body = (resources.files("sterkte.web") / "static" / name).read_bytes()
        return Response(body, media_type=STATIC[name], headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 422, _message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail)
        if message == "Not Found":
            message = (f"no such page or route: {request.url.path} (pages: /, /units/CODE, "
                       "/norms, /commitments, /scenario, /capacity, /anticipation, /roster, "
                       "/teams, /diversity, /earmarks; "
                       "the API is listed at /docs)")
        return _error(request, exc.status_code, message)

    @app.exception_handler(StoreUnavailable)
    async def unavailable(request: Request, exc: StoreUnavailable) -> Response:
        return _error(request, 503, str(exc))

    return app
