"""The worker that makes the Stripe calls the database queued (stripe_outbox):
- cancel_intent: the unpaid PaymentIntent of a booking that was cancelled or whose payment window
  expired, or of an extension that was released, so its client_secret can no longer be charged
  (db/rules/52_stripe_outbox.sql, 34_bookings_extensions.sql);
- transfer: an owner's share of a booking charged on the platform (api/payments/transfers.py).
- reconcile: the nightly comparison of one day's ledger with Stripe's balance transactions
  (api/payments/reconcile.py, queued by db/rules/58_reconciliation.sql).

Every API worker drains the table every STRIPE_OUTBOX_SECONDS (rows are locked with SKIP LOCKED, so
workers share it). A call that fails is tried again later with the same idempotency key, waiting
longer each time; an intent Stripe says can no longer be cancelled (it was paid meanwhile: the
late-payment refund takes care of it, or it is canceled already) is done.
"""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timezone

import stripe

from api.core.context import App
from api.payments import reconcile, transfers

log = logging.getLogger("parkingspots.payments")
BATCH = 20


async def drain_once(app: App, now: datetime | None = None) -> int:
    """Make the due calls; how many were done."""
    now = now or datetime.now(timezone.utc)
    queries, done = app.ctx.queries.payments, 0
    async with app.ctx.pool.acquire() as conn, conn.transaction():
        for call in [row async for row in queries.take_due_stripe_calls(conn, now=now, lim=BATCH)]:
            try:
                async with conn.transaction():  # a savepoint: a failed call's own writes are undone
                    await ACTIONS[call["action"]](app, conn, call)
            except stripe.StripeError as exc:
                if exc.code != "payment_intent_unexpected_state":  # else: paid or canceled already, done
                    log.warning("Stripe call %s (%s) failed, will retry: %s", call["id"], call["action"],
                                type(exc).__name__)
                    await queries.postpone_stripe_call(conn, id=call["id"], now=now, error=type(exc).__name__)
                    continue
            await queries.finish_stripe_call(conn, id=call["id"], now=now)
            done += 1
    return done


async def cancel_intent(app: App, conn, call) -> None:
    await app.ctx.stripe.v1.payment_intents.cancel_async(
        call["intent_id"], params={"cancellation_reason": "abandoned"},
        options={"idempotency_key": call["idempotency_key"]})


ACTIONS = {"cancel_intent": cancel_intent, "transfer": transfers.make_transfer, "reconcile": reconcile.reconcile}


def setup_stripe_outbox(app: App) -> None:
    """With payments on, each worker drains the outbox in the background."""
    @app.after_server_start
    async def start_draining(app: App) -> None:
        if app.ctx.stripe is None:
            return

        async def drain_forever():
            while True:
                await asyncio.sleep(app.ctx.settings.stripe_outbox_seconds)
                try:
                    await drain_once(app)
                except Exception:  # noqa: BLE001 - a lost database or Stripe: the next round tries again
                    log.warning("Stripe outbox round failed; retrying in %s s", app.ctx.settings.stripe_outbox_seconds)

        app.ctx.tasks.append(asyncio.get_running_loop().create_task(drain_forever()))
