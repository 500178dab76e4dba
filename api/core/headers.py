"""Headers: what every answer carries (browsers must not sniff a JSON answer into something else,
and links followed from our pages send no referrer, which could carry a reset token or an id), and
what requests say about who is calling (the bearer token, the client's address)."""
from __future__ import annotations

from sanic import Sanic

SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def bearer_token(request) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, or None."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def client_ip(request) -> str:
    return request.remote_addr or request.ip or "unknown"


def setup_headers(app: Sanic) -> None:
    @app.on_response
    async def add_security_headers(request, response) -> None:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
