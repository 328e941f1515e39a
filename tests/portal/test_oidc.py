"""Signing in through an OpenID Connect provider (a stand-in for the municipality's BankID
broker, served over httpx's mock transport): the code flow with PKCE, state and nonce, and an
ID token whose signature, issuer, audience, expiry and nonce are all checked."""

from __future__ import annotations

import base64
import hashlib
import json
import time
from urllib.parse import parse_qs, urlparse

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from portal_helpers import client
from sqlalchemy import select

from huvudman.portal.app import create_app
from huvudman.portal.oidc import PERSONNUMMER_CLAIM, OidcConfig, OidcProvider
from huvudman.portal.settings import PortalSettings
from huvudman.services.demo.portal_seed import seed_demo
from huvudman.store.database import sessions
from huvudman.store.models import AuditEntry, User

ISSUER = "https://eid.example.se"
GUARDIAN_PNR = "19850709-9805"


class FakeProvider:
    """An identity provider: discovery, keys, and a token endpoint that checks the code and
    the PKCE verifier. `tamper` makes it misbehave in one chosen way."""

    def __init__(self, claim_value: str, claim: str = PERSONNUMMER_CLAIM) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.claim, self.claim_value = claim, claim_value
        self.codes: dict[str, dict[str, str]] = {}
        self.tamper = ""

    def authorize(self, url: str) -> str:
        """What the browser does at the provider: the person signs in, comes back with a
        code."""
        q = {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}
        assert q["response_type"] == "code" and q["code_challenge_method"] == "S256"
        code = f"code-{len(self.codes)}"
        self.codes[code] = q
        return f"/login/oidc/callback?code={code}&state={q['state']}"

    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/.well-known/openid-configuration":
            return httpx.Response(200, json={
                "issuer": ISSUER, "authorization_endpoint": f"{ISSUER}/authorize",
                "token_endpoint": f"{ISSUER}/token", "jwks_uri": f"{ISSUER}/jwks"})
        if path == "/jwks":
            public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
            return httpx.Response(200, json={"keys": [{**public, "kid": "k1", "use": "sig",
                                                       "alg": "RS256"}]})
        if path == "/token":
            form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
            asked = self.codes.pop(form["code"], None)
            if asked is None:
                return httpx.Response(400, json={"error": "invalid_grant"})
            challenge = base64.urlsafe_b64encode(hashlib.sha256(
                form["code_verifier"].encode()).digest()).rstrip(b"=").decode()
            if challenge != asked["code_challenge"]:
                return httpx.Response(400, json={"error": "invalid_grant"})
            now = int(time.time())
            claims = {"iss": ISSUER, "aud": "huvudman", "sub": "abc", "iat": now,
                      "exp": now + 300, "nonce": asked["nonce"], self.claim: self.claim_value}
            key = self.key
            if self.tamper == "audience":
                claims["aud"] = "someone-else"
            elif self.tamper == "expired":
                claims["exp"] = now - 3600
            elif self.tamper == "nonce":
                claims["nonce"] = "replayed"
            elif self.tamper == "signature":
                key = self.other_key
            token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": "k1"})
            return httpx.Response(200, json={"id_token": token, "token_type": "Bearer"})
        return httpx.Response(404)


@pytest.fixture
def eid_portal(engine, db_url, tmp_path):
    with sessions(engine).begin() as s:
        assert seed_demo(s, tmp_path, children=200, schools=6, seed=3, governance=False)
        anna = s.scalars(select(User).where(User.email == "anna@demo.huvudman.se")).one()
        anna.personnummer = GUARDIAN_PNR
    fake = FakeProvider("198507099805")  # the broker sends it without the dash
    provider = OidcProvider(OidcConfig(ISSUER, "huvudman", "secret",
                                       "http://testserver/login/oidc/callback",
                                       claim=PERSONNUMMER_CLAIM),
                            httpx.Client(transport=httpx.MockTransport(fake.handle)))
    app = create_app(db_url, PortalSettings(secret_key="test", secure_cookies=False), oidc=provider)
    yield app, fake
    app.state.engine.dispose()


def _sign_in(c, fake):
    r = c.get("/login/oidc", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith(f"{ISSUER}/authorize?")
    return c.get(fake.authorize(r.headers["location"]), follow_redirects=False)


def test_a_guardian_signs_in_with_e_identification(eid_portal) -> None:
    app, fake = eid_portal
    c = client(app)
    assert "Logga in med e-legitimation" in c.get("/login").text
    r = _sign_in(c, fake)
    assert r.status_code == 303 and r.headers["location"] == "/children"
    assert "Alva Andersson" in c.get("/children").text
    with app.state.sessions() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "sign_in_eid")).one()
        assert entry.actor == "anna@demo.huvudman.se" and PERSONNUMMER_CLAIM in entry.detail


@pytest.mark.parametrize("tamper", ["audience", "expired", "nonce", "signature"])
def test_a_token_that_does_not_hold_signs_nobody_in(eid_portal, tamper) -> None:
    app, fake = eid_portal
    fake.tamper = tamper
    c = client(app)
    r = _sign_in(c, fake)
    assert r.status_code == 401 and "kunde inte kontrolleras" in r.text
    assert c.get("/children", follow_redirects=False).status_code == 303  # still signed out


def test_state_and_code_cannot_be_replayed_or_forged(eid_portal) -> None:
    app, fake = eid_portal
    c = client(app)
    r = c.get("/login/oidc", follow_redirects=False)
    back = fake.authorize(r.headers["location"])
    forged = back.replace("state=", "state=x")
    assert c.get(forged).status_code == 401  # wrong state
    c.get("/login/oidc", follow_redirects=False)
    assert c.get("/login/oidc/callback?code=x&state=%C3%A5").status_code == 401  # not ASCII
    other = client(app)  # another browser brings this one's code back
    other.get("/login/oidc", follow_redirects=False)
    assert other.get(back).status_code == 401
    assert c.get("/login/oidc/callback?error=access_denied&state=x").status_code == 401


def test_a_person_without_an_account_is_not_let_in(eid_portal) -> None:
    app, fake = eid_portal
    fake.claim_value = "199001012380"  # a valid personnummer nobody here has
    r = _sign_in(client(app), fake)
    assert r.status_code == 403 and "inget konto" in r.text


def test_without_configuration_there_is_no_e_identification(engine, db_url) -> None:
    app = create_app(db_url, PortalSettings(secret_key="test", secure_cookies=False))
    c = client(app)
    assert c.get("/login/oidc").status_code == 404
    assert "Logga in med e-legitimation" not in c.get("/login").text
    app.state.engine.dispose()
