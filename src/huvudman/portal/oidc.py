"""Signing in through the municipality's e-identification: an OpenID Connect hook.

Swedish municipalities reach BankID and Freja eID through an identity provider that speaks
OpenID Connect (often following the Swedish eID profile, whose personal identity number claim is
`https://id.oidc.se/claim/personalIdentityNumber`). huvudman is the relying party: the
authorization code flow with PKCE, state and nonce; the ID token's signature checked against the
provider's published keys, and its issuer, audience, expiry and nonce. The claim that names the
person (an e-mail address or a personnummer) finds their account; nobody is created on the fly.

Configured from the environment (all unset: local accounts only):
HUVUDMAN_OIDC_ISSUER, HUVUDMAN_OIDC_CLIENT_ID, HUVUDMAN_OIDC_CLIENT_SECRET,
HUVUDMAN_OIDC_REDIRECT_URL (this portal's /login/oidc/callback as the provider knows it),
HUVUDMAN_OIDC_CLAIM (default "email"), HUVUDMAN_OIDC_SCOPE (default "openid email profile").
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
import jwt

PERSONNUMMER_CLAIM = "https://id.oidc.se/claim/personalIdentityNumber"


class OidcError(Exception):
    """The sign-in through the identity provider did not succeed (the reason is for the log)."""


@dataclass(frozen=True)
class OidcConfig:
    """How to reach the identity provider and which claim names the person."""

    issuer: str
    client_id: str
    client_secret: str
    redirect_url: str
    claim: str = "email"
    scope: str = "openid email profile"

    @classmethod
    def from_environment(cls) -> OidcConfig | None:
        """The configuration in the environment, or None when the hook is not configured."""
        env = os.environ
        needed = ("HUVUDMAN_OIDC_ISSUER", "HUVUDMAN_OIDC_CLIENT_ID",
                  "HUVUDMAN_OIDC_CLIENT_SECRET", "HUVUDMAN_OIDC_REDIRECT_URL")
        if not all(env.get(k) for k in needed):
            return None
        return cls(env["HUVUDMAN_OIDC_ISSUER"].rstrip("/"), env["HUVUDMAN_OIDC_CLIENT_ID"],
                   env["HUVUDMAN_OIDC_CLIENT_SECRET"], env["HUVUDMAN_OIDC_REDIRECT_URL"],
                   env.get("HUVUDMAN_OIDC_CLAIM", "email"),
                   env.get("HUVUDMAN_OIDC_SCOPE", "openid email profile"))


@dataclass(frozen=True)
class Pending:
    """What the portal keeps in the browser's session between leaving and coming back."""

    state: str
    nonce: str
    verifier: str


class OidcProvider:
    """The relying-party side of the authorization code flow against one provider."""

    def __init__(self, config: OidcConfig, client: httpx.Client | None = None) -> None:
        self.config = config
        self.client = client or httpx.Client(timeout=10)
        self._metadata: dict[str, Any] | None = None
        self._keys: jwt.PyJWKSet | None = None

    def metadata(self) -> dict[str, Any]:
        """The provider's discovery document (fetched once)."""
        if self._metadata is None:
            url = f"{self.config.issuer}/.well-known/openid-configuration"
            found = self._get_json(url)
            if found.get("issuer", "").rstrip("/") != self.config.issuer:
                raise OidcError(f"the discovery document names issuer {found.get('issuer')!r}")
            self._metadata = found
        return self._metadata

    def start(self) -> tuple[str, Pending]:
        """Where to send the browser, and what to remember until it comes back."""
        pending = Pending(secrets.token_urlsafe(24), secrets.token_urlsafe(24),
                          secrets.token_urlsafe(48))
        challenge = base64.urlsafe_b64encode(
            hashlib.sha256(pending.verifier.encode()).digest()).rstrip(b"=").decode()
        query = urlencode({
            "response_type": "code", "client_id": self.config.client_id,
            "redirect_uri": self.config.redirect_url, "scope": self.config.scope,
            "state": pending.state, "nonce": pending.nonce,
            "code_challenge": challenge, "code_challenge_method": "S256"})
        return f"{self.metadata()['authorization_endpoint']}?{query}", pending

    def finish(self, code: str, state: str, pending: Pending | None) -> str:
        """The value of the configured claim for the person who signed in.

        Raises `OidcError` for a wrong state, a failed token exchange, a token whose signature,
        issuer, audience, expiry or nonce does not hold, or a missing claim.
        """
        if pending is None or not secrets.compare_digest(state.encode(), pending.state.encode()):
            raise OidcError("the state does not match this browser's sign-in")
        try:
            response = self.client.post(self.metadata()["token_endpoint"], data={
                "grant_type": "authorization_code", "code": code,
                "redirect_uri": self.config.redirect_url, "code_verifier": pending.verifier},
                auth=(self.config.client_id, self.config.client_secret))
        except httpx.HTTPError as err:
            raise OidcError(f"token endpoint unreachable: {err}") from None
        if response.status_code != 200:
            raise OidcError(f"token endpoint answered {response.status_code}")
        token = response.json().get("id_token")
        if not token:
            raise OidcError("no ID token in the token response")
        claims = self._verify(token)
        if claims.get("nonce") != pending.nonce:
            raise OidcError("the ID token's nonce does not match")
        value = claims.get(self.config.claim)
        if not value:
            raise OidcError(f"the ID token has no {self.config.claim!r} claim")
        return str(value)

    def _verify(self, token: str) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(token)
            key = self._signing_key(header.get("kid"))
            return jwt.decode(token, key, algorithms=["RS256", "ES256", "PS256"],
                              audience=self.config.client_id, issuer=self.metadata()["issuer"],
                              options={"require": ["exp", "iat", "iss", "aud", "sub"]},
                              leeway=30)
        except jwt.PyJWTError as err:
            raise OidcError(f"the ID token does not hold: {err}") from None

    def _signing_key(self, kid: str | None) -> Any:
        for attempt in range(2):  # keys rotate: fetch them again once when one is unknown
            if self._keys is None or attempt:
                self._keys = jwt.PyJWKSet.from_dict(self._get_json(self.metadata()["jwks_uri"]))
            for key in self._keys.keys:
                if kid is None or key.key_id == kid:
                    return key.key
        raise OidcError(f"no published key {kid!r}")

    def _get_json(self, url: str) -> dict[str, Any]:
        try:
            response = self.client.get(url)
        except httpx.HTTPError as err:
            raise OidcError(f"{url} unreachable: {err}") from None
        if response.status_code != 200:
            raise OidcError(f"{url} answered {response.status_code}")
        return response.json()
