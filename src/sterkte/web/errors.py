"""HTML error pages (404, 422, 500, 503): in the page's language, with what to do next and
no internals (no server path, process id or traceback; those go to the server log).
The API keeps answering JSON (``{"detail": …}``)."""

from __future__ import annotations

import re

from fastapi import Request
from fastapi.responses import HTMLResponse

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


def visible(message: str) -> str:
    """``message`` without file paths and process ids."""
    return _PID.sub("…", _PATH.sub("…", message))


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    lang = "en" if request.query_params.get("lang") == "en" else "nl"
    title = term(_TITLES[status], lang) if status in _TITLES else term(
        "error.title_other", lang, status=status)
    # a crash or an unreadable store: the details are in the server's log, not here
    shown = "" if status >= 500 else visible(message)
    if message.startswith(NO_ROUTE):  # no route at all: say so in the page's language
        shown = term("error.no_page", lang, path=request.url.path)
    html = page("error.html", lang=lang, path=request.url.path, status=status,
                error_title=title, message=shown,
                next_step=term(_NEXT.get(status, "error.next_422"), lang))
    return HTMLResponse(html, status_code=status)
