"""The payment endpoints, one blueprint group per URL prefix: /payments, /admin/disputes, /admin/reconciliation."""
from __future__ import annotations

from sanic import Blueprint

from api.payments import connect, disputes, intents, reconciliation, webhook

routes = Blueprint.group(
    Blueprint.group(intents.bp, webhook.bp, connect.bp, url_prefix="/payments"),
    disputes.bp,
    reconciliation.bp,
)
