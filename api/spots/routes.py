"""The parking spot endpoints, one blueprint group per URL prefix: /parking-spots, /admin/spots."""
from __future__ import annotations

from sanic import Blueprint

from api.spots import calendar, listings, moderation, search

routes = Blueprint.group(
    Blueprint.group(search.bp, listings.bp, calendar.bp, url_prefix="/parking-spots"),
    moderation.bp,
)
