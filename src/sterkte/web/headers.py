"""Security headers on every answer: what a browser may load, frame or send on.

The dashboard's pages load their scripts and styles from ``/static`` only (no inline
script, no event-handler attribute, no CDN), so the content security policy allows
scripts from the dashboard itself and nothing else: text an attacker gets onto a page
(a team name in an import, a query parameter shown back) cannot run even if an escape
were ever missed. Inline *styles* stay allowed: Plotly sets them on its SVG charts. Other
sites may not frame the pages (clickjacking on the forms that start runs or log out),
browsers may not guess a download's type (``nosniff``), and links to other sites carry no
address (the URL holds the unit and filter chosen).

The API documentation pages (``/docs``: Swagger UI) start with one inline script that
FastAPI writes; :func:`with_inline_scripts` allows exactly that script by its SHA-256 hash,
on that answer only.

Strict-Transport-Security belongs to the TLS proxy (docs/deploy.md), not here: a server
on http://127.0.0.1 must not pin a browser to https.
"""

from __future__ import annotations

import base64
import hashlib
import re

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

POLICY = ("default-src 'self'; script-src 'self'{scripts}; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
          "worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
          "frame-ancestors 'none'; form-action 'self'")
HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
)
CSP = b"content-security-policy"
_INLINE = re.compile(rb"<script>(.*?)</script>", re.DOTALL)


def policy(script_hashes: tuple[str, ...] = ()) -> str:
    """The content security policy, allowing also the inline scripts of these hashes."""
    return POLICY.format(scripts="".join(f" 'sha256-{h}'" for h in script_hashes))


def with_inline_scripts(response: Response) -> Response:
    """``response`` (an HTML page we did not write) with a policy that allows its own
    inline ``<script>`` blocks, by hash, and no other."""
    hashes = tuple(base64.b64encode(hashlib.sha256(m.group(1)).digest()).decode("ascii")
                   for m in _INLINE.finditer(bytes(response.body)))
    response.headers["Content-Security-Policy"] = policy(hashes)
    return response


class SecurityHeaders:
    """Adds :data:`HEADERS` and the policy to every HTTP answer (a policy the route set
    itself is kept), as plain ASGI: no task or copy per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.csp = policy().encode("ascii")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                have = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in HEADERS if k not in have]
                if CSP not in have:
                    headers.append((CSP, self.csp))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
