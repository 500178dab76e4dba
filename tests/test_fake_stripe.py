"""The official stripe SDK works against tests/fake_stripe/: payments, refunds, Connect accounts, webhook signing,
and Connect's money movements (transfers, reversals, application fees, balance transactions, payouts)."""
import time

import httpx
import pytest
import stripe

from tests.fake_stripe import FakeStripe, fake_stripe  # noqa: F401

# the SDK hands httpx its form body as a str (data=...), which httpx 0.28 deprecates
pytestmark = pytest.mark.filterwarnings("ignore:Use 'content=<...>':DeprecationWarning")


@pytest.fixture
def http():
    client = stripe.HTTPXClient(allow_sync_methods=True)  # sync calls raise unless allowed; the app uses *_async
    yield client
    client.close()


def sdk(fake: FakeStripe, http: stripe.HTTPXClient) -> stripe.StripeClient:
    return stripe.StripeClient("sk_test_fake", base_addresses={"api": fake.url}, http_client=http)


def test_payment_intent_idempotency_and_refunds(fake_stripe, http):
    client, host = sdk(fake_stripe, http), fake_stripe.add_account()
    params = {"amount": 2000, "currency": "usd", "metadata": {"booking_id": "b-1"},
              "transfer_data": {"destination": host["id"]}, "application_fee_amount": 300,
              "automatic_payment_methods": {"enabled": True}}
    pi = client.v1.payment_intents.create(params=params, options={"idempotency_key": "book-1"})
    assert (pi.status, pi.amount, pi.metadata["booking_id"], pi.latest_charge) == (
        "requires_payment_method", 2000, "b-1", None)
    assert pi.client_secret.startswith(pi.id + "_secret_")
    again = client.v1.payment_intents.create(params=params, options={"idempotency_key": "book-1"})
    assert again.id == pi.id and again.last_response.headers["Idempotent-Replayed"] == "true"
    with pytest.raises(stripe.IdempotencyError, match="same parameters"):
        client.v1.payment_intents.create(params={**params, "amount": 2500}, options={"idempotency_key": "book-1"})
    sent = fake_stripe.requests_to("POST", "/v1/payment_intents")[0]
    assert sent.params["transfer_data"] == {"destination": host["id"]} and sent.params["amount"] == 2000
    assert (sent.idempotency_key, sent.api_key) == ("book-1", "sk_test_fake")

    with pytest.raises(stripe.InvalidRequestError, match="does not have a successful charge"):
        client.v1.refunds.create(params={"payment_intent": pi.id})
    fake_stripe.succeed(pi.id)
    paid = client.v1.payment_intents.retrieve(pi.id)
    assert paid.status == "succeeded" and paid.latest_charge.startswith("ch_")

    part = client.v1.refunds.create(params={"payment_intent": pi.id, "amount": 500})
    assert (part.status, part.amount, part.charge) == ("succeeded", 500, paid.latest_charge)
    with pytest.raises(stripe.InvalidRequestError, match=r"\(\$50\.00\) is greater than unrefunded .* \(\$15\.00\)"):
        client.v1.refunds.create(params={"payment_intent": pi.id, "amount": 5000})
    assert client.v1.refunds.create(params={"payment_intent": pi.id}).amount == 1500
    charge = client.v1.charges.retrieve(paid.latest_charge)
    assert (charge.amount_refunded, charge.refunded) == (2000, True)

    with pytest.raises(stripe.InvalidRequestError) as missing:
        client.v1.payment_intents.retrieve("pi_nope")
    assert (missing.value.http_status, missing.value.code) == (404, "resource_missing")
    assert httpx.get(f"{fake_stripe.url}/v1/charges/{charge.id}").status_code == 401  # no API key


async def test_connect_account_and_link_async(fake_stripe):
    http = stripe.HTTPXClient()
    client = sdk(fake_stripe, http)
    try:
        await connect_flow(fake_stripe, client)
    finally:
        await http.close_async()


