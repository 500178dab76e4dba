"""The messages of the WebSocket /api/v1/ws, both ways: JSON text frames, one object each, told
apart by `type` (docs/realtime.md shows a session). These models validate what clients send and
describe what the server sends; the OpenAPI document lists them all as component schemas.

Close codes the server uses (the close reason is the code word):

    1009  a message larger than WS_MAX_MESSAGE_BYTES
    1011  a fault on our side
    1013  slow_consumer: messages waiting for this client passed WS_SEND_QUEUE; reconnect and resume
    4401  token_expired, token_revoked, token_invalid, token_wrong_type: sign in again
    4403  origin_not_allowed: a browser page from an origin CORS_ORIGINS does not admit
    4429  too_many_connections: the user already has WS_MAX_CONNECTIONS_PER_USER open
"""
from __future__ import annotations

import functools
import operator
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from api.core.shapes import BookingStatus, Shape, Time, example

PROTOCOL = "parkingspots.v1"     # the subprotocol; a client may offer "bearer.<access token>" beside it
TOKEN_PROTOCOL_PREFIX = "bearer."

CLOSE_TOKEN = 4401
CLOSE_ORIGIN = 4403
CLOSE_TOO_MANY = 4429
CLOSE_SLOW = 1013

SPOT, BOOKING, REVIEW = ("5d2e7c44-1b0a-4f6e-8d3c-9a1b2c3d4e5f", "9c8b7a6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
                         "3f6a1d2e-8b7c-4e5f-9a0b-1c2d3e4f5a6b")
USER = "0b8f5c1e-3f9a-4c1d-9a57-2d1c7f0e4b11"
AT = "2030-05-02T09:00:00.123456Z"


def _in(**values) -> ConfigDict:
    return ConfigDict(extra="forbid", json_schema_extra={"examples": [values]})


# What clients send.

class AuthIn(BaseModel):
    """Sign in with an access token (before `subscribe`, so the stream includes your bookings). Send it
    again with a fresh token of the same user before the old one expires to keep the connection."""
    model_config = _in(type="auth", token="eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...")
    type: Literal["auth"]
    token: str = Field(min_length=1, max_length=4096, description="an access_token from /api/v1/auth/login")


class SubscribeIn(BaseModel):
    """Watch these spots' public events; the first `subscribe` starts the stream (send `spots: []` for
    your bookings only), from `last_event_id` when given."""
    model_config = _in(type="subscribe", spots=[SPOT], last_event_id=41)
    type: Literal["subscribe"]
    spots: list[UUID] = Field(default_factory=list, description="at most WS_MAX_SPOTS (100) per connection, in all")
    last_event_id: int | None = Field(default=None, ge=0, description=(
        "the id of the last event received before a reconnect: what you may see after it is sent first, "
        "in order, once; read on the first subscribe of a connection only"))


class UnsubscribeIn(BaseModel):
    """Stop watching these spots."""
    model_config = _in(type="unsubscribe", spots=[SPOT])
    type: Literal["unsubscribe"]
    spots: list[UUID]


class PingIn(BaseModel):
    """An application-level ping (protocol pings are sent by the server too); answered with `pong`."""
    model_config = _in(type="ping")
    type: Literal["ping"]


ClientMessage = Annotated[AuthIn | SubscribeIn | UnsubscribeIn | PingIn, Field(discriminator="type")]
CLIENT_MESSAGE: TypeAdapter = TypeAdapter(ClientMessage)
CLIENT_MODELS = (AuthIn, SubscribeIn, UnsubscribeIn, PingIn)


# What the server sends.

class WelcomeOut(Shape):
    """The first message of every connection."""
    model_config = example(type="welcome", max_spots=100, ping_seconds=20)
    type: Literal["welcome"]
    max_spots: int
    ping_seconds: int


class AuthenticatedOut(Shape):
    """The answer to `auth` (and what follows `welcome` when the subprotocol carried a token); the
    connection closes (4401 token_expired) at `expires_at` unless renewed."""
    model_config = example(type="authenticated", user_id=USER, role="renter", expires_at=AT)
    type: Literal["authenticated"]
    user_id: UUID
    role: Literal["renter", "owner", "admin"]
    expires_at: Time


class SubscribedOut(Shape):
    """The answer to `subscribe` and `unsubscribe`, after the replayed events."""
    model_config = example(type="subscribed", spots=[SPOT], last_event_id=57, replayed=3)
    type: Literal["subscribed"]
    spots: list[UUID] = Field(description="every spot this connection watches now")
    last_event_id: int = Field(description="the stream continues after this id: keep it to resume")
    replayed: int = Field(description="events sent from the events table for last_event_id")


class ResyncOut(Shape):
    """Some events after your last_event_id are no longer kept (24 hours) or the id is unknown: reload
    what you show over HTTP; the stream continues after last_event_id."""
    model_config = example(type="resync", last_event_id=57)
    type: Literal["resync"]
    last_event_id: int


class PongOut(Shape):
    model_config = example(type="pong")
    type: Literal["pong"]


class ErrorFrameOut(Shape):
    """A message the server could not take; the connection stays open."""
    model_config = example(type="error", code="too_many_spots", detail="a connection watches at most 100 spots")
    type: Literal["error"]
    code: Literal["malformed_json", "unknown_message", "validation", "too_many_spots", "resume_after_start",
                  "auth_user_changed"]
    detail: str


class EventOut(Shape):
    id: int = Field(description="increasing in commit order; resume with it as last_event_id")
    at: Time = Field(description="when the change was committed")


class SpotAvailabilityEvent(EventOut):
    """A spot became available or unavailable (its owner, an admin, or deactivation). Public: sent to
    every connection watching the spot."""
    model_config = example(type="spot_availability", id=42, at=AT, spot_id=SPOT, is_available=False)
    type: Literal["spot_availability"]
    spot_id: UUID
    is_available: bool


class NewBookingEvent(EventOut):
    """A booking was made: sent to its renter and to the spot's owner."""
    model_config = example(type="new_booking", id=43, at=AT, booking_id=BOOKING, spot_id=SPOT)
    type: Literal["new_booking"]
    booking_id: UUID
    spot_id: UUID


class BookingUpdateEvent(EventOut):
    """A booking's status changed (payment, cancel, check-in/out, pg_cron's auto-start and -checkout,
    expiry of an unpaid hold): sent to its renter and to the spot's owner."""
    model_config = example(type="booking_update", id=44, at=AT, booking_id=BOOKING, spot_id=SPOT,
                           status="in_progress")
    type: Literal["booking_update"]
    booking_id: UUID
    spot_id: UUID
    status: BookingStatus


class NewReviewEvent(EventOut):
    """A review was posted. Public: sent to every connection watching the spot."""
    model_config = example(type="new_review", id=45, at=AT, review_id=REVIEW, spot_id=SPOT, rating=5)
    type: Literal["new_review"]
    review_id: UUID
    spot_id: UUID
    rating: int = Field(ge=1, le=5)


SERVER_MODELS = (WelcomeOut, AuthenticatedOut, SubscribedOut, ResyncOut, PongOut, ErrorFrameOut,
                 SpotAvailabilityEvent, NewBookingEvent, BookingUpdateEvent, NewReviewEvent)
ServerMessage = Annotated[functools.reduce(operator.or_, SERVER_MODELS), Field(discriminator="type")]
SERVER_MESSAGE: TypeAdapter = TypeAdapter(ServerMessage)
