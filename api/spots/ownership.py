"""Who may change a spot: its owner or an admin."""
from __future__ import annotations

from api.core.context import Request
from api.core.errors import Forbidden, NotFound


async def ensure_owns_spot(request: Request, conn, spot_id):
    """404 when the spot does not exist, 403 unless the caller owns it or is an admin; the owner's id."""
    owner_id = await request.app.ctx.queries.spots.get_spot_owner(conn, spot_id=spot_id)
    if owner_id is None:
        raise NotFound("parking spot not found")
    user = request.ctx.user
    if user["role"] != "admin" and owner_id != user["id"]:
        raise Forbidden("this is not your parking spot", code="not_spot_owner")
    return owner_id
