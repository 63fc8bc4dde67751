"""Errors as pages and as documented JSON (404, 409, 422, 500, 503): in the page's language,
with what to do next and no internals (no server path, process id, database message or
traceback; those go to the server log).

A page gets an HTML page; the API answers :class:`ErrorBody` — ``detail`` (a sentence,
always a string), ``status`` and ``error`` (a code a program can act on) — and the OpenAPI
description states it for every route (:data:`API_ERRORS`)."""

from __future__ import annotations

import re
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from sterkte.errors import Msg, SterkteError, pydantic_message
from sterkte.report.labels import term
from sterkte.web.render import page

# What the store or the database driver may say that a visitor has no business seeing.
_PATH = re.compile(r"(?:[A-Za-z]:)?(?:[/\\][\w.~-]+){3,}|[\w./\\~-]*\.(?:duckdb|wal|db)\b")
_PID = re.compile(r"\b(?:PID|pid|process id)\s*[:=]?\s*\d+")
NO_ROUTE = "no such page or route"
_TITLES = {404: "error.title_404", 422: "error.title_422", 500: "error.title_500",
           503: "error.title_503"}
_NEXT = {404: "error.next_404", 422: "error.next_422", 500: "error.next_500",
         503: "error.next_503"}
CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 413: "too_large", 422: "invalid",
         429: "too_many_runs",
         500: "internal"}
STORE_CODES = {"busy": "store_busy", "figures": "store_figures",
               "unavailable": "store_unavailable"}
RETRY_AFTER = "60"  # seconds: the page says "try again in a minute"


class ErrorBody(BaseModel):
    """Every error the API returns (never a list, never a traceback)."""

    detail: str = Field(description="What went wrong and what to do, in the request's "
                                    "language for a store that cannot be read; for a bad "
                                    "parameter, the parameter and what is expected")
    status: int = Field(description="The HTTP status code, repeated")
    error: str = Field(description="bad_request, unauthorized (no valid token or session), "
                                   "forbidden (outside the account's units or role, or a "
                                   "cross-site request), not_found, method_not_allowed, "
                                   "conflict, invalid (a parameter), too_many_runs (past the "
                                   "run limits), internal, store_busy (an import "
                                   "is writing: try again after Retry-After seconds), "
                                   "store_unavailable (missing or unreadable), "
                                   "store_figures (data that cannot be turned into figures)")


def _response(text: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": text}


API_ERRORS: dict[int | str, dict[str, Any]] = {
    401: _response("No valid token or session while the store has accounts (error "
                   "unauthorized; a WWW-Authenticate: Bearer header)"),
    403: _response("Outside the account's units, teams or role, a form without its CSRF "
                   "token, or a cross-site request (error forbidden)"),
    404: _response("No such unit, team, table, run or route; the detail lists what exists"),
    422: _response("A parameter is not valid; the detail names it and what is expected"),
    500: _response("An error of the server; the details are in its log"),
    503: _response("The store cannot be read now (error store_busy: an import is writing, "
                   "with a Retry-After header; store_unavailable; store_figures)"),
}

BAD_BODY: dict[int | str, dict[str, Any]] = {
    400: _response("The body is not JSON (error bad_request)"),
    413: _response("The body is larger than 1 MiB (error too_large)")}
RUN_LIMITS: dict[int | str, dict[str, Any]] = {
    429: _response("Past the limits of running and queued runs, per account or in all "
                   "(error too_many_runs): wait for a run to finish or cancel one")}
NOT_DONE: dict[int | str, dict[str, Any]] = {
    409: _response("The run is not done yet (error conflict): ask again when its status is "
                   "done")}


class UserError(HTTPException):
    """An HTTP error whose detail is a message in both languages (from a
    :class:`~sterkte.errors.SterkteError`): the page or the API's ``detail`` shows it in the
    request's language (``?lang=``); the ``error`` code stays the same."""

    def __init__(self, status: int, msg: Msg) -> None:
        super().__init__(status, msg.en)
        self.msg = msg


def no_table(name: str, names: list[str]) -> UserError:
    """404 for a table ``name`` that is not among ``names`` (each named once: a table on
    two pages, such as the norms, is one table)."""
    listed = ", ".join(dict.fromkeys(names))
    return UserError(404, Msg(f"geen tabel {name!r}; tabellen: {listed}",
                              f"no table {name!r}; tables: {listed}"))


def detail_text(exc: StarletteHTTPException, lang: str) -> str:
    """An HTTP error's detail for the user: a :class:`UserError`'s in ``lang``."""
    return exc.msg.render(lang) if isinstance(exc, UserError) else str(exc.detail)


def form_errors(errors: list[Any], lang: str) -> list[str]:
    """A form's pydantic errors as lines ``field: what is expected`` in ``lang``."""
    return [f"{'.'.join(str(x) for x in e['loc'])}: {pydantic_message(e).render(lang)}"
            for e in errors]


def visible_msg(exc: SterkteError) -> Msg:
    """``exc``'s message in both languages, without file paths and process ids."""
    return Msg(visible(exc.render("nl")), visible(exc.render("en")))


def visible(message: str) -> str:
    """``message`` without file paths and process ids (routes of this API stay)."""
    def path(m: re.Match[str]) -> str:
        return m.group(0) if m.group(0).startswith("/api/") else "…"

    return _PID.sub("…", _PATH.sub(path, message))


def lang_of(request: Request) -> str:
    return "en" if request.query_params.get("lang") == "en" else "nl"


def store_message(kind: str, lang: str) -> str:
    """What a visitor is told about a store that cannot be read (``kind``: busy,
    figures, unavailable)."""
    return term(f"error.store_{kind if kind in STORE_CODES else 'unavailable'}", lang)


def error_page(request: Request, status: int, message: str, *, public: bool = False
               ) -> HTMLResponse:
    """The error page; ``message`` is shown for client errors, and for server errors only
    when ``public`` (a text of the catalogue, never one from the store or a driver)."""
    lang = lang_of(request)
    title = term(_TITLES[status], lang) if status in _TITLES else term(
        "error.title_other", lang, status=status)
    # a crash or an unreadable store: the details are in the server's log, not here
    shown = visible(message) if public or status < 500 else ""
    if message.startswith(NO_ROUTE):  # no route at all: say so in the page's language
        shown = term("error.no_page", lang, path=request.url.path)
    html = page("error.html", lang=lang, path=request.url.path, status=status,
                error_title=title, message=shown,
                next_step=term(_NEXT.get(status, "error.next_422"), lang))
    return HTMLResponse(html, status_code=status)
