"""What the payment endpoints answer (db/rules/50_payments.sql payment_out, sql/payments/*.sql)."""
from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import Field

from api.core.shapes import BookingPaymentStatus, BookingStatus, Cents, Shape, Time, example

IntentStatus = Literal["requires_payment", "processing", "succeeded", "failed", "canceled", "refunded",
                       "partially_refunded"]


class PaymentOut(Shape):
    """A payment of a booking, as its payer, the spot's owner or an admin sees it."""
    model_config = example(id="1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b", booking_id="9c8b7a6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
                           user_id="0b8f5c1e-3f9a-4c1d-9a57-2d1c7f0e4b11", amount=1725, currency="usd",
                           status="succeeded", amount_refunded=0, payment_intent_id="pi_3Example",
                           application_fee_amount=225, failure_message=None, created_at="2026-11-25T10:00:00Z",
                           updated_at="2026-11-25T10:00:00Z")
    id: UUID
    booking_id: UUID
    user_id: UUID
    amount: Cents
    currency: str
    status: IntentStatus
    amount_refunded: Cents
    payment_intent_id: str | None
    application_fee_amount: Cents | None
    failure_message: str | None
    created_at: Time
    updated_at: Time


class IntentOut(Shape):
    """Pay with Stripe.js / the payment sheet using client_secret."""
    model_config = example(client_secret="pi_3Example_secret_abc", payment_intent_id="pi_3Example", amount=1725)
    client_secret: str
    payment_intent_id: str
    amount: Cents


class OnboardOut(Shape):
    """Send the owner to url to finish Stripe Connect onboarding."""
    model_config = example(account_id="acct_1Example", url="https://connect.stripe.com/setup/e/acct_1Example/abc")
    account_id: str
    url: str


class ConnectStatusOut(Shape):
    """The owner's Connect account (null until onboarding starts)."""
    model_config = example(account_id="acct_1Example", charges_enabled=True, payouts_enabled=True,
                           transfers_active=True)
    account_id: str | None
    charges_enabled: bool
    payouts_enabled: bool
    transfers_active: bool  # bookings' charges go to this account only while its transfers capability is active


class Earning(Shape):
    booking_id: UUID
    parking_spot_id: UUID
    title: str
    start_time: Time
    end_time: Time
    status: BookingStatus
    payment_status: BookingPaymentStatus
    owner_payout: Cents = Field(description="the owner's share of the booking's price")
    received: Cents = Field(description="what reached the owner's Stripe account for it (the ledger)")
    reversed: Cents = Field(description="transfers taken back after refunds")
    pending: Cents = Field(description="the owner's share of what the booking holds that has not reached them yet")


class EarningTotal(Shape):
    status: BookingStatus
    month: str
    bookings: int
    owner_payout: Cents
    received: Cents
    reversed: Cents
    pending: Cents


class Payout(Shape):
    """Money Stripe sent from the owner's Stripe balance to their bank (Stripe's Payout object)."""
    id: str
    amount: Cents
    currency: str
    status: str = Field(description="Stripe's: paid, pending, in_transit, canceled or failed")
    arrival_date: Time
    created: Time


class PayoutsOut(Shape):
    """An owner's earnings: each booking (latest 500) with what reached them, totals by status and
    month, and the latest payouts of their Stripe account to their bank (read from Stripe; null
    when payments are off or there is no Connect account yet)."""
    model_config = example(bookings=[], totals=[{"status": "completed", "month": "2030-05", "bookings": 3,
                                                  "owner_payout": 4500, "received": 4500, "reversed": 0,
                                                  "pending": 0}],
                           payouts=[{"id": "po_1Example", "amount": 4500, "currency": "usd", "status": "paid",
                                     "arrival_date": "2030-06-03T00:00:00Z", "created": "2030-06-01T10:00:00Z"}])
    bookings: list[Earning]
    totals: list[EarningTotal]
    payouts: list[Payout] | None


class WebhookOut(Shape):
    """The event was taken (replayed: it had been applied before; ignored: of the other mode, test
    or live, than the server's key)."""
    model_config = example(received=True, replayed=False)
    received: bool
    replayed: bool
    ignored: Literal["livemode_mismatch"] | None = None


class DisputeOut(Shape):
    """A renter's bank disputing a charge, as Stripe last reported it. On destination charges the
    amount is taken from the platform's balance: answer it in Stripe before evidence_due_by."""
    model_config = example(id="5b7c2d1e-0f9a-4b8c-9d7e-6f5a4b3c2d1e", dispute_id="dp_1Example",
                           payment_id="3c2d1e0f-9a8b-4c7d-8e6f-5a4b3c2d1e0f", booking_id="9c8b7a6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
                           amount=1150, currency="usd", reason="fraudulent", status="needs_response",
                           evidence_due_by="2030-05-20T23:59:59Z", created_at="2030-05-05T10:00:00Z",
                           updated_at="2030-05-05T10:00:00Z")
    id: UUID
    dispute_id: str
    payment_id: UUID
    booking_id: UUID
    amount: Cents
    currency: str
    reason: str
    status: str  # Stripe's: warning_needs_response, needs_response, under_review, won, lost, ...
    evidence_due_by: Time | None
    created_at: Time
    updated_at: Time
