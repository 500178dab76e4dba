"""The parking spot endpoints, one blueprint group per URL prefix: /parking-spots, /admin/spots,
/admin/demand-map, /tiles."""
from __future__ import annotations

from sanic import Blueprint

from api.spots import calendar, demand_map, listings, moderation, search, tiles

routes = Blueprint.group(
    Blueprint.group(search.bp, listings.bp, calendar.bp, url_prefix="/parking-spots"),
    moderation.bp,
    demand_map.bp,
    tiles.bp,
)
