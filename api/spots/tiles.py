"""GET /api/v1/tiles/{z}/{x}/{y}.mvt: the map at every zoom as Mapbox Vector Tiles built by PostGIS
(sql/spots/tiles.sql), anonymous, read through a per-tile Redis cache (api/spots/tiles_cache.py).

From zoom 15 (street level) a tile has a layer "spots", one point per active, available spot (id,
price = hourly_rate in cents, spot_type, rating); below, a layer "clusters": the tile cut into a
16 x 16 grid, one point per non-empty cell at its spots' mean position (count, min_price in cents).
Extent 4096. A tile with nothing in it is an empty 200: the tile's layer with no features (14-17 bytes),
not a 204 nor a zero-byte body: one documented success answer (the OpenAPI helpers document one
success status, and a documented body may not be empty for openapi-core, which checks every answer
in the tests), cached like any other tile by Redis and HTTP caches, and read as an empty tile by
every decoder and renderer (Mapbox GL, MapLibre, Leaflet plugins).

Cached tiles are dropped when a spot they show (or will show) changes: the database sends
`spot_tiles` notifications (db/rules/22_spots_tiles.sql) on the events channel, which this module
follows through the worker's event listener (api/core/events.py). Bookings change no tile: a tile
shows spots that are listed and available, which bookings do not change (a review's new
average_rating does, through its counter trigger on parking_spots).
"""
from __future__ import annotations

import asyncio

import pydantic
from sanic import Blueprint, Sanic
from sanic.response import HTTPResponse

from api.core.context import Request
from api.core.errors import Unprocessable
from api.core.openapi import responds
from api.core.replicas import reads
from api.spots import tiles_cache

bp = Blueprint("spot_tiles", url_prefix="/tiles")

MEDIA_TYPE = "application/vnd.mapbox-vector-tile"
STREET_ZOOM = 15
CLUSTER_CELLS = 16
_tasks: set[asyncio.Task] = set()


def _empty_tile(layer: str) -> bytes:
    """A tile holding one layer (version 2, extent 4096) without features, protobuf-encoded."""
    body = b"\x78\x02" + b"\x0a" + bytes([len(layer)]) + layer.encode() + b"\x28\x80\x20"
    return b"\x1a" + bytes([len(body)]) + body


EMPTY = {"spots": _empty_tile("spots"), "clusters": _empty_tile("clusters")}


class VectorTile(pydantic.RootModel[bytes]):
    """A Mapbox Vector Tile 2.1 (protobuf), extent 4096. Zoom 15 and above: layer `spots`, a point per
    active, available spot with `id` (uuid), `price` (hourly rate, integer cents), `spot_type`,
    `rating` (0-5). Below: layer `clusters`, a point per cell of a 16 x 16 grid over the tile holding
    spots, with `count` and `min_price` (integer cents). Where there is nothing, the layer has no features."""
    # Bytes, not a JSON string: no "type" (OpenAPI 3.1 describes a binary body by its media type).
    model_config = pydantic.ConfigDict(json_schema_extra=lambda schema: (
        schema.pop("type", None), schema.update(contentMediaType=MEDIA_TYPE)))


def _coordinate(name: str, value: int | str, top: int) -> int:
    if isinstance(value, str):
        if not value.isascii() or not value.isdigit():
            raise Unprocessable(f"{name}: must be a whole number from 0 to {top}", code="validation")
        value = int(value)
    if not 0 <= value <= top:
        raise Unprocessable(f"{name}: must be from 0 to {top}", code="validation")
    return value


def tile_address(z: int, x: int, y: str) -> tuple[int, int, int]:
    """z in 0..22, x and y in 0..2^z - 1, each refusal a 422 naming the field (z and x are integers
    by the route: other text there finds no route, 404; y comes with its .mvt as text)."""
    zoom = _coordinate("z", z, tiles_cache.MAX_ZOOM)
    top = 2 ** zoom - 1
    return zoom, _coordinate("x", x, top), _coordinate("y", y, top)


@bp.get("/<z:int>/<x:int>/<y:ext=mvt>")
@responds(VectorTile, errors=(422,), headers=("X-Cache",), media_type=MEDIA_TYPE,
          description="The tile (Content-Type: application/vnd.mapbox-vector-tile); an empty tile holds its layer "
                      "without features.")
async def tile(request: Request, z: int, x: int, y: str, ext: str):
    """A map tile of available spots (zoom 15 and above) or of clusters with counts and lowest price
    (below 15), anonymous; read through the cache (X-Cache says which) from a tile's second ask (the first
    is built and not stored)."""
    zoom, column, row = tile_address(z, x, y)
    app = request.app
    body, stamp = await tiles_cache.get(app.ctx.redis, app.ctx.tile_doorkeeper, zoom, column, row)
    if body is not None:
        return HTTPResponse(body, content_type=MEDIA_TYPE, headers={"X-Cache": "hit"})
    queries = app.ctx.queries.spots
    # A tile to be stored is built on a replica only if it has replayed the fence raised before the
    # tiles were last invalidated (follow_spot_changes, api/core/replicas.py).
    async with reads(request, fills_cache=stamp is not None) as conn:
        if zoom >= STREET_ZOOM:
            body = await queries.spot_tile_points(conn, z=zoom, x=column, y=row) or EMPTY["spots"]
        else:
            body = (await queries.spot_tile_clusters(conn, z=zoom, x=column, y=row, cells=CLUSTER_CELLS)
                    or EMPTY["clusters"])
    await tiles_cache.put(app.ctx.redis, stamp, zoom, column, row, body)
    return HTTPResponse(body, content_type=MEDIA_TYPE, headers={"X-Cache": "miss"})


def _spawn(coroutine) -> None:
    task = asyncio.get_running_loop().create_task(coroutine)
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)


@bp.after_server_start
async def follow_spot_changes(app: Sanic) -> None:
    """Drop the tiles a spot_tiles notification names; every tile when notifications may have been
    missed (the listener connected again)."""
    async def fenced(invalidation) -> None:
        """With replicas, raise their cache fence first (the primary's WAL position now, after the
        change's commit): a tile stored under the new versions is then never built on a replica that
        has not replayed the change."""
        if app.ctx.cache.before_bump is not None:
            await app.ctx.cache.before_bump()
        await invalidation

    async def on_event(event: dict) -> None:
        if event.get("type") == "spot_tiles":
            await fenced(tiles_cache.invalidate(app.ctx.redis, event))

    listened = app.ctx.events.connected.is_set()

    def on_listening() -> None:  # each time LISTEN is active: only a reconnect may have missed some
        nonlocal listened
        if listened:
            _spawn(fenced(tiles_cache.invalidate_all(app.ctx.redis)))
        listened = True

    app.ctx.events.handlers.append(on_event)
    app.ctx.events.on_listening.append(on_listening)
