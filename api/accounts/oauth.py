"""/api/v1/auth/oauth/{provider}: sign in with a Google or Facebook ID token.

The token's signature is checked against the provider's JWKS (PyJWT's PyJWKClient, key set cached
for an hour), with its issuer (a comma-separated list in the settings), audience (our client id)
and expiry, with 60 s of clock leeway. The account is found by the provider identity, else by the
verified email (and linked; an account whose email was not yet verified loses its password and
sessions, which defeats pre-registration by someone else), else created as a verified renter.
"""
from __future__ import annotations

import asyncio
import logging

import jwt
from sanic import Blueprint

from api.accounts import tokens
from api.accounts.models import OAuthIn
from api.accounts.responses import TokenPairOut
from api.core.context import App, Request
from api.core.errors import Forbidden, NotAuthenticated, NotFound, Unavailable
from api.core.openapi import responds
from api.core.validation import json_body

log = logging.getLogger("parkingspots.oauth")
bp = Blueprint("oauth", url_prefix="/oauth")
PROVIDERS = ("google", "facebook")


def _provider_settings(settings, provider: str) -> tuple[str, str, str]:
    return (getattr(settings, f"{provider}_client_id"), getattr(settings, f"{provider}_issuer"),
            getattr(settings, f"{provider}_jwks_url"))


def _jwks_client(app: App, url: str) -> jwt.PyJWKClient:
    clients = app.ctx.jwks_clients
    if url not in clients:
        # The key set is cached for an hour (a key the provider retires stops being trusted then);
        # cache_keys would keep each key for the life of the process. An unknown kid refetches once.
        clients[url] = jwt.PyJWKClient(url, cache_keys=False, cache_jwk_set=True, lifespan=3600, timeout=5)
    return clients[url]


def verify_id_token(client: jwt.PyJWKClient, id_token: str, issuers: list[str], audience: str) -> dict:
    """The verified claims (blocking: fetches the JWKS when the key is not cached)."""
    key = client.get_signing_key_from_jwt(id_token)
    return jwt.decode(id_token, key.key, algorithms=["RS256"], audience=audience, issuer=issuers,
                      leeway=60, options={"require": ["exp", "iat", "iss", "aud", "sub"]})


async def _verified_claims(request: Request, provider: str, id_token: str) -> dict:
    client_id, issuer, jwks_url = _provider_settings(request.app.ctx.settings, provider)
    if not client_id:
        raise Unavailable(f"{provider} sign-in is not configured", code="oauth_not_configured")
    client = _jwks_client(request.app, jwks_url)
    issuers = [value.strip() for value in issuer.split(",") if value.strip()]
    try:
        claims = await asyncio.to_thread(verify_id_token, client, id_token, issuers, client_id)
    except (jwt.PyJWKClientConnectionError, ValueError) as exc:  # unreachable, or not a JWKS document
        log.warning("%s JWKS unusable at %s: %s", provider, jwks_url, type(exc).__name__)
        raise Unavailable(f"{provider} sign-in is unavailable right now", code="oauth_unavailable") from None
    except jwt.ExpiredSignatureError:
        raise NotAuthenticated("id_token expired", code="token_expired") from None
    except (jwt.InvalidTokenError, jwt.PyJWKClientError):
        raise NotAuthenticated("invalid id_token", code="token_invalid") from None
    # Google says whether the email is verified; Facebook only returns confirmed emails.
    if not claims.get("email") or claims.get("email_verified", True) is not True:
        raise NotAuthenticated("the provider did not vouch for an email address", code="oauth_email_unverified")
    return claims


@bp.post("/<provider:str>")
@json_body(OAuthIn)
@responds(TokenPairOut, errors=(401, 403, 409, 503), headers=("Cache-Control",))
async def oauth_sign_in(request: Request, provider: str, body: OAuthIn):
    """Exchange a provider ID token for our token pair; creates the account on first sign-in."""
    if provider not in PROVIDERS:
        raise NotFound(f"unknown provider {provider!r}", code="oauth_unknown_provider")
    claims = await _verified_claims(request, provider, body.id_token)
    app, queries = request.app, request.app.ctx.queries
    async with app.ctx.pool.acquire() as conn, conn.transaction():
        user = await queries.accounts.get_oauth_user(conn, provider=provider, subject=claims["sub"])
        if user is None:
            user = await queries.accounts.get_user_by_email(conn, email=claims["email"])
            if user is None:
                name = claims.get("name") or claims["email"].split("@")[0]
                user = await queries.accounts.create_oauth_user(conn, email=claims["email"], full_name=name[:255])
            else:
                # The provider proves the email; a password set before that proof may be an
                # attacker's pre-registration, so an unverified account loses it (and its sessions).
                user = await queries.accounts.claim_account_by_email(conn, user_id=user["id"])
            await queries.accounts.link_oauth_identity(conn, provider=provider, subject=claims["sub"],
                                              user_id=user["id"], email=claims["email"])
        if not user["is_active"]:
            raise Forbidden("this account is deactivated", code="account_deactivated")
        pair = await tokens.issue_pair(queries, conn, app.ctx.settings, user["id"], user["token_version"])
    return tokens.token_response(pair)
