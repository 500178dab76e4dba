"""Who are you, and may you: the one place requests are authenticated and roles checked.

    @authenticated                   any active user with a valid access token
    @authenticated(role="owner")     at least that role: renter < owner < admin

The handler finds the caller in request.ctx.user (id, role).
"""
from __future__ import annotations

from api.accounts import tokens
from api.core.context import Request
from api.core.errors import Forbidden, NotAuthenticated
from api.core.headers import bearer_token
from api.core.openapi import notes
from api.core.validation import rewrap

ROLE_RANK = {"renter": 0, "owner": 1, "admin": 2}


async def current_user(request: Request):
    token = bearer_token(request)
    if token is None:
        raise NotAuthenticated("not authenticated")
    payload = tokens.decode(request.app.ctx.settings, token, "access")
    async with request.app.ctx.pool.acquire() as conn:
        user = await request.app.ctx.queries.accounts.get_auth_user(conn, user_id=payload["sub"])
    if user is None or not user["is_active"] or user["token_version"] != payload["ver"]:
        raise NotAuthenticated("token no longer valid", code="token_revoked")
    return user


async def optional_user(request: Request):
    """The caller when the request carries a token (401 if it is not valid), else None."""
    return await current_user(request) if request.headers.get("authorization") else None


def authenticated(handler=None, *, role: str | None = None):
    if role is not None and role not in ROLE_RANK:
        raise ValueError(f"unknown role {role!r}")

    def decorator(inner):
        async def wrapper(request: Request, *args, **kwargs):
            user = await current_user(request)
            if role and ROLE_RANK[user["role"]] < ROLE_RANK[role]:
                raise Forbidden(f"this needs the {role} role", code="role_required")
            request.ctx.user = user
            return await inner(request, *args, **kwargs)
        wrapped = rewrap(inner, wrapper)
        found = notes(wrapped)
        found["security"] = "required"
        found["errors"].update((401, 403) if role else (401,))
        return wrapped

    return decorator(handler) if handler is not None else decorator