async def connect_flow(fake_stripe: FakeStripe, client: stripe.StripeClient) -> None:
    acct = await client.v1.accounts.create_async(params={
        "type": "express", "email": "host@example.com", "country": "US",
        "capabilities": {"card_payments": {"requested": True}, "transfers": {"requested": True}}})
    assert (acct.object, acct.charges_enabled, acct.details_submitted) == ("account", False, False)
    link = await client.v1.account_links.create_async(params={
        "account": acct.id, "refresh_url": "http://app.test/refresh", "return_url": "http://app.test/done",
        "type": "account_onboarding"})
    assert link.url.startswith(f"https://connect.stripe.test/setup/e/{acct.id}/")
    fake_stripe.enable_account(acct.id)
    again = await client.v1.accounts.retrieve_async(acct.id)
    assert again.charges_enabled and again.payouts_enabled and again.capabilities["transfers"] == "active"


def test_webhook_signatures():
    payload = FakeStripe.event("payment_intent.succeeded", {"id": "pi_1", "object": "payment_intent"})
    event = stripe.Webhook.construct_event(payload, FakeStripe.sign(payload, "whsec_test"), "whsec_test")
    assert (event.type, event.data.object.id) == ("payment_intent.succeeded", "pi_1")
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(payload, FakeStripe.sign(payload, "whsec_other"), "whsec_test")
    with pytest.raises(stripe.SignatureVerificationError):
        stale = FakeStripe.sign(payload, "whsec_test", timestamp=int(time.time()) - 600)
        stripe.Webhook.construct_event(payload, stale, "whsec_test")


# --- Connect's money movements --------------------------------------------------------------------------------

def paid_intent(fake: FakeStripe, client: stripe.StripeClient, amount: int, **params) -> stripe.PaymentIntent:
    pi = client.v1.payment_intents.create(params={"amount": amount, "currency": "usd", **params})
    fake.succeed(pi.id)
    return client.v1.payment_intents.retrieve(pi.id)


def test_a_destination_charge_transfers_to_the_account_and_collects_the_fee(fake_stripe, http):
    client, host = sdk(fake_stripe, http), fake_stripe.add_account()
    pi = paid_intent(fake_stripe, client, 10_000, transfer_data={"destination": host["id"]},
                     application_fee_amount=1_500, transfer_group="booking-1")
    charge = client.v1.charges.retrieve(pi.latest_charge, params={"expand": ["transfer", "application_fee"]})
    transfer, fee = charge.transfer, charge.application_fee
    assert (transfer.object, transfer.amount, transfer.amount_reversed, transfer.reversed) == (
        "transfer", 10_000, 0, False)
    assert (transfer.destination, transfer.source_transaction, transfer.transfer_group) == (
        host["id"], charge.id, "booking-1")
    assert transfer.destination_payment.startswith("py_") and transfer.reversals.total_count == 0
    assert transfer.reversals.url == f"/v1/transfers/{transfer.id}/reversals"
    assert (fee.object, fee.account, fee.amount, fee.amount_refunded, fee.charge) == (
        "application_fee", host["id"], 1_500, 0, charge.id)
    assert fee.application.startswith("ca_") and fee.refunds.data == []
    assert client.v1.application_fees.retrieve(fee.id).id == fee.id
    assert client.v1.transfers.retrieve(transfer.id).amount == 10_000

    txns = client.v1.balance_transactions.list().data  # newest first
    assert [(t.type, t.reporting_category, t.amount, t.source) for t in txns] == [
        ("application_fee", "platform_earning", 1_500, fee.id), ("transfer", "transfer", -10_000, transfer.id),
        ("charge", "charge", 10_000, charge.id)]
    charge_txn = txns[2]
    assert (charge_txn.fee, charge_txn.net, charge_txn.status) == (320, 9_680, "available")  # 2.9% + 30
    assert charge_txn.fee_details[0].type == "stripe_fee" and charge.balance_transaction == charge_txn.id
    assert [t.id for t in txns[:2]] == [fee.balance_transaction, transfer.balance_transaction]

    half = client.v1.transfers.reversals.create(transfer.id, params={"amount": 5_000, "refund_application_fee": True})
    assert (half.amount, client.v1.application_fees.retrieve(fee.id).amount_refunded) == (5_000, 750)

    platform = client.v1.charges.retrieve(paid_intent(fake_stripe, client, 2_000).latest_charge)
    assert (platform.transfer, platform.application_fee) == (None, None)


