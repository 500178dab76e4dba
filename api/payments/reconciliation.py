"""/api/v1/admin/reconciliation: the admins' view of the nightly reconciliation of the ledger with
Stripe (api/payments/reconcile.py makes the runs)."""
from __future__ import annotations

from datetime import date

from pydantic import Field
from sanic import Blueprint

from api.accounts.auth import authenticated
from api.core.context import Request
from api.core.openapi import responds
from api.core.paging import Page, paged
from api.core.validation import query_args
from api.payments.reconciliation_out import ReconciliationRunOut

bp = Blueprint("reconciliation", url_prefix="/admin/reconciliation")


class ReconciliationQuery(Page):
    """GET /admin/reconciliation: the latest runs (default) or one day's."""
    day: date | None = Field(default=None, description="one UTC day (YYYY-MM-DD)")


@bp.get("/")
@authenticated(role="admin")
@query_args(ReconciliationQuery)
@responds(list[ReconciliationRunOut], headers=("X-Total-Count",))
async def list_reconciliation_runs(request: Request, query: ReconciliationQuery):
    """Reconciliation runs of the ledger with Stripe, latest day first (or the one ?day=), each with
    the differences it found; X-Total-Count."""
    async with request.app.ctx.pool.acquire() as conn:
        return await paged(request.app.ctx.queries.payments.list_reconciliation_runs(
            conn, day=query.day, **query.window))
