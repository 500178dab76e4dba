"""/api/v1/payments: PaymentIntents for pending bookings, confirmation, listings and admin refunds.
With payments off, everything here but the read-only listings answers 503."""
from __future__ import annotations

from sanic import Blueprint
from sanic.response import json

from api.accounts.auth import authenticated
from api.core.context import Request
from api.core.errors import Conflict, NotFound, Unprocessable
from api.core.openapi import responds
from api.core.paging import Page, paged
from api.core.validation import json_body, query_args
from api.payments import gateway
from api.payments.models import ConfirmIn, IntentIn, RefundIn
from api.payments.responses import IntentOut, PaymentOut

bp = Blueprint("payment_intents")
PAYABLE = frozenset({"requires_payment_method", "requires_confirmation", "requires_action"})  # not yet paid


def _intent_params(settings, booking) -> dict:
    params = {"amount": booking["total_amount"], "currency": settings.currency,
              "metadata": {"booking_id": str(booking["id"])}, "automatic_payment_methods": {"enabled": True}}
    if booking["owner_account"] and booking["owner_transfers_active"]:
        # Connect: the owner's account receives the charge; the platform keeps the service fee.
        # Stripe refuses a destination without an active `transfers` capability (charges_enabled
        # alone is not enough); until then the charge stays on the platform.
        params |= {"transfer_data": {"destination": booking["owner_account"]},
                   "application_fee_amount": booking["service_fee"]}
    return params


@bp.post("/intent")
@authenticated
@json_body(IntentIn)
@responds(IntentOut, errors=(402, 404, 409, 502))
async def create_intent(request: Request, body: IntentIn):
    """The one PaymentIntent of a pending booking (created once; a retry returns the same one), or of
    the extension of a paid booking that waits for payment (POST /bookings/{id}/extend said
    extension_id): the app pays either the same way."""
    client, settings, queries = gateway.stripe_client(request), request.app.ctx.settings, request.app.ctx.queries
    async with request.app.ctx.pool.acquire() as conn:
        booking = await queries.payments.get_payable_booking(conn, booking_id=body.booking_id, user_id=request.ctx.user["id"])
    if booking is None or booking["viewer"] != "renter":
        raise NotFound("booking not found")
    if booking["status"] != "pending" and booking["extension_id"] is not None:
        return await _extension_intent(request, booking)
    if booking["status"] != "pending":
        raise Conflict(f"this booking is {booking['status'].replace('_', ' ')}: there is nothing to pay",
                       code="booking_not_payable")
    intent = await _the_intent(client, settings, booking)
    async with request.app.ctx.pool.acquire() as conn:
        await queries.payments.upsert_payment(conn, booking_id=booking["id"], user_id=booking["user_id"], amount=intent.amount,
                                     service_fee=booking["service_fee"], currency=settings.currency, intent_id=intent.id,
                                     application_fee=intent.application_fee_amount,
                                     destination=intent.transfer_data.destination if intent.transfer_data else None)
    return json(_intent_out(intent))


def _intent_out(intent) -> dict:
    return {"client_secret": intent.client_secret, "payment_intent_id": intent.id, "amount": intent.amount}


async def _extension_intent(request: Request, booking):
    """The intent of the extension waiting for payment: its amount is the difference, its fee the
    difference of the service fees; created once (the extension's id is the idempotency key)."""
    client, settings = request.app.ctx.stripe, request.app.ctx.settings
    if booking["extension_intent_id"]:
        intent = await client.v1.payment_intents.retrieve_async(booking["extension_intent_id"])
    else:
        params = _intent_params(settings, {**booking, "total_amount": booking["extension_amount"],
                                           "service_fee": booking["extension_service_fee"]})
        params["metadata"]["extension_id"] = str(booking["extension_id"])
        intent = await client.v1.payment_intents.create_async(
            params=params, options={"idempotency_key": f"extension-{booking['extension_id']}"})
        async with request.app.ctx.pool.acquire() as conn:
            await request.app.ctx.queries.payments.upsert_extension_payment(
                conn, booking_id=booking["id"], extension_id=booking["extension_id"], user_id=booking["user_id"],
                amount=intent.amount, service_fee=booking["extension_service_fee"], currency=settings.currency,
                intent_id=intent.id,
                application_fee=intent.application_fee_amount,
                destination=intent.transfer_data.destination if intent.transfer_data else None)
    return json(_intent_out(intent))


