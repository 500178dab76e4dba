"""Disputes: charge.dispute.* webhook events recorded from the dispute read back from Stripe, and
/api/v1/admin/disputes, the admins' list of them (answered in Stripe's dashboard)."""
from __future__ import annotations

from datetime import datetime, timezone

from sanic import Blueprint

from api.accounts.auth import authenticated
from api.core.context import App, Request
from api.core.openapi import responds
from api.core.paging import paged
from api.core.validation import query_args
from api.payments import ledger
from api.payments.models import DisputeQuery
from api.payments.responses import DisputeOut

bp = Blueprint("disputes", url_prefix="/admin/disputes")
EVENTS = frozenset({"charge.dispute.created", "charge.dispute.updated", "charge.dispute.closed",
                    "charge.dispute.funds_withdrawn", "charge.dispute.funds_reinstated"})


async def sync_dispute(app: App, event: dict) -> bool:
    """Record the event, the dispute's current state and its money movements (the amount taken, and
    given back when won) in one transaction; False for a replay. A dispute of a charge that is not
    ours is only acknowledged."""
    dispute = await app.ctx.stripe.v1.disputes.retrieve_async(event["data"]["object"]["id"])
    due = dispute.evidence_details.due_by if dispute.evidence_details else None
    queries = app.ctx.queries
    async with app.ctx.pool.acquire() as conn, conn.transaction():
        if await queries.payments.record_webhook_event(conn, event_id=event["id"], event_type=event["type"]) is None:
            return False
        await queries.payments.upsert_dispute(
            conn, dispute_id=dispute.id, intent_id=dispute.payment_intent, amount=dispute.amount,
            currency=dispute.currency, reason=dispute.reason, status=dispute.status,
            evidence_due_by=datetime.fromtimestamp(due, timezone.utc) if due else None)
        payment = await queries.payments.get_payment_by_intent(conn, intent_id=dispute.payment_intent)
        if payment is not None:
            await queries.payments.record_money_movements(conn, payment_id=payment["id"],
                                                          movements=ledger.dispute_movements(dispute))
    return True


@bp.get("/")
@authenticated(role="admin")
@query_args(DisputeQuery)
@responds(list[DisputeOut], headers=("X-Total-Count",))
async def list_disputes(request: Request, query: DisputeQuery):
    """Disputes of our charges, newest first: the open ones (default) or all; X-Total-Count."""
    async with request.app.ctx.pool.acquire() as conn:
        return await paged(request.app.ctx.queries.payments.list_disputes(
            conn, open_only=query.status == "open", **query.window))
