"""/api/v1/admin/spots: the admins' moderation list of parking spots (admins only).

Taking a spot down and putting it back are POST /parking-spots/{id}/deactivate and /reactivate
(api/spots/listings.py); this list shows what they recorded.
"""
from __future__ import annotations

from sanic import Blueprint

from api.accounts.auth import authenticated
from api.core.context import Request
from api.core.openapi import responds
from api.core.paging import paged
from api.core.validation import query_args
from api.spots.models import ModerationQuery
from api.spots.responses import SpotModerationOut

bp = Blueprint("spot_moderation", url_prefix="/admin/spots")


@bp.get("/")
@authenticated(role="admin")
@query_args(ModerationQuery)
@responds(list[SpotModerationOut], headers=("X-Total-Count",))
async def list_spots(request: Request, query: ModerationQuery):
    """Spots with who deactivated them, when and why, filtered by status (active, inactive, all),
    owner_id and city; latest deactivations first, then the newest listings; X-Total-Count."""
    async with request.app.ctx.pool.acquire() as conn:
        return await paged(request.app.ctx.queries.spots.list_spots_for_moderation(
            conn, status=query.status, owner_id=query.owner_id, city=query.city, **query.window))