async def _the_intent(client, settings, booking):
    """The booking's one payable intent. A booking re-priced while pending (an extension) keeps its
    intent with the new amount, so the client_secret handed out before can never pay the old one
    beside a new one; only a canceled intent is replaced."""
    existing = booking["stripe_payment_intent_id"]
    if existing:
        intent = await client.v1.payment_intents.retrieve_async(existing)
        if intent.amount == booking["total_amount"] and intent.status != "canceled":
            return intent
        if intent.status in PAYABLE:
            fee = booking["service_fee"] if intent.transfer_data else None
            return await client.v1.payment_intents.update_async(existing, params={
                "amount": booking["total_amount"], **({"application_fee_amount": fee} if fee is not None else {})})
        if intent.status != "canceled":
            raise Conflict(f"this booking's payment is {intent.status.replace('_', ' ')}: wait for it to finish",
                           code="payment_in_progress")
    key = f"booking-{booking['id']}-{booking['total_amount']}" + (f"-after-{existing}" if existing else "")
    return await client.v1.payment_intents.create_async(params=_intent_params(settings, booking),
                                                        options={"idempotency_key": key})


async def _payment_for(request: Request, payment_id) -> dict:
    async with request.app.ctx.pool.acquire() as conn:
        payment = await request.app.ctx.queries.payments.get_payment_for(conn, payment_id=payment_id,
                                                                user_id=request.ctx.user["id"])
    if payment is None or payment["viewer"] is None:
        raise NotFound("payment not found")
    return {**payment["payment"], "viewer": payment["viewer"]}


@bp.post("/confirm")
@authenticated
@json_body(ConfirmIn)
@responds(PaymentOut, errors=(404, 502))
async def confirm(request: Request, body: ConfirmIn):
    """For clients that cannot wait for the webhook: read the intent back from Stripe and apply it
    (the same transition the webhook makes; doing both is harmless)."""
    gateway.stripe_client(request)
    async with request.app.ctx.pool.acquire() as conn:
        known = await request.app.ctx.queries.payments.get_payment_by_intent(conn, intent_id=body.payment_intent_id)
    if known is None or known["user_id"] != request.ctx.user["id"]:
        raise NotFound("payment not found")
    await gateway.sync_intent(request.app, body.payment_intent_id)
    return json(_public(await _payment_for(request, known["id"])))


def _public(payment: dict) -> dict:
    payment.pop("viewer", None)
    return payment


@bp.get("/")
@authenticated
@query_args(Page)
@responds(list[PaymentOut], headers=("X-Total-Count",))
async def my_payments(request: Request, query: Page):
    """My payments, newest first; X-Total-Count."""
    async with request.app.ctx.pool.acquire() as conn:
        return await paged(request.app.ctx.queries.payments.list_my_payments(
            conn, user_id=request.ctx.user["id"], **query.window))


@bp.get("/<payment_id:uuid>")
@authenticated
@responds(PaymentOut)
async def get_payment(request: Request, payment_id):
    """A payment, for its payer, the spot's owner or an admin (404 for anyone else)."""
    return json(_public(await _payment_for(request, payment_id)))


@bp.post("/<payment_id:uuid>/refund")
@authenticated(role="admin")
@json_body(RefundIn)
@responds(PaymentOut, errors=(409, 502))
async def admin_refund(request: Request, payment_id, body: RefundIn):
    """Refund any amount up to what remains of a payment (admins)."""
    gateway.stripe_client(request)
    payment = await _payment_for(request, payment_id)
    remaining = payment["amount"] - payment["amount_refunded"]
    amount = body.amount or remaining
    if payment["status"] not in ("succeeded", "partially_refunded") or remaining <= 0:
        raise Conflict(f"this payment is {payment['status'].replace('_', ' ')}: there is nothing to refund",
                       code="payment_not_refundable")
    if amount > remaining:
        raise Unprocessable(f"amount: at most {remaining} cents remain to refund", code="refund_exceeds_payment")
    intent_id = payment["payment_intent_id"]
    await gateway.refund(request.app, intent_id, amount,
                                f"admin-refund-{payment_id}-{payment['amount_refunded']}-{amount}")
    await gateway.sync_intent(request.app, intent_id)
    return json(_public(await _payment_for(request, payment_id)))
