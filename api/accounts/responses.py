"""What the account endpoints answer (db/rules/10_accounts.sql user_out, sql/accounts/*.sql)."""
from __future__ import annotations

from typing import Literal
from uuid import UUID

from api.core.shapes import Shape, Time, example

Role = Literal["renter", "owner", "admin"]


class UserOut(Shape):
    """An account as its holder (and admins) see it."""
    model_config = example(id="0b8f5c1e-3f9a-4c1d-9a57-2d1c7f0e4b11", email="pat@example.com", full_name="Pat Example",
                           phone_number=None, role="renter", is_active=True, is_verified=False, latitude=None,
                           longitude=None, created_at="2026-11-25T10:00:00Z", updated_at="2026-11-25T10:00:00Z")
    id: UUID
    email: str
    full_name: str
    phone_number: str | None
    role: Role
    is_active: bool
    is_verified: bool
    latitude: float | None
    longitude: float | None
    created_at: Time
    updated_at: Time


class PublicProfileOut(Shape):
    """What anyone may see of an active account: no email, no phone."""
    model_config = example(id="0b8f5c1e-3f9a-4c1d-9a57-2d1c7f0e4b11", full_name="Pat Example", role="owner",
                           member_since="2026-11-25T10:00:00Z")
    id: UUID
    full_name: str
    role: Role
    member_since: Time


class TokenPairOut(Shape):
    """A signed-in session: send access_token as a bearer token; trade refresh_token at /auth/refresh."""
    model_config = example(access_token="eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl", refresh_token="eyJhbGciOiJIUzI1NiJ9.e30.cmVmcmVzaA",
                           token_type="bearer")
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"]


class MessageOut(Shape):
    """A sentence for the user."""
    model_config = example(message="if an account exists for that email, a reset link is on its way")
    message: str
