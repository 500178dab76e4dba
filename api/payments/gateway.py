"""Stripe: the client of a request (503 when payments are off), and the one way a PaymentIntent's state
reaches our database.

Whatever triggered it (a webhook event, POST /payments/confirm, a refund we made), the intent is
read back from Stripe and its current state applied by apply_payment_state() in SQL — never the
state an event claims — so replays and out-of-order events converge on the truth.
"""
from __future__ import annotations

import contextlib
import logging

import stripe

from api.core.context import App, Request
from api.core.errors import Unavailable
from api.payments import ledger

log = logging.getLogger("parkingspots.payments")


def stripe_client(request: Request) -> stripe.StripeClient:
    """The client, or 503 when payments are not configured."""
    if request.app.ctx.stripe is None:
        raise Unavailable("payments are not configured", code="payments_not_configured")
    return request.app.ctx.stripe


async def intent_state(client: stripe.StripeClient, intent_id: str) -> tuple[dict, list[dict]]:
    """The intent's state in our terms and the money movements of its charge, read from Stripe now."""
    intent = await client.v1.payment_intents.retrieve_async(intent_id)
    refunded, failure, charge_id, charge = 0, None, intent.latest_charge, None
    if intent.status == "succeeded":
        if charge_id:
            charge = await client.v1.charges.retrieve_async(charge_id)
            refunded = charge.amount_refunded
        status = "succeeded" if refunded == 0 else "refunded" if refunded >= intent.amount else "partially_refunded"
    elif intent.status == "processing":
        status = "processing"
    elif intent.status == "canceled":
        status = "canceled"
    elif intent.last_payment_error:
        status, failure = "failed", intent.last_payment_error.message
    else:
        status = "requires_payment"
    state = {"intent_id": intent.id, "status": status, "amount_refunded": refunded, "charge_id": charge_id,
             "failure": failure}
    return state, await ledger.charge_movements(client, charge)


def account_flags(account) -> dict:
    """What a Connect account read back from Stripe allows: charges, payouts, and whether bookings'
    charges may go to it (the `transfers` capability active; charges_enabled is not enough)."""
    transfers = getattr(account.capabilities, "transfers", None) if account.capabilities else None
    return {"charges_enabled": bool(account.charges_enabled), "payouts_enabled": bool(account.payouts_enabled),
            "transfers_active": transfers == "active"}


async def sync_intent(app: App, intent_id: str, event: dict | None = None):
    """Record the intent's money movements in the ledger and apply its current state; with a webhook
    event, record the event id in the same transaction (a replayed event changes nothing: returns None)."""
    state, movements = await intent_state(app.ctx.stripe, intent_id)
    queries = app.ctx.queries
    async with app.ctx.pool.acquire() as conn, conn.transaction():
        if event is not None and await queries.payments.record_webhook_event(
                conn, event_id=event["id"], event_type=event["type"]) is None:
            return None
        payment = await queries.payments.get_payment_by_intent(conn, intent_id=intent_id)
        await queries.payments.record_money_movements(conn, payment_id=payment["id"], movements=movements)
        result = await queries.payments.apply_payment_state(conn, **state)
        if result["needs_refund"]:
            # Inside the transaction: if Stripe refuses or cannot be reached, nothing is committed
            # (neither the event id nor "paid"), the caller answers an error and Stripe's retry of
            # the event refunds it then. The idempotency key makes a repeated call harmless.
            log.warning("payment %s arrived after its booking was cancelled: refunding it", intent_id)
            await refund(app, intent_id, None, f"late-payment-{intent_id}", conn=conn)
    if result["needs_refund"]:
        return await sync_intent(app, intent_id)
    return result


async def refund(app: App, intent_id: str, amount: int | None, idempotency_key: str, conn=None) -> None:
    """Ask Stripe for a refund (the rest of the payment when amount is None). A destination charge's
    refund takes the owner's share back in the same proportion (reverse_transfer) and returns the
    platform's fee in that proportion too (refund_application_fee): the policy's percentage applies to
    the whole total, so neither the platform nor the owner pays the other's part of a refund.
    A caller inside a transaction passes its connection (no second one taken from the pool)."""
    params = {"payment_intent": intent_id, **({"amount": amount} if amount else {})}
    async with contextlib.nullcontext(conn) if conn is not None else app.ctx.pool.acquire() as conn:
        payment = await app.ctx.queries.payments.get_payment_by_intent(conn, intent_id=intent_id)
    if payment is not None and payment["transfer_destination"]:
        params |= {"reverse_transfer": True, "refund_application_fee": True}
    await app.ctx.stripe.v1.refunds.create_async(params=params, options={"idempotency_key": idempotency_key})


async def refund_booking(app: App, booking_id, amount: int, idempotency_key: str) -> None:
    """Refund `amount` of what a booking holds, taken from its payments newest first (an extension's
    charge before the booking's own), each with refund() and then applied (sync_intent)."""
    async with app.ctx.pool.acquire() as conn:
        payments = [dict(row) async for row in app.ctx.queries.payments.refundable_payments(conn, booking_id=booking_id)]
    for payment in payments:
        if amount <= 0:
            break
        part = min(amount, payment["remaining"])
        intent_id = payment["stripe_payment_intent_id"]
        await refund(app, intent_id, part, f"{idempotency_key}-{intent_id}")
        await sync_intent(app, intent_id)
        amount -= part
