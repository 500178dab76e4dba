"""/api/v1/bookings: quote, book (idempotently), list, read and change bookings."""
from __future__ import annotations

import asyncpg
from sanic import Blueprint
from sanic.response import json

from api.accounts.auth import authenticated, optional_user
from api.bookings.models import (
    BookingCreate,
    BookingWindow,
    MyBookingsQuery,
    OwnerBookingsQuery,
    Vehicle,
)
from api.bookings.responses import BookingOut, QuoteOut
from api.core.cache import digest
from api.core.context import Request
from api.core.errors import Conflict, Forbidden, NotFound, Unprocessable
from api.core.openapi import header_parameter, optional_bearer, responds
from api.core.paging import paged
from api.core.replicas import read_found, reads
from api.core.validation import json_body, query_args

bp = Blueprint("bookings")


async def booking_for(request: Request, conn, booking_id, *, renter_only: bool = False) -> dict:
    """The booking as the caller may see it: 404 for strangers, 403 when only the renter may act."""
    row = await request.app.ctx.queries.bookings.get_booking_for(conn, booking_id=booking_id, user_id=request.ctx.user["id"])
    if row is None or row["viewer"] is None:
        raise NotFound("booking not found")
    if renter_only and row["viewer"] != "renter":
        raise Forbidden("only the renter can do this", code="renter_only")
    return {**row["booking"], "viewer": row["viewer"]}


@bp.post("/calculate-price")
@json_body(BookingWindow)
@optional_bearer
@responds(QuoteOut, errors=(403, 404, 409, 422))
async def calculate_price(request: Request, body: BookingWindow):
    """What a booking of this spot and window costs, with the rate tiers applied. A window that booking
    would refuse is refused here the same way (signed in, your own spot too)."""
    user = await optional_user(request)
    async with request.app.ctx.pool.acquire() as conn:
        quote = await request.app.ctx.queries.bookings.quote_booking(
            conn, spot_id=body.parking_spot_id, user_id=user["id"] if user else None,
            start_time=body.start_time, end_time=body.end_time)
    return json({"subtotal": quote["subtotal"], "service_fee": quote["service_fee"], "total": quote["total"],
                 "owner_payout": quote["owner_payout"], "duration_hours": float(quote["duration_hours"]),
                 "tiers": {"monthly": quote["monthly_units"], "daily": quote["daily_units"],
                           "hourly_hours": float(quote["hourly_hours"])}})


async def _insert(request: Request, conn, body: BookingCreate) -> dict:
    payments = request.app.ctx.settings.payments_enabled
    row = await request.app.ctx.queries.bookings.create_booking(
        conn, user_id=request.ctx.user["id"], spot_id=body.parking_spot_id, start_time=body.start_time,
        end_time=body.end_time, status="pending" if payments else "confirmed",
        payment_status="pending" if payments else "not_required",
        **body.model_dump(include=set(Vehicle.model_fields)))
    return row


def _replay(stored, request_hash: str):
    if stored["request_hash"] != request_hash:
        raise Unprocessable("Idempotency-Key was already used for a different request", code="idempotency_key_reused")
    return json(stored["response_body"], status=stored["response_status"], headers={"Idempotent-Replayed": "true"})


@bp.post("/")
@authenticated
@json_body(BookingCreate)
@header_parameter("Idempotency-Key", "Send the same key to retry safely: the first answer is replayed.",
                  {"type": "string", "minLength": 1, "maxLength": 255})
@responds(BookingOut, status=201, errors=(403, 404, 409), headers=("Idempotent-Replayed",))
async def create_booking(request: Request, body: BookingCreate):
    """Book a spot. With payments off the booking is confirmed at once; with payments on it is pending
    (holding the slot for the payment window). An Idempotency-Key header makes retries safe."""
    queries, key = request.app.ctx.queries, request.headers.get("idempotency-key")
    async with request.app.ctx.pool.acquire() as conn:
        if not key:
            booking = await _insert(request, conn, body)
        else:
            request_hash = digest(body.model_dump_json())
            user_id = request.ctx.user["id"]
            stored = await queries.bookings.get_idempotent_response(conn, user_id=user_id, key=key)
            if stored is not None:
                return _replay(stored, request_hash)
            try:
                async with conn.transaction():
                    await queries.bookings.claim_idempotency_key(conn, user_id=user_id, key=key, request_hash=request_hash)
                    booking = await _insert(request, conn, body)
                    await queries.bookings.store_idempotent_response(conn, user_id=user_id, key=key, response_status=201,
                                                            response_body=booking)
            except asyncpg.UniqueViolationError as exc:
                if exc.constraint_name != "idempotency_keys_pkey":
                    raise
                # a concurrent request with this key committed first: answer as it did
                return _replay(await queries.bookings.get_idempotent_response(conn, user_id=user_id, key=key), request_hash)
    await request.app.ctx.cache.spot_changed(body.parking_spot_id)
    return json(booking, status=201)


@bp.get("/")
@authenticated
@query_args(MyBookingsQuery)
@responds(list[BookingOut], headers=("X-Total-Count",))
async def my_bookings(request: Request, query: MyBookingsQuery):
    """My bookings: filter by status, upcoming or past; X-Total-Count."""
    upcoming = None if query.when is None else query.when == "upcoming"
    async with reads(request) as conn:
        return await paged(request.app.ctx.queries.bookings.list_my_bookings(
            conn, user_id=request.ctx.user["id"], status=query.status, upcoming=upcoming,
            **query.window))


@bp.get("/owner")
@authenticated(role="owner")
@query_args(OwnerBookingsQuery)
@responds(list[BookingOut], headers=("X-Total-Count",))
async def owner_bookings(request: Request, query: OwnerBookingsQuery):
    """Bookings on my spots: filter by spot and status; X-Total-Count."""
    async with reads(request) as conn:
        return await paged(request.app.ctx.queries.bookings.list_owner_bookings(
            conn, owner_id=request.ctx.user["id"], spot_id=query.spot_id, status=query.status,
            **query.window))


@bp.get("/<booking_id:uuid>")
@authenticated
@responds(BookingOut)
async def get_booking(request: Request, booking_id):
    """A booking, for its renter, its spot's owner or an admin (404 for anyone else)."""
    booking = await read_found(request, lambda conn: booking_for(request, conn, booking_id))
    del booking["viewer"]
    return json(booking)


@bp.patch("/<booking_id:uuid>")
@authenticated
@json_body(Vehicle)
@responds(BookingOut, errors=(403, 409))
async def update_booking(request: Request, booking_id, body: Vehicle):
    """Change vehicle details or special requests (the renter, before the booking starts)."""
    async with request.app.ctx.pool.acquire() as conn:
        await booking_for(request, conn, booking_id, renter_only=True)
        row = await request.app.ctx.queries.bookings.update_booking_details(
            conn, booking_id=booking_id, patch=body.model_dump(exclude_unset=True))
    if row is None:
        raise Conflict("the booking has started or is closed; it can no longer be changed", code="booking_not_editable")
    return json(row)