def test_refunds_in_parts_reverse_exactly_the_whole_transfer_and_fee(fake_stripe, http):
    client, host = sdk(fake_stripe, http), fake_stripe.add_account()
    pi = paid_intent(fake_stripe, client, 1_000, transfer_data={"destination": host["id"]}, application_fee_amount=101)
    both = {"payment_intent": pi.id, "reverse_transfer": True, "refund_application_fee": True}
    refunds = [client.v1.refunds.create(params={**both, "amount": amount}, options={"idempotency_key": f"r{i}"})
               for i, amount in enumerate((333, 333, 334))]
    charge = fake_stripe.charge(pi.latest_charge)
    transfer, fee = fake_stripe.transfer(charge["transfer"]), fake_stripe.application_fee(charge["application_fee"])
    reversals = [client.v1.refunds.retrieve(r.id, params={"expand": ["transfer_reversal"]}).transfer_reversal
                 for r in refunds]
    assert [(r.amount, r.source_refund, r.transfer) for r in reversals] == [
        (333, refunds[0].id, transfer["id"]), (333, refunds[1].id, transfer["id"]),
        (334, refunds[2].id, transfer["id"])]
    assert (transfer["amount_reversed"], transfer["reversed"], transfer["reversals"]["total_count"]) == (1_000, True, 3)
    assert [r["amount"] for r in fee["refunds"]["data"]] == [33, 34, 34]  # newest first: the last takes the rest
    assert (fee["amount_refunded"], fee["refunded"]) == (101, True)
    types = [t["type"] for t in fake_stripe.balance_transactions()][3:]
    assert types == ["refund", "transfer_refund", "application_fee_refund"] * 3

    listed = client.v1.refunds.list(params={"payment_intent": pi.id, "limit": 2})
    assert [r.id for r in listed.data] == [refunds[2].id, refunds[1].id] and listed.has_more
    assert [r.id for r in listed.auto_paging_iter()] == [r.id for r in reversed(refunds)]
    assert client.v1.refunds.list(params={"charge": "ch_other"}).data == []


def test_reverse_transfer_needs_a_destination_charge(fake_stripe, http):
    client = sdk(fake_stripe, http)
    pi = paid_intent(fake_stripe, client, 2_000)
    with pytest.raises(stripe.InvalidRequestError, match="destination charges") as refused:
        client.v1.refunds.create(params={"payment_intent": pi.id, "reverse_transfer": True})
    assert (refused.value.http_status, refused.value.param) == (400, "reverse_transfer")
    assert fake_stripe.charge(pi.latest_charge)["amount_refunded"] == 0 and fake_stripe.refunds_of(pi.id) == []


def test_a_pending_refund_that_fails_gives_the_money_back_but_keeps_its_reversal(fake_stripe, http):
    client, host = sdk(fake_stripe, http), fake_stripe.add_account()
    pi = paid_intent(fake_stripe, client, 2_000, transfer_data={"destination": host["id"]}, application_fee_amount=200)
    fake_stripe.refunds_start_pending = True
    refund = client.v1.refunds.create(params={"payment_intent": pi.id, "amount": 500, "reverse_transfer": True,
                                              "refund_application_fee": True})
    assert refund.status == "pending" and client.v1.charges.retrieve(pi.latest_charge).amount_refunded == 500
    failed = fake_stripe.fail_refund(refund.id)
    assert client.v1.charges.retrieve(pi.latest_charge).amount_refunded == 0
    txn = client.v1.balance_transactions.retrieve(failed["failure_balance_transaction"])
    assert (txn.type, txn.reporting_category, txn.amount, txn.source) == (
        "refund_failure", "refund_failure", 500, refund.id)
    charge = fake_stripe.charge(pi.latest_charge)
    assert fake_stripe.transfer(charge["transfer"])["amount_reversed"] == 500
    assert fake_stripe.application_fee(charge["application_fee"])["amount_refunded"] == 50

    other = client.v1.refunds.create(params={"payment_intent": pi.id, "amount": 100})
    assert fake_stripe.settle_refund(other.id)["status"] == "succeeded"
    assert client.v1.refunds.retrieve(other.id).status == "succeeded"


