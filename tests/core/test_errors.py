"""The one error shape {"detail": ..., "code": ...} and the SQLSTATE -> HTTP table, through the real app.

The routes below exist only in these tests: they run real statements that break real constraints,
so the app's own error handler is exercised end to end (no endpoint of the product needs to be
broken on purpose)."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from pydantic import BaseModel, Field
from sanic import Blueprint
from sanic.response import json
from sanic_ext import validate

from api.core.errors import CODE_BY_STATUS, MESSAGE_BY_CONSTRAINT, STATUS_BY_SQLSTATE

T0 = datetime(2030, 1, 7, 9, 0, tzinfo=timezone.utc)


class UserIn(BaseModel):
    email: str
    role: str = Field(pattern="^(renter|owner)$")


def probe_blueprint(q) -> Blueprint:
    bp = Blueprint("error_probes", url_prefix="/_probe")

    @bp.post("/users")
    @validate(json=UserIn)
    async def create_user(request, body: UserIn):
        async with request.app.ctx.pool.acquire() as conn:
            user_id = await q.create_user(conn, email=body.email, role=body.role)
        return json({"id": str(user_id)}, status=201)

    @bp.post("/double-booking")
    async def double_booking(request):
        async with request.app.ctx.pool.acquire() as conn:
            owner = await q.create_user(conn, email="o@example.com", role="owner")
            renter = await q.create_user(conn, email="r@example.com", role="renter")
            spot = await q.create_spot(conn, owner_id=owner, hourly_rate=500, daily_rate=None,
                                       monthly_rate=None, operating_hours=None)
            booking = await q.create_booking(conn, user_id=renter, spot_id=spot, start_time=T0,
                                             end_time=T0 + timedelta(hours=2), status="confirmed")
            if request.args.get("what") == "transition":
                await q.set_booking_status(conn, booking_id=booking["id"], status="pending")
            await q.create_booking(conn, user_id=renter, spot_id=spot, start_time=T0,
                                   end_time=T0 + timedelta(hours=1), status="confirmed")
        return json({}, status=201)

    @bp.get("/spots/<spot_id>")
    async def get_spot(request, spot_id: str):
        async with request.app.ctx.pool.acquire() as conn:
            await q.get_spot(conn, spot_id=spot_id)
        return json({})

    @bp.get("/boom")
    async def boom(request):
        raise RuntimeError("secret internals")

    return bp


@pytest.fixture
async def probe(app, q, start_client):
    app.blueprint(probe_blueprint(q))
    return await start_client(app)


async def test_unknown_path_is_a_json_404(client):
    _, response = await client.get("/api/v1/nowhere")
    assert response.status == 404
    assert response.json == {"detail": "Requested URL /api/v1/nowhere not found", "code": "not_found"}


async def test_wrong_method_is_a_json_405(client):
    _, response = await client.delete("/health")
    assert response.status == 405
    assert set(response.json) == {"detail", "code"} and response.json["code"] == "method_not_allowed"


async def test_validation_error_is_422_naming_the_field(probe):
    _, response = await probe.post("/_probe/users", json={"email": "a@example.com", "role": "admin"})
    assert response.status == 422
    assert "role" in response.json["detail"] and response.json["code"] == "validation"


async def test_malformed_json_is_400(probe):
    _, response = await probe.post("/_probe/users", content="{not json", headers={"content-type": "application/json"})
    assert response.status == 400
    assert set(response.json) == {"detail", "code"}


async def test_unique_violation_is_409_and_nothing_is_written(probe):
    _, first = await probe.post("/_probe/users", json={"email": "Same@Example.com", "role": "renter"})
    assert first.status == 201
    _, second = await probe.post("/_probe/users", json={"email": "same@example.com", "role": "owner"})
    assert second.status == 409
    assert second.json == {"detail": "an account with this email already exists", "code": "users_email_key"}


async def test_check_violation_is_422(probe):
    _, response = await probe.post("/_probe/users", json={"email": "no-at-sign", "role": "renter"})
    assert response.status == 422
    assert response.json == {"detail": "email: not a valid email address", "code": "users_email_format"}


async def test_exclusion_violation_is_409(probe):
    _, response = await probe.post("/_probe/double-booking")
    assert response.status == 409
    assert response.json == {"detail": "the parking spot is already booked for part of that time", "code": "bookings_no_overlap"}


async def test_illegal_transition_from_a_trigger_is_409(probe):
    _, response = await probe.post("/_probe/double-booking?what=transition")
    assert response.status == 409
    assert response.json == {"detail": "a booking cannot go from confirmed to pending", "code": "booking_status_transition"}


async def test_malformed_uuid_is_400(probe):
    _, response = await probe.get("/_probe/spots/not-a-uuid")
    assert response.status == 400
    assert response.json == {"detail": "invalid value", "code": "invalid_value"}


async def test_unexpected_error_is_500_without_internals(probe):
    _, response = await probe.get("/_probe/boom")
    assert response.status == 500
    assert response.json == {"detail": "internal server error", "code": "internal_error"}


def test_error_table_is_documented():
    documented = dict(re.findall(r"^\| `(\w{5})` \| (\d{3}) \|", (Path(__file__).parents[2] / "docs" / "errors.md")
                                 .read_text(), re.MULTILINE))
    assert {code: int(status) for code, status in documented.items()} == STATUS_BY_SQLSTATE


ROOT = Path(__file__).parents[2]
SQL_SOURCES = [*ROOT.glob("migrations/*.sql"), *ROOT.glob("db/rules/*.sql")]


def documented_codes() -> set[str]:
    return set(re.findall(r"`(\w+)`", (ROOT / "docs" / "errors.md").read_text()))


def test_every_rule_our_triggers_raise_is_documented():
    raised = set()
    for source in SQL_SOURCES:
        raised |= set(re.findall(r"errcode = 'PS\d{3}', constraint = '(\w+)'", source.read_text()))
    assert raised and raised - documented_codes() == set()


def test_every_named_constraint_is_documented():
    named = set()
    for source in SQL_SOURCES:
        named |= set(re.findall(r"\bconstraint (\w+)\s+(?:check|unique|exclude|primary key|foreign key)",
                                source.read_text(), re.IGNORECASE))
    assert named and named - documented_codes() == set()


def test_every_code_the_api_answers_is_documented():
    codes = set(CODE_BY_STATUS.values()) | set(MESSAGE_BY_CONSTRAINT)
    for module in (ROOT / "api").glob("*/*.py"):
        text = module.read_text()
        codes |= set(re.findall(r'\bcode="(\w+)"', text))              # raise Conflict(..., code="...")
        codes |= set(re.findall(r'code = \d{3}, "(\w+)"', text))        # an error class's default
        codes |= set(re.findall(r'"code": "(\w+)"', text))              # a body written by hand
    errors_module = (ROOT / "api" / "core" / "errors.py").read_text()
    codes |= set(re.findall(r'"([a-z]+(?:_[a-z]+)+)"', errors_module))  # the handler's own words
    assert len(codes) > 40 and codes - documented_codes() == set()
