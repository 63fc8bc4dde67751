"""A ceiling on request bodies, so that one request cannot fill the server's memory.

The dashboard's forms and the API's run requests are under 2 kB; their bodies are read
whole (form parsing, JSON), so a 1 GB upload would be held in memory before it is
refused. The ceiling (1 MiB, the same as the nginx example in docs/deploy.md) holds
without a proxy too: a ``Content-Length`` above it is refused before any byte is read,
and a body sent in chunks without one is refused as soon as it passes the ceiling. The
refusal is a 413 in the request's language, as a page or the API's error body (raised as
an HTTP error where the route reads its body, so the app's error handler words it).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sterkte.errors import Msg
from sterkte.web.errors import UserError

MAX_BODY = 1 << 20  # bytes; a technical guard, not a policy figure


def too_large(limit: int) -> UserError:
    kib = limit // 1024
    return UserError(413, Msg(f"het verzoek is groter dan {kib} kB; stuur minder gegevens",
                              f"the request is larger than {kib} kB; send less data"))


class BodyLimit:
    """Refuses a request body over ``limit`` bytes (plain ASGI: the body is counted as
    it is read, never copied)."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length", b"")
        over = declared.isdigit() and int(declared) > self.limit
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            if over:  # refused before a byte is read
                raise too_large(self.limit)
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise too_large(self.limit)
            return message

        await self.app(scope, counted, send)
