"""Headers on every answer: browsers must not sniff a JSON answer into something else, and links
followed from our pages send no referrer (it could carry a reset token or an id)."""
from __future__ import annotations

from sanic import Sanic

SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def setup_headers(app: Sanic) -> None:
    @app.on_response
    async def add_security_headers(request, response) -> None:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
