"""The ledger: every money movement Stripe made for a booking, recorded from what is read back from
Stripe (the fake, over real HTTP), immutable, with balances derived from it; refunds computed from
what was charged less what was refunded; reverse_transfer and refund_application_fee moving the
owner's and the platform's parts back; disputes."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.bookings.helpers import BOOKINGS, book, next_slot
from tests.fake_stripe import fake_stripe  # noqa: F401
from tests.payments.test_payments import booking_of, deliver, intent, market, pending_booking  # noqa: F401
from tests.payments.test_payments import settings as payments_settings  # noqa: F401


@pytest.fixture
def settings(payments_settings):  # noqa: F811
    return payments_settings.changed(stripe_outbox_seconds=3600)  # the tests drain the outbox themselves


async def paid_booking(api, renter, spot, fake, starts_in=timedelta(days=3), hours=2):
    response = await book(api, renter, spot, next_slot(starts_in), hours=hours)
    booking = response.json
    pi = (await intent(api, renter, booking)).json["payment_intent_id"]
    await deliver(api, "payment_intent.succeeded", fake.succeed(pi))
    return booking, pi


async def connected_owner(fake, conn, q, owner):
    account = fake.add_account()
    await q.set_connect(conn, user_id=owner.id, account_id=account["id"])
    return account["id"]


def kinds(rows):
    return sorted((r["kind"], r["amount"]) for r in rows)


async def test_a_destination_charge_records_charge_transfer_and_fee(api, market, fake_stripe, conn, q):  # noqa: F811
    owner, renter, _, spot = market
    await connected_owner(fake_stripe, conn, q, owner)
    booking, pi = await paid_booking(api, renter, spot, fake_stripe)
    total, fee = booking["total_amount"], booking["service_fee"]
    charge = fake_stripe.charge(fake_stripe.payment_intent(pi)["latest_charge"])
    rows = [dict(r) async for r in q.ledger_of(conn, booking_id=booking["id"])]
    assert kinds(rows) == sorted([("charge", total), ("transfer", total), ("application_fee", fee)])
    assert {r["stripe_id"] for r in rows} == {charge["id"], charge["transfer"], charge["application_fee"]}
    balances = await q.balances_of(conn, booking_id=booking["id"])
    assert (balances["charged"], balances["owner_received"], balances["platform_kept"]) == (total, total - fee, fee)
    shown = await booking_of(api, renter, booking)
    assert (shown["amount_charged"], shown["amount_refunded"], shown["refund_owed"]) == (total, 0, 0)
    # the same state read again (a replayed or repeated event) records nothing twice
    await deliver(api, "charge.succeeded", charge)
    assert len([r async for r in q.ledger_of(conn, booking_id=booking["id"])]) == 3


async def test_a_late_cancellation_takes_half_back_from_owner_and_platform(api, market, fake_stripe, conn, q):  # noqa: F811
    owner, renter, _, spot = market
    await connected_owner(fake_stripe, conn, q, owner)
    booking, pi = await paid_booking(api, renter, spot, fake_stripe, starts_in=timedelta(hours=3))
    total, fee = booking["total_amount"], booking["service_fee"]
    cancelled = await api.call("post", f"{BOOKINGS}/{booking['id']}/cancel", renter.access, json={})
    assert (cancelled.json["refund_amount"], cancelled.json["refund_status"]) == (total // 2, "refunded")
    [refund] = fake_stripe.requests_to("POST", "/v1/refunds")
    assert refund.params["reverse_transfer"] == "true" and refund.params["refund_application_fee"] == "true"
    rows = [dict(r) async for r in q.ledger_of(conn, booking_id=booking["id"])]
    refunded = {r["kind"]: r["amount"] for r in rows}
    assert refunded["refund"] == total // 2
    assert refunded["transfer_reversal"] == total // 2  # the owner's transfer is reversed by the refund's amount
    assert abs(refunded["application_fee_refund"] - fee / 2) <= 1  # and half the fee goes back to them
    balances = await q.balances_of(conn, booking_id=booking["id"])
    # renter paid = refunds + owner received + platform kept, to the cent
    assert balances["charged"] == balances["refunded"] + balances["owner_received"] + balances["platform_kept"]
    assert abs(balances["platform_kept"] - (fee - fee // 2)) <= 1  # the platform keeps half its fee
    shown = await booking_of(api, renter, booking)
    assert (shown["amount_charged"], shown["amount_refunded"], shown["refund_owed"]) == (total, total // 2, 0)


async def test_refund_is_computed_from_what_was_charged_less_refunded(api, market, fake_stripe, conn, q):  # noqa: F811
    _, renter, _, spot = market
    booking, pi = await paid_booking(api, renter, spot, fake_stripe)
    admin = await api.new_user("admin")
    payment_id = (await api.call("get", "/api/v1/payments", renter.access)).json[0]["id"]
    assert (await api.call("post", f"/api/v1/payments/{payment_id}/refund", admin.access,
                           json={"amount": 300})).status == 200
    cancelled = await api.call("post", f"{BOOKINGS}/{booking['id']}/cancel", renter.access, json={})
    # 100 % of what the booking still holds, not of its price (which would ask Stripe for too much)
    assert (cancelled.json["refund_amount"], cancelled.json["refund_status"]) == (booking["total_amount"] - 300, "refunded")
    assert (await q.balances_of(conn, booking_id=booking["id"]))["refunded"] == booking["total_amount"]


async def test_a_failed_refund_shows_as_owed_and_leaves_the_ledger_balanced(api, market, fake_stripe, conn, q):  # noqa: F811
    _, renter, _, spot = market
    fake_stripe.refunds_start_pending = True
    booking, pi = await paid_booking(api, renter, spot, fake_stripe)
    cancelled = await api.call("post", f"{BOOKINGS}/{booking['id']}/cancel", renter.access, json={})
    assert cancelled.json["refund_status"] == "refunded"
    [refund] = fake_stripe.refunds_of(pi)
    failed = fake_stripe.fail_refund(refund["id"])
    assert (await deliver(api, "refund.failed", failed)).status == 200
    rows = [dict(r) async for r in q.ledger_of(conn, booking_id=booking["id"])]
    assert kinds(rows) == sorted([("charge", booking["total_amount"]), ("refund", booking["total_amount"]),
                                  ("refund_failure", booking["total_amount"])])
    shown = await booking_of(api, renter, booking)
    assert (shown["amount_refunded"], shown["refund_owed"]) == (0, booking["total_amount"])


async def test_the_ledger_cannot_be_edited_or_deleted(api, market, fake_stripe, conn, q):  # noqa: F811
    _, renter, _, spot = market
    booking, _ = await paid_booking(api, renter, spot, fake_stripe)
    for change in (q.edit_a_movement, q.delete_movements):
        with pytest.raises(Exception, match="never changed or deleted"):
            await change(conn, booking_id=booking["id"])


async def test_a_dispute_and_its_reversal_are_movements(api, market, fake_stripe, conn, q):  # noqa: F811
    _, renter, _, spot = market
    booking, pi = await paid_booking(api, renter, spot, fake_stripe)
    dispute = fake_stripe.dispute(pi)
    assert (await deliver(api, "charge.dispute.created", dispute)).status == 200
    assert (await q.balances_of(conn, booking_id=booking["id"]))["disputed"] == booking["total_amount"]
    assert (await booking_of(api, renter, booking))["dispute_status"] == "needs_response"  # flagged
    won = fake_stripe.close_dispute(dispute["id"], won=True)
    assert (await deliver(api, "charge.dispute.closed", won)).status == 200
    rows = [dict(r) async for r in q.ledger_of(conn, booking_id=booking["id"])]
    assert ("dispute_reversal", booking["total_amount"]) in kinds(rows)
    assert (await q.balances_of(conn, booking_id=booking["id"]))["disputed"] == 0
    assert (await booking_of(api, renter, booking))["dispute_status"] == "won"
