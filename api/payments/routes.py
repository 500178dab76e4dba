"""The payment endpoints, one blueprint group per URL prefix: /payments, /admin/disputes."""
from __future__ import annotations

from sanic import Blueprint

from api.payments import connect, disputes, intents, webhook

routes = Blueprint.group(
    Blueprint.group(intents.bp, webhook.bp, connect.bp, url_prefix="/payments"),
    disputes.bp,
)
