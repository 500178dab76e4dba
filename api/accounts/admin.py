"""/api/v1/admin/users: list and manage accounts (admins only)."""
from __future__ import annotations

from sanic import Blueprint
from sanic.response import json

from api.accounts.auth import authenticated
from api.accounts.models import UserPatch, UserQuery
from api.accounts.responses import UserOut
from api.core.context import Request
from api.core.errors import Conflict, NotFound
from api.core.openapi import responds
from api.core.paging import paged
from api.core.validation import json_body, query_args

bp = Blueprint("admin_users", url_prefix="/admin/users")


@bp.get("/")
@authenticated(role="admin")
@query_args(UserQuery)
@responds(list[UserOut], headers=("X-Total-Count",))
async def list_users(request: Request, query: UserQuery):
    """Accounts, newest first, filtered by role, state and email; X-Total-Count gives all matches."""
    async with request.app.ctx.pool.acquire() as conn:
        return await paged(request.app.ctx.queries.accounts.list_users(
            conn, role=query.role, is_active=query.is_active, email=query.email,
            **query.window))


@bp.patch("/<user_id:uuid>")
@authenticated(role="admin")
@json_body(UserPatch)
@responds(UserOut, errors=(409,))
async def update_user(request: Request, user_id, body: UserPatch):
    """Change an account's role, is_active or is_verified. Locking it or changing its role ends its sessions."""
    patch = body.model_dump(exclude_none=True)
    if user_id == request.ctx.user["id"] and (patch.get("role", "admin") != "admin" or patch.get("is_active") is False):
        raise Conflict("you cannot remove your own admin access", code="admin_self_demotion")
    queries = request.app.ctx.queries
    async with request.app.ctx.pool.acquire() as conn, conn.transaction():
        user = await queries.accounts.admin_update_user(conn, user_id=user_id, patch=patch)
        if user is None:
            raise NotFound("user not found")
        if patch.get("is_active") is False:
            await queries.accounts.revoke_user_refresh_tokens(conn, user_id=user_id)
    return json(user)
