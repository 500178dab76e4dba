"""Payments against a local fake Stripe (tests/fake_stripe.py) over real HTTP: PaymentIntents,
signed webhooks (bad, stale, replayed, out of order), confirm, refunds by policy, admin refunds,
Connect, and the whole flow from registration to refund."""
from __future__ import annotations

import time
import uuid
from datetime import datetime, timedelta

import pytest
import stripe

from tests.bookings.helpers import BOOKINGS, book, next_slot
from tests.fake_stripe import FakeStripe, fake_stripe  # noqa: F401

SECRET = "whsec_test_secret"
CONNECT_SECRET = "whsec_test_connect_secret"  # the Connect endpoint's own
PAY = "/api/v1/payments"
DAY = timedelta(days=1)


@pytest.fixture
def settings(settings, fake_stripe):
    return settings.changed(stripe_secret_key="sk_test_fake", stripe_webhook_secret=SECRET,
                            stripe_connect_webhook_secret=CONNECT_SECRET, stripe_api_base=fake_stripe.url)


@pytest.fixture
async def market(api):
    owner, renter, other = await api.new_user("owner"), await api.new_user("renter"), await api.new_user("renter")
    spot = await api.new_spot(owner, hourly_rate=500, daily_rate=3000)
    return owner, renter, other, spot


async def pending_booking(api, renter, spot, days=3):
    response = await book(api, renter, spot, next_slot(days * DAY), hours=2)
    assert response.status == 201 and response.json["status"] == "pending"
    return response.json


async def intent(api, user, booking):
    return await api.call("post", f"{PAY}/intent", user.access, json={"booking_id": booking["id"]})


async def deliver(api, event_type, obj, event_id=None, secret=SECRET, timestamp=None, **event):
    payload = FakeStripe.event(event_type, obj, event_id=event_id, **event)
    return await api.call("post", f"{PAY}/webhook", content=payload, headers={
        "Stripe-Signature": FakeStripe.sign(payload, secret, timestamp), "Content-Type": "application/json"})


async def booking_of(api, user, booking):
    return (await api.call("get", f"{BOOKINGS}/{booking['id']}", user.access)).json


async def test_intent_is_created_once_for_the_booking_total(api, market, fake_stripe):
    _, renter, _, spot = market
    booking = await pending_booking(api, renter, spot)
    first, second = await intent(api, renter, booking), await intent(api, renter, booking)
    assert first.status == second.status == 200
    assert first.json == second.json
    assert first.json["amount"] == booking["total_amount"] == 1150
    assert first.json["client_secret"].startswith(first.json["payment_intent_id"] + "_secret_")
    created = [r for r in fake_stripe.requests_to("POST", "/v1/payment_intents")]
    assert {r.idempotency_key for r in created} == {f"booking-{booking['id']}-{booking['total_amount']}"}
    assert created[0].params["metadata"] == {"booking_id": booking["id"]}
    assert created[0].params["currency"] == "usd" and "transfer_data" not in created[0].params
    mine = await api.call("get", PAY, renter.access)
    assert [(p["booking_id"], p["status"], p["amount"]) for p in mine.json] == [(booking["id"], "requires_payment", 1150)]
    assert booking["payment_intent_id"] is None  # none yet when it was booked
    read_back = await api.call("get", f"/api/v1/bookings/{booking['id']}", renter.access)
    assert read_back.json["payment_intent_id"] == first.json["payment_intent_id"]  # as seed clients read it


async def test_intent_pays_the_owner_through_connect(api, market, fake_stripe, conn, q):
    owner, renter, _, spot = market
    account = fake_stripe.add_account()
    await q.set_connect(conn, user_id=owner.id, account_id=account["id"])
    booking = await pending_booking(api, renter, spot)
    assert (await intent(api, renter, booking)).status == 200
    params = fake_stripe.requests_to("POST", "/v1/payment_intents")[0].params
    assert params["transfer_data"] == {"destination": account["id"]}
    assert params["application_fee_amount"] == booking["service_fee"]


