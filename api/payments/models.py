"""Request models of payments."""
from __future__ import annotations

import uuid
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


class IntentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    booking_id: uuid.UUID


class ConfirmIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    payment_intent_id: Annotated[str, Field(min_length=3, max_length=255)]


class RefundIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    amount: Annotated[int, Field(gt=0)] | None = Field(default=None, description="cents; all that remains when left out")
