"""GET /api/v1/parking-spots (search) and /in-bounds (map viewport), read through the Redis cache.

PostgreSQL builds each answer's JSON (sql/spots/search.sql): the worker passes the bytes to the client
and the cache without decoding them. A cache hit is served as the stored bytes without parsing
anything: the key is the canonical query string (only successful answers are stored, so a hit was
validated when it was stored). An entry is
the X-Total-Count, a newline and the body, so a hit answers the same header as the miss that stored it.

X-Total-Count: search counts its matches up to ten pages past the page's start (offset + 10 ×
page_size): a smaller number is exact, that number means at least that many. Counting them all would
cost the nearest-first search its early stop (~470 ms instead of a few ms for a 10 km radius in a
city centre of the 1M-spot benchmark); ten pages about double the query's time (sql/spots/search.sql).
The viewport counts every active, available spot in the box, which may be more than the `limit` it
returns.
"""
from __future__ import annotations

from sanic import Blueprint
from sanic.response import HTTPResponse

from api.core.cache import SEARCH_VERSION, cached_json, digest
from api.core.context import Request
from api.core.openapi import responds
from api.core.replicas import reads
from api.core.validation import document_query, parse_query
from api.spots.models import Bounds, SpotSearch
from api.spots.responses import MapSpotOut, SpotItemOut
from api.spots.search_log import recorded

bp = Blueprint("spot_search")


def _cache_key(request: Request, kind: str) -> str:
    # ":counted": entries carry their total; older entries (the body alone) are never read as such.
    return digest(f"{kind}:counted?{'&'.join(sorted(request.query_string.split('&')))}")


def _answer(body: bytes, outcome: str, total: bytes) -> HTTPResponse:
    response = cached_json(body, outcome)
    response.headers["X-Total-Count"] = total.decode()
    return response


async def _hit(request: Request, kind: str):
    """(response, version): the cached answer, or None and the version to store a new one under."""
    entry, version = await _cached(request, kind)
    if entry is None:
        return None, version
    total, _, body = entry.partition(b"\n")
    return _answer(body, "hit", total), version


async def _cached(request: Request, kind: str):
    return await request.app.ctx.cache.get("search", SEARCH_VERSION, _cache_key(request, kind))


async def _store(request: Request, kind: str, version, answer) -> HTTPResponse:
    """Answer the query's one row: body, the JSON array PostgreSQL built (bytes), and total."""
    body, total = answer["body"], str(answer["total"]).encode()
    await request.app.ctx.cache.put("search", version, _cache_key(request, kind), total + b"\n" + body,
                                    request.app.ctx.settings.search_cache_seconds)
    return _answer(body, "miss", total)


async def _run_search(request: Request, query: SpotSearch, fills_cache: bool):
    queries = request.app.ctx.queries
    async with reads(request, fills_cache=fills_cache) as conn:
        if query.latitude is None:
            return await queries.spots.search_spots_in_city(conn, city=query.city, sort=query.sort or "rating",
                                                            filters=query.filters(), **query.window)
        elif (query.sort or "distance") == "distance":
            return await queries.spots.search_spots_nearest(conn, lon=query.longitude, lat=query.latitude,
                                                            radius_m=query.radius_km * 1000,
                                                            filters=query.filters(), **query.window)
        else:
            return await queries.spots.search_spots_ranked(conn, lon=query.longitude, lat=query.latitude,
                                                           radius_m=query.radius_km * 1000, sort=query.sort,
                                                           filters=query.filters(), **query.window)


@bp.get("/")
@document_query(SpotSearch)
@responds(list[SpotItemOut], headers=("X-Total-Count", "X-Cache"))
@recorded("search")  # analytics.search_events (api/spots/search_log.py): after the answer, batched
async def search(request: Request):
    """Spots near latitude/longitude (within radius_km, nearest first unless sort says otherwise) or
    in a city, with filters; available_from + available_to keep only spots free for that whole window.
    Items carry distance_km. X-Total-Count: the matches, counted up to ten pages past this page's
    start (a smaller number is exact). X-Cache says whether the answer came from the cache."""
    hit, version = await _hit(request, "search")
    if hit is not None:
        return hit
    query = parse_query(SpotSearch, request)
    return await _store(request, "search", version, await _run_search(request, query, version is not None))


@bp.get("/in-bounds")
@document_query(Bounds)
@responds(list[MapSpotOut], headers=("X-Total-Count", "X-Cache"))
@recorded("viewport")
async def in_bounds(request: Request):
    """Active, available spots inside a map viewport, best rated first (at most `limit`, max 500).
    X-Total-Count: every such spot in the viewport, which may be more than were returned."""
    hit, version = await _hit(request, "bounds")
    if hit is not None:
        return hit
    query = parse_query(Bounds, request)
    async with reads(request, fills_cache=version is not None) as conn:
        answer = await request.app.ctx.queries.spots.spots_in_bounds(
            conn, min_lat=query.min_lat, min_lon=query.min_lon, max_lat=query.max_lat,
            max_lon=query.max_lon, lim=query.limit)
    return await _store(request, "bounds", version, answer)
