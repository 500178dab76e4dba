"""/api/v1/bookings/{id}: cancel, extend, check in, check out, and the access code."""
from __future__ import annotations

import logging

import stripe
from sanic import Blueprint
from sanic.response import json

from api.accounts.auth import authenticated
from api.bookings.bookings import booking_for
from api.bookings.models import CancelIn, ExtendIn
from api.bookings.responses import AccessOut, BookingOut, CancelledOut, ExtendedOut
from api.core.context import App, Request
from api.core.errors import Conflict
from api.core.openapi import responds
from api.core.validation import json_body
from api.payments import gateway

log = logging.getLogger("parkingspots.bookings")
bp = Blueprint("booking_actions")


@bp.post("/<booking_id:uuid>/cancel")
@authenticated
@json_body(CancelIn)
@responds(CancelledOut, errors=(409, 502))
async def cancel(request: Request, booking_id, body: CancelIn):
    """Cancel (the renter or the spot's owner). Refund by the policy in cancellation_refund():
    owner 100 %; renter 100 % from 24 h before the start, 50 % later; no cancelling once started.
    The answer says the refund due (of what was paid); with payments on it is sent through Stripe."""
    app = request.app
    async with app.ctx.pool.acquire() as conn:
        booking = await booking_for(request, conn, booking_id)
        row = await app.ctx.queries.bookings.cancel_booking(conn, booking_id=booking_id, user_id=request.ctx.user["id"],
                                                            by_role=booking["viewer"], reason=body.reason)
    await app.ctx.cache.spot_changed(booking["parking_spot_id"])
    row["refund_status"] = "none"
    if row["refund_amount"] > 0 and app.ctx.stripe is not None:
        row["refund_status"] = await _refund_cancellation(app, booking_id, row["refund_amount"])
    return json(row)


async def _refund_cancellation(app: App, booking_id, amount: int) -> str:
    """Send the policy's refund through Stripe; 'refunded', or 'failed' (logged; the booking shows
    the refund owed and an admin can refund the payment later with POST /payments/{id}/refund)."""
    try:
        await gateway.refund_booking(app, booking_id, amount, f"cancel-{booking_id}")
    except stripe.StripeError as exc:
        log.error("refund of cancelled booking %s failed: %s", booking_id, type(exc).__name__)
        return "failed"
    return "refunded"


@bp.post("/<booking_id:uuid>/extend")
@authenticated
@json_body(ExtendIn)
@responds(ExtendedOut, errors=(409, 422))
async def extend(request: Request, booking_id, body: ExtendIn):
    """Move the end later (the renter) when that time is free; the stay is re-priced and the answer
    says the extra amount due. With payments on, a booking already paid for is extended at once but
    the extension holds only when amount_due is paid: pay it like the booking (POST /payments/intent
    with this booking_id) before payment_due_by, or the booking goes back to its previous end."""
    queries = request.app.ctx.queries.bookings
    async with request.app.ctx.pool.acquire() as conn:
        booking = await booking_for(request, conn, booking_id, renter_only=True)
        if request.app.ctx.stripe is None:
            row = await queries.extend_booking(conn, booking_id=booking_id, end_time=body.end_time)
        else:
            row = await queries.open_extension(conn, booking_id=booking_id, end_time=body.end_time)
    await request.app.ctx.cache.spot_changed(booking["parking_spot_id"])
    return json(row)


@bp.post("/<booking_id:uuid>/check-in")
@authenticated
@responds(BookingOut, errors=(403, 409))
async def check_in(request: Request, booking_id):
    """The renter arrives: from 15 minutes before the start until the end."""
    async with request.app.ctx.pool.acquire() as conn:
        await booking_for(request, conn, booking_id, renter_only=True)
        row = await request.app.ctx.queries.bookings.check_in_booking(conn, booking_id=booking_id)
    return json(row)


@bp.post("/<booking_id:uuid>/check-out")
@authenticated
@responds(BookingOut, errors=(403, 409))
async def check_out(request: Request, booking_id):
    """The renter leaves; leaving early completes the booking then (no refund of the rest)."""
    async with request.app.ctx.pool.acquire() as conn:
        booking = await booking_for(request, conn, booking_id, renter_only=True)
        row = await request.app.ctx.queries.bookings.check_out_booking(conn, booking_id=booking_id)
    await request.app.ctx.cache.spot_changed(booking["parking_spot_id"])
    return json(row)


@bp.get("/<booking_id:uuid>/access")
@authenticated
@responds(AccessOut, errors=(403, 409))
async def access(request: Request, booking_id):
    """Access instructions and the booking's access code: only for its renter, once confirmed."""
    async with request.app.ctx.pool.acquire() as conn:
        booking = await booking_for(request, conn, booking_id, renter_only=True)
        if booking["status"] not in ("confirmed", "in_progress"):
            raise Conflict("the access code is shown for confirmed and in-progress bookings", code="booking_access_state")
        row = await request.app.ctx.queries.bookings.get_booking_access(conn, booking_id=booking_id)
    return json(dict(row))
