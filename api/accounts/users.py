"""/api/v1/users: my profile, my password, closing my account, and public profiles."""
from __future__ import annotations

from sanic import Blueprint
from sanic.response import empty, json

from api.accounts import tokens
from api.accounts.auth import authenticated
from api.accounts.models import PasswordChange, ProfilePatch
from api.accounts.responses import PublicProfileOut, TokenPairOut, UserOut
from api.core.context import Request
from api.core.errors import Forbidden, NotFound
from api.core.openapi import responds
from api.core.replicas import read_found
from api.core.validation import json_body

bp = Blueprint("users", url_prefix="/users")


@bp.get("/me")
@authenticated
@responds(UserOut)
async def me(request: Request):
    """My account."""
    async def read(conn):  # on a replica that has not replayed the sign-up yet, read_found asks the primary
        user = await request.app.ctx.queries.accounts.get_user(conn, user_id=request.ctx.user["id"])
        if user is None:
            raise NotFound("user not found")
        return user
    return json(await read_found(request, read))


@bp.patch("/me")
@authenticated
@json_body(ProfilePatch)
@responds(UserOut, errors=(409,))
async def update_me(request: Request, body: ProfilePatch):
    """Change full_name, phone_number (null clears it) or location (latitude and longitude together)."""
    patch = body.model_dump(exclude_unset=True)
    if patch.get("full_name", "") is None:
        patch.pop("full_name")
    async with request.app.ctx.pool.acquire() as conn:
        user = await request.app.ctx.queries.accounts.update_profile(conn, user_id=request.ctx.user["id"], patch=patch)
    return json(user)


@bp.delete("/me")
@authenticated
@responds(None, status=204)
async def close_me(request: Request):
    """Deactivate my account: it can no longer log in and every token stops working."""
    queries = request.app.ctx.queries
    async with request.app.ctx.pool.acquire() as conn, conn.transaction():
        await queries.accounts.deactivate_user(conn, user_id=request.ctx.user["id"])
        await queries.accounts.revoke_user_refresh_tokens(conn, user_id=request.ctx.user["id"])
    return empty(status=204)


@bp.post("/me/password")
@authenticated
@json_body(PasswordChange)
@responds(TokenPairOut, errors=(403,), headers=("Cache-Control",))
async def change_my_password(request: Request, body: PasswordChange):
    """Change my password: every other session ends; this one continues with the new token pair."""
    app, user_id = request.app, request.ctx.user["id"]
    async with app.ctx.pool.acquire() as conn:
        stored = await app.ctx.queries.accounts.get_password_hash(conn, user_id=user_id)
    if not await app.ctx.passwords.verify(stored, body.current_password):
        raise Forbidden("the current password is incorrect", code="wrong_password")
    hashed = await app.ctx.passwords.hash(body.new_password)
    async with app.ctx.pool.acquire() as conn, conn.transaction():
        version = await app.ctx.queries.accounts.change_password(conn, user_id=user_id, hashed_password=hashed)
        await app.ctx.queries.accounts.revoke_user_refresh_tokens(conn, user_id=user_id)
        pair = await tokens.issue_pair(app.ctx.queries, conn, app.ctx.settings, user_id, version)
    return tokens.token_response(pair)


@bp.get("/<user_id:uuid>")
@responds(PublicProfileOut)
async def public_profile(request: Request, user_id):
    """Anyone's public profile: name, role, member since (no email or phone)."""
    async with request.app.ctx.pool.acquire() as conn:
        profile = await request.app.ctx.queries.accounts.get_public_profile(conn, user_id=user_id)
    if profile is None:
        raise NotFound("user not found")
    return json(dict(profile))
