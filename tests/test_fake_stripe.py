"""The official stripe SDK works against tests/fake_stripe.py: payments, refunds, Connect accounts, webhook signing."""
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