async def test_intent_for_someone_elses_or_a_non_pending_booking(api, market):
    _, renter, other, spot = market
    booking = await pending_booking(api, renter, spot)
    assert (await intent(api, other, booking)).status == 404
    assert (await intent(api, renter, {"id": str(uuid.uuid4())})).status == 404
    await api.call("post", f"{BOOKINGS}/{booking['id']}/cancel", renter.access, json={})
    response = await intent(api, renter, booking)
    assert response.status == 409 and "nothing to pay" in response.json["detail"]


async def test_succeeded_webhook_confirms_and_a_replay_changes_nothing(api, market, fake_stripe, conn, q):
    _, renter, _, spot = market
    booking = await pending_booking(api, renter, spot)
    pi = (await intent(api, renter, booking)).json["payment_intent_id"]
    obj = fake_stripe.succeed(pi)
    first = await deliver(api, "payment_intent.succeeded", obj, event_id="evt_success_1")
    assert first.status == 200 and first.json == {"received": True, "replayed": False}
    paid = await booking_of(api, renter, booking)
    assert (paid["status"], paid["payment_status"]) == ("confirmed", "paid")
    replay = await deliver(api, "payment_intent.succeeded", obj, event_id="evt_success_1")
    assert replay.status == 200 and replay.json["replayed"] is True
    assert await q.count_webhook_events(conn) == 1


@pytest.mark.parametrize("secret, age", [("whsec_wrong", 0), (SECRET, 600)], ids=["bad signature", "stale"])
async def test_bad_or_stale_signature_is_400_and_changes_nothing(api, market, fake_stripe, conn, q, secret, age):
    _, renter, _, spot = market
    booking = await pending_booking(api, renter, spot)
    pi = (await intent(api, renter, booking)).json["payment_intent_id"]
    response = await deliver(api, "payment_intent.succeeded", fake_stripe.succeed(pi), secret=secret,
                             timestamp=int(time.time()) - age)
    assert response.status == 400 and response.json == {"detail": "invalid Stripe signature", "code": "invalid_signature"}
    assert (await booking_of(api, renter, booking))["status"] == "pending"
    assert await q.count_webhook_events(conn) == 0


async def test_missing_signature_is_400(api):
    response = await api.call("post", f"{PAY}/webhook", content=b"{}")
    assert response.status == 400


async def test_failed_payment_leaves_the_booking_pending(api, market, fake_stripe):
    _, renter, _, spot = market
    booking = await pending_booking(api, renter, spot)
    pi = (await intent(api, renter, booking)).json["payment_intent_id"]
    await deliver(api, "payment_intent.payment_failed", fake_stripe.fail(pi))
    after = await booking_of(api, renter, booking)
    assert (after["status"], after["payment_status"]) == ("pending", "failed")
    payment = (await api.call("get", PAY, renter.access)).json[0]
    assert (payment["status"], payment["failure_message"]) == ("failed", "Your card was declined.")


async def test_refund_arriving_before_success_ends_refunded(api, market, fake_stripe):
    _, renter, _, spot = market
    booking = await pending_booking(api, renter, spot)
    pi = (await intent(api, renter, booking)).json["payment_intent_id"]
    succeeded = fake_stripe.succeed(pi)
    charge = fake_stripe.charge(succeeded["latest_charge"])
    await stripe_refund(fake_stripe, pi)
    await deliver(api, "charge.refunded", fake_stripe.charge(charge["id"]))
    await deliver(api, "payment_intent.succeeded", succeeded)  # late and stale: re-reading keeps the truth
    after = await booking_of(api, renter, booking)
    assert (after["status"], after["payment_status"]) == ("refunded", "refunded")


async def stripe_refund(fake, pi):
    """A refund made on the Stripe dashboard (not through our API)."""
    http = stripe.HTTPXClient()
    client = stripe.StripeClient("sk_test_fake", base_addresses={"api": fake.url}, http_client=http)
    await client.v1.refunds.create_async(params={"payment_intent": pi})
    await http.close_async()