def test_transfers_with_a_source_transaction_and_their_reversals(fake_stripe, http):
    client, host = sdk(fake_stripe, http), fake_stripe.add_account()
    charge_id = paid_intent(fake_stripe, client, 2_000).latest_charge
    client.v1.refunds.create(params={"charge": charge_id, "amount": 500})
    base = {"currency": "usd", "destination": host["id"], "source_transaction": charge_id}
    with pytest.raises(stripe.InvalidRequestError) as too_much:
        client.v1.transfers.create(params={**base, "amount": 1_600})
    assert (too_much.value.code, too_much.value.param) == ("balance_insufficient", "amount")
    first = client.v1.transfers.create(params={**base, "amount": 1_000, "transfer_group": "g1"},
                                       options={"idempotency_key": "tr-1"})
    again = client.v1.transfers.create(params={**base, "amount": 1_000, "transfer_group": "g1"},
                                       options={"idempotency_key": "tr-1"})
    assert again.id == first.id
    assert (first.amount, first.source_transaction, first.reversed) == (1_000, charge_id, False)
    assert fake_stripe.charge(charge_id)["transfer"] is None  # recorded on the transfer only
    with pytest.raises(stripe.InvalidRequestError, match=r"\(\$6\.00\) is greater than .* \(\$5\.00\)"):
        client.v1.transfers.create(params={**base, "amount": 600})
    with pytest.raises(stripe.InvalidRequestError, match="No such charge: 'ch_nope'") as no_charge:
        client.v1.transfers.create(params={**base, "amount": 100, "source_transaction": "ch_nope"})
    assert no_charge.value.param == "source_transaction"
    with pytest.raises(stripe.InvalidRequestError, match="No such destination: 'acct_nope'"):
        client.v1.transfers.create(params={**base, "amount": 100, "destination": "acct_nope"})
    fake_stripe.set_capability(host["id"], "transfers", "pending")
    with pytest.raises(stripe.InvalidRequestError) as capability:
        client.v1.transfers.create(params={"amount": 100, "currency": "usd", "destination": host["id"]})
    assert capability.value.code == "insufficient_capabilities_for_transfer"
    fake_stripe.set_capability(host["id"], "transfers", "active")
    with pytest.raises(stripe.InvalidRequestError, match="Received unknown parameter: source"):
        client.v1.transfers.create(params={"amount": 100, "currency": "usd", "destination": host["id"], "source": "x"})
    second = client.v1.transfers.create(params={"amount": 300, "currency": "usd", "destination": host["id"]})

    assert [t.id for t in client.v1.transfers.list(params={"destination": host["id"]}).data] == [second.id, first.id]
    assert [t.id for t in client.v1.transfers.list(params={"transfer_group": "g1"}).data] == [first.id]
    part = client.v1.transfers.reversals.create(first.id, params={"amount": 400, "metadata": {"why": "x"}})
    assert (part.object, part.amount, part.transfer, part.source_refund, part.metadata["why"]) == (
        "transfer_reversal", 400, first.id, None, "x")
    with pytest.raises(stripe.InvalidRequestError, match="greater than the unreversed amount"):
        client.v1.transfers.reversals.create(first.id, params={"amount": 700})
    assert client.v1.transfers.reversals.create(first.id).amount == 600  # the rest
    reversed_ = client.v1.transfers.retrieve(first.id)
    assert (reversed_.amount_reversed, reversed_.reversed, reversed_.reversals.total_count) == (1_000, True, 2)
    with pytest.raises(stripe.InvalidRequestError, match="already fully reversed"):
        client.v1.transfers.reversals.create(first.id)
    types = [(t["type"], t["amount"]) for t in fake_stripe.balance_transactions()]
    assert types[-4:] == [("transfer", -1_000), ("transfer", -300), ("transfer_refund", 400), ("transfer_refund", 600)]


