"""The nightly reconciliation of the ledger with Stripe's balance transactions (the fake, over real
HTTP): pg_cron queues yesterday once, the outbox worker compares, and a movement either side lacks or
tells with another amount is a difference admins read at /admin/reconciliation."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest
import stripe

from api.payments import reconcile
from api.payments.outbox import drain_once
from tests.bookings.helpers import BOOKINGS, book, next_slot
from tests.fake_stripe import fake_stripe  # noqa: F401
from tests.payments.test_payments import deliver, intent, market  # noqa: F401
from tests.payments.test_payments import settings as payments_settings  # noqa: F401

DAY = datetime.now(timezone.utc).date() - timedelta(days=1)  # yesterday: what the job reconciles
ADMIN = "/api/v1/admin/reconciliation"


@pytest.fixture
def settings(payments_settings):  # noqa: F811
    return payments_settings.changed(stripe_outbox_seconds=3600)  # the tests drain the outbox themselves


def at(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, second), timezone.utc)


def cron_time(day: date) -> datetime:
    """When the pg_cron job queues the run of `day`: 02:15 UTC the day after."""
    return at(day + timedelta(days=1), 2, 15)


def clock(fake, moment: datetime) -> None:
    fake.set_clock(int(moment.timestamp()))


async def paid_booking(api, renter, spot, fake, starts_in=timedelta(days=3)):
    booking = (await book(api, renter, spot, next_slot(starts_in), hours=2)).json
    pi = (await intent(api, renter, booking)).json["payment_intent_id"]
    await deliver(api, "payment_intent.succeeded", fake.succeed(pi))
    return booking, pi


async def stripe_refund(fake, pi, amount=None):
    """A refund made on Stripe's dashboard: no webhook reaches us, the ledger does not know it."""
    http = stripe.HTTPXClient()
    client = stripe.StripeClient("sk_test_fake", base_addresses={"api": fake.url}, http_client=http)
    refund = await client.v1.refunds.create_async(params={"payment_intent": pi, **({"amount": amount} if amount else {})})
    await http.close_async()
    return refund


async def run_reconciliation(app, conn, q, day=DAY):
    """The job queues the day, the worker makes the call; the run and its differences."""
    await q.queue_reconciliation_at(conn, now=cron_time(day))
    assert await drain_once(app, cron_time(day)) == 1
    return await q.reconciliation_run(conn, day=day), await differences(conn, q, day)


async def differences(conn, q, day=DAY):
    return [(r["problem"], r["kind"], r["stripe_id"], r["ledger_amount"], r["stripe_amount"])
            async for r in q.reconciliation_differences(conn, day=day)]


