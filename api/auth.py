"""Who are you, and may you: the one place requests are authenticated and roles checked.

    @authenticated                   any active user with a valid access token
    @authenticated(role="owner")     at least that role: renter < owner < admin

The handler finds the caller in request.ctx.user (id, role).
"""
from __future__ import annotations

from sanic.exceptions import Forbidden, NotFound, Unauthorized
from sanic_ext import openapi

from api import tokens
from api.validation import rewrap

ROLE_RANK = {"renter": 0, "owner": 1, "admin": 2}


async def current_user(request):
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("not authenticated", scheme="Bearer")
    payload = tokens.decode(request.app.ctx.settings, token.strip(), "access")
    async with request.app.ctx.pool.acquire() as conn:
        user = await request.app.ctx.queries.get_auth_user(conn, user_id=payload["sub"])
    if user is None or not user["is_active"] or user["token_version"] != payload["ver"]:
        raise Unauthorized("token no longer valid", scheme="Bearer")
    return user


def authenticated(handler=None, *, role: str | None = None):
    if role is not None and role not in ROLE_RANK:
        raise ValueError(f"unknown role {role!r}")

    def decorator(inner):
        async def wrapper(request, *args, **kwargs):
            user = await current_user(request)
            if role and ROLE_RANK[user["role"]] < ROLE_RANK[role]:
                raise Forbidden(f"this needs the {role} role")
            request.ctx.user = user
            return await inner(request, *args, **kwargs)
        return openapi.secured("bearer")(rewrap(inner, wrapper))

    return decorator(handler) if handler is not None else decorator


async def ensure_owns_spot(request, conn, spot_id) -> None:
    """404 when the spot does not exist, 403 unless the caller owns it or is an admin."""
    owner_id = await request.app.ctx.queries.get_spot_owner(conn, spot_id=spot_id)
    if owner_id is None:
        raise NotFound("parking spot not found")
    user = request.ctx.user
    if user["role"] != "admin" and owner_id != user["id"]:
        raise Forbidden("this is not your parking spot")
