"""Whole answers kept per request, so that asking again skips routing and validation.

A GET route that answers from the store's caches (:meth:`StoreState.aanswer`,
:meth:`StoreState.aview`) answers with a function of the request's path and query, the
account it is for, and the store's version: nothing else (no run, no clock, no header).
Such an answer, when it is a 200, is kept here whole (status, headers, body) under
(path, query, credential) for the store's version, and the next identical request gets it
straight from :func:`sterkte.web.access.authenticate` once the account is known, without
FastAPI's routing, parameter validation and dependencies (most of a cached answer's cost,
see docs/web.md "Benchmark"). A route marks its answer keepable by going through those
caches (:func:`mark`); any other route (runs, login, static files) is never kept.

The credential is part of the key (the hash of the token or session cookie), so an
answer never goes to another account; the access checks ran for this credential on this
path and query before the answer was kept. A kept answer is looked up only after the
request's credential has been found good, exactly as for any other request (the account
cache's rules, :data:`sterkte.web.access.CACHE_SECONDS`; a logout counts at once), and
everything is dropped when the store's version changes (an import, a revoked token, a
changed account).
"""

from __future__ import annotations

import contextvars
import threading
from collections import OrderedDict
from contextlib import suppress

from starlette.responses import Response

# Not policy numbers: memory bounds of the server (answers are a few bytes to ~100 kB).
MAX_KEPT = 2_000
MAX_BYTES = 64 * 1024 * 1024

Key = tuple[str, bytes, str, bool]  # path, query string, credential, through a proxy
_marked: contextvars.ContextVar[list[bool] | None] = contextvars.ContextVar(
    "sterkte_memo_marked", default=None)


def mark() -> None:
    """The request being answered gets an answer that may be kept (see the module)."""
    box = _marked.get()
    if box is not None:
        box[0] = True


def watch() -> tuple[list[bool], contextvars.Token[list[bool] | None]]:
    """Start watching the request for :func:`mark` (a box set to [True] when marked)."""
    box = [False]
    return box, _marked.set(box)


def unwatch(token: contextvars.Token[list[bool] | None]) -> None:
    _marked.reset(token)


class Memo:
    """Answers kept for one store version, least recently used dropped first."""

    def __init__(self) -> None:
        self._version: tuple[int, int] | None = None
        self._kept: OrderedDict[Key, Response] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, version: tuple[int, int], key: Key) -> Response | None:
        if version != self._version:
            return None
        got = self._kept.get(key)
        if got is not None:
            with suppress(KeyError):  # dropped meanwhile: still good for this request
                self._kept.move_to_end(key)
        return got

    def put(self, version: tuple[int, int], key: Key, response: Response) -> None:
        size = len(response.body)
        if size > MAX_BYTES // 8:
            return
        with self._lock:
            if version != self._version:
                self._version, self._kept, self._bytes = version, OrderedDict(), 0
            old = self._kept.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._kept[key] = response
            self._bytes += size
            while len(self._kept) > MAX_KEPT or self._bytes > MAX_BYTES:
                _, dropped = self._kept.popitem(last=False)
                self._bytes -= len(dropped.body)
