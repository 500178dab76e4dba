"""Building blocks of the response models (each domain's responses.py): a model that refuses
fields it does not declare, so the OpenAPI document and the conformance test catch any drift
between an answer and its documented shape."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

# The database's enums of bookings, shared by the domains that show them (bookings, payments).
BookingStatus = Literal["pending", "confirmed", "in_progress", "completed", "cancelled", "refunded"]
BookingPaymentStatus = Literal["pending", "not_required", "paid", "failed", "expired", "refunded", "partially_refunded"]
Cents = Annotated[int, Field(description="An amount in cents (USD)")]
Time = Annotated[datetime, Field(description="UTC, ISO 8601 (2030-05-01T09:00:00Z)")]


class Shape(BaseModel):
    """A JSON answer, as the queries build it (db/rules *_out functions)."""
    model_config = ConfigDict(extra="forbid")


def example(**values) -> ConfigDict:
    """model_config of a response model, with one example answer for the OpenAPI document."""
    return ConfigDict(extra="forbid", json_schema_extra={"examples": [values]})
