"""GET /api/v1/config: what a client must know before it shows its screens — whether payments are
on (and the publishable key its Stripe SDK needs), and which sign-in providers the server accepts (with the
public client id an app asks the provider's ID token for).
Public and cacheable: it holds no secret."""
from __future__ import annotations

from typing import Literal

from sanic import Blueprint
from sanic.response import json

from api.core.context import Request
from api.core.openapi import responds
from api.core.shapes import Shape, example

bp = Blueprint("client_config", url_prefix="/config")


class PaymentsConfig(Shape):
    enabled: bool
    publishable_key: str | None


class OAuthProvider(Shape):
    name: Literal["google", "facebook"]
    client_id: str  # public: the apps ask the provider for an ID token meant for this client


class ClientConfigOut(Shape):
    model_config = example(payments={"enabled": True, "publishable_key": "pk_test_123"},
                           oauth_providers=[{"name": "google", "client_id": "1234-abc.apps.googleusercontent.com"}])
    payments: PaymentsConfig
    oauth_providers: list[OAuthProvider]


@bp.get("/")
@responds(ClientConfigOut, headers=("Cache-Control",))
async def client_config(request: Request):
    """Whether payments are on and which sign-in providers are configured."""
    settings = request.app.ctx.settings
    providers = [{"name": name, "client_id": client_id}
                 for name, client_id in (("google", settings.google_client_id),
                                         ("facebook", settings.facebook_client_id)) if client_id]
    body = {"payments": {"enabled": settings.payments_enabled,
                         "publishable_key": settings.stripe_publishable_key or None},
            "oauth_providers": providers}
    return json(body, headers={"Cache-Control": "public, max-age=300"})
