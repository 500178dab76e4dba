"""The ParkingSpots API: application factory and entry point.

    sanic sanic_app:create_app --factory --host 127.0.0.1 --port 8000 --workers 2

Nothing happens at import time; each worker builds the app and opens its own pool. The factory
declares what the app holds (api/core/context.py), sets up the core services and mounts each
domain's routes under /api/v1. It is the only module that imports every domain.
"""
from __future__ import annotations

import logging

from sanic import Blueprint, Sanic

from api.accounts.routes import routes as accounts
from api.bookings.routes import routes as bookings
from api.core import client_config, health, metrics, openapi_document
from api.core.cache import setup_cache
from api.core.context import App, AppContext, setup_background_tasks
from api.core.cors import setup_cors
from api.core.db import load_queries, setup_db
from api.core.errors import setup_errors
from api.core.events import setup_events
from api.core.headers import setup_headers
from api.core.json import dumps
from api.core.logging import log_config, setup_request_ids
from api.core.passwords import Passwords
from api.core.redis import setup_redis
from api.core.retry import retry_idempotent_requests
from api.core.settings import Settings
from api.core.stripe_client import setup_stripe
from api.payments.outbox import setup_stripe_outbox
from api.payments.routes import routes as payments
from api.realtime.hub import setup_realtime
from api.realtime.routes import routes as realtime
from api.reviews.routes import routes as reviews
from api.spots.routes import routes as spots

API_VERSION = "1.0.0"


def create_app(*, settings: Settings | None = None, name: str = "parkingspots") -> App:
    settings = settings or Settings.from_env()
    context = AppContext(settings=settings, queries=load_queries(),
                         passwords=Passwords.from_settings(settings))
    app: App = Sanic(name, dumps=dumps, ctx=context, log_config=log_config(settings.log_level))
    app.config.update(
        OAS=False,  # api/core/openapi_document.py serves OpenAPI 3.1 at /docs/openapi.json
        API_TITLE="ParkingSpots API",
        API_VERSION=API_VERSION,
        API_DESCRIPTION='Find, book, pay for and review parking spots. Errors are JSON {"detail": ..., "code": ...}. '
                        'Real-time events: the WebSocket /api/v1/ws (tag realtime).',
        FALLBACK_ERROR_FORMAT="json",
        CORS=False,  # api/core/cors.py answers cross-origin requests (CORS_ORIGINS); it says why
    )
    if settings.production:
        logging.getLogger("sanic.access").setLevel(logging.WARNING)
    if settings.ephemeral_secret:
        logging.getLogger("parkingspots").warning(
            "SECRET_KEY is not set: tokens are signed with a key made for this process, so they stop working "
            "when it restarts and are refused by other workers (make run keeps one in .data/secret_key)")
    setup_request_ids(app)  # first: every later middleware logs with the request's id
    setup_errors(app)
    setup_headers(app)
    setup_cors(app)
    setup_db(app)
    setup_redis(app)
    setup_cache(app)
    setup_events(app)
    setup_realtime(app)
    setup_stripe(app)
    setup_stripe_outbox(app)
    metrics.setup_metrics(app)
    setup_background_tasks(app)
    setup_routes(app)
    return app


def setup_routes(app: App) -> None:
    app.blueprint(health.bp)
    app.blueprint(metrics.bp)
    app.blueprint(openapi_document.bp)
    app.blueprint(Blueprint.group(client_config.bp, accounts, spots, bookings, payments, reviews, realtime, url_prefix="/api/v1"))
    retry_idempotent_requests(app)
