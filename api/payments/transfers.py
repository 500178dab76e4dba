"""Owners paid for bookings charged on the platform (db/rules/56_owner_transfers.sql decides what is
due and queues it; the outbox worker calls make_transfer). A positive amount is a Stripe transfer
tied to the booking's charge (source_transaction: Stripe pays it from that charge's funds, even
before they are available); a negative one, after a refund lowered the owner's share, reverses the
latest transfer by that much. Either is recorded in the ledger in the worker's transaction."""
from __future__ import annotations

from api.core.context import App
from api.payments import ledger


async def make_transfer(app: App, conn, call) -> None:
    args, client, queries = call["args"], app.ctx.stripe, app.ctx.queries.payments
    options = {"idempotency_key": call["idempotency_key"]}
    if args["amount"] > 0:
        transfer = await client.v1.transfers.create_async(params={
            "amount": args["amount"], "currency": args["currency"], "destination": args["destination"],
            "source_transaction": args["charge_id"], "transfer_group": f"booking-{args['booking_id']}",
            "metadata": {"booking_id": args["booking_id"], "payment_id": args["payment_id"]}}, options=options)
        moves = [ledger.movement("transfer", transfer.id, transfer.amount, transfer.currency, transfer.created)]
    else:
        latest = await queries.latest_transfer_of_payment(conn, payment_id=args["payment_id"])
        reversal = await client.v1.transfers.reversals.create_async(latest, params={"amount": -args["amount"]},
                                                                    options=options)
        moves = [ledger.movement("transfer_reversal", reversal.id, reversal.amount, reversal.currency,
                                 reversal.created)]
    await queries.record_money_movements(conn, payment_id=args["payment_id"], movements=moves)
