"""Every blueprint of the API, in one place."""
from __future__ import annotations

from sanic import Blueprint, Sanic

from api import (accounts, admin_users, booking_actions, bookings, connect, health, metrics, oauth, payments,
                 spot_calendar, spot_search, spots, stripe_webhook, users)


def setup_routes(app: Sanic) -> None:
    app.blueprint(health.bp)
    app.blueprint(metrics.bp)
    app.blueprint(Blueprint.group(accounts.bp, oauth.bp, users.bp, admin_users.bp, spot_search.bp, spots.bp,
                                  spot_calendar.bp, bookings.bp, booking_actions.bp, payments.bp, stripe_webhook.bp,
                                  connect.bp, url_prefix="/api/v1"))
    app.ext.openapi.add_security_scheme("bearer", "http", scheme="bearer", bearer_format="JWT",
                                        description="the access_token from /api/v1/auth/login")
