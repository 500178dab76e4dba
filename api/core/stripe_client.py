"""The Stripe client, one per worker, when payments are on (STRIPE_SECRET_KEY set); None otherwise.

Every call it makes is counted and timed (parkingspots_stripe_requests_total{operation, result},
parkingspots_stripe_request_duration_seconds{operation}) by its HTTP client, so no call site has to:
the operation is named from the request (POST /v1/payment_intents/pi_…/cancel ->
payment_intents.cancel), the result is `ok`, Stripe's error type (card_error, ...) or
connection_error, once per call with the SDK's retries inside it.
"""
from __future__ import annotations

import re
from time import perf_counter
from urllib.parse import urlsplit

import orjson
import stripe

from api.core.context import App
from api.core.prometheus import STRIPE_DURATION, STRIPE_REQUESTS

# The last part of a path that is an action on an object (or a search), not the objects under it.
ACTIONS = frozenset({"cancel", "capture", "confirm", "search", "reject", "close", "finalize", "pay", "void",
                     "send", "verify", "expire", "attach", "detach", "approve", "decline", "resume",
                     "increment_authorization", "apply_customer_balance", "verify_microdeposits",
                     "mark_uncollectible"})
ERROR_TYPES = frozenset({"api_error", "card_error", "idempotency_error", "invalid_request_error"})
ERROR_BY_STATUS = {401: "authentication_error", 403: "permission_error", 429: "rate_limit_error"}
RESOURCE = re.compile(r"[a-z_]+")  # ids (pi_3Mtw..., acct_1N...) have digits or capitals
_operations: dict[tuple[str, str], str] = {}


def operation(method: str, url: str) -> str:
    """payment_intents.create, payment_intents.retrieve, transfers.reversals.create, ..."""
    path = urlsplit(url).path
    key = (method, path)
    found = _operations.get(key)
    if found is not None:
        return found
    parts = [part for part in path.split("/") if part][1:]  # without /v1
    names = [part for part in parts if RESOURCE.fullmatch(part)]
    method = method.lower()
    if len(parts) > 1 and parts[-1] in ACTIONS:
        verb = names.pop()
    elif parts and not RESOURCE.fullmatch(parts[-1]):  # ends with an id: one object
        verb = {"get": "retrieve", "post": "update"}.get(method, method)
    else:
        verb = {"get": "list", "post": "create"}.get(method, method)
    found = ".".join([*names, verb])
    if len(_operations) < 1000:  # ids that look like names cannot grow it without bound
        _operations[key] = found
    return found


def result(status: int, body) -> str:
    if status < 400:
        return "ok"
    if status in ERROR_BY_STATUS:
        return ERROR_BY_STATUS[status]
    try:
        kind = orjson.loads(body)["error"]["type"]
    except (orjson.JSONDecodeError, KeyError, TypeError):
        kind = None
    return kind if kind in ERROR_TYPES else f"http_{status}"


class MeasuredHTTPXClient(stripe.HTTPXClient):
    """The SDK's httpx client, counting and timing each call (its retries included)."""

    async def request_with_retries_async(self, method, url, headers, post_data=None, max_network_retries=None,
                                         *, _usage=None):
        started, name, outcome = perf_counter(), operation(method, url), "connection_error"
        try:
            answer = await super().request_with_retries_async(method, url, headers, post_data, max_network_retries,
                                                              _usage=_usage)
            outcome = result(answer[1], answer[0])
            return answer
        finally:
            STRIPE_REQUESTS(name, outcome).inc()
            STRIPE_DURATION(name).observe(perf_counter() - started)

    def request_with_retries(self, method, url, headers, post_data=None, max_network_retries=None, *, _usage=None):
        started, name, outcome = perf_counter(), operation(method, url), "connection_error"
        try:
            answer = super().request_with_retries(method, url, headers, post_data, max_network_retries, _usage=_usage)
            outcome = result(answer[1], answer[0])
            return answer
        finally:
            STRIPE_REQUESTS(name, outcome).inc()
            STRIPE_DURATION(name).observe(perf_counter() - started)


def setup_stripe(app: App) -> None:
    @app.before_server_start
    async def open_stripe(app: App) -> None:
        settings = app.ctx.settings
        app.ctx.stripe = app.ctx.stripe_http = None
        if settings.payments_enabled:
            # async-only httpx client: its connection pool belongs to this worker's event loop
            app.ctx.stripe_http = MeasuredHTTPXClient()
            app.ctx.stripe = stripe.StripeClient(
                settings.stripe_secret_key, http_client=app.ctx.stripe_http, max_network_retries=2,
                base_addresses={"api": settings.stripe_api_base} if settings.stripe_api_base else {})

    @app.after_server_stop
    async def close_stripe(app: App) -> None:
        if app.ctx.stripe_http is not None:
            await app.ctx.stripe_http.close_async()
