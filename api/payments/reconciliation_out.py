"""What GET /api/v1/admin/reconciliation answers: the nightly runs comparing the ledger with Stripe
(sql/payments/reconcile.sql list_reconciliation_runs builds them)."""
from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import Field

from api.core.shapes import Cents, Shape, Time, example

LedgerKind = Literal["charge", "refund", "refund_failure", "transfer", "transfer_reversal", "application_fee",
                     "application_fee_refund", "dispute", "dispute_reversal"]


class ReconciliationDifferenceOut(Shape):
    """A movement the ledger and Stripe tell differently."""
    model_config = example(kind="refund", stripe_id="re_3Example", problem="missing_in_ledger", ledger_amount=None,
                           stripe_amount=575, booking_id=None)
    kind: LedgerKind = Field(description="the ledger's kind (a balance transaction's type mapped to it)")
    stripe_id: str = Field(description="the Stripe object: ch_, re_, tr_, trr_, fee_, fr_ or dp_")
    problem: Literal["missing_in_ledger", "missing_in_stripe", "amount_differs"] = Field(
        description="missing_in_ledger: Stripe moved money the ledger lacks; missing_in_stripe: a ledger row "
                    "of that day with no Stripe balance transaction; amount_differs: both, with other amounts")
    ledger_amount: Cents | None
    stripe_amount: Cents | None
    booking_id: UUID | None = Field(description="the booking of the ledger's row (null when the ledger lacks it)")


class ReconciliationRunOut(Shape):
    """One UTC day's reconciliation of the ledger with Stripe's balance transactions (queued by the
    pg_cron job at 02:15 UTC for the day before; running until the worker finishes it)."""
    model_config = example(day="2030-05-04", status="done", checked=42, started_at="2030-05-05T02:15:03Z",
                           finished_at="2030-05-05T02:15:05Z", differences=[{
                               "kind": "refund", "stripe_id": "re_3Example", "problem": "missing_in_ledger",
                               "ledger_amount": None, "stripe_amount": 575, "booking_id": None}])
    day: date = Field(description="the UTC day reconciled")
    status: Literal["running", "done"]
    checked: int = Field(ge=0, description="the Stripe balance transactions compared")
    started_at: Time
    finished_at: Time | None
    differences: list[ReconciliationDifferenceOut]
