"""An HTTP middleware function (``async def f(request, call_next)``) as plain ASGI.

Starlette's ``BaseHTTPMiddleware`` (what ``app.middleware("http")`` installs) runs the rest
of the app in a task of its own, joined to the middleware by memory streams, and wraps
every ``receive`` in a task group: per request that costs more than answering a cached
page (benchmarks/web.py, docs/web.md). Here ``call_next`` runs the rest of the app in the
same task and keeps its answer whole in memory (the dashboard's answers are complete
bodies, never streams), so the function sees a :class:`~starlette.responses.Response`
it may read or change (headers, cookies) before it is sent, as before. The function must
not read the request's body (the rest of the app reads it).

An exception of the rest of the app passes through the function unchanged, to the
app's error handlers, as with ``BaseHTTPMiddleware``; since nothing was sent yet, the
error page is what the client gets.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sterkte.store.db import one_reading

Dispatch = Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]


class Kept(Response):
    """The rest of the app's answer, kept whole: status, headers (changeable) and body."""

    def __init__(self, start: Message, body: bytes) -> None:
        self.status_code = int(start["status"])
        self.raw_headers = list(start.get("headers", []))
        self.body = body
        self.background = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status_code,
                    "headers": self.raw_headers})
        await send({"type": "http.response.body", "body": self.body})


class FunctionMiddleware:
    """``dispatch(request, call_next)`` around ``app``, without a task per request."""

    def __init__(self, app: ASGIApp, dispatch: Dispatch) -> None:
        self.app = app
        self.dispatch = dispatch

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def call_next(request: Request) -> Response:
            start: Message | None = None
            chunks: list[bytes] = []

            async def keep(message: Message) -> None:
                nonlocal start
                if message["type"] == "http.response.start":
                    start = message
                elif message["type"] == "http.response.body":
                    chunks.append(message.get("body", b""))

            await self.app(scope, request.receive, keep)
            if start is None:
                raise RuntimeError("the app answered without a response")
            return Kept(start, b"".join(chunks))

        response = await self.dispatch(Request(scope, receive), call_next)
        await response(scope, receive, send)


class OneReading:
    """Each request reads the store's version once (:func:`sterkte.store.db.one_reading`),
    however many caches it consults."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with one_reading():
            await self.app(scope, receive, send)


class HeadAsGet:
    """HEAD answered as GET without the body (RFC 9110: a server that answers GET answers
    HEAD): FastAPI's routes take GET only, so ``curl -I`` and uptime checks got 405. The
    headers, Content-Length included, are those of the GET."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b""})
                return
            await send(message)

        await self.app(dict(scope, method="GET"), receive, headers_only)
