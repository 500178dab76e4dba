"""Cross-origin access for browsers (the mobile app's web build), from the CORS_ORIGINS setting.

An allowed origin gets `Access-Control-Allow-Origin: <that origin>` on every answer, errors
included, with the headers clients read listed in `Access-Control-Expose-Headers`; a preflight
(OPTIONS with `Access-Control-Request-Method`, answered 204 by the routes' automatic OPTIONS
handlers) also gets the methods of that path, the request headers we accept and a Max-Age. Another
origin gets no CORS header, so the browser keeps the answer from the page. While origins are
configured every answer says `Vary: Origin`, because it depends on the caller's origin. With
CORS_ORIGINS=* any origin is admitted with `Access-Control-Allow-Origin: *`. We never send
`Access-Control-Allow-Credentials`: clients authenticate with a bearer token, not cookies.

Why not sanic-ext's CORS extension (off in sanic_app.py with CORS=False): it sets `Vary: Origin`
only on answers it admits, and by replacing any Vary already there, so a shared cache may serve an
answer made for no origin (without Access-Control-Allow-Origin) to the app, or the reverse; it keeps
its settings on `app.ctx`, which holds only what AppContext declares; and it logs a line at INFO for
every plain OPTIONS request. This middleware is the part of it we need.
"""
from __future__ import annotations

from sanic import Sanic

ALLOW_HEADERS = "Authorization, Content-Type, Idempotency-Key, X-Request-ID"
ALLOW_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS"  # when the answer names no methods (Allow)
EXPOSE_HEADERS = "X-Total-Count, X-Cache, X-Request-ID, Retry-After, Idempotent-Replayed"
MAX_AGE = "600"  # seconds a browser may reuse a preflight answer


def add_vary(response, header: str) -> None:
    """Add `header` to the response's Vary, keeping what is there."""
    present = [name.strip() for name in response.headers.get("vary", "").split(",") if name.strip()]
    if header.lower() not in {name.lower() for name in present} and "*" not in present:
        response.headers["Vary"] = ", ".join([*present, header])


def setup_cors(app: Sanic) -> None:
    origins: frozenset[str] = app.ctx.settings.allowed_origins
    if not origins:
        return  # no cross-origin access: no CORS header on any answer
    any_origin = "*" in origins

    @app.on_response
    async def add_cors_headers(request, response) -> None:
        if not any_origin:
            add_vary(response, "Origin")
        origin = request.headers.get("origin")
        if not origin or not (any_origin or origin.lower() in origins):
            return
        response.headers["Access-Control-Allow-Origin"] = "*" if any_origin else origin
        if request.method == "OPTIONS" and request.headers.get("access-control-request-method"):
            response.headers["Access-Control-Allow-Methods"] = response.headers.get("allow") or ALLOW_METHODS
            response.headers["Access-Control-Allow-Headers"] = ALLOW_HEADERS
            response.headers["Access-Control-Max-Age"] = MAX_AGE
        else:
            response.headers["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