async def test_a_day_the_ledger_tells_like_stripe_has_no_differences(api, app, market, fake_stripe, conn, q):  # noqa: F811
    owner, renter, _, spot = market
    await q.set_connect(conn, user_id=owner.id, account_id=fake_stripe.add_account()["id"])
    clock(fake_stripe, at(DAY, 12))
    booking, pi = await paid_booking(api, renter, spot, fake_stripe, starts_in=timedelta(hours=3))
    cancelled = await api.call("post", f"{BOOKINGS}/{booking['id']}/cancel", renter.access, json={})
    assert (cancelled.json["refund_amount"], cancelled.json["refund_status"]) == (booking["total_amount"] // 2, "refunded")
    dispute = fake_stripe.dispute(pi)  # the bank takes the rest back, and the platform wins it
    assert (await deliver(api, "charge.dispute.created", dispute)).status == 200
    assert (await deliver(api, "charge.dispute.closed", fake_stripe.close_dispute(dispute["id"], won=True))).status == 200
    clock(fake_stripe, at(DAY + timedelta(days=1), 12))  # the next day's movements are that day's business
    await paid_booking(api, renter, spot, fake_stripe)
    start, end = at(DAY, 0).timestamp(), at(DAY + timedelta(days=1), 0).timestamp()
    on_day = [t for t in fake_stripe.balance_transactions() if start <= t["created"] < end]
    assert sorted(t["type"] for t in on_day) == sorted([
        "charge", "transfer", "application_fee", "refund", "transfer_refund", "application_fee_refund",
        "adjustment", "adjustment"])
    run, found = await run_reconciliation(app, conn, q)
    assert found == []
    assert (run["status"], run["checked"], run["differences"]) == ("done", 8, 0)
    assert run["finished_at"] >= run["started_at"]
    [call] = [c async for c in q.reconcile_calls(conn)]
    assert (call["args"], call["idempotency_key"]) == ({"day": DAY.isoformat()}, f"reconcile-{DAY}")
    assert call["done_at"] is not None
    [listed] = fake_stripe.requests_to("GET", "/v1/balance_transactions")
    assert listed.params["created"] == {"gte": str(int((at(DAY, 0) - timedelta(hours=1)).timestamp())),
                                        "lt": str(int((at(DAY, 23) + timedelta(hours=2)).timestamp()))}
    assert listed.stripe_account is None  # the platform's balance


async def test_a_refund_made_in_stripe_is_missing_in_the_ledger_until_synced(api, app, market, fake_stripe, conn, q):  # noqa: F811
    _, renter, _, spot = market
    clock(fake_stripe, at(DAY, 9))
    booking, pi = await paid_booking(api, renter, spot, fake_stripe)
    refund = await stripe_refund(fake_stripe, pi, amount=300)
    run, found = await run_reconciliation(app, conn, q)
    assert found == [("missing_in_ledger", "refund", refund.id, None, 300)]
    assert (run["status"], run["checked"], run["differences"]) == ("done", 2, 1)
    # the refund reaches the ledger (its webhook), and running the day again replaces what it found
    charge = fake_stripe.charge(fake_stripe.payment_intent(pi)["latest_charge"])
    assert (await deliver(api, "charge.refunded", charge)).status == 200
    await q.requeue_reconciliation(conn, day=str(DAY))
    assert await drain_once(app) == 1
    assert await differences(conn, q) == []
    rerun = await q.reconciliation_run(conn, day=DAY)
    assert (rerun["status"], rerun["checked"], rerun["differences"]) == ("done", 2, 0)
    assert rerun["finished_at"] > run["finished_at"]


async def test_a_ledger_row_stripe_never_made_is_missing_in_stripe(api, app, market, fake_stripe, conn, q):  # noqa: F811
    _, renter, _, spot = market
    clock(fake_stripe, at(DAY, 9))
    booking, pi = await paid_booking(api, renter, spot, fake_stripe)
    await q.add_ledger_row(conn, booking_id=booking["id"], kind="refund", stripe_id="re_neverMade", amount=250,
                           occurred_at=at(DAY, 17))
    await q.add_ledger_row(conn, booking_id=booking["id"], kind="refund", stripe_id="re_anotherDay", amount=250,
                           occurred_at=at(DAY + timedelta(days=1), 0, 30))  # the next day's run sees it
    # a refund Stripe made just after midnight, which the ledger dates just before: the same movement
    clock(fake_stripe, at(DAY + timedelta(days=1), 0, 0, 10))
    late = await stripe_refund(fake_stripe, pi, amount=100)
    await q.add_ledger_row(conn, booking_id=booking["id"], kind="refund", stripe_id=late.id, amount=100,
                           occurred_at=at(DAY, 23, 59, 50))
    run, found = await run_reconciliation(app, conn, q)
    assert found == [("missing_in_stripe", "refund", "re_neverMade", 250, None)]
    assert (run["checked"], run["differences"]) == (1, 1)  # the charge; the late refund is the next day's


async def test_a_movement_with_another_amount_differs(api, app, market, fake_stripe, conn, q):  # noqa: F811
    _, renter, _, spot = market
    clock(fake_stripe, at(DAY, 9))
    booking, pi = await paid_booking(api, renter, spot, fake_stripe)
    refund = await stripe_refund(fake_stripe, pi, amount=300)
    await q.add_ledger_row(conn, booking_id=booking["id"], kind="refund", stripe_id=refund.id, amount=400,
                           occurred_at=at(DAY, 9))
    run, found = await run_reconciliation(app, conn, q)
    assert found == [("amount_differs", "refund", refund.id, 400, 300)]
    assert run["differences"] == 1


async def test_every_page_of_balance_transactions_is_read(api, app, market, fake_stripe, conn, q, monkeypatch):  # noqa: F811
    _, renter, _, spot = market
    monkeypatch.setattr(reconcile, "PAGE", 2)
    clock(fake_stripe, at(DAY, 9))
    booking, pi = await paid_booking(api, renter, spot, fake_stripe)
    refunds = [await stripe_refund(fake_stripe, pi, amount=100) for _ in range(4)]
    run, found = await run_reconciliation(app, conn, q)
    assert sorted(stripe_id for _, _, stripe_id, _, _ in found) == sorted(r.id for r in refunds)
    assert run["checked"] == 5
    pages = fake_stripe.requests_to("GET", "/v1/balance_transactions")
    assert len(pages) == 3 and all(p.params["limit"] == "2" for p in pages)


async def test_a_stripe_outage_leaves_the_run_running_and_it_is_retried(api, app, market, fake_stripe, conn, q):  # noqa: F811
    _, renter, _, spot = market
    clock(fake_stripe, at(DAY, 9))
    await paid_booking(api, renter, spot, fake_stripe)
    fake_stripe.outage("GET", "/v1/balance_transactions")
    await q.queue_reconciliation_at(conn, now=cron_time(DAY))
    assert await drain_once(app, cron_time(DAY)) == 0
    run = await q.reconciliation_run(conn, day=DAY)
    assert (run["status"], run["finished_at"]) == ("running", None)
    assert await drain_once(app, cron_time(DAY) + timedelta(seconds=11)) == 1
    assert (await q.reconciliation_run(conn, day=DAY))["status"] == "done"


async def test_the_job_queues_yesterday_in_utc_once(conn, q):
    evening_in_kolkata = datetime(2030, 5, 5, 1, 0, tzinfo=timezone(timedelta(hours=5, minutes=30)))  # 4 May UTC
    assert await q.queue_reconciliation_at(conn, now=evening_in_kolkata) == 1
    assert await q.queue_reconciliation_at(conn, now=evening_in_kolkata + timedelta(hours=1)) == 0
    [call] = [c async for c in q.reconcile_calls(conn)]
    assert (call["args"], call["idempotency_key"]) == ({"day": "2030-05-03"}, "reconcile-2030-05-03")
    assert (call["next_attempt_at"], call["done_at"]) == (evening_in_kolkata, None)
    run = await q.reconciliation_run(conn, day=date(2030, 5, 3))
    assert (run["status"], run["checked"], run["differences"], run["finished_at"]) == ("running", 0, 0, None)
    assert await q.queue_reconciliation_at(conn, now=datetime(2030, 5, 5, 2, 15, tzinfo=timezone.utc)) == 1  # 4 May


async def test_admins_read_the_runs_with_their_differences(api, app, market, fake_stripe, conn, q):  # noqa: F811
    owner, renter, _, spot = market
    admin = await api.new_user("admin")
    earlier = DAY - timedelta(days=1)
    clock(fake_stripe, at(earlier, 9))
    booking, pi = await paid_booking(api, renter, spot, fake_stripe)
    await run_reconciliation(app, conn, q, day=earlier)
    clock(fake_stripe, at(DAY, 9))
    refund = await stripe_refund(fake_stripe, pi, amount=300)
    await q.add_ledger_row(conn, booking_id=booking["id"], kind="refund", stripe_id="re_neverMade", amount=250,
                           occurred_at=at(DAY, 17))
    await run_reconciliation(app, conn, q)
    listed = await api.call("get", ADMIN, admin.access)
    assert listed.status == 200 and listed.headers["X-Total-Count"] == "2"
    assert [(r["day"], r["status"], r["checked"], len(r["differences"])) for r in listed.json] == [
        (DAY.isoformat(), "done", 1, 2), (earlier.isoformat(), "done", 1, 0)]
    assert listed.json[0]["differences"] == [
        {"kind": "refund", "stripe_id": refund.id, "problem": "missing_in_ledger", "ledger_amount": None,
         "stripe_amount": 300, "booking_id": None},
        {"kind": "refund", "stripe_id": "re_neverMade", "problem": "missing_in_stripe", "ledger_amount": 250,
         "stripe_amount": None, "booking_id": booking["id"]}]
    one_day = await api.call("get", ADMIN, admin.access, params={"day": earlier.isoformat()})
    assert [r["day"] for r in one_day.json] == [earlier.isoformat()] and one_day.headers["X-Total-Count"] == "1"
    page_two = await api.call("get", ADMIN, admin.access, params={"page": 2, "page_size": 1})
    assert [r["day"] for r in page_two.json] == [earlier.isoformat()]
    assert (await api.call("get", ADMIN, admin.access, params={"day": "2030-02-30"})).status == 422
    assert (await api.call("get", ADMIN, admin.access, params={"day": "2030-01-01"})).json == []
    assert (await api.call("get", ADMIN, renter.access)).status == 403
    assert (await api.call("get", ADMIN, owner.access)).status == 403
    assert (await api.call("get", ADMIN)).status == 401
