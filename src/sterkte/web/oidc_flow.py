"""The OpenID Connect authorization-code flow with PKCE, as a client of the organisation's
identity provider (authlib's PKCE and ID-token claim checks, joserfc's signatures).

1. :meth:`Provider.authorize_url`: the provider's login page, with ``state`` (ties the
   answer to this browser), ``nonce`` (ties the ID token to this login) and the S256
   challenge of a fresh ``code_verifier`` (only this dashboard can redeem the code).
2. :meth:`Provider.exchange`: the code (and the verifier) for the provider's tokens.
3. :meth:`Provider.verify`: the ID token's signature against the provider's published
   keys (its JWKS; fetched again once when a token names a key not seen yet: the
   provider rotated its keys), the algorithm (asymmetric only), issuer, audience
   (this client), expiry, issue time and nonce.

The provider's discovery document is read on first use and kept for
:data:`METADATA_SECONDS`; its ``issuer`` must be the one configured.
"""

from __future__ import annotations

import base64
import threading
import time
from typing import Any
from urllib.parse import quote_plus

import httpx
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import ClaimError, InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from sterkte.app.oidc import ALGORITHMS, OidcSettings
from sterkte.errors import SterkteError

# How long the discovery document and the keys are trusted before they are read again
# (not a policy number: it bounds how late a change at the provider is seen; a key not
# yet known makes the keys be read at once).
METADATA_SECONDS = 3600.0
# Not more often than this are the keys read again for a token naming an unknown key
# (a flood of forged tokens must not become a flood of requests to the provider).
REFETCH_SECONDS = 10.0
TIMEOUT_SECONDS = 10.0  # the provider's answer to one request


