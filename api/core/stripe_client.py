"""The Stripe client, one per worker, when payments are on (STRIPE_SECRET_KEY set); None otherwise."""
from __future__ import annotations

import stripe

from api.core.context import App


def setup_stripe(app: App) -> None:
    @app.before_server_start
    async def open_stripe(app: App) -> None:
        settings = app.ctx.settings
        app.ctx.stripe = app.ctx.stripe_http = None
        if settings.payments_enabled:
            # async-only httpx client: its connection pool belongs to this worker's event loop
            app.ctx.stripe_http = stripe.HTTPXClient()
            app.ctx.stripe = stripe.StripeClient(
                settings.stripe_secret_key, http_client=app.ctx.stripe_http, max_network_retries=2,
                base_addresses={"api": settings.stripe_api_base} if settings.stripe_api_base else {})

    @app.after_server_stop
    async def close_stripe(app: App) -> None:
        if app.ctx.stripe_http is not None:
            await app.ctx.stripe_http.close_async()
