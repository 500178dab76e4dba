"""Request models for parking spots: listings, search, map viewport, calendar, blackouts.

operating_hours is a weekly schedule in the spot's own time zone:
    {"mon": [["08:00", "18:00"]], "sat": [["10:00", "14:00"], ["16:00", "22:00"]], "fri": [["22:00", "02:00"]]}
Keys mon..sun; a day left out is closed; "24:00" closes at midnight; a close before its open runs
past midnight. null (or leaving it out) means always open.
"""
from __future__ import annotations

import zoneinfo
from functools import lru_cache
from typing import Annotated, Literal
from uuid import UUID

import shapely
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    model_validator,
)

from api.core.paging import Page
from api.core.validation import patch_model

SpotType = Literal["indoor", "outdoor", "covered", "garage", "driveway", "lot"]
VehicleSize = Literal["motorcycle", "compact", "standard", "large", "oversized"]
Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Opens = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
Closes = Annotated[str, Field(pattern=r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$")]
Cents = Annotated[int, Field(gt=0, le=100_000_000)]
Latitude = Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)]
Longitude = Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)]
Text = Annotated[str, Field(min_length=1, pattern=r"\S")]

MAX_RADIUS_KM = 50
MAX_BOUNDS_RESULTS = 500


@lru_cache(maxsize=1)
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _iana(name: str) -> str:
    if name not in _time_zones():
        raise ValueError("not an IANA time zone name (e.g. America/Los_Angeles)")
    return name


def _https(url: str) -> str:
    if not url.startswith("https://") or len(url) > 2048 or any(c.isspace() for c in url):
        raise ValueError("images must be https URLs")
    return url


def _schedule(hours: dict) -> dict:
    for day, intervals in hours.items():
        if len(intervals) > 4:
            raise ValueError(f"{day}: at most 4 intervals a day")
        for opens, closes in intervals:
            if opens == closes:
                raise ValueError(f"{day}: an interval cannot open and close at {opens}")
    return hours


OperatingHours = Annotated[dict[Day, list[tuple[Opens, Closes]]], AfterValidator(_schedule)]
TimeZone = Annotated[str, AfterValidator(_iana)]
Image = Annotated[str, AfterValidator(_https)]


class SpotFields(BaseModel):
    """Everything an owner writes. PATCH takes any subset (SpotPatch)."""
    model_config = ConfigDict(extra="forbid")
    title: Annotated[Text, Field(max_length=255)]
    description: Annotated[str, Field(max_length=5000)] | None = None
    spot_type: SpotType
    vehicle_size: VehicleSize = "standard"
    address: Annotated[Text, Field(max_length=500)]
    city: Annotated[Text, Field(max_length=100)]
    state: Annotated[Text, Field(max_length=100)]
    zip_code: Annotated[Text, Field(max_length=20)]
    latitude: Latitude
    longitude: Longitude
    timezone: TimeZone | None = Field(default=None, description="IANA name; derived from the coordinates when left out")
    hourly_rate: Cents
    daily_rate: Cents | None = None
    monthly_rate: Cents | None = None
    is_covered: bool = False
    has_ev_charging: bool = False
    has_security: bool = False
    has_lighting: bool = False
    is_handicap_accessible: bool = False
    images: Annotated[list[Image], Field(max_length=10)] = []
    operating_hours: OperatingHours | None = None
    access_instructions: Annotated[str, Field(max_length=2000)] | None = None


class SpotCreate(SpotFields):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "title": "Covered spot by the Ferry Building", "spot_type": "garage", "address": "1 Ferry Building",
        "city": "San Francisco", "state": "CA", "zip_code": "94111", "latitude": 37.7955, "longitude": -122.3937,
        "hourly_rate": 500, "daily_rate": 3000, "is_covered": True, "operating_hours": {"mon": [["08:00", "18:00"]]},
        "access_instructions": "Gate code 4321; bay 12"}]})


# PATCH takes any subset; null clears a field only where a listing may lack it (timezone may be left
# out when creating, to be derived, but a spot always has one).
SpotPatch = patch_model(SpotFields, "SpotPatch", never_null={"timezone"},
                        examples=[{"hourly_rate": 600, "description": None}])