def test_balance_transactions_filtered_by_day_and_paginated(fake_stripe, http):
    client, day = sdk(fake_stripe, http), 86_400
    today = int(time.time()) // day * day
    fake_stripe.set_clock(today - day + 3_600)  # yesterday, 01:00
    yesterdays = [paid_intent(fake_stripe, client, 1_000 + i).latest_charge for i in range(3)]
    fake_stripe.set_clock(None)
    todays = paid_intent(fake_stripe, client, 5_000).latest_charge
    assert fake_stripe.charge(yesterdays[0])["created"] == today - day + 3_600

    window = {"created": {"gte": today - day, "lt": today}, "limit": 2}
    first = client.v1.balance_transactions.list(params=window)
    assert [t.source for t in first.data] == [yesterdays[2], yesterdays[1]] and first.has_more
    sent = fake_stripe.requests_to("GET", "/v1/balance_transactions")[-1]
    assert sent.params["created"] == {"gte": str(today - day), "lt": str(today)}  # created[gte]=... nested
    rest = client.v1.balance_transactions.list(params={**window, "starting_after": first.data[-1].id})
    assert [t.source for t in rest.data] == [yesterdays[0]] and not rest.has_more
    back = client.v1.balance_transactions.list(params={**window, "ending_before": rest.data[0].id})
    assert [t.id for t in back.data] == [t.id for t in first.data]
    assert [t.source for t in client.v1.balance_transactions.list(params=window).auto_paging_iter()] == yesterdays[::-1]
    assert [t.source for t in client.v1.balance_transactions.list(params={"created": {"gte": today}}).data] == [todays]
    assert len(client.v1.balance_transactions.list(params={"type": "charge", "limit": 100}).data) == 4
    assert client.v1.balance_transactions.list(params={"source": todays}).data[0].amount == 5_000
    with pytest.raises(stripe.InvalidRequestError, match="Invalid limit"):
        client.v1.balance_transactions.list(params={"limit": 101})
    with pytest.raises(stripe.InvalidRequestError, match="Invalid integer"):
        client.v1.balance_transactions.list(params={"created": {"gte": "yesterday"}})
    with pytest.raises(stripe.InvalidRequestError, match="No such balance_transaction") as missing:
        client.v1.balance_transactions.retrieve("txn_nope")
    assert missing.value.http_status == 404
    expanded = client.v1.balance_transactions.list(params={"limit": 1, "expand": ["data.source"]}).data[0]
    assert (expanded.source.object, expanded.source.id) == ("charge", todays)


def test_payouts_are_listed_for_the_connected_account_named_by_stripe_account(fake_stripe, http):
    client, host = sdk(fake_stripe, http), fake_stripe.add_account()
    fake_stripe.set_clock(int(time.time()) - 86_400)
    older = fake_stripe.pay_out(host["id"], 4_500)
    fake_stripe.set_clock(None)
    newer = fake_stripe.pay_out(host["id"], 1_200, status="in_transit")
    as_host = {"stripe_account": host["id"]}
    listed = client.v1.payouts.list(params={"limit": 1}, options=as_host)
    assert [p.id for p in listed.data] == [newer["id"]] and listed.has_more
    assert [p.id for p in listed.auto_paging_iter()] == [newer["id"], older["id"]]
    payout = client.v1.payouts.retrieve(older["id"], options=as_host)
    assert (payout.object, payout.amount, payout.status, payout.type, payout.method) == (
        "payout", 4_500, "paid", "bank_account", "standard")
    assert payout.destination.startswith("ba_") and payout.arrival_date <= payout.created
    assert client.v1.payouts.list().data == []  # the platform's own: none
    assert fake_stripe.payouts(host["id"]) == [older, newer]
    assert [t.type for t in client.v1.balance_transactions.list(options=as_host).data] == ["payout", "payout"]
    assert fake_stripe.requests_to("GET", "/v1/payouts")[0].stripe_account == host["id"]
    with pytest.raises(stripe.PermissionError, match="does not have access to account 'acct_nope'") as denied:
        client.v1.payouts.list(options={"stripe_account": "acct_nope"})
    assert denied.value.http_status == 403


def test_disputes_take_the_amount_from_the_balance_and_give_it_back_when_won(fake_stripe, http):
    client = sdk(fake_stripe, http)
    pi = paid_intent(fake_stripe, client, 3_000)
    opened = fake_stripe.dispute(pi.id)
    [taken] = opened["balance_transactions"]
    assert (taken["object"], taken["amount"], taken["type"], taken["reporting_category"], taken["source"]) == (
        "balance_transaction", -3_000, "adjustment", "dispute", opened["id"])
    fake_stripe.close_dispute(opened["id"], won=True)
    dispute = client.v1.disputes.retrieve(opened["id"])
    assert [(t.amount, t.reporting_category) for t in dispute.balance_transactions] == [
        (-3_000, "dispute"), (3_000, "dispute_reversal")]
    assert [t.type for t in client.v1.balance_transactions.list(params={"source": opened["id"]}).data] == [
        "adjustment", "adjustment"]
    lost = fake_stripe.dispute(paid_intent(fake_stripe, client, 1_000).id)
    assert len(fake_stripe.close_dispute(lost["id"], won=False)["balance_transactions"]) == 1
