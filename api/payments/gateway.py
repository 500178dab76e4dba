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

log = logging.getLogger("parkingspots.payments")


def stripe_client(request: Request) -> stripe.StripeClient:
    """The client, or 503 when payments are not configured."""
    if request.app.ctx.stripe is None:
        raise Unavailable("payments are not configured", code="payments_not_configured")
    return request.app.ctx.stripe


async def intent_state(client: stripe.StripeClient, intent_id: str) -> dict:
    """The intent's state in our terms, read from Stripe now."""
    intent = await client.v1.payment_intents.retrieve_async(intent_id)
    refunded, failure, charge_id = 0, None, intent.latest_charge
    if intent.status == "succeeded":
        if charge_id:
            refunded = (await client.v1.charges.retrieve_async(charge_id)).amount_refunded
        status = "succeeded" if refunded == 0 else "refunded" if refunded >= intent.amount else "partially_refunded"
    elif intent.status == "processing":
        status = "processing"
    elif intent.status == "canceled":
        status = "canceled"
    elif intent.last_payment_error:
        status, failure = "failed", intent.last_payment_error.message
    else:
        status = "requires_payment"
    return {"intent_id": intent.id, "status": status, "amount_refunded": refunded, "charge_id": charge_id,
            "failure": failure}


def account_flags(account) -> dict:
    """What a Connect account read back from Stripe allows: charges, payouts, and whether bookings'
    charges may go to it (the `transfers` capability active; charges_enabled is not enough)."""
    transfers = getattr(account.capabilities, "transfers", None) if account.capabilities else None
    return {"charges_enabled": bool(account.charges_enabled), "payouts_enabled": bool(account.payouts_enabled),
            "transfers_active": transfers == "active"}


async def sync_intent(app: App, intent_id: str, event: dict | None = None):
    """Apply the intent's current state; with a webhook event, record the event id in the same
    transaction (a replayed event changes nothing: returns None)."""
    state = await intent_state(app.ctx.stripe, intent_id)
    queries = app.ctx.queries
    async with app.ctx.pool.acquire() as conn, conn.transaction():
        if event is not None and await queries.payments.record_webhook_event(
                conn, event_id=event["id"], event_type=event["type"]) is None:
            return None
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
