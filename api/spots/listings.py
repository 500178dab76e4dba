"""/api/v1/parking-spots: owners' listings (create, read, change, deactivate, reactivate, mine)."""
from __future__ import annotations

import tzfpy
from sanic import Blueprint
from sanic.response import empty, json

from api.accounts.auth import authenticated
from api.core.cache import SEARCH_VERSION, cached_json, spot_version_key
from api.core.context import Request
from api.core.errors import Forbidden, NotFound, Unprocessable
from api.core.json import dumps
from api.core.openapi import responds
from api.core.paging import Page, paged
from api.core.replicas import reads
from api.core.validation import json_body, query_args
from api.spots.models import DeactivateIn, SpotCreate, SpotPatch
from api.spots.ownership import ensure_owns_spot
from api.spots.responses import SpotModerationOut, SpotOut

bp = Blueprint("spot_listings")


@bp.post("/")
@authenticated(role="owner")
@json_body(SpotCreate)
@responds(SpotOut, status=201)
async def create_spot(request: Request, body: SpotCreate):
    """List a new spot (owners and admins). The time zone is derived from the coordinates when left out."""
    spot = body.model_dump()
    spot["timezone"] = spot["timezone"] or tzfpy.get_tz(body.longitude, body.latitude)
    async with request.app.ctx.pool.acquire() as conn:
        row = await request.app.ctx.queries.spots.create_spot(conn, owner_id=request.ctx.user["id"], spot=spot)
    await request.app.ctx.cache.bump(SEARCH_VERSION)
    return json(row, status=201)


@bp.get("/mine")
@authenticated(role="owner")
@query_args(Page)
@responds(list[SpotOut], headers=("X-Total-Count",))
async def my_spots(request: Request, query: Page):
    """My listings, inactive ones included, with their access instructions; X-Total-Count."""
    async with reads(request) as conn:
        return await paged(request.app.ctx.queries.spots.list_owner_spots(
            conn, owner_id=request.ctx.user["id"], **query.window))


@bp.get("/<spot_id:uuid>")
@responds(SpotOut, headers=("X-Cache",))
async def get_spot(request: Request, spot_id):
    """A spot's public detail (read through the cache; X-Cache says which)."""
    cache = request.app.ctx.cache
    entry, version = await cache.get("spot", spot_version_key(spot_id), str(spot_id))
    if entry is not None:
        return cached_json(entry, "hit")
    async with reads(request, fills_cache=version is not None) as conn:
        row = await request.app.ctx.queries.spots.get_spot(conn, spot_id=spot_id)
    if row is None:
        raise NotFound("parking spot not found")
    body = dumps(row)
    await cache.put("spot", version, str(spot_id), body, request.app.ctx.settings.spot_cache_seconds)
    return cached_json(body, "miss")


@bp.patch("/<spot_id:uuid>")
@authenticated(role="owner")
@json_body(SpotPatch)
@responds(SpotOut, errors=(409,))
async def update_spot(request: Request, spot_id, body: SpotPatch):
    """Change a spot (its owner or an admin): any subset of the listing's fields."""
    patch = body.model_dump(exclude_unset=True)
    async with request.app.ctx.pool.acquire() as conn:
        await ensure_owns_spot(request, conn, spot_id)
        row = await request.app.ctx.queries.spots.update_spot(conn, spot_id=spot_id, patch=patch)
    await request.app.ctx.cache.spot_changed(spot_id)
    return json(row)


@bp.delete("/<spot_id:uuid>")
@authenticated(role="owner")
@responds(None, status=204, errors=(409, 422))
async def deactivate_spot(request: Request, spot_id):
    """Deactivate a spot (its owner); 409 while renters hold future bookings on it. An admin taking
    down someone else's spot gives a reason: POST /parking-spots/{id}/deactivate."""
    await _deactivate(request, spot_id, None)
    return empty(status=204)


@bp.post("/<spot_id:uuid>/deactivate")
@authenticated(role="owner")
@json_body(DeactivateIn)
@responds(SpotModerationOut, errors=(409,))
async def deactivate_spot_with_reason(request: Request, spot_id, body: DeactivateIn):
    """Deactivate a spot with a reason (optional for its owner; required for an admin taking down
    someone else's spot, which then only an admin may reactivate); 409 while renters hold future bookings."""
    return json(await _deactivate(request, spot_id, body.reason))


@bp.post("/<spot_id:uuid>/reactivate")
@authenticated(role="owner")
@responds(SpotModerationOut)
async def reactivate_spot(request: Request, spot_id):
    """Put a deactivated spot back on the market (its owner or an admin; a spot an admin took down, only an admin)."""
    queries = request.app.ctx.queries
    async with request.app.ctx.pool.acquire() as conn:
        await ensure_owns_spot(request, conn, spot_id)
        row = await queries.spots.reactivate_spot(conn, spot_id=spot_id,
                                                  as_admin=request.ctx.user["role"] == "admin")
        if row is None:  # already active, or moderated and the caller is its owner
            row = await queries.spots.get_spot_moderation(conn, spot_id=spot_id)
            if row["moderated"]:
                raise Forbidden("an admin took this spot down: only an admin can put it back", code="spot_moderated")
    await request.app.ctx.cache.spot_changed(spot_id)
    return json(row)


async def _deactivate(request: Request, spot_id, reason: str | None) -> dict:
    """Deactivate as the caller. An admin acting on someone else's spot moderates it, and must say why.
    A spot already inactive stays as it is unless an admin moderates it now."""
    user, queries = request.ctx.user, request.app.ctx.queries
    async with request.app.ctx.pool.acquire() as conn:
        moderate = await ensure_owns_spot(request, conn, spot_id) != user["id"]  # only admins get this far
        if moderate and reason is None:
            raise Unprocessable("reason: required when an admin deactivates someone else's spot "
                                "(POST /api/v1/parking-spots/{id}/deactivate)", code="validation")
        row = await queries.spots.deactivate_spot(conn, spot_id=spot_id, actor_id=user["id"], reason=reason,
                                                  moderate=moderate)
        if row is None:
            row = await queries.spots.get_spot_moderation(conn, spot_id=spot_id)
    await request.app.ctx.cache.spot_changed(spot_id)
    return row