async def test_confirm_for_clients_that_cannot_wait_then_the_webhook_is_harmless(api, market, fake_stripe):
    _, renter, other, spot = market
    booking = await pending_booking(api, renter, spot)
    pi = (await intent(api, renter, booking)).json["payment_intent_id"]
    obj = fake_stripe.succeed(pi)
    assert (await api.call("post", f"{PAY}/confirm", other.access, json={"payment_intent_id": pi})).status == 404
    confirmed = await api.call("post", f"{PAY}/confirm", renter.access, json={"payment_intent_id": pi})
    assert confirmed.status == 200 and confirmed.json["status"] == "succeeded"
    assert (await booking_of(api, renter, booking))["status"] == "confirmed"
    assert (await deliver(api, "payment_intent.succeeded", obj)).status == 200
    assert (await booking_of(api, renter, booking))["status"] == "confirmed"


async def test_whole_flow_register_book_pay_cancel_refund(api, market, fake_stripe):
    _, _, _, spot = market
    renter = await api.new_user("renter")  # registered and logged in through the API
    booking = await pending_booking(api, renter, spot, days=5)
    pi = (await intent(api, renter, booking)).json["payment_intent_id"]
    await deliver(api, "payment_intent.succeeded", fake_stripe.succeed(pi))
    assert (await booking_of(api, renter, booking))["status"] == "confirmed"
    cancelled = await api.call("post", f"{BOOKINGS}/{booking['id']}/cancel", renter.access, json={"reason": "sick"})
    assert cancelled.status == 200
    assert (cancelled.json["refund_percent"], cancelled.json["refund_amount"], cancelled.json["refund_status"]) == \
        (100, booking["total_amount"], "refunded")
    refund_request = fake_stripe.requests_to("POST", "/v1/refunds")[0]
    assert (refund_request.params["payment_intent"], refund_request.params["amount"]) == (pi, booking["total_amount"])
    assert refund_request.idempotency_key == f"cancel-{booking['id']}-{pi}"
    final = await booking_of(api, renter, booking)
    assert (final["status"], final["payment_status"]) == ("refunded", "refunded")
    charge_id = fake_stripe.payment_intent(pi)["latest_charge"]
    assert (await deliver(api, "charge.refunded", fake_stripe.charge(charge_id))).status == 200
    assert (await booking_of(api, renter, booking))["status"] == "refunded"


