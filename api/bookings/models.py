"""Request models for bookings. Durations, the 15-minute grid, opening hours, blackouts and overlaps
are checked by the database (its messages name the rule); these models check shapes."""
from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from api.core.paging import Page
from api.core.shapes import BookingStatus

Status = BookingStatus


class BookingWindow(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "parking_spot_id": "5d2e7c44-1b0a-4f6e-8d3c-9a1b2c3d4e5f", "start_time": "2030-05-02T09:00:00Z",
        "end_time": "2030-05-02T12:00:00Z"}]})
    parking_spot_id: uuid.UUID
    start_time: AwareDatetime
    end_time: AwareDatetime

    @model_validator(mode="after")
    def _order(self):
        if self.end_time <= self.start_time:
            raise ValueError("end_time must be after start_time")
        return self


class Vehicle(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "vehicle_plate": "7ABC123", "vehicle_make": "Toyota", "vehicle_model": "Prius", "vehicle_color": "blue"}]})
    vehicle_plate: Annotated[str, Field(max_length=20)] | None = None
    vehicle_make: Annotated[str, Field(max_length=50)] | None = None
    vehicle_model: Annotated[str, Field(max_length=50)] | None = None
    vehicle_color: Annotated[str, Field(max_length=30)] | None = None
    special_requests: Annotated[str, Field(max_length=2000)] | None = None


class BookingCreate(Vehicle, BookingWindow):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "parking_spot_id": "5d2e7c44-1b0a-4f6e-8d3c-9a1b2c3d4e5f", "start_time": "2030-05-02T09:00:00Z",
        "end_time": "2030-05-02T12:00:00Z", "vehicle_plate": "7ABC123", "special_requests": "arriving late"}]})


class CancelIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"reason": "plans changed"}]})
    reason: Annotated[str, Field(max_length=2000)] | None = None


class ExtendIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"end_time": "2030-05-02T14:00:00Z"}]})
    end_time: AwareDatetime


class MyBookingsQuery(Page):
    status: Status | None = None
    when: Literal["upcoming", "past"] | None = Field(default=None, description="upcoming: not yet ended")


class OwnerBookingsQuery(Page):
    spot_id: uuid.UUID | None = None
    status: Status | None = None
