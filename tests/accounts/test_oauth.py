"""POST /api/v1/auth/oauth/{provider}: sign in with a Google or Facebook ID token.

A local JWKS server publishes the public half of KEY under KID; the app's providers point at it
(the module's `settings` fixture), so ID tokens signed here are checked end to end: signature,
issuer, audience, expiry and the email claims, then the account lookup, link or creation.
"""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from api.core.settings import Settings
from scripts.local_services import free_port

KID = "test-key-1"
PROVIDERS = {  # provider -> (client id, issuer)
    "google": ("test-google-client", "https://accounts.google.test"),
    "facebook": ("test-facebook-client", "https://www.facebook.test"),
}
INVALID = "invalid id_token"
NO_EMAIL = "the provider did not vouch for an email address"
CODES = {INVALID: "token_invalid", NO_EMAIL: "oauth_email_unverified", "id_token expired": "token_expired"}


def _rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


KEY, OTHER_KEY = _rsa_key(), _rsa_key()  # OTHER_KEY is never published


def id_token(provider: str = "google", *, key=KEY, kid: str = KID, **claims) -> str:
    """An RS256 ID token from `provider`; a claim given as None is left out."""
    client_id, issuer = PROVIDERS[provider]
    now = int(time.time())
    payload = {"iss": issuer, "aud": client_id, "sub": f"{provider}-sub-1", "email": "pat@example.com",
               "email_verified": True, "name": "Pat Example", "iat": now, "exp": now + 600, **claims}
    payload = {name: value for name, value in payload.items() if value is not None}
    return jwt.encode(payload, _pem(key), algorithm="RS256", headers={"kid": kid})


def resigned(algorithm: str, secret) -> str:
    """A valid token's claims and known kid, signed with another algorithm."""
    claims = jwt.decode(id_token(), options={"verify_signature": False})
    return jwt.encode(claims, secret, algorithm=algorithm, headers={"kid": KID})