class OidcError(SterkteError):
    """A login through the provider that gives no session: ``reason`` for the audit trail
    and the log (no token in it); ``unreachable`` when the provider did not answer."""

    def __init__(self, reason: str, *, unreachable: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.unreachable = unreachable


class Provider:
    """One identity provider, as the settings name it."""

    def __init__(self, settings: OidcSettings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._meta: dict[str, Any] | None = None
        self._keys: dict[str, Any] | None = None
        self._read_at = 0.0
        self._keys_at = 0.0

    def _get(self, url: str) -> dict[str, Any]:
        try:
            with httpx.Client(timeout=TIMEOUT_SECONDS,
                              verify=self.settings.ca_file or True) as client:
                r = client.get(url, headers={"Accept": "application/json"})
        except httpx.HTTPError as exc:
            raise OidcError(f"provider unreachable: {type(exc).__name__}",
                            unreachable=True) from None
        if r.status_code != 200:
            raise OidcError(f"provider answered {r.status_code} for {url}", unreachable=True)
        try:
            body = r.json()
        except ValueError:
            raise OidcError(f"provider sent no JSON for {url}", unreachable=True) from None
        if not isinstance(body, dict):
            raise OidcError(f"provider sent no JSON object for {url}", unreachable=True)
        return body

    def metadata(self) -> dict[str, Any]:
        """The discovery document (``/.well-known/openid-configuration``)."""
        with self._lock:
            if self._meta is not None and time.monotonic() - self._read_at < METADATA_SECONDS:
                return self._meta
        url = self.settings.issuer.rstrip("/") + "/.well-known/openid-configuration"
        meta = self._get(url)
        if meta.get("issuer") != self.settings.issuer:  # OpenID Connect Discovery, 4.3
            raise OidcError(f"discovery document names issuer {meta.get('issuer')!r}, not "
                            f"{self.settings.issuer!r}", unreachable=True)
        for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
            if not isinstance(meta.get(key), str):
                raise OidcError(f"discovery document has no {key}", unreachable=True)
        with self._lock:
            self._meta, self._read_at, self._keys = meta, time.monotonic(), None
        return meta

    def keys(self, *, again: bool = False) -> dict[str, Any]:
        """The provider's public keys (JWKS); ``again``: read them anew (at most every
        :data:`REFETCH_SECONDS`)."""
        meta = self.metadata()
        with self._lock:
            fresh = time.monotonic() - self._keys_at < REFETCH_SECONDS
            if self._keys is not None and (not again or fresh):
                return self._keys
        keys = self._get(str(meta["jwks_uri"]))
        with self._lock:
            self._keys, self._keys_at = keys, time.monotonic()
        return keys

    def authorize_url(self, redirect_uri: str, state: str, nonce: str, verifier: str) -> str:
        meta = self.metadata()
        params = {"response_type": "code", "client_id": self.settings.client_id,
                  "redirect_uri": redirect_uri, "scope": " ".join(self.settings.scopes),
                  "state": state, "nonce": nonce,
                  "code_challenge": create_s256_code_challenge(verifier),
                  "code_challenge_method": "S256"}
        return str(httpx.URL(str(meta["authorization_endpoint"]), params=params))

    def exchange(self, code: str, redirect_uri: str, verifier: str) -> dict[str, Any]:
        """The provider's token response for ``code`` (it holds ``id_token``)."""
        meta = self.metadata()
        s = self.settings
        form = {"grant_type": "authorization_code", "code": code,
                "redirect_uri": redirect_uri, "code_verifier": verifier}
        headers = {"Accept": "application/json"}
        if s.token_auth == "client_secret_basic" and s.client_secret:
            # RFC 6749, 2.3.1: both form-encoded before they are joined and base64-encoded
            pair = f"{quote_plus(s.client_id)}:{quote_plus(s.client_secret)}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
        else:
            form["client_id"] = s.client_id
            if s.token_auth == "client_secret_post" and s.client_secret:
                form["client_secret"] = s.client_secret
        try:
            with httpx.Client(timeout=TIMEOUT_SECONDS, verify=s.ca_file or True) as client:
                r = client.post(str(meta["token_endpoint"]), data=form, headers=headers)
        except httpx.HTTPError as exc:
            raise OidcError(f"token endpoint unreachable: {type(exc).__name__}",
                            unreachable=True) from None
        try:
            body = r.json()
        except ValueError:
            body = {}
        if r.status_code != 200 or not isinstance(body, dict):
            error = body.get("error", "") if isinstance(body, dict) else ""
            raise OidcError(f"token endpoint refused the code ({r.status_code} {error})".strip())
        if not isinstance(body.get("id_token"), str):
            raise OidcError("token endpoint sent no id_token")
        return body

    def verify(self, id_token: str, nonce: str, access_token: str | None) -> dict[str, Any]:
        """The ID token's claims once its signature, algorithm, issuer, audience, expiry,
        issue time and nonce are checked; an :class:`OidcError` saying which failed."""
        s = self.settings
        offered = self.metadata().get("id_token_signing_alg_values_supported") or ["RS256"]
        algorithms = [a for a in offered if a in ALGORITHMS]
        if not algorithms:
            raise OidcError(f"the provider signs ID tokens with {offered}, none of "
                            f"{list(ALGORITHMS)}")
        try:
            try:
                token = jwt.decode(id_token, KeySet.import_key_set(self.keys()),  # type: ignore[arg-type]
                                   algorithms=algorithms)
            except InvalidKeyIdError:  # a key not seen yet: the provider may have rotated
                token = jwt.decode(id_token,
                                   KeySet.import_key_set(self.keys(again=True)),  # type: ignore[arg-type]
                                   algorithms=algorithms)
            options: dict[str, Any] = {
                "iss": {"essential": True, "value": s.issuer},
                "aud": {"essential": True, "value": s.client_id},
                "exp": {"essential": True}, "iat": {"essential": True}}
            params: dict[str, Any] = {"nonce": nonce, "client_id": s.client_id}
            if access_token:
                params["access_token"] = access_token
            claims = CodeIDToken(token.claims, token.header, options, params)
            claims.validate(leeway=s.clock_skew_seconds)
        except ClaimError as exc:
            raise OidcError(f"ID token {exc.error}: {exc.claim}") from None
        except JoseError as exc:
            raise OidcError(f"ID token {exc.error or type(exc).__name__}") from None
        except ValueError as exc:  # not a JWT at all, or keys that are not a JWKS
            raise OidcError(f"ID token unreadable: {type(exc).__name__}") from None
        return dict(claims)
