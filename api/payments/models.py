"""Request models of payments."""
from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.core.paging import Page


class IntentIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "booking_id": "9c8b7a6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"}]})
    booking_id: uuid.UUID


class ConfirmIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"payment_intent_id": "pi_3Example"}]})
    payment_intent_id: Annotated[str, Field(min_length=3, max_length=255)]


class RefundIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"amount": 500}]})
    amount: Annotated[int, Field(gt=0)] | None = Field(default=None, description="cents; all that remains when left out")


class DisputeQuery(Page):
    """GET /admin/disputes: the open disputes (default) or all of them."""
    status: Literal["open", "all"] = "open"
