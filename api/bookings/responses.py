"""What the booking endpoints answer (db/rules/33_bookings_out.sql booking_out, sql/bookings/*.sql)."""
from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import Field

from api.bookings.models import Status
from api.core.shapes import BookingPaymentStatus, Cents, Shape, Time, example

BOOKING_EXAMPLE = dict(
    id="9c8b7a6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d", user_id="0b8f5c1e-3f9a-4c1d-9a57-2d1c7f0e4b11",
    parking_spot_id="5d2e7c44-1b0a-4f6e-8d3c-9a1b2c3d4e5f", start_time="2030-05-02T09:00:00Z",
    end_time="2030-05-02T12:00:00Z", status="confirmed", subtotal=1500, service_fee=225, total_amount=1725,
    owner_payout=1500, refund_amount=0, payment_status="paid", payment_intent_id="pi_3Example",
    amount_charged=1725, amount_refunded=0, refund_owed=0, hold_expires_at=None, vehicle_plate="7ABC123", vehicle_make="Toyota", vehicle_model="Prius",
    vehicle_color="blue", special_requests=None, cancellation_reason=None, cancelled_at=None,
    checked_in_at=None, checked_out_at=None, created_at="2026-11-25T10:00:00Z", updated_at="2026-11-25T10:00:00Z")

PaymentStatus = BookingPaymentStatus


class PendingExtension(Shape):
    """An extension of a paid booking waiting for its payment (POST /payments/intent with the booking's
    id pays it); unpaid at payment_due_by, the booking goes back to end at previous_end."""
    id: UUID
    amount: Cents
    payment_due_by: Time
    previous_end: Time


class BookingOut(Shape):
    """A booking as its renter, its spot's owner or an admin sees it (the access code is separate:
    GET /bookings/{id}/access)."""
    model_config = example(**BOOKING_EXAMPLE)
    id: UUID
    user_id: UUID
    parking_spot_id: UUID
    start_time: Time
    end_time: Time
    status: Status
    subtotal: Cents
    service_fee: Cents
    total_amount: Cents
    owner_payout: Cents
    refund_amount: Cents
    payment_status: PaymentStatus
    payment_intent_id: str | None
    amount_charged: Cents = Field(description="what the renter's card was charged (the ledger; extensions included)")
    amount_refunded: Cents = Field(description="what went back to the renter (refunds that failed do not count)")
    refund_owed: Cents = Field(description="the part of refund_amount that has not reached the renter")
    dispute_status: str | None = Field(None, description="Stripe's status of the latest dispute of its charge "
                                                         "(needs_response, under_review, won, lost, ...), else null")
    pending_extension: PendingExtension | None = Field(None, description="the extension waiting for its payment")
    hold_expires_at: Time | None = Field(description="a pending booking holds its slot until then")
    vehicle_plate: str | None
    vehicle_make: str | None
    vehicle_model: str | None
    vehicle_color: str | None
    special_requests: str | None
    cancellation_reason: str | None
    cancelled_at: Time | None
    checked_in_at: Time | None
    checked_out_at: Time | None
    created_at: Time
    updated_at: Time


class CancelledOut(BookingOut):
    """The cancelled booking, with the refund the policy gives (of what was paid)."""
    model_config = example(**{**BOOKING_EXAMPLE, "status": "cancelled", "refund_amount": 1725,
                              "cancelled_at": "2030-04-30T08:00:00Z", "cancellation_reason": "plans changed"},
                           refund_percent=100, refund_status="refunded")
    refund_percent: int = Field(description="100 for the owner or from 24 h before the start, else 50")
    refund_status: Literal["none", "refunded", "failed"] = Field(
        description="none: nothing to send back (or payments off); failed: Stripe refused, an admin can refund later")


class ExtendedOut(BookingOut):
    """The extended booking, re-priced; amount_due is the extra over the previous total. With payments
    on, a booking already paid for gets extension_id: the extension holds once amount_due is paid
    (POST /payments/intent with the booking's id) before payment_due_by, else it is released."""
    model_config = example(**{**BOOKING_EXAMPLE, "end_time": "2030-05-02T14:00:00Z", "subtotal": 2500,
                              "service_fee": 375, "total_amount": 2875, "owner_payout": 2500}, amount_due=1150,
                           extension_id="6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a", payment_due_by="2030-05-02T10:15:00Z")
    amount_due: Cents
    extension_id: UUID | None = None
    payment_due_by: Time | None = None


class Tiers(Shape):
    monthly: int = Field(description="30-day units at the monthly rate")
    daily: int = Field(description="24-hour units at the daily rate")
    hourly_hours: float = Field(description="hours at the hourly rate")


class QuoteOut(Shape):
    """What a booking of that window costs: subtotal (the owner's payout) + service fee = total."""
    model_config = example(subtotal=1500, service_fee=225, total=1725, owner_payout=1500, duration_hours=3.0,
                           tiers={"monthly": 0, "daily": 0, "hourly_hours": 3.0})
    subtotal: Cents
    service_fee: Cents
    total: Cents
    owner_payout: Cents
    duration_hours: float
    tiers: Tiers


class AccessOut(Shape):
    """What the renter needs on arrival."""
    model_config = example(booking_id="9c8b7a6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d", status="confirmed", access_code="042917",
                           access_instructions="Gate code on arrival; bay 12", address="1 Ferry Building",
                           city="San Francisco", latitude=37.7955, longitude=-122.3937)
    booking_id: UUID
    status: Status
    access_code: str
    access_instructions: str | None
    address: str
    city: str
    latitude: float
    longitude: float
