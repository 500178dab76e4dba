"""Extending a booking already paid for: the end moves at once, the difference is charged with a
PaymentIntent of its own that the app pays like the booking, and the extension holds only once that
is paid. Unpaid when its hold expires (or when the booking is cancelled) it is released: the booking
gets its previous end and prices back and the unpaid intent is cancelled at Stripe."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from api.payments.outbox import drain_once
from tests.bookings.helpers import BOOKINGS, iso
from tests.fake_stripe import fake_stripe  # noqa: F401
from tests.payments.test_ledger import connected_owner, paid_booking
from tests.payments.test_payments import booking_of, deliver, intent, market  # noqa: F401
from tests.payments.test_payments import settings as payments_settings  # noqa: F401


@pytest.fixture
def settings(payments_settings):  # noqa: F811
    return payments_settings.changed(stripe_outbox_seconds=3600)  # the tests drain the outbox themselves


async def extend(api, renter, booking, hours=2):
    end = datetime.fromisoformat(booking["end_time"].replace("Z", "+00:00")) + timedelta(hours=hours)
    return await api.call("post", f"{BOOKINGS}/{booking['id']}/extend", renter.access, json={"end_time": iso(end)})


async def test_extending_a_paid_booking_charges_the_difference(api, market, fake_stripe, conn, q):  # noqa: F811
    owner, renter, _, spot = market
    account = await connected_owner(fake_stripe, conn, q, owner)
    booking, first_pi = await paid_booking(api, renter, spot, fake_stripe)
    extended = await extend(api, renter, booking)
    assert extended.status == 200, extended.json
    due, extension_id = extended.json["amount_due"], extended.json["extension_id"]
    assert due == extended.json["total_amount"] - booking["total_amount"] > 0
    assert extended.json["payment_due_by"] is not None
    paying = await intent(api, renter, booking)
    assert paying.status == 200 and paying.json["amount"] == due
    assert paying.json["payment_intent_id"] != first_pi
    params = fake_stripe.requests_to("POST", "/v1/payment_intents")[-1].params
    assert params["metadata"] == {"booking_id": booking["id"], "extension_id": extension_id}
    assert params["transfer_data"] == {"destination": account}
    assert params["application_fee_amount"] == extended.json["service_fee"] - booking["service_fee"]
    assert (await intent(api, renter, booking)).json == paying.json  # asked again: the same intent
    [pending] = [dict(r) async for r in q.extensions_of(conn, booking_id=booking["id"])]
    assert (pending["status"], pending["amount"]) == ("pending", due)
    shown = (await booking_of(api, renter, booking))["pending_extension"]
    assert shown == {"id": extension_id, "amount": due, "payment_due_by": extended.json["payment_due_by"],
                     "previous_end": booking["end_time"]}  # any device can offer to pay it
    await deliver(api, "payment_intent.succeeded", fake_stripe.succeed(paying.json["payment_intent_id"]))
    [paid] = [dict(r) async for r in q.extensions_of(conn, booking_id=booking["id"])]
    assert paid["status"] == "paid"
    assert (await booking_of(api, renter, booking))["pending_extension"] is None
    shown = await booking_of(api, renter, booking)
    assert (shown["status"], shown["payment_status"], shown["amount_charged"]) == \
        ("confirmed", "paid", extended.json["total_amount"])
    # cancelled early: everything comes back, from both charges
    cancelled = await api.call("post", f"{BOOKINGS}/{booking['id']}/cancel", renter.access, json={})
    assert (cancelled.json["refund_amount"], cancelled.json["refund_status"]) == (extended.json["total_amount"], "refunded")
    refunds = fake_stripe.requests_to("POST", "/v1/refunds")
    assert sorted((r.params["payment_intent"], r.params["amount"]) for r in refunds) == \
        sorted([(first_pi, booking["total_amount"]), (paying.json["payment_intent_id"], due)])
    balances = await q.balances_of(conn, booking_id=booking["id"])
    assert (balances["charged"], balances["refunded"], balances["owner_received"], balances["platform_kept"]) == \
        (extended.json["total_amount"], extended.json["total_amount"], 0, 0)
    assert (await booking_of(api, renter, booking))["status"] == "refunded"


async def test_an_unpaid_extension_is_released_when_its_hold_expires(api, app, market, fake_stripe, conn, q):  # noqa: F811
    _, renter, _, spot = market
    booking, _ = await paid_booking(api, renter, spot, fake_stripe)
    extended = (await extend(api, renter, booking)).json
    extension_pi = (await intent(api, renter, booking)).json["payment_intent_id"]
    assert await q.release_extensions_at(conn, now=datetime.now(timezone.utc)) == 0  # not yet
    assert await q.release_extensions_at(conn, now=datetime.now(timezone.utc) + timedelta(hours=1)) == 1
    back = await booking_of(api, renter, booking)
    assert (back["end_time"], back["total_amount"], back["owner_payout"], back["status"]) == \
        (booking["end_time"], booking["total_amount"], booking["owner_payout"], "confirmed")
    assert [r["status"] async for r in q.extensions_of(conn, booking_id=booking["id"])] == ["released"]
    assert await drain_once(app) == 1  # its unpaid intent is cancelled at Stripe
    assert fake_stripe.payment_intent(extension_pi)["status"] == "canceled"
    # the time it held is free again; and money arriving for it now goes back in full
    assert extended["extension_id"]
    paying_again = await intent(api, renter, booking)
    assert paying_again.status == 409 and paying_again.json["code"] == "booking_not_payable"


async def test_an_extension_paid_after_its_release_is_refunded(api, market, fake_stripe, conn, q):  # noqa: F811
    _, renter, _, spot = market
    booking, _ = await paid_booking(api, renter, spot, fake_stripe)
    await extend(api, renter, booking)
    extension_pi = (await intent(api, renter, booking)).json["payment_intent_id"]
    await q.release_extensions_at(conn, now=datetime.now(timezone.utc) + timedelta(hours=1))
    response = await deliver(api, "payment_intent.succeeded", fake_stripe.succeed(extension_pi))
    assert response.status == 200
    [refund] = fake_stripe.refunds_of(extension_pi)
    assert refund["amount"] == fake_stripe.payment_intent(extension_pi)["amount"]
    balances = await q.balances_of(conn, booking_id=booking["id"])
    assert balances["charged"] - balances["refunded"] == booking["total_amount"]


async def test_a_second_extension_waits_for_the_first_to_be_paid(api, market, fake_stripe):  # noqa: F811
    _, renter, _, spot = market
    booking, _ = await paid_booking(api, renter, spot, fake_stripe)
    first = (await extend(api, renter, booking, hours=1)).json
    second = await extend(api, renter, first, hours=1)
    assert second.status == 409 and second.json["code"] == "booking_extensions_one_pending"
    assert (await booking_of(api, renter, booking))["end_time"] == first["end_time"]


async def test_cancelling_with_an_unpaid_extension_refunds_only_what_was_paid(api, app, market, fake_stripe, conn, q):  # noqa: F811
    _, renter, _, spot = market
    booking, pi = await paid_booking(api, renter, spot, fake_stripe)
    await extend(api, renter, booking)
    extension_pi = (await intent(api, renter, booking)).json["payment_intent_id"]
    cancelled = await api.call("post", f"{BOOKINGS}/{booking['id']}/cancel", renter.access, json={})
    assert (cancelled.json["refund_amount"], cancelled.json["refund_status"]) == (booking["total_amount"], "refunded")
    [refund] = fake_stripe.requests_to("POST", "/v1/refunds")
    assert (refund.params["payment_intent"], refund.params["amount"]) == (pi, booking["total_amount"])
    assert [r["status"] async for r in q.extensions_of(conn, booking_id=booking["id"])] == ["released"]
    assert await drain_once(app) == 1
    assert fake_stripe.payment_intent(extension_pi)["status"] == "canceled"
