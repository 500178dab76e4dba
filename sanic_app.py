"""The ParkingSpots API: application factory and entry point.

    sanic sanic_app:create_app --factory --host 127.0.0.1 --port 8000 --workers 2

Nothing happens at import time; each worker builds the app and opens its own pool.
"""
from __future__ import annotations

import logging

from sanic import Sanic

from api.cache import setup_cache
from api.db import setup_db
from api.errors import setup_errors
from api.events import setup_events
from api.jsonio import dumps
from api.passwords import Passwords
from api.redis_client import setup_redis
from api.routes import setup_routes
from api.settings import Settings
from api.stripe_gateway import setup_stripe

API_VERSION = "1.0.0"


def create_app(*, settings: Settings | None = None, name: str = "parkingspots") -> Sanic:
    settings = (settings or Settings.from_env()).validate()
    app = Sanic(name, dumps=dumps)
    app.ctx.settings = settings
    app.ctx.passwords = Passwords(settings.argon2_time_cost, settings.argon2_memory_kib)
    app.config.update(
        OAS_UI_DEFAULT="swagger",
        OAS_URL_PREFIX="/docs",
        OAS_UI_REDOC=False,
        API_TITLE="ParkingSpots API",
        API_VERSION=API_VERSION,
        API_DESCRIPTION="Find, book, pay for and review parking spots. Errors are JSON {\"detail\": ...}.",
        FALLBACK_ERROR_FORMAT="json",
        CORS=False,
    )
    if settings.production:
        logging.getLogger("sanic.access").setLevel(logging.WARNING)
    setup_errors(app)
    setup_db(app)
    setup_redis(app)
    setup_cache(app)
    setup_events(app)
    setup_stripe(app)
    setup_routes(app)
    return app
