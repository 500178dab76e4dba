"""A pending booking that ends unpaid (cancelled, or its payment window expired) gets its
PaymentIntent cancelled at Stripe through the outbox, so a late payment can no longer be charged
(and then refunded, losing Stripe's fees); a Stripe outage delays the call, never loses it."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from api.payments.outbox import drain_once
from tests.bookings.helpers import BOOKINGS
from tests.fake_stripe import fake_stripe  # noqa: F401
from tests.payments.test_payments import deliver, intent, market, pending_booking  # noqa: F401
from tests.payments.test_payments import settings as payments_settings  # noqa: F401


@pytest.fixture
def settings(payments_settings):  # noqa: F811
    return payments_settings.changed(stripe_outbox_seconds=3600)  # the tests drain it themselves


def canceled(fake_stripe, pi):  # noqa: F811
    state = fake_stripe.payment_intent(pi)
    return state["status"] == "canceled" and state["cancellation_reason"] == "abandoned"


async def test_cancelling_a_pending_booking_cancels_its_unpaid_intent(api, app, market, fake_stripe):  # noqa: F811
    _, renter, _, spot = market
    booking = await pending_booking(api, renter, spot)
    pi = (await intent(api, renter, booking)).json["payment_intent_id"]
    await api.call("post", f"{BOOKINGS}/{booking['id']}/cancel", renter.access, json={})
    assert fake_stripe.payment_intent(pi)["status"] == "requires_payment_method"  # queued, not yet made
    assert await drain_once(app) == 1
    assert canceled(fake_stripe, pi)
    [call] = fake_stripe.requests_to("POST", f"/v1/payment_intents/{pi}/cancel")
    assert call.idempotency_key == f"cancel-intent-{pi}"
    assert await drain_once(app) == 0  # made once


async def test_an_expired_payment_window_cancels_the_intent(api, app, market, fake_stripe, conn, q):  # noqa: F811
    _, renter, _, spot = market
    booking = await pending_booking(api, renter, spot)
    pi = (await intent(api, renter, booking)).json["payment_intent_id"]
    await q.expire_holds_at_hold_end(conn)  # what the pg_cron job does
    assert await drain_once(app) == 1 and canceled(fake_stripe, pi)


async def test_a_stripe_outage_delays_the_call_and_it_is_made_later(api, app, market, fake_stripe):  # noqa: F811
    _, renter, _, spot = market
    booking = await pending_booking(api, renter, spot)
    pi = (await intent(api, renter, booking)).json["payment_intent_id"]
    await api.call("post", f"{BOOKINGS}/{booking['id']}/cancel", renter.access, json={})
    fake_stripe.outage("POST", f"/v1/payment_intents/{pi}/cancel")
    now = datetime.now(timezone.utc)
    assert await drain_once(app, now) == 0
    assert fake_stripe.payment_intent(pi)["status"] == "requires_payment_method"
    assert await drain_once(app, now + timedelta(seconds=5)) == 0  # waits before trying again
    assert await drain_once(app, now + timedelta(seconds=11)) == 1 and canceled(fake_stripe, pi)


async def test_an_intent_paid_meanwhile_is_left_to_the_late_payment_refund(api, app, market, fake_stripe):  # noqa: F811
    _, renter, _, spot = market
    booking = await pending_booking(api, renter, spot)
    pi = (await intent(api, renter, booking)).json["payment_intent_id"]
    await api.call("post", f"{BOOKINGS}/{booking['id']}/cancel", renter.access, json={})
    succeeded = fake_stripe.succeed(pi)  # the renter paid just before the cancel reached Stripe
    assert await drain_once(app) == 1  # Stripe refuses to cancel a paid intent: nothing more to do
    assert fake_stripe.payment_intent(pi)["status"] == "succeeded"
    await deliver(api, "payment_intent.succeeded", succeeded)
    assert [r["amount"] for r in fake_stripe.refunds_of(pi)] == [booking["total_amount"]]


async def test_a_paid_booking_cancelled_queues_nothing(api, app, market, fake_stripe):  # noqa: F811
    _, renter, _, spot = market
    booking = await pending_booking(api, renter, spot)
    pi = (await intent(api, renter, booking)).json["payment_intent_id"]
    await deliver(api, "payment_intent.succeeded", fake_stripe.succeed(pi))
    await api.call("post", f"{BOOKINGS}/{booking['id']}/cancel", renter.access, json={})
    assert await drain_once(app) == 0


async def test_calls_made_long_ago_are_purged_and_calls_waiting_are_kept(api, app, market, fake_stripe, conn, q):  # noqa: F811
    _, renter, _, spot = market
    made, waiting = await pending_booking(api, renter, spot), await pending_booking(api, renter, spot, days=5)
    for booking in (made, waiting):
        await intent(api, renter, booking)
        await api.call("post", f"{BOOKINGS}/{booking['id']}/cancel", renter.access, json={})
    fake_stripe.outage("POST", "/v1/payment_intents/", times=1)  # one of the two fails and waits
    assert await drain_once(app) == 1
    later = datetime.now(timezone.utc) + timedelta(days=31)
    assert await q.purge_stripe_outbox_at(conn, now=later) == 1
    assert await q.count_stripe_calls(conn) == 1
