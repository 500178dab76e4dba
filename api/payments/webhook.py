"""POST /api/v1/payments/webhook: Stripe's events, signature-checked on the raw body.

Stripe sends the platform's own events and its connected accounts' events (Connect: e.g.
`account.updated` of an owner's Express account) from two endpoints, each with its own signing
secret; both may point here. An event whose `livemode` differs from the key's mode (test events
reaching a live server, or the reverse) is acknowledged and ignored: reading its objects back with
this key would fail, and an error answer makes Stripe retry it for days.

Each event id is recorded once, in the same transaction as its effect; a replay answers 200 and
changes nothing. The effect comes from the object's current state read back from Stripe, so
events arriving out of order (a refund before the success) still end in the right state.
"""
from __future__ import annotations

import orjson
import stripe
from sanic import Blueprint
from sanic.response import json

from api.core.context import App, Request
from api.core.errors import BadRequest
from api.core.openapi import responds
from api.payments import disputes, gateway
from api.payments.responses import WebhookOut

bp = Blueprint("stripe_webhook")

INTENT_EVENTS = {"payment_intent.succeeded", "payment_intent.payment_failed", "payment_intent.processing",
                 "payment_intent.canceled"}


def _intent_of(event: dict) -> str | None:
    obj = event["data"]["object"]
    if event["type"] in INTENT_EVENTS:
        return obj["id"]
    if event["type"] in ("charge.refunded", "charge.refund.updated", "charge.succeeded", "refund.updated",
                         "refund.failed"):
        return obj.get("payment_intent")
    return None


async def _record_only(app: App, event: dict) -> bool:
    async with app.ctx.pool.acquire() as conn:
        return await app.ctx.queries.payments.record_webhook_event(conn, event_id=event["id"], event_type=event["type"]) is not None


async def _sync_account(app: App, event: dict) -> bool:
    account = await app.ctx.stripe.v1.accounts.retrieve_async(event["data"]["object"]["id"])
    async with app.ctx.pool.acquire() as conn, conn.transaction():
        if await app.ctx.queries.payments.record_webhook_event(conn, event_id=event["id"], event_type=event["type"]) is None:
            return False
        await app.ctx.queries.payments.update_connect_status(conn, account_id=account.id,
                                                             **gateway.account_flags(account))
    return True


def _verified(request: Request) -> None:
    """400 unless Stripe-Signature was made with the platform endpoint's or the Connect endpoint's secret."""
    settings = request.app.ctx.settings
    signature = request.headers.get("stripe-signature")
    for secret in filter(None, (settings.stripe_webhook_secret, settings.stripe_connect_webhook_secret)):
        try:
            stripe.Webhook.construct_event(request.body, signature, secret, tolerance=300)
            return
        except (stripe.SignatureVerificationError, ValueError):
            continue
    raise BadRequest("invalid Stripe signature", code="invalid_signature")


@bp.post("/webhook")
@responds(WebhookOut, errors=(400, 502))
async def webhook(request: Request):
    """Stripe calls this (the platform's endpoint and the Connect endpoint); it needs the
    Stripe-Signature header made with that endpoint's secret. Events of the other mode (test/live)
    are acknowledged and ignored."""
    gateway.stripe_client(request)
    _verified(request)
    event = orjson.loads(request.body)
    if event.get("livemode") is not request.app.ctx.settings.stripe_livemode:
        return json({"received": True, "replayed": False, "ignored": "livemode_mismatch"})
    intent_id = _intent_of(event)
    if intent_id and await _is_ours(request.app, intent_id):
        applied = await gateway.sync_intent(request.app, intent_id, event=event) is not None
    elif event["type"] == "account.updated":
        applied = await _sync_account(request.app, event)
    elif event["type"] in disputes.EVENTS:
        applied = await disputes.sync_dispute(request.app, event)
    else:  # nothing of ours: acknowledge it, or Stripe retries it for days
        applied = await _record_only(request.app, event)
    return json({"received": True, "replayed": not applied})


async def _is_ours(app: App, intent_id: str) -> bool:
    async with app.ctx.pool.acquire() as conn:
        return await app.ctx.queries.payments.get_payment_by_intent(conn, intent_id=intent_id) is not None