class Window(BaseModel):
    available_from: AwareDatetime | None = None
    available_to: AwareDatetime | None = None

    @model_validator(mode="after")
    def _window(self):
        if (self.available_from is None) != (self.available_to is None):
            raise ValueError("available_from and available_to go together")
        if self.available_from is not None and self.available_to <= self.available_from:
            raise ValueError("available_to must be after available_from")
        return self


class SpotSearch(Window, Page):
    """GET /parking-spots: near a point (latitude + longitude) or in a city."""
    model_config = ConfigDict(extra="forbid")
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    radius_km: float = Field(default=10, gt=0, allow_inf_nan=False,
                             description=f"capped at {MAX_RADIUS_KM}")
    city: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    spot_type: SpotType | None = None
    vehicle_size: VehicleSize | None = Field(default=None, description="the spot fits at least this size")
    max_hourly_rate: Annotated[int, Field(gt=0)] | None = None
    has_ev_charging: bool | None = None
    is_covered: bool | None = None
    has_security: bool | None = None
    is_handicap_accessible: bool | None = None
    min_rating: Annotated[float, Field(ge=0, le=5)] | None = None
    sort: Literal["distance", "price", "rating"] | None = None
    page: int = Field(default=1, ge=1, le=100)  # search pages stop at 100

    @model_validator(mode="after")
    def _where(self):
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude go together")
        if self.latitude is None and self.city is None:
            raise ValueError("give latitude and longitude, or city")
        if self.latitude is None and self.sort == "distance":
            raise ValueError("sort=distance needs latitude and longitude")
        self.radius_km = min(self.radius_km, MAX_RADIUS_KM)
        return self

    def filters(self) -> dict:
        """The search filters, passed to the queries as one JSON object (spot_matches reads it)."""
        return {"spot_type": self.spot_type, "max_hourly_rate": self.max_hourly_rate,
                "has_ev_charging": self.has_ev_charging, "vehicle_size": self.vehicle_size,
                "is_covered": self.is_covered, "has_security": self.has_security,
                "is_handicap_accessible": self.is_handicap_accessible, "min_rating": self.min_rating,
                "available_from": self.available_from, "available_to": self.available_to}


class Bounds(BaseModel):
    """A map viewport. min_lon > max_lon means it crosses the antimeridian."""
    model_config = ConfigDict(extra="forbid")
    min_lat: Latitude
    min_lon: Longitude
    max_lat: Latitude
    max_lon: Longitude
    limit: int = Field(default=200, ge=1, le=MAX_BOUNDS_RESULTS)

    @model_validator(mode="after")
    def _box(self):
        if self.min_lat >= self.max_lat:
            raise ValueError("min_lat must be below max_lat")
        if self.min_lon == self.max_lon:
            raise ValueError("min_lon and max_lon must differ")
        boxes = ([shapely.box(self.min_lon, self.min_lat, self.max_lon, self.max_lat)]
                 if self.min_lon < self.max_lon else
                 [shapely.box(self.min_lon, self.min_lat, 180, self.max_lat),
                  shapely.box(-180, self.min_lat, self.max_lon, self.max_lat)])
        if not all(box.is_valid and box.area > 0 for box in boxes):
            raise ValueError("the viewport is empty")
        return self


class CalendarQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    from_: AwareDatetime | None = Field(default=None, alias="from")
    to: AwareDatetime | None = None


class AvailabilityIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"is_available": False}]})
    is_available: bool


class BlackoutIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "starts_at": "2030-05-03T00:00:00Z", "ends_at": "2030-05-04T00:00:00Z", "reason": "resurfacing"}]})
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    reason: Annotated[str, Field(max_length=500)] | None = None

    @model_validator(mode="after")
    def _order(self):
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        return self


Reason = Annotated[str, Field(min_length=1, max_length=500, pattern=r"\S")]


class DeactivateIn(BaseModel):
    """POST /parking-spots/{id}/deactivate. The reason is optional for the spot's owner and required
    for an admin taking down someone else's spot (a moderation: only an admin may undo it)."""
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"reason": "reported as a fake listing"}]})
    reason: Reason | None = Field(default=None, description="why (at most 500 characters); required for "
                                                            "an admin acting on someone else's spot")


class ModerationQuery(Page):
    """GET /admin/spots: every spot, or the active or inactive ones, of an owner, in a city."""
    status: Literal["active", "inactive", "all"] = "all"
    owner_id: UUID | None = None
    city: Annotated[str, Field(min_length=1, max_length=100)] | None = None
