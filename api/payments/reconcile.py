"""The nightly reconciliation of the ledger with Stripe: the outbox's `reconcile` action, queued for
yesterday (UTC) by pg_cron (db/rules/58_reconciliation.sql). Every balance transaction of the
platform's Stripe balance created that day (and an hour either side, so a movement stamped across
midnight still finds its ledger row) is read, all pages, and mapped to the ledger kind it stands for;
payouts, Stripe's fees and the other types have no ledger row and are left out. The database
compares them with money_movements and records the run and its differences in the worker's
transaction."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from api.core.context import App

TYPES = {"charge": "charge", "refund": "refund", "refund_failure": "refund_failure", "transfer": "transfer",
         "transfer_refund": "transfer_reversal", "application_fee": "application_fee",
         "application_fee_refund": "application_fee_refund"}
ADJUSTMENTS = {"dispute": "dispute", "dispute_reversal": "dispute_reversal"}  # by reporting_category
MARGIN = timedelta(hours=1)
PAGE = 100  # balance transactions per request, the most Stripe gives


def ledger_kind(txn) -> str | None:
    """The ledger kind a balance transaction stands for (None: none)."""
    if txn.type == "adjustment":
        return ADJUSTMENTS.get(getattr(txn, "reporting_category", None))
    return TYPES.get(txn.type)


async def stripe_movements(client, day: date) -> list[dict]:
    """The day's movements as Stripe's balance transactions tell them: {kind, stripe_id (the source
    object: ch_, re_, tr_, trr_, fee_, fr_, dp_), amount (positive), created}."""
    start = datetime.combine(day, time(), timezone.utc)
    listed = await client.v1.balance_transactions.list_async(params={"limit": PAGE, "created": {
        "gte": int((start - MARGIN).timestamp()), "lt": int((start + timedelta(days=1) + MARGIN).timestamp())}})
    moves = []
    async for txn in listed.auto_paging_iter():
        kind = ledger_kind(txn)
        if kind is not None and txn.source:
            moves.append({"kind": kind, "stripe_id": getattr(txn.source, "id", txn.source), "amount": abs(txn.amount),
                          "created": datetime.fromtimestamp(txn.created, timezone.utc).isoformat()})
    return moves


async def reconcile(app: App, conn, call) -> None:
    started_at = datetime.now(timezone.utc)
    day = date.fromisoformat(call["args"]["day"])
    moves = await stripe_movements(app.ctx.stripe, day)
    await app.ctx.queries.payments.finish_reconciliation(conn, day=day, movements=moves, started_at=started_at)
