"""GET /api/v1/parking-spots (search) and /in-bounds (map viewport), read through the Redis cache.

A cache hit is served as the stored bytes without parsing anything: the key is the canonical query
string (only successful answers are stored, so a hit was validated when it was stored).
"""
from __future__ import annotations

from sanic import Blueprint
from sanic.response import HTTPResponse

from api.core.cache import SEARCH_VERSION, cached_json, digest
from api.core.context import Request
from api.core.json import dumps
from api.core.validation import document_query, parse_query
from api.spots.models import Bounds, SpotSearch

bp = Blueprint("spot_search")


def _cache_key(request: Request, kind: str) -> str:
    return digest(f"{kind}?{'&'.join(sorted(request.query_string.split('&')))}")


async def _cached(request: Request, kind: str):
    return await request.app.ctx.cache.get("search", SEARCH_VERSION, _cache_key(request, kind))


async def _store(request: Request, kind: str, version, rows: list) -> HTTPResponse:
    body = dumps(rows)
    await request.app.ctx.cache.put("search", version, _cache_key(request, kind), body,
                                    request.app.ctx.settings.search_cache_seconds)
    return cached_json(body, "miss")


async def _run_search(request: Request, query: SpotSearch) -> list:
    queries = request.app.ctx.queries
    async with request.app.ctx.pool.acquire() as conn:
        if query.latitude is None:
            rows = queries.spots.search_spots_in_city(conn, city=query.city, sort=query.sort or "rating",
                                                filters=query.filters(), **query.window)
        elif (query.sort or "distance") == "distance":
            rows = queries.spots.search_spots_nearest(conn, lon=query.longitude, lat=query.latitude,
                                                radius_m=query.radius_km * 1000, filters=query.filters(),
                                                **query.window)
        else:
            rows = queries.spots.search_spots_ranked(conn, lon=query.longitude, lat=query.latitude,
                                               radius_m=query.radius_km * 1000, sort=query.sort,
                                               filters=query.filters(), **query.window)
        return [row["item"] async for row in rows]


@bp.get("/")
@document_query(SpotSearch)
async def search(request: Request):
    """Spots near latitude/longitude (within radius_km, nearest first unless sort says otherwise) or
    in a city, with filters; available_from + available_to keep only spots free for that whole window.
    Items carry distance_km. X-Cache says whether the answer came from the cache."""
    entry, version = await _cached(request, "search")
    if entry is not None:
        return cached_json(entry, "hit")
    query = parse_query(SpotSearch, request)
    return await _store(request, "search", version, await _run_search(request, query))


@bp.get("/in-bounds")
@document_query(Bounds)
async def in_bounds(request: Request):
    """Active, available spots inside a map viewport, best rated first (at most `limit`, max 500)."""
    entry, version = await _cached(request, "bounds")
    if entry is not None:
        return cached_json(entry, "hit")
    query = parse_query(Bounds, request)
    async with request.app.ctx.pool.acquire() as conn:
        rows = [row["item"] async for row in request.app.ctx.queries.spots.spots_in_bounds(
            conn, min_lat=query.min_lat, min_lon=query.min_lon, max_lat=query.max_lat,
            max_lon=query.max_lon, lim=query.limit)]
    return await _store(request, "bounds", version, rows)