async def test_late_cancellation_refunds_half(api, market, fake_stripe):
    _, renter, _, spot = market
    response = await book(api, renter, spot, next_slot(timedelta(hours=3)), hours=2)
    booking = response.json
    pi = (await intent(api, renter, booking)).json["payment_intent_id"]
    await deliver(api, "payment_intent.succeeded", fake_stripe.succeed(pi))
    cancelled = await api.call("post", f"{BOOKINGS}/{booking['id']}/cancel", renter.access, json={})
    assert (cancelled.json["refund_amount"], cancelled.json["refund_status"]) == (booking["total_amount"] // 2, "refunded")
    after = await booking_of(api, renter, booking)
    assert (after["status"], after["payment_status"]) == ("cancelled", "partially_refunded")


async def test_money_arriving_after_the_hold_expired_is_refunded(api, market, fake_stripe, conn, q):
    _, renter, _, spot = market
    booking = await pending_booking(api, renter, spot)
    pi = (await intent(api, renter, booking)).json["payment_intent_id"]
    await q.expire_holds_at_hold_end(conn)
    await deliver(api, "payment_intent.succeeded", fake_stripe.succeed(pi))
    assert [r.params.get("amount") for r in fake_stripe.requests_to("POST", "/v1/refunds")] == [None]
    after = await booking_of(api, renter, booking)
    assert (after["status"], after["payment_status"]) == ("refunded", "refunded")


async def test_admin_refunds_up_to_what_remains(api, market, fake_stripe):
    _, renter, _, spot = market
    admin = await api.new_user("admin")
    booking = await pending_booking(api, renter, spot)
    pi = (await intent(api, renter, booking)).json["payment_intent_id"]
    await deliver(api, "payment_intent.succeeded", fake_stripe.succeed(pi))
    payment_id = (await api.call("get", PAY, renter.access)).json[0]["id"]
    path = f"{PAY}/{payment_id}/refund"
    assert (await api.call("post", path, renter.access, json={"amount": 100})).status == 403
    part = await api.call("post", path, admin.access, json={"amount": 300})
    assert part.status == 200 and (part.json["status"], part.json["amount_refunded"]) == ("partially_refunded", 300)
    too_much = await api.call("post", path, admin.access, json={"amount": 5000})
    assert too_much.status == 422 and too_much.json == {"detail": f"amount: at most {1150 - 300} cents remain to refund",
                                                   "code": "refund_exceeds_payment"}
    rest = await api.call("post", path, admin.access, json={})
    assert (rest.json["status"], rest.json["amount_refunded"]) == ("refunded", 1150)
    assert (await api.call("post", path, admin.access, json={})).status == 409


async def test_who_sees_a_payment(api, market, fake_stripe):
    owner, renter, other, spot = market
    booking = await pending_booking(api, renter, spot)
    await intent(api, renter, booking)
    payment_id = (await api.call("get", PAY, renter.access)).json[0]["id"]
    for user, status in [(renter, 200), (owner, 200), (await api.new_user("admin"), 200), (other, 404)]:
        assert (await api.call("get", f"{PAY}/{payment_id}", user.access)).status == status


async def test_connect_onboarding_status_webhook_and_payouts(api, market, fake_stripe, conn, q):
    owner, renter, _, spot = market
    first = await api.call("post", f"{PAY}/connect/onboard", owner.access)
    again = await api.call("post", f"{PAY}/connect/onboard", owner.access)
    assert first.status == again.status == 200
    assert first.json["account_id"] == again.json["account_id"] and first.json["url"].startswith("https://")
    assert len(fake_stripe.requests_to("POST", "/v1/accounts")) == 1
    status = await api.call("get", f"{PAY}/connect/status", owner.access)
    assert status.json == {"account_id": first.json["account_id"], "charges_enabled": False, "payouts_enabled": False,
                           "transfers_active": False}
    await deliver(api, "account.updated", fake_stripe.enable_account(first.json["account_id"]))
    assert (await q.get_connect_flags(conn, user_id=owner.id))["charges_enabled"] is True
    assert (await api.call("post", f"{PAY}/connect/onboard", renter.access)).status == 403
    booking = await pending_booking(api, renter, spot)
    payouts = await api.call("get", f"{PAY}/payouts", owner.access)
    assert [b["booking_id"] for b in payouts.json["bookings"]] == [booking["id"]]
    assert payouts.json["totals"][0]["owner_payout"] == booking["owner_payout"]


async def test_events_about_other_objects_are_recorded_and_acknowledged(api, fake_stripe, conn, q):
    foreign = await deliver(api, "payment_intent.succeeded", {"id": "pi_not_ours", "object": "payment_intent"},
                            event_id="evt_foreign")
    assert foreign.status == 200 and foreign.json == {"received": True, "replayed": False}
    assert fake_stripe.requests_to("GET", "/v1/payment_intents") == []  # nothing to read back
    other = await deliver(api, "customer.created", {"id": "cus_1", "object": "customer"}, event_id="evt_other")
    assert other.status == 200 and other.json == {"received": True, "replayed": False}
    assert await q.count_webhook_events(conn) == 2


async def test_a_connected_accounts_event_signed_with_the_connect_secret_is_applied(api, market, fake_stripe,
                                                                                     conn, q):
    """Stripe sends connected accounts' events (an owner's Express account) from the Connect
    endpoint, signed with that endpoint's own secret."""
    owner = market[0]
    account_id = (await api.call("post", f"{PAY}/connect/onboard", owner.access)).json["account_id"]
    enabled = fake_stripe.enable_account(account_id)
    response = await deliver(api, "account.updated", enabled, secret=CONNECT_SECRET, account=account_id)
    assert response.status == 200 and response.json == {"received": True, "replayed": False}
    assert (await q.get_connect_flags(conn, user_id=owner.id))["charges_enabled"] is True
    forged = await deliver(api, "account.updated", enabled, secret="whsec_someone_elses", account=account_id)
    assert forged.status == 400 and forged.json["code"] == "invalid_signature"
    assert await q.count_webhook_events(conn) == 1


async def test_events_of_the_other_mode_are_acknowledged_and_ignored(api, api_with, market, fake_stripe, conn, q):
    """A live event reaching a test server (or the reverse) is not ours to apply: reading it back with
    this key would fail, and an error answer makes Stripe retry it for days."""
    _, renter, _, spot = market
    booking = await pending_booking(api, renter, spot)
    paid = fake_stripe.succeed((await intent(api, renter, booking)).json["payment_intent_id"])
    calls = len(fake_stripe.requests)
    live_event = await deliver(api, "payment_intent.succeeded", paid, livemode=True)
    assert live_event.status == 200
    assert live_event.json == {"received": True, "replayed": False, "ignored": "livemode_mismatch"}
    assert (await booking_of(api, renter, booking))["status"] == "pending"
    assert len(fake_stripe.requests) == calls and await q.count_webhook_events(conn) == 0

    live = await api_with(stripe_secret_key="sk_live_fake")
    test_event = await deliver(live, "payment_intent.succeeded", paid, livemode=False)
    assert test_event.status == 200 and test_event.json["ignored"] == "livemode_mismatch"
    assert len(fake_stripe.requests) == calls and await q.count_webhook_events(conn) == 0


async def test_a_refund_that_fails_later_gives_its_amount_back(api, market, fake_stripe, conn, q):
    """Stripe lowers the charge's amount_refunded when a refund fails (the card was closed): the
    stored amount follows it down instead of keeping the highest figure ever seen."""
    _, renter, _, spot = market
    booking = (await book(api, renter, spot, next_slot(timedelta(hours=3)), hours=2)).json
    pi = (await intent(api, renter, booking)).json["payment_intent_id"]
    await deliver(api, "payment_intent.succeeded", fake_stripe.succeed(pi))
    await api.call("post", f"{BOOKINGS}/{booking['id']}/cancel", renter.access, json={})
    payment = (await api.call("get", f"{PAY}", renter.access)).json[0]
    assert (payment["status"], payment["amount_refunded"]) == ("partially_refunded", booking["total_amount"] // 2)
    [refund] = fake_stripe.refunds_of(pi)
    response = await deliver(api, "charge.refund.updated", fake_stripe.fail_refund(refund["id"]))
    assert response.status == 200
    payment = (await api.call("get", f"{PAY}/{payment['id']}", renter.access)).json
    assert (payment["status"], payment["amount_refunded"]) == ("succeeded", 0)
    after = await booking_of(api, renter, booking)  # the money is held again and a refund is owed:
    assert (after["status"], after["payment_status"]) == ("cancelled", "paid")
    assert len(fake_stripe.requests_to("POST", "/v1/refunds")) == 1  # not taken for a late payment


async def test_an_owner_without_active_transfers_is_not_a_destination_until_stripe_activates_it(
        api, market, fake_stripe, conn, q):
    """Stripe refuses a destination charge to an account whose `transfers` capability is not active,
    even with charges_enabled: the renter must still be able to pay (the charge stays on the
    platform) and the owner's account becomes the destination once the capability is active."""
    owner, renter, _, spot = market
    account_id = (await api.call("post", f"{PAY}/connect/onboard", owner.access)).json["account_id"]
    fake_stripe.enable_account(account_id)
    under_review = fake_stripe.set_capability(account_id, "transfers", "pending")
    assert under_review["charges_enabled"] is True
    await deliver(api, "account.updated", under_review, secret=CONNECT_SECRET, account=account_id)
    flags = await q.get_connect_flags(conn, user_id=owner.id)
    assert (flags["charges_enabled"], flags["transfers_active"]) == (True, False)
    first = await intent(api, renter, await pending_booking(api, renter, spot, days=3))
    assert first.status == 200
    assert "transfer_data" not in fake_stripe.requests_to("POST", "/v1/payment_intents")[-1].params

    active = fake_stripe.set_capability(account_id, "transfers", "active")
    await deliver(api, "account.updated", active, secret=CONNECT_SECRET, account=account_id)
    status = await api.call("get", f"{PAY}/connect/status", owner.access)
    assert status.json["transfers_active"] is True
    second = await intent(api, renter, await pending_booking(api, renter, spot, days=5))
    assert second.status == 200
    assert fake_stripe.requests_to("POST", "/v1/payment_intents")[-1].params["transfer_data"] == {
        "destination": account_id}


async def test_a_late_payment_whose_refund_fails_is_refunded_when_stripe_retries_the_event(
        api, market, fake_stripe, conn, q):
    """Money arriving after the hold expired is refunded in full. If Stripe cannot take that refund,
    nothing is committed — not the event id, not "paid" — so Stripe's retry of the same event
    refunds it (before, the retry was taken for a replay and the money was kept)."""
    _, renter, _, spot = market
    booking = await pending_booking(api, renter, spot)
    pi = (await intent(api, renter, booking)).json["payment_intent_id"]
    await q.expire_holds_at_hold_end(conn)
    succeeded = fake_stripe.succeed(pi)
    fake_stripe.outage("POST", "/v1/refunds")
    first = await deliver(api, "payment_intent.succeeded", succeeded, event_id="evt_late_1")
    assert first.status == 502
    assert await q.count_webhook_events(conn) == 0 and fake_stripe.refunds_of(pi) == []
    assert (await booking_of(api, renter, booking))["payment_status"] != "paid"
    retry = await deliver(api, "payment_intent.succeeded", succeeded, event_id="evt_late_1")
    assert retry.status == 200 and retry.json["replayed"] is False
    [refund] = fake_stripe.refunds_of(pi)
    assert refund["amount"] == booking["total_amount"]
    after = await booking_of(api, renter, booking)
    assert (after["status"], after["payment_status"]) == ("refunded", "refunded")


@pytest.mark.parametrize("who, share", [("renter", 2), ("owner", 1)], ids=["renter late: half", "owner: all"])
async def test_refunds_of_a_destination_charge_take_back_the_owners_share_and_the_fee(
        api, market, fake_stripe, conn, q, who, share):
    """The owner received the charge minus the platform's fee: a refund reverses that transfer and
    returns the fee in the policy's proportion, instead of the platform paying all of it."""
    owner, renter, _, spot = market
    account = fake_stripe.add_account()
    await q.set_connect(conn, user_id=owner.id, account_id=account["id"])
    booking = (await book(api, renter, spot, next_slot(timedelta(hours=3)), hours=2)).json
    pi = (await intent(api, renter, booking)).json["payment_intent_id"]
    await deliver(api, "payment_intent.succeeded", fake_stripe.succeed(pi))
    canceller = renter if who == "renter" else owner
    cancelled = await api.call("post", f"{BOOKINGS}/{booking['id']}/cancel", canceller.access, json={})
    assert cancelled.json["refund_amount"] == booking["total_amount"] // share
    [sent] = fake_stripe.requests_to("POST", "/v1/refunds")
    assert sent.params["amount"] == booking["total_amount"] // share
    assert sent.params["reverse_transfer"] == "true" and sent.params["refund_application_fee"] == "true"
    assert fake_stripe.refunds_of(pi)[0]["transfer_reversal"] is not None


async def test_refunds_of_a_platform_charge_reverse_nothing(api, market, fake_stripe):
    _, renter, _, spot = market
    booking = await pending_booking(api, renter, spot)
    pi = (await intent(api, renter, booking)).json["payment_intent_id"]
    await deliver(api, "payment_intent.succeeded", fake_stripe.succeed(pi))
    await api.call("post", f"{BOOKINGS}/{booking['id']}/cancel", renter.access, json={})
    [sent] = fake_stripe.requests_to("POST", "/v1/refunds")
    assert "reverse_transfer" not in sent.params and "refund_application_fee" not in sent.params


async def test_extending_a_pending_booking_reprices_its_one_intent(api, market, fake_stripe):
    """An extension of a booking not yet paid updates the amount of the intent already handed out,
    so the old client_secret cannot pay a stale amount beside a new intent."""
    _, renter, _, spot = market
    booking = await pending_booking(api, renter, spot)
    first = (await intent(api, renter, booking)).json
    end = datetime.fromisoformat(booking["end_time"].replace("Z", "+00:00"))
    longer = (end + timedelta(hours=1)).isoformat().replace("+00:00", "Z")
    extended = await api.call("post", f"{BOOKINGS}/{booking['id']}/extend", renter.access, json={"end_time": longer})
    assert extended.status == 200
    total = (await booking_of(api, renter, booking))["total_amount"]
    assert total > booking["total_amount"]
    second = (await intent(api, renter, booking)).json
    assert second["payment_intent_id"] == first["payment_intent_id"] and second["amount"] == total
    assert len(fake_stripe.requests_to("POST", "/v1/payment_intents")) == 2  # created once, updated once
    assert fake_stripe.payment_intent(first["payment_intent_id"])["amount"] == total
    await deliver(api, "payment_intent.succeeded", fake_stripe.succeed(first["payment_intent_id"]))
    paid = await booking_of(api, renter, booking)
    assert (paid["status"], paid["payment_status"]) == ("confirmed", "paid")


async def test_a_canceled_intent_is_replaced_by_a_new_one(api, market, fake_stripe):
    _, renter, _, spot = market
    booking = await pending_booking(api, renter, spot)
    first = (await intent(api, renter, booking)).json["payment_intent_id"]
    client = stripe.StripeClient("sk_test_fake", base_addresses={"api": fake_stripe.url},
                                 http_client=stripe.HTTPXClient())
    canceled = await client.v1.payment_intents.cancel_async(first, params={"cancellation_reason": "abandoned"})
    assert canceled.status == "canceled"
    second = await intent(api, renter, booking)
    assert second.status == 200 and second.json["payment_intent_id"] != first
    assert (await intent(api, renter, booking)).json["payment_intent_id"] == second.json["payment_intent_id"]


async def test_disputes_are_recorded_and_listed_for_admins(api, market, fake_stripe, conn, q):
    """On destination charges a dispute is taken from the platform's balance: each one is recorded
    from the dispute read back from Stripe and listed for admins until it closes."""
    _, renter, _, spot = market
    admin = await api.new_user("admin")
    booking = await pending_booking(api, renter, spot)
    pi = (await intent(api, renter, booking)).json["payment_intent_id"]
    await deliver(api, "payment_intent.succeeded", fake_stripe.succeed(pi))
    dispute = fake_stripe.dispute(pi, reason="fraudulent")
    created = await deliver(api, "charge.dispute.created", dispute, event_id="evt_dp_1")
    assert created.status == 200 and created.json == {"received": True, "replayed": False}
    assert (await deliver(api, "charge.dispute.created", dispute, event_id="evt_dp_1")).json["replayed"] is True
    listed = await api.call("get", "/api/v1/admin/disputes", admin.access)
    assert listed.status == 200 and listed.headers["x-total-count"] == "1"
    [row] = listed.json
    assert (row["dispute_id"], row["booking_id"], row["amount"], row["reason"], row["status"]) == (
        dispute["id"], booking["id"], booking["total_amount"], "fraudulent", "needs_response")
    assert row["evidence_due_by"] is not None

    await deliver(api, "charge.dispute.closed", fake_stripe.close_dispute(dispute["id"], won=False))
    assert (await api.call("get", "/api/v1/admin/disputes", admin.access)).json == []
    [closed] = (await api.call("get", "/api/v1/admin/disputes", admin.access, params={"status": "all"})).json
    assert (closed["status"], closed["evidence_due_by"]) == ("lost", None)
    assert (await api.call("get", "/api/v1/admin/disputes", renter.access)).status == 403
    assert (await api.call("get", "/api/v1/admin/disputes")).status == 401


async def test_a_dispute_of_someone_elses_charge_is_only_acknowledged(api, fake_stripe, conn, q):
    admin = await api.new_user("admin")
    other = await stripe.StripeClient("sk_test_fake", base_addresses={"api": fake_stripe.url},
                                      http_client=stripe.HTTPXClient()).v1.payment_intents.create_async(
        params={"amount": 2000, "currency": "usd"})
    fake_stripe.succeed(other.id)
    response = await deliver(api, "charge.dispute.created", fake_stripe.dispute(other.id))
    assert response.status == 200 and response.json["replayed"] is False
    assert (await api.call("get", "/api/v1/admin/disputes", admin.access, params={"status": "all"})).json == []
    assert await q.count_webhook_events(conn) == 1
