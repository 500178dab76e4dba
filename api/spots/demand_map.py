"""GET /api/v1/admin/demand-map: the unmet-demand map (admins only).

Searches recorded by api/spots/search_log.py (analytics.search_events: points snapped to 0.01
degree, whole UTC hours, no user) counted per hexagon of an area over a period, with how many had
no or few (1-2) free results: where renters look for parking and do not find it. The map is built
in PostgreSQL as GeoJSON (sql/analytics/demand_map.sql, analytics.demand_map in
db/rules/80_analytics.sql) and passed through as bytes.

Limits, so one request cannot occupy the database: the area spans at most MAX_SPAN_DEGREES of
latitude and of longitude, within web mercator's +-85 degrees and not across the antimeridian; it
holds at most MAX_HEXAGONS hexagons of the chosen size (size_m, the hexagon's edge in metres, from
MIN_SIZE_M to MAX_SIZE_M); the period lasts at most MAX_PERIOD. Each breach is a 422 naming the
parameter.
"""
from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator
from sanic import Blueprint
from sanic.response import HTTPResponse

from api.accounts.auth import authenticated
from api.core.context import Request
from api.core.openapi import responds
from api.core.shapes import Shape, Time, example
from api.core.validation import query_args
from api.spots.models import Longitude

bp = Blueprint("demand_map", url_prefix="/admin/demand-map")

MAX_SPAN_DEGREES = 2.0
MAX_HEXAGONS = 10_000
MIN_SIZE_M, MAX_SIZE_M, DEFAULT_SIZE_M = 250, 20_000, 1_000
MAX_PERIOD, DEFAULT_PERIOD = timedelta(days=92), timedelta(days=30)
METRES_PER_DEGREE = 111_320
MercatorLatitude = Annotated[float, Field(ge=-85, le=85, allow_inf_nan=False)]


class DemandMapQuery(BaseModel):
    """An area (a longitude/latitude box), a period and a hexagon size."""
    model_config = ConfigDict(extra="forbid")
    min_lat: MercatorLatitude
    min_lng: Longitude
    max_lat: MercatorLatitude
    max_lng: Longitude
    from_: AwareDatetime | None = Field(default=None, alias="from",
                                        description="start of the period (default: 30 days before `to`)")
    to: AwareDatetime | None = Field(default=None, description="end of the period, exclusive (default: the end "
                                                               "of the current UTC hour); at most 92 days after `from`")
    size_m: int = Field(default=DEFAULT_SIZE_M, ge=MIN_SIZE_M, le=MAX_SIZE_M,
                        description="edge of a hexagon in metres at the area's middle latitude (a hexagon is "
                                    "twice as wide); searches are snapped to about 1 km, so smaller hexagons "
                                    "show that grid")
    kind: Literal["search", "viewport", "all"] = Field(
        default="search", description="search: GET /parking-spots near a point; viewport: map views "
                                      "(GET /parking-spots/in-bounds); all: both")

    @model_validator(mode="after")
    def _area_and_period(self):
        if self.max_lat <= self.min_lat:
            raise ValueError("max_lat: must be greater than min_lat")
        if self.max_lng <= self.min_lng:
            raise ValueError("max_lng: must be greater than min_lng (an area across the antimeridian is not supported)")
        for name, span in (("max_lat", self.max_lat - self.min_lat), ("max_lng", self.max_lng - self.min_lng)):
            if span > MAX_SPAN_DEGREES:
                raise ValueError(f"{name}: the area may span at most {MAX_SPAN_DEGREES:g} degrees")
        smallest = self.smallest_size_m()
        if self.size_m < smallest:
            raise ValueError(f"size_m: at least {smallest} for this area (at most {MAX_HEXAGONS} hexagons): "
                             "choose larger hexagons or a smaller area")
        if self.to is None:
            now = datetime.now(timezone.utc)
            self.to = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        if self.from_ is None:
            self.from_ = self.to - DEFAULT_PERIOD
        if self.to <= self.from_:
            raise ValueError("to: must be after from")
        if self.to - self.from_ > MAX_PERIOD:
            raise ValueError(f"to: at most {MAX_PERIOD.days} days after from")
        return self

    def smallest_size_m(self) -> int:
        """The smallest hexagon edge that keeps the area within MAX_HEXAGONS hexagons."""
        middle = math.radians((self.min_lat + self.max_lat) / 2)
        area = ((self.max_lat - self.min_lat) * METRES_PER_DEGREE
                * (self.max_lng - self.min_lng) * METRES_PER_DEGREE * math.cos(middle))
        return math.ceil(math.sqrt(area / (MAX_HEXAGONS * 1.5 * math.sqrt(3))))


