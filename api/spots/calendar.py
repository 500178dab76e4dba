"""/api/v1/parking-spots/{id}: availability switch, busy calendar and owner blackouts."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sanic import Blueprint
from sanic.response import empty, json

from api.accounts.auth import authenticated
from api.core.context import Request
from api.core.errors import NotFound, Unprocessable
from api.core.openapi import responds
from api.core.replicas import read_found
from api.core.validation import json_body, query_args
from api.spots.models import AvailabilityIn, BlackoutIn, CalendarQuery
from api.spots.ownership import ensure_owns_spot
from api.spots.responses import AvailabilityOut, BlackoutOut, CalendarOut

bp = Blueprint("spot_calendar")
MAX_WINDOW = timedelta(days=92)
DEFAULT_WINDOW = timedelta(days=14)


@bp.patch("/<spot_id:uuid>/availability")
@authenticated(role="owner")
@json_body(AvailabilityIn)
@responds(AvailabilityOut)
async def set_availability(request: Request, spot_id, body: AvailabilityIn):
    """Take a spot off the market or put it back (its owner or an admin). Existing bookings stay."""
    async with request.app.ctx.pool.acquire() as conn:
        await ensure_owns_spot(request, conn, spot_id)
        row = await request.app.ctx.queries.spots.set_spot_available(conn, spot_id=spot_id, is_available=body.is_available)
    await request.app.ctx.cache.spot_changed(spot_id)
    return json(dict(row))


@bp.get("/<spot_id:uuid>/availability")
@query_args(CalendarQuery)
@responds(CalendarOut)
async def busy_calendar(request: Request, spot_id, query: CalendarQuery):
    """Busy intervals (active bookings and blackouts) between `from` and `to` (default: the next
    14 days; at most 92 days)."""
    start = query.from_ or datetime.now(timezone.utc)
    end = query.to or start + DEFAULT_WINDOW
    if end <= start or end - start > MAX_WINDOW:
        raise Unprocessable("to must be after from, and at most 92 days later", code="validation")
    queries = request.app.ctx.queries.spots

    async def read(conn):
        if await queries.get_spot_owner(conn, spot_id=spot_id) is None:
            raise NotFound("parking spot not found")
        return [{"starts_at": r["starts_at"], "ends_at": r["ends_at"], "kind": r["kind"]}
                async for r in queries.busy_intervals(conn, spot_id=spot_id, from_time=start, to_time=end)]
    rows = await read_found(request, read)
    return json({"spot_id": str(spot_id), "from": start, "to": end, "busy": rows})


@bp.get("/<spot_id:uuid>/blackouts")
@authenticated(role="owner")
@responds(list[BlackoutOut])
async def list_blackouts(request: Request, spot_id):
    """The blackouts that have not ended yet, soonest first (its owner or an admin), with the ids
    to lift them by."""
    async def read(conn):  # an admin may be shown a spot listed a moment ago: read_found asks the primary
        await ensure_owns_spot(request, conn, spot_id)
        return [dict(r) async for r in request.app.ctx.queries.spots.list_blackouts(conn, spot_id=spot_id)]
    return json(await read_found(request, read))


@bp.post("/<spot_id:uuid>/blackouts")
@authenticated(role="owner")
@json_body(BlackoutIn)
@responds(BlackoutOut, status=201, errors=(409,))
async def create_blackout(request: Request, spot_id, body: BlackoutIn):
    """Block a period (its owner or an admin); 409 when an active booking holds part of it."""
    async with request.app.ctx.pool.acquire() as conn:
        await ensure_owns_spot(request, conn, spot_id)
        row = await request.app.ctx.queries.spots.create_blackout(conn, spot_id=spot_id, starts_at=body.starts_at,
                                                            ends_at=body.ends_at, reason=body.reason)
    await request.app.ctx.cache.spot_changed(spot_id)
    return json(dict(row), status=201)


@bp.delete("/<spot_id:uuid>/blackouts/<blackout_id:uuid>")
@authenticated(role="owner")
@responds(None, status=204)
async def delete_blackout(request: Request, spot_id, blackout_id):
    """Lift a blackout (its owner or an admin)."""
    async with request.app.ctx.pool.acquire() as conn:
        await ensure_owns_spot(request, conn, spot_id)
        removed = await request.app.ctx.queries.spots.delete_blackout(conn, spot_id=spot_id, blackout_id=blackout_id)
    if removed is None:
        raise NotFound("blackout not found")
    await request.app.ctx.cache.spot_changed(spot_id)
    return empty(status=204)
