"""Every blueprint of the API, in one place."""
from __future__ import annotations

from sanic import Sanic

from api import health


def setup_routes(app: Sanic) -> None:
    app.blueprint(health.bp)