class HexagonGeometry(Shape):
    type: Literal["Polygon"]
    coordinates: list[list[list[float]]] = Field(description="one ring of 7 [longitude, latitude] positions (WGS84)")


class HexagonProperties(Shape):
    hex_i: int = Field(description="column of the hexagon in ST_HexagonGrid's EPSG:3857 tiling of this size")
    hex_j: int = Field(description="row of the hexagon in that tiling")
    searches: int = Field(description="searches whose (snapped) point lies in the hexagon, over the period")
    no_free: int = Field(description="of those, searches with no free result")
    few_free: int = Field(description="of those, searches with one or two free results")
    unmet: int = Field(description="no_free + few_free")
    unmet_share: float = Field(description="unmet / searches, 0-1")
    spots: int = Field(description="active spots taking bookings in the hexagon now")


class HexagonFeature(Shape):
    type: Literal["Feature"]
    geometry: HexagonGeometry
    properties: HexagonProperties


class DemandMapOut(Shape):
    """GeoJSON FeatureCollection: the hexagons of the area with searches in the period."""
    model_config = example(
        type="FeatureCollection", **{"from": "2030-04-01T00:00:00Z"}, to="2030-05-01T00:00:00Z", size_m=1000,
        kind="search",
        features=[{"type": "Feature",
                   "geometry": {"type": "Polygon", "coordinates": [[
                       [-122.395897, 37.765333], [-122.390216, 37.757553], [-122.378852, 37.757553],
                       [-122.37317, 37.765333], [-122.378852, 37.773112], [-122.390216, 37.773112],
                       [-122.395897, 37.765333]]]},
                   "properties": {"hex_i": -7180, "hex_j": 2075, "searches": 277, "no_free": 36, "few_free": 24,
                                  "unmet": 60, "unmet_share": 0.2166, "spots": 40}}])
    type: Literal["FeatureCollection"]
    from_: Time = Field(alias="from")
    to: Time
    size_m: int = Field(description="the hexagons' edge in metres at the area's middle latitude")
    kind: Literal["search", "viewport", "all"]
    features: list[HexagonFeature]


@bp.get("/")
@authenticated(role="admin")
@query_args(DemandMapQuery)
@responds(DemandMapOut)
async def demand_map(request: Request, query: DemandMapQuery):
    """The unmet-demand map: searches made in the area (min_lat, min_lng, max_lat, max_lng) during
    [from, to) counted per hexagon (edge size_m metres), with how many found no or few (1-2) free
    spots and the spots listed there now, as a GeoJSON FeatureCollection (hexagons with searches
    only). Searches are recorded privacy-safely: points snapped to about 1 km, whole UTC hours, no
    user. At most 2 degrees each way, 10,000 hexagons and 92 days (422 naming the parameter)."""
    async with request.app.ctx.pool.acquire() as conn:
        body = await request.app.ctx.queries.analytics.demand_map_geojson(
            conn, min_lng=query.min_lng, min_lat=query.min_lat, max_lng=query.max_lng, max_lat=query.max_lat,
            from_time=query.from_, to_time=query.to, size_m=query.size_m, kind=query.kind)
    return HTTPResponse(body.encode(), content_type="application/json")
