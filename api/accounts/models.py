"""Request models and field types of accounts: registration, login, tokens, password reset,
profiles, OAuth and the admin's user management."""
from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from api.core.paging import Page

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")  # the same rule as users_email_format


def _email(value: str) -> str:
    value = value.strip()
    if len(value) > 255 or not EMAIL_PATTERN.match(value):
        raise ValueError("not a valid email address")
    return value


Email = Annotated[str, AfterValidator(_email)]
Password = Annotated[str, Field(min_length=8, max_length=256)]
FullName = Annotated[str, Field(min_length=1, max_length=255, pattern=r"\S")]
Phone = Annotated[str, Field(max_length=20, pattern=r"^\+?[0-9 ()-]{4,20}$")]
Role = Literal["renter", "owner", "admin"]


class RegisterIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: Email
    password: Password
    full_name: FullName
    phone_number: Phone | None = None
    role: Literal["renter", "owner"] = "renter"


class LoginIn(BaseModel):
    email: Email
    password: str


class RefreshIn(BaseModel):
    refresh_token: str


class ResetRequestIn(BaseModel):
    email: Email


class ResetConfirmIn(BaseModel):
    token: str
    new_password: Password


class OAuthIn(BaseModel):
    id_token: str


class ProfilePatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    full_name: FullName | None = None
    phone_number: Phone | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)


class PasswordChange(BaseModel):
    current_password: str
    new_password: Password


class UserQuery(Page):
    role: Role | None = None
    is_active: bool | None = None
    email: str | None = Field(default=None, max_length=255, description="part of the email, any case")


class UserPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Role | None = None
    is_active: bool | None = None
    is_verified: bool | None = None
