"""A small OpenID Connect provider for the tests: a real HTTP server on 127.0.0.1 (a free
port) with the discovery document, its JWKS (an RSA key made here), ``/authorize`` (it
approves the configured test person at once and redirects back with a code and the
state) and ``/token`` (it checks the code, the redirect address, the client's secret and
the PKCE verifier against the challenge, and returns an ID token signed with its key,
carrying the nonce).

:class:`Behaviour` lets a test make it misbehave as a broken or hostile provider would:
another issuer or audience in the token, an expired token, a signature by another key,
another nonce, other groups.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote_plus, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "sterkte-test"
CLIENT_SECRET = "geheim-van-de-test-client"


@dataclass
class Behaviour:
    """What the provider puts in the next ID token (None: the right value)."""

    user: str = "marieke"
    groups: list[str] = field(default_factory=lambda: ["planners-am"])
    issuer: str | None = None
    audience: str | None = None
    lifetime: int = 300  # seconds from now to exp; negative: expired
    other_key: bool = False  # sign with a key the JWKS does not hold (same key id)
    nonce: str | None = None


@dataclass
class Provider:
    url: str
    behaviour: Behaviour
    token_requests: list[dict[str, str]]
    authorize_requests: list[dict[str, str]]


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@contextmanager
def oidc_provider() -> Iterator[Provider]:
    key = RSAKey.generate_key(2048, parameters={"kid": "test-key-1", "use": "sig"})
    other = RSAKey.generate_key(2048, parameters={"kid": "test-key-1", "use": "sig"})
    codes: dict[str, dict[str, str]] = {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    provider = Provider(url, Behaviour(), [], [])

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _json(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            if parts.path == "/.well-known/openid-configuration":
                self._json(200, {
                    "issuer": url, "authorization_endpoint": f"{url}/authorize",
                    "token_endpoint": f"{url}/token", "jwks_uri": f"{url}/jwks",
                    "response_types_supported": ["code"],
                    "subject_types_supported": ["public"],
                    "id_token_signing_alg_values_supported": ["RS256"],
                    "code_challenge_methods_supported": ["S256"]})
            elif parts.path == "/jwks":
                self._json(200, {"keys": [key.as_dict(private=False)]})
            elif parts.path == "/authorize":
                provider.authorize_requests.append(query)
                wanted = ("response_type", "client_id", "redirect_uri", "state", "nonce",
                          "code_challenge", "code_challenge_method", "scope")
                if any(k not in query for k in wanted) or query["response_type"] != "code" \
                        or query["client_id"] != CLIENT_ID \
                        or query["code_challenge_method"] != "S256" \
                        or "openid" not in query["scope"].split():
                    self._json(400, {"error": "invalid_request"})
                    return
                code = secrets.token_urlsafe(16)
                codes[code] = query
                back = urlencode({"code": code, "state": query["state"]})
                self.send_response(302)
                self.send_header("Location", f"{query['redirect_uri']}?{back}")
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            provider.token_requests.append(form)
            if urlsplit(self.path).path != "/token":
                self._json(404, {"error": "not_found"})
                return
            auth = self.headers.get("Authorization", "")
            ident, _, secret = base64.b64decode(auth.removeprefix("Basic ")).decode().partition(
                ":") if auth.startswith("Basic ") else ("", "", "")
            if (unquote_plus(ident), unquote_plus(secret)) != (CLIENT_ID, CLIENT_SECRET):
                self._json(401, {"error": "invalid_client"})
                return
            asked = codes.pop(form.get("code", ""), None)  # a code is good once
            if asked is None or form.get("grant_type") != "authorization_code" \
                    or form.get("redirect_uri") != asked["redirect_uri"] \
                    or _s256(form.get("code_verifier", "")) != asked["code_challenge"]:
                self._json(400, {"error": "invalid_grant"})
                return
            b = provider.behaviour
            now = int(time.time())
            claims = {"iss": b.issuer or url, "sub": f"sub-{b.user}",
                      "aud": b.audience or CLIENT_ID, "iat": now + min(b.lifetime, 0) - 60,
                      "exp": now + b.lifetime, "nonce": b.nonce or asked["nonce"],
                      "preferred_username": b.user, "groups": b.groups}
            token = jwt.encode({"alg": "RS256", "kid": "test-key-1"}, claims,
                               other if b.other_key else key)
            self._json(200, {"access_token": secrets.token_urlsafe(16), "token_type": "Bearer",
                             "expires_in": 300, "id_token": token})

    server.RequestHandlerClass = Handler
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
