"""The payment endpoints: one blueprint group for /payments."""
from __future__ import annotations

from sanic import Blueprint

from api.payments import connect, intents, webhook

routes = Blueprint.group(intents.bp, webhook.bp, connect.bp, url_prefix="/payments")
