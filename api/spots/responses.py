"""What the spot endpoints answer (db/rules/20_spots.sql spot_out, spot_item_out; sql/spots/*.sql)."""
from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import Field

from api.core.shapes import Cents, Shape, Time, example
from api.spots.models import SpotType, VehicleSize

SPOT_EXAMPLE = dict(id="5d2e7c44-1b0a-4f6e-8d3c-9a1b2c3d4e5f", title="Covered spot by the Ferry Building",
                    address="1 Ferry Building", city="San Francisco", state="CA", latitude=37.7955, longitude=-122.3937,
                    hourly_rate=500, daily_rate=3000, monthly_rate=None, spot_type="garage", vehicle_size="standard",
                    is_covered=True, has_ev_charging=False, is_available=True, average_rating=4.5, total_reviews=12,
                    images=["https://example.com/spot.jpg"])


class SpotOut(Shape):
    """A spot's detail; access_instructions only for its owner (and admins)."""
    model_config = example(**SPOT_EXAMPLE, owner_id="0b8f5c1e-3f9a-4c1d-9a57-2d1c7f0e4b11", description=None,
                           zip_code="94111", timezone="America/Los_Angeles", has_security=False, has_lighting=True,
                           is_handicap_accessible=False, is_active=True,
                           operating_hours={"mon": [["08:00", "18:00"]]}, total_bookings=40,
                           created_at="2026-11-25T10:00:00Z", updated_at="2026-11-25T10:00:00Z")
    id: UUID
    owner_id: UUID
    title: str
    description: str | None
    spot_type: SpotType
    vehicle_size: VehicleSize
    address: str
    city: str
    state: str
    zip_code: str
    latitude: float
    longitude: float
    timezone: str
    hourly_rate: Cents
    daily_rate: Cents | None
    monthly_rate: Cents | None
    is_covered: bool
    has_ev_charging: bool
    has_security: bool
    has_lighting: bool
    is_handicap_accessible: bool
    images: list[str]
    is_active: bool
    is_available: bool
    operating_hours: dict[str, list[list[str]]] | None
    average_rating: float
    total_reviews: int
    total_bookings: int
    created_at: Time
    updated_at: Time
    access_instructions: str | None = None


class MapSpotOut(Shape):
    """A spot on the map (in a viewport)."""
    model_config = example(**SPOT_EXAMPLE)
    id: UUID
    title: str
    address: str
    city: str
    state: str
    latitude: float
    longitude: float
    hourly_rate: Cents
    daily_rate: Cents | None
    monthly_rate: Cents | None
    spot_type: SpotType
    vehicle_size: VehicleSize
    is_covered: bool
    has_ev_charging: bool
    is_available: bool
    average_rating: float
    total_reviews: int
    images: list[str]


class SpotItemOut(MapSpotOut):
    """A spot in search results; distance_km is null when the search had no point (by city)."""
    model_config = example(**SPOT_EXAMPLE, distance_km=0.42)
    distance_km: float | None


class AvailabilityOut(Shape):
    """A spot's switches after a change."""
    model_config = example(id="5d2e7c44-1b0a-4f6e-8d3c-9a1b2c3d4e5f", is_active=True, is_available=False)
    id: UUID
    is_active: bool
    is_available: bool


class BusyInterval(Shape):
    starts_at: Time
    ends_at: Time
    kind: Literal["booking", "blackout"]


class CalendarOut(Shape):
    """When a spot is taken between from and to."""
    model_config = example(spot_id="5d2e7c44-1b0a-4f6e-8d3c-9a1b2c3d4e5f", **{"from": "2030-05-01T00:00:00Z"},
                           to="2030-05-15T00:00:00Z",
                           busy=[{"starts_at": "2030-05-02T09:00:00Z", "ends_at": "2030-05-02T12:00:00Z", "kind": "booking"}])
    spot_id: UUID
    from_: Time = Field(alias="from")
    to: Time
    busy: list[BusyInterval]


class BlackoutOut(Shape):
    """A time the owner closed the spot."""
    model_config = example(id="7a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", parking_spot_id="5d2e7c44-1b0a-4f6e-8d3c-9a1b2c3d4e5f",
                           starts_at="2030-05-03T00:00:00Z", ends_at="2030-05-04T00:00:00Z", reason="resurfacing",
                           created_at="2026-11-25T10:00:00Z")
    id: UUID
    parking_spot_id: UUID
    starts_at: Time
    ends_at: Time
    reason: str | None
    created_at: Time


class SpotModerationOut(SpotOut):
    """A spot with its deactivation record, for its owner and admins: who took it off the market, when
    and why; moderated: an admin did, and only an admin may put it back."""
    model_config = example(**SPOT_EXAMPLE, owner_id="0b8f5c1e-3f9a-4c1d-9a57-2d1c7f0e4b11", description=None,
                           zip_code="94111", timezone="America/Los_Angeles", has_security=False, has_lighting=True,
                           is_handicap_accessible=False, is_active=False, operating_hours=None, total_bookings=40,
                           created_at="2026-11-25T10:00:00Z", updated_at="2026-11-26T08:00:00Z",
                           access_instructions="Gate code 4321", deactivated_at="2026-11-26T08:00:00Z",
                           deactivated_by="9c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f",
                           deactivation_reason="reported as a fake listing", moderated=True)
    deactivated_at: Time | None
    deactivated_by: UUID | None
    deactivation_reason: str | None
    moderated: bool