@pytest.fixture(scope="module")
def jwks_url():
    """A local JWKS endpoint publishing KEY's public key under KID at /jwks.json; any other path
    answers 200 with an HTML page, like a provider's error page."""
    jwk = {**jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key(), as_dict=True),
           "kid": KID, "use": "sig", "alg": "RS256"}
    body = json.dumps({"keys": [jwk]}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            found = self.path == "/jwks.json"
            page = body if found else b"<html>Service temporarily unavailable</html>"
            self.send_response(200)
            self.send_header("Content-Type", "application/json" if found else "text/html")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/jwks.json"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def settings_changes():
    """Parametrize a test with this name to change the settings further."""
    return {}


@pytest.fixture
def settings(settings, jwks_url, settings_changes):
    """The standard test settings with both providers pointed at the local JWKS server."""
    providers = {}
    for provider, (client_id, issuer) in PROVIDERS.items():
        providers |= {f"{provider}_client_id": client_id, f"{provider}_issuer": issuer,
                      f"{provider}_jwks_url": jwks_url}
    return settings.changed(**{**providers, **settings_changes})


async def sign_in(api, token: str, provider: str = "google"):
    return await api.call("post", f"/api/v1/auth/oauth/{provider}", json={"id_token": token})


async def me(api, response) -> dict:
    """/users/me with the access token of a successful sign-in."""
    assert response.status == 200, response.json
    found = await api.call("get", "/api/v1/users/me", response.json["access_token"])
    assert found.status == 200, found.json
    return found.json


async def identities(conn, q) -> list[tuple]:
    return [tuple(row) async for row in q.oauth_identities(conn)]


async def test_first_google_sign_in_creates_a_verified_renter_once(api, conn, q):
    first = await sign_in(api, id_token())
    assert first.status == 200
    assert set(first.json) == {"access_token", "refresh_token", "token_type"}
    assert first.json["token_type"] == "bearer"
    user = await me(api, first)
    assert (user["email"], user["full_name"], user["role"], user["is_verified"]) == \
           ("pat@example.com", "Pat Example", "renter", True)

    again = await sign_in(api, id_token(email="pat.new@example.com"))  # same sub, email changed
    assert (await me(api, again))["id"] == user["id"]
    assert await q.count_users(conn) == 1
    assert (await q.only_user(conn))["hashed_password"] is None
    assert await identities(conn, q) == [("google", "google-sub-1", user["id"], "pat@example.com")]


async def test_unverified_password_account_is_linked_and_loses_its_password(api, conn, q):
    """Whoever registered the email with a password never proved it: a pre-registration by someone
    else must not survive the real owner's first sign-in."""
    squatter = await api.new_user()
    registered_id = squatter.id
    user = await me(api, await sign_in(api, id_token(email=squatter.email.upper())))
    assert (user["id"], user["is_verified"]) == (registered_id, True)
    assert (await api.login(squatter.email)).status == 401
    assert (await api.call("get", "/api/v1/users/me", squatter.access)).status == 401
    assert await identities(conn, q) == [("google", "google-sub-1", user["id"], squatter.email.upper())]


async def test_verified_password_account_is_linked_and_keeps_its_password(api, conn, q):
    registered = await api.register("Pat@Example.COM")
    await q.set_verified(conn, email="pat@example.com")
    user = await me(api, await sign_in(api, id_token(email="pat@example.com")))
    assert (user["id"], user["email"], user["is_verified"]) == (registered.json["id"], "Pat@Example.COM", True)
    assert (await api.login("pat@example.com")).status == 200
    assert await identities(conn, q) == [("google", "google-sub-1", user["id"], "pat@example.com")]


async def test_facebook_sign_in_uses_its_own_issuer_and_client_id(api, conn, q):
    token = id_token("facebook", email_verified=None)  # Facebook sends no email_verified claim
    user = await me(api, await sign_in(api, token, "facebook"))
    assert (user["email"], user["is_verified"]) == ("pat@example.com", True)
    assert await identities(conn, q) == [("facebook", "facebook-sub-1", user["id"], "pat@example.com")]

    wrong_provider = await sign_in(api, token, "google")
    assert (wrong_provider.status, wrong_provider.json) == (401, {"detail": INVALID, "code": "token_invalid"})


REJECTED = {
    "wrong audience": (lambda: id_token(aud="someone-else"), INVALID),
    "wrong issuer": (lambda: id_token(iss="https://evil.test"), INVALID),
    "expired": (lambda: id_token(iat=int(time.time()) - 7200, exp=int(time.time()) - 60), "id_token expired"),
    "unknown key and kid": (lambda: id_token(key=OTHER_KEY, kid="unknown-kid"), INVALID),
    "unknown key, known kid": (lambda: id_token(key=OTHER_KEY), INVALID),
    "HS256": (lambda: resigned("HS256", "a-shared-secret-of-at-least-32-bytes"), INVALID),
    "alg none": (lambda: resigned("none", None), INVALID),
    "garbage": (lambda: "not-a-jwt", INVALID),
    "email not verified": (lambda: id_token(email_verified=False), NO_EMAIL),
    "no email": (lambda: id_token(email=None), NO_EMAIL),
}


@pytest.mark.parametrize("make_token, detail", REJECTED.values(), ids=REJECTED.keys())
async def test_rejected_id_token_is_401_and_creates_nothing(api, conn, q, make_token, detail):
    response = await sign_in(api, make_token())
    assert (response.status, response.json) == (401, {"detail": detail, "code": CODES[detail]})
    assert await q.count_users(conn) == 0


async def test_unknown_provider_is_404(api):
    response = await sign_in(api, id_token(), "github")
    assert (response.status, response.json) == (404, {"detail": "unknown provider 'github'", "code": "oauth_unknown_provider"})


@pytest.mark.parametrize("settings_changes", [{"facebook_client_id": ""}])
async def test_provider_without_client_id_is_503(api):
    response = await sign_in(api, id_token("facebook"), "facebook")
    assert (response.status, response.json) == (503, {"detail": "facebook sign-in is not configured", "code": "oauth_not_configured"})
    assert (await sign_in(api, id_token())).status == 200  # google is still configured


async def test_deactivated_account_is_403_and_not_linked(api, conn, q):
    user = await api.new_user()
    assert (await api.call("delete", "/api/v1/users/me", user.access)).status == 204

    response = await sign_in(api, id_token(email=user.email))
    assert (response.status, response.json) == (403, {"detail": "this account is deactivated", "code": "account_deactivated"})
    assert await identities(conn, q) == []
    assert (await q.only_user(conn))["is_verified"] is False


async def test_missing_id_token_is_422(api):
    response = await api.call("post", "/api/v1/auth/oauth/google", json={})
    assert response.status == 422
    assert response.json["detail"].startswith("id_token:")


class TestUnreachableJwks:
    @pytest.fixture
    def settings_changes(self):
        return {"google_jwks_url": f"http://127.0.0.1:{free_port()}/jwks"}  # nothing listens there

    async def test_is_503_and_creates_nothing(self, api, conn, q):
        response = await sign_in(api, id_token())
        assert (response.status, response.json) == (503, {"detail": "google sign-in is unavailable right now", "code": "oauth_unavailable"})
        assert await q.count_users(conn) == 0


class TestJwksNotJson:
    @pytest.fixture
    def settings_changes(self, jwks_url):
        return {"google_jwks_url": jwks_url.replace("/jwks.json", "/error-page")}

    async def test_is_503(self, api):
        response = await sign_in(api, id_token())
        assert (response.status, response.json) == (503, {"detail": "google sign-in is unavailable right now", "code": "oauth_unavailable"})


@pytest.mark.parametrize("settings_changes", [{"google_issuer": Settings.model_fields["google_issuer"].default}])
@pytest.mark.parametrize("issuer", ["https://accounts.google.com", "accounts.google.com"])
async def test_google_issuer_with_or_without_scheme_is_accepted_by_default(api, issuer):
    response = await sign_in(api, id_token(iss=issuer))
    assert response.status == 200, response.json
