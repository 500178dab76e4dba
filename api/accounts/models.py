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
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "email": "pat@example.com", "password": "correct-horse-battery", "full_name": "Pat Example",
        "role": "renter"}]})
    email: Email
    password: Password
    full_name: FullName
    phone_number: Phone | None = None
    role: Literal["renter", "owner"] = "renter"


class LoginIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "email": "pat@example.com", "password": "correct-horse-battery"}]})
    email: Email
    password: str


class RefreshIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "refresh_token": "eyJhbGciOiJIUzI1NiJ9.e30.cmVmcmVzaA"}]})
    refresh_token: str


class ResetRequestIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"email": "pat@example.com"}]})
    email: Email


class ResetConfirmIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "token": "the token from the reset link", "new_password": "a-new-long-passphrase"}]})
    token: str
    new_password: Password


class OAuthIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"id_token": "eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl"}]})
    id_token: str


class ProfilePatch(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "full_name": "Pat Q. Example", "phone_number": "+1 415 555 0100"}]})
    full_name: FullName | None = None
    phone_number: Phone | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)


class PasswordChange(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "current_password": "correct-horse-battery", "new_password": "a-new-long-passphrase"}]})
    current_password: str
    new_password: Password


class UserQuery(Page):
    role: Role | None = None
    is_active: bool | None = None
    email: str | None = Field(default=None, max_length=255, description="part of the email, any case")


class UserPatch(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"role": "owner", "is_verified": True}]})
    role: Role | None = None
    is_active: bool | None = None
    is_verified: bool | None = None
