"""The money movements Stripe made for a charge or a dispute, read back from Stripe, as the rows the
ledger (money_movements, db/rules/29_money_ledger.sql) records: the charge, its refunds (and the
refunds that failed), its transfer to the owner and that transfer's reversals, the application fee
collected from the owner and the parts of it given back. Each carries its Stripe object's id, so
reading the same state twice records nothing new."""
from __future__ import annotations

from datetime import datetime, timezone

import stripe

REFUND_COUNTED = frozenset({"pending", "succeeded", "failed", "canceled"})  # Stripe counted it once
REFUND_UNDONE = frozenset({"failed", "canceled"})  # and gave it back


def movement(kind: str, stripe_id: str, amount: int, currency: str, created: int | None) -> dict:
    return {"kind": kind, "stripe_id": stripe_id, "amount": amount, "currency": currency,
            "occurred_at": datetime.fromtimestamp(created, timezone.utc).isoformat() if created else None}


async def charge_movements(client: stripe.StripeClient, charge) -> list[dict]:
    """Every movement of a succeeded charge, as Stripe reports them now."""
    if charge is None or charge.status != "succeeded":
        return []
    moves = [movement("charge", charge.id, charge.amount_captured or charge.amount, charge.currency, charge.created)]
    refunds = await client.v1.refunds.list_async(params={"charge": charge.id, "limit": 100})
    async for refund in refunds.auto_paging_iter():
        if refund.status in REFUND_COUNTED:
            moves.append(movement("refund", refund.id, refund.amount, refund.currency, refund.created))
        if refund.status in REFUND_UNDONE:
            moves.append(movement("refund_failure", refund.id, refund.amount, refund.currency, None))
    if getattr(charge, "transfer", None):
        transfer = await client.v1.transfers.retrieve_async(charge.transfer)
        moves.append(movement("transfer", transfer.id, transfer.amount, transfer.currency, transfer.created))
        moves += [movement("transfer_reversal", r.id, r.amount, r.currency, r.created) for r in transfer.reversals.data]
    if getattr(charge, "application_fee", None):
        fee = await client.v1.application_fees.retrieve_async(charge.application_fee)
        moves.append(movement("application_fee", fee.id, fee.amount, fee.currency, fee.created))
        moves += [movement("application_fee_refund", r.id, r.amount, r.currency, r.created) for r in fee.refunds.data]
    return moves


def dispute_movements(dispute) -> list[dict]:
    """A dispute takes its amount from the platform's balance; a won dispute gives it back."""
    moves = [movement("dispute", dispute.id, dispute.amount, dispute.currency, dispute.created)]
    if dispute.status == "won":
        moves.append(movement("dispute_reversal", dispute.id, dispute.amount, dispute.currency, None))
    return moves
