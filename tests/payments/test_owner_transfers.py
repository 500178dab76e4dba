"""Owners whose Connect account could not receive transfers when the renter paid: the charge stays
on the platform, their share is owed, and once the stay is over and their transfers capability is
active a job pays it with a transfer tied to the charge (source_transaction); a later refund takes
the excess back with a reversal. GET /payments/payouts shows it all, with their Stripe payouts."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from api.payments.outbox import drain_once
from tests.fake_stripe import fake_stripe  # noqa: F401
from tests.payments.test_ledger import paid_booking
from tests.payments.test_payments import CONNECT_SECRET, PAY, deliver, market  # noqa: F401
from tests.payments.test_payments import settings as payments_settings  # noqa: F401


@pytest.fixture
def settings(payments_settings):  # noqa: F811
    return payments_settings.changed(stripe_outbox_seconds=3600)  # the tests drain the outbox themselves


async def earnings(api, owner, booking_id):
    payouts = (await api.call("get", f"{PAY}/payouts", owner.access)).json
    [row] = [b for b in payouts["bookings"] if b["booking_id"] == booking_id]
    return row, payouts


async def finish_stays(conn, q):
    later = datetime.now(timezone.utc) + timedelta(days=30)
    await q.finish_stays_at(conn, now=later)  # confirmed -> in_progress
    await q.finish_stays_at(conn, now=later)  # in_progress -> completed


async def test_an_owner_onboarded_late_is_paid_by_transfer_after_the_stay(api, app, market, fake_stripe, conn, q):  # noqa: F811
    owner, renter, _, spot = market
    account = fake_stripe.add_account(enabled=False)["id"]
    await q.connect_without_transfers(conn, user_id=owner.id, account_id=account)
    booking, pi = await paid_booking(api, renter, spot, fake_stripe)
    assert "transfer_data" not in fake_stripe.requests_to("POST", "/v1/payment_intents")[0].params
    row, payouts = await earnings(api, owner, booking["id"])
    assert (row["received"], row["pending"]) == (0, booking["owner_payout"])
    assert payouts["payouts"] == []
    await finish_stays(conn, q)
    assert await q.queue_transfers(conn) == 0  # the stay is over, but the account cannot receive transfers yet
    enabled = fake_stripe.enable_account(account)
    await deliver(api, "account.updated", enabled, secret=CONNECT_SECRET, account=account)
    assert await q.queue_transfers(conn) == 1
    assert await q.queue_transfers(conn) == 0  # queued once
    assert await drain_once(app) == 1
    [made] = fake_stripe.requests_to("POST", "/v1/transfers")
    charge_id = fake_stripe.payment_intent(pi)["latest_charge"]
    assert (made.params["amount"], made.params["destination"], made.params["source_transaction"]) == \
        (booking["owner_payout"], account, charge_id)
    assert made.idempotency_key.startswith("transfer-")
    ledger = [dict(r) async for r in q.ledger_of(conn, booking_id=booking["id"])]
    assert [(r["kind"], r["amount"]) for r in ledger] == [("charge", booking["total_amount"]),
                                                          ("transfer", booking["owner_payout"])]
    row, _ = await earnings(api, owner, booking["id"])
    assert (row["received"], row["pending"], row["reversed"]) == (booking["owner_payout"], 0, 0)
    assert await q.queue_transfers(conn) == 0  # nothing more is due

    # an admin refunds half after the stay: half of the owner's share is taken back
    admin = await api.new_user("admin")
    payment_id = (await api.call("get", PAY, renter.access)).json[0]["id"]
    half = booking["total_amount"] // 2
    assert (await api.call("post", f"{PAY}/{payment_id}/refund", admin.access, json={"amount": half})).status == 200
    assert await q.queue_transfers(conn) == 1
    assert await drain_once(app) == 1
    [reversal] = fake_stripe.requests_to("POST", "/v1/transfers/")
    share = (booking["total_amount"] - half) * booking["owner_payout"] // booking["total_amount"]
    assert reversal.params["amount"] == booking["owner_payout"] - share
    row, _ = await earnings(api, owner, booking["id"])
    assert (row["received"], row["reversed"]) == (share, booking["owner_payout"] - share)
    balances = await q.balances_of(conn, booking_id=booking["id"])
    assert balances["charged"] == balances["refunded"] + balances["owner_received"] + balances["platform_kept"]


async def test_payouts_list_the_owners_stripe_payouts(api, market, fake_stripe, conn, q):  # noqa: F811
    owner = market[0]
    account = fake_stripe.add_account()["id"]
    await q.set_connect(conn, user_id=owner.id, account_id=account)
    paid = fake_stripe.pay_out(account, 4200)
    payouts = (await api.call("get", f"{PAY}/payouts", owner.access)).json["payouts"]
    assert [(p["id"], p["amount"], p["status"]) for p in payouts] == [(paid["id"], 4200, "paid")]
    [listed] = fake_stripe.requests_to("GET", "/v1/payouts")
    assert listed.headers["stripe-account"] == account


async def test_a_disputed_booking_is_not_paid_out(api, app, market, fake_stripe, conn, q):  # noqa: F811
    owner, renter, _, spot = market
    account = fake_stripe.add_account(enabled=False)["id"]
    await q.connect_without_transfers(conn, user_id=owner.id, account_id=account)
    booking, pi = await paid_booking(api, renter, spot, fake_stripe)
    await finish_stays(conn, q)
    await deliver(api, "charge.dispute.created", fake_stripe.dispute(pi))
    await deliver(api, "account.updated", fake_stripe.enable_account(account), secret=CONNECT_SECRET, account=account)
    assert await q.queue_transfers(conn) == 0
