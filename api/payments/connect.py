"""/api/v1/payments/connect and /payouts: owners' Stripe Connect Express accounts and earnings."""
from __future__ import annotations

from datetime import datetime, timezone

from sanic import Blueprint
from sanic.response import json

from api.accounts.auth import authenticated
from api.core.context import Request
from api.core.openapi import responds
from api.payments import gateway
from api.payments.responses import ConnectStatusOut, OnboardOut, PayoutsOut

bp = Blueprint("connect")


@bp.post("/connect/onboard")
@authenticated(role="owner")
@responds(OnboardOut, errors=(409, 502))
async def onboard(request: Request):
    """Create my Express account (once) and return the Stripe onboarding link to open."""
    client, settings, queries = gateway.stripe_client(request), request.app.ctx.settings, request.app.ctx.queries
    user_id = request.ctx.user["id"]
    async with request.app.ctx.pool.acquire() as conn:
        current = await queries.payments.get_connect_account(conn, user_id=user_id)
    account_id = current["account_id"]
    if account_id is None:
        account = await client.v1.accounts.create_async(
            params={"type": "express", "email": current["email"],
                    "capabilities": {"card_payments": {"requested": True}, "transfers": {"requested": True}},
                    "metadata": {"user_id": str(user_id)}},
            options={"idempotency_key": f"connect-account-{user_id}"})
        async with request.app.ctx.pool.acquire() as conn:
            await queries.payments.set_connect_account(conn, user_id=user_id, account_id=account.id)
        account_id = account.id
    link = await client.v1.account_links.create_async(params={
        "account": account_id, "refresh_url": settings.connect_refresh_url,
        "return_url": settings.connect_return_url, "type": "account_onboarding"})
    return json({"account_id": account_id, "url": link.url})


@bp.get("/connect/status")
@authenticated(role="owner")
@responds(ConnectStatusOut, errors=(502,))
async def status(request: Request):
    """My Connect account and whether it can take charges, receive payouts and receive bookings'
    charges (transfers capability active), refreshed from Stripe when payments are on."""
    queries, user_id = request.app.ctx.queries, request.ctx.user["id"]
    async with request.app.ctx.pool.acquire() as conn:
        current = dict(await queries.payments.get_connect_account(conn, user_id=user_id))
    if current["account_id"] and request.app.ctx.stripe is not None:
        account = await request.app.ctx.stripe.v1.accounts.retrieve_async(current["account_id"])
        flags = gateway.account_flags(account)
        current |= flags
        async with request.app.ctx.pool.acquire() as conn:
            await queries.payments.update_connect_status(conn, account_id=account.id, **flags)
    del current["email"]
    return json(current)


@bp.get("/payouts")
@authenticated(role="owner")
@responds(PayoutsOut)
async def payouts(request: Request):
    """My earnings: each booking's share, what reached my Stripe account, what was reversed and what
    is pending; totals by status and month; and my Stripe account's latest payouts to my bank."""
    queries, owner_id = request.app.ctx.queries, request.ctx.user["id"]
    async with request.app.ctx.pool.acquire() as conn:
        bookings = [dict(r) async for r in queries.payments.owner_earnings(conn, owner_id=owner_id)]
        totals = [dict(r) async for r in queries.payments.owner_earnings_totals(conn, owner_id=owner_id)]
        account = await queries.payments.get_connect_account(conn, user_id=owner_id)
    payouts = None
    if request.app.ctx.stripe is not None and account["account_id"]:
        listed = await request.app.ctx.stripe.v1.payouts.list_async(
            params={"limit": 20}, options={"stripe_account": account["account_id"]})
        payouts = [{"id": p.id, "amount": p.amount, "currency": p.currency, "status": p.status,
                    "arrival_date": _time(p.arrival_date), "created": _time(p.created)} for p in listed.data]
    return json({"bookings": bookings, "totals": totals, "payouts": payouts})


def _time(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, timezone.utc)
