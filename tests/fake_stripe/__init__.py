"""A fake Stripe API server for tests: the official `stripe` SDK talks to it over real HTTP on 127.0.0.1.

    with FakeStripe() as fake:
        client = stripe.StripeClient("sk_test_x", base_addresses={"api": fake.url},
                                     http_client=stripe.HTTPXClient())
        pi = await client.v1.payment_intents.create_async(params={...}, options={"idempotency_key": "k"})
        fake.succeed(pi.id)                   # the customer paid
        payload = FakeStripe.event("payment_intent.succeeded", fake.payment_intent(pi.id))
        header = FakeStripe.sign(payload, "whsec_test")   # -> the Stripe-Signature header

Modules: server (requests, idempotency, rendering, clock), payments (intents, charges, refunds,
disputes), connect (accounts, transfers, reversals, application fees, payouts), balance (balance
transactions), common (errors, form decoding, parameter checks, list pages).

Implemented (v1, form-encoded like the SDK sends): POST/GET /v1/payment_intents[/{id}], POST
/v1/payment_intents/{id}[/cancel] (update, cancel), POST/GET /v1/refunds (list: payment_intent, charge),
GET /v1/refunds/{id}, GET /v1/charges/{id}, GET /v1/disputes/{id}, POST/GET /v1/accounts[/{id}],
POST /v1/account_links, POST/GET /v1/transfers[/{id}] (list: destination, transfer_group, created),
POST /v1/transfers/{id}/reversals, GET /v1/application_fees/{id}, GET /v1/payouts[/{id}] (a connected
account's, with Stripe-Account), GET /v1/balance_transactions[/{id}] (list: created[gt|gte|lt|lte],
type, source, currency). Lists take limit (1..100, default 10), starting_after, ending_before and
expand[]=data.<field>; they answer newest first with has_more.
Anything else is a 404 invalid_request_error. Errors have Stripe's shape, status codes and (as far as known)
messages, so the SDK raises the same exception classes it raises against api.stripe.com.

Test-side helpers: succeed, fail, settle_refund, fail_refund, dispute, close_dispute, enable_account,
set_capability, add_account, pay_out(acct_id, amount, status="paid"), outage, set_clock / `now`;
getters payment_intent, charge, refund, refunds_of, account, transfer, transfers, application_fee,
payouts(acct_id), balance_transactions(account=None) (oldest first), requests / requests_to.

Behaviour worth knowing:
- Unknown top-level parameters are refused like Stripe does ("Received unknown parameter: x"); the allowed
  names come from the SDK's own *Params TypedDicts, so anything the SDK types as a parameter is accepted.
  Passing request options (idempotency_key, stripe_account, ...) inside `params` is therefore caught.
- `transfer_data[destination]` and a transfer's `destination` must be an account this fake knows with the
  transfers capability active (Stripe refuses otherwise). Create it through the API and call
  `enable_account`, or seed one with `add_account()`. `FakeStripe(check_destinations=False)` switches the
  check off.
- Idempotency is scoped per API key (+ Stripe-Account); only 2xx responses are stored and replayed
  (with header Idempotent-Replayed: true), like Stripe, which does not store validation errors.
- A Stripe-Account header naming an account the fake does not know is a 403 (account_invalid).
- Money moves like on Stripe and each movement is a balance transaction of the platform's balance
  (status "available", available_on = created): a succeeded charge +amount less Stripe's fee
  (2.9% + 30); a destination charge (`succeed`) transfers the whole transfer_data amount (the charge's
  amount unless transfer_data[amount]) to the account — charge.transfer — and collects the application
  fee back from it — charge.application_fee; refunds -amount, a failed refund +amount (refund_failure);
  transfer reversals +amount; fee refunds -amount; disputes -amount and +amount when won (adjustments,
  also in dispute.balance_transactions). A connected account's balance holds only its payouts here.
- A refund with reverse_transfer (only on destination charges, else 400) reverses the same share of the
  transfer, and with refund_application_fee gives back the same share of the fee (half-up to the cent);
  the refund that empties the charge takes exactly the rest of both, so a charge refunded in parts
  reverses exactly the whole transfer and fee. A failed refund keeps its reversal and fee refund.
- `refunds_start_pending = True` makes new refunds "pending" (counted in amount_refunded, like Stripe)
  until `settle_refund` or `fail_refund`.
- Every `created` comes from `fake.now` (real time unless `set_clock(ts)` fixed it; None goes back), so
  a test can place movements on yesterday. Objects created in the same second list newest-made first.
- Embedded lists (transfer.reversals, application_fee.refunds) show their newest 10 with total_count and
  has_more; the test-side getters return all of them.
"""
from tests.fake_stripe.common import Recorded, StripeError, decode_form
from tests.fake_stripe.server import FakeStripe, fake_stripe

__all__ = ["FakeStripe", "Recorded", "StripeError", "decode_form", "fake_stripe"]
