"""The parking spot endpoints: one blueprint group for /parking-spots."""
from __future__ import annotations

from sanic import Blueprint

from api.spots import calendar, listings, search

routes = Blueprint.group(search.bp, listings.bp, calendar.bp, url_prefix="/parking-spots")
