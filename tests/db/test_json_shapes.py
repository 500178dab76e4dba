"""The JSON shapes built in the database (user_out, spot_out, spot_item_out, booking_out,
payment_out): exactly their keys, uuids as strings, numbers as numbers, every time through
utc_iso(), which prints what the API's own encoder (orjson, OPT_UTC_Z) prints, whatever the
session's TimeZone."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import orjson
import pytest

from tests.db.conftest import HOUR, T0

USER_KEYS = {"id", "email", "full_name", "phone_number", "role", "is_active", "is_verified", "latitude",
             "longitude", "created_at", "updated_at"}
SPOT_KEYS = {"id", "owner_id", "title", "description", "spot_type", "vehicle_size", "address", "city", "state",
             "zip_code", "latitude", "longitude", "timezone", "hourly_rate", "daily_rate", "monthly_rate",
             "is_covered", "has_ev_charging", "has_security", "has_lighting", "is_handicap_accessible", "images",
             "is_active", "is_available", "operating_hours", "average_rating", "total_reviews", "total_bookings",
             "created_at", "updated_at"}
SPOT_ITEM_KEYS = {"id", "title", "address", "city", "state", "latitude", "longitude", "hourly_rate", "daily_rate",
                  "monthly_rate", "spot_type", "vehicle_size", "is_covered", "has_ev_charging", "is_available",
                  "average_rating", "total_reviews", "images", "distance_km"}
BOOKING_KEYS = {"id", "user_id", "parking_spot_id", "start_time", "end_time", "status", "subtotal", "service_fee",
                "total_amount", "owner_payout", "refund_amount", "payment_status", "payment_intent_id", "hold_expires_at",
                "amount_charged", "amount_refunded", "refund_owed", "dispute_status", "pending_extension", "vehicle_plate", "vehicle_make", "vehicle_model", "vehicle_color", "special_requests",
                "cancellation_reason", "cancelled_at", "checked_in_at", "checked_out_at", "created_at", "updated_at"}
PAYMENT_KEYS = {"id", "booking_id", "user_id", "amount", "currency", "status", "amount_refunded",
                "payment_intent_id", "application_fee_amount", "failure_message", "created_at", "updated_at"}
WITH_MICROSECONDS = datetime(2030, 1, 7, 9, 0, 5, 250, tzinfo=timezone.utc)
WITHOUT_MICROSECONDS = datetime(2030, 1, 7, 9, 0, 5, tzinfo=timezone.utc)


def orjson_text(moment: datetime) -> str:
    """What the API prints for that instant: asyncpg hands it timestamptz values in UTC."""
    return orjson.loads(orjson.dumps(moment.astimezone(timezone.utc), option=orjson.OPT_UTC_Z))


@pytest.fixture
async def far_from_utc(conn):
    """The session in a time zone far from UTC (and with a half-hour offset)."""
    await conn.execute("set timezone = 'Asia/Kolkata'")
    return conn


@pytest.mark.parametrize("moment", [
    WITHOUT_MICROSECONDS, WITH_MICROSECONDS,
    datetime(2030, 1, 7, 23, 59, 59, 999999, tzinfo=timezone(timedelta(hours=-8))),  # another day in UTC
    datetime(1999, 12, 31, 18, 30, 0, 100000, tzinfo=timezone(timedelta(hours=5, minutes=30))),
    datetime(2030, 6, 1, tzinfo=timezone.utc),
], ids=["whole second", "microseconds", "evening in Los Angeles", "tenths in Kolkata", "midnight"])
async def test_utc_iso_prints_what_orjson_prints(far_from_utc, moment):
    assert await far_from_utc.fetchval("select utc_iso($1)", moment) == orjson_text(moment)


async def test_utc_iso_examples_and_null(far_from_utc):
    assert await far_from_utc.fetchval("select utc_iso($1)", WITHOUT_MICROSECONDS) == "2030-01-07T09:00:05Z"
    assert await far_from_utc.fetchval("select utc_iso($1)", WITH_MICROSECONDS) == "2030-01-07T09:00:05.000250Z"
    assert await far_from_utc.fetchval("select utc_iso(null)") is None


@pytest.mark.parametrize("name", ["utc_iso", "user_out", "spot_out", "spot_item_out", "booking_out", "payment_out"])
async def test_shapes_are_stable_and_parallel_safe(conn, name):
    assert await conn.fetchval("select (provolatile, proparallel)::text from pg_proc where proname = $1", name) \
        == "(s,s)"


async def test_user_out(far_from_utc):
    user = await far_from_utc.fetchval(
        "insert into users (email, full_name, latitude, longitude, created_at, updated_at) "
        "values ('someone@example.com', 'Some One', 37.5, -122.25, $1, $2) returning user_out(users)",
        WITH_MICROSECONDS, WITHOUT_MICROSECONDS)
    assert set(user) == USER_KEYS
    assert (user["email"], user["full_name"], user["role"]) == ("someone@example.com", "Some One", "renter")
    assert (user["latitude"], user["longitude"], user["phone_number"]) == (37.5, -122.25, None)
    assert (user["is_active"], user["is_verified"]) == (True, False)
    assert (user["created_at"], user["updated_at"]) == ("2030-01-07T09:00:05.000250Z", "2030-01-07T09:00:05Z")
    assert await far_from_utc.fetchval("select id::text from users where email = 'someone@example.com'") == user["id"]


async def test_spot_out_shows_access_instructions_only_when_private(far_from_utc, world):
    conn = far_from_utc
    spot = await conn.fetchval(  # the world's spot again, created at a known time, with more filled in
        "insert into parking_spots (owner_id, title, spot_type, address, city, state, zip_code, latitude, longitude,"
        " timezone, hourly_rate, daily_rate, monthly_rate, access_instructions, average_rating, images, created_at)"
        " select owner_id, title, spot_type, address, city, state, zip_code, latitude, longitude, timezone,"
        " hourly_rate, daily_rate, monthly_rate, 'gate code 1234', 4.5, '{https://example.com/a.jpg}', $2"
        " from parking_spots where id = $1 returning id", world.spot, WITHOUT_MICROSECONDS)
    public = await conn.fetchval("select spot_out(s) from parking_spots s where id = $1", spot)
    private = await conn.fetchval("select spot_out(s, true) from parking_spots s where id = $1", spot)
    assert set(public) == SPOT_KEYS
    assert set(private) == SPOT_KEYS | {"access_instructions"}
    assert private["access_instructions"] == "gate code 1234"
    assert public["id"] == str(spot) and public["owner_id"] == str(world.owner)
    assert (public["hourly_rate"], public["daily_rate"], public["monthly_rate"]) == (500, 3000, 60000)
    assert public["average_rating"] == 4.5 and public["total_reviews"] == 0
    assert public["images"] == ["https://example.com/a.jpg"] and public["operating_hours"] is None
    assert public["created_at"] == "2030-01-07T09:00:05Z"
    assert (public["latitude"], public["timezone"], public["spot_type"]) == (37.7955, "America/Los_Angeles", "garage")


async def test_spot_item_out_carries_the_distance_in_km(conn, world):
    item = await conn.fetchval("select spot_item_out(s, 1234.5678) from parking_spots s where id = $1", world.spot)
    assert set(item) == SPOT_ITEM_KEYS
    assert item["distance_km"] == 1.235 and item["id"] == str(world.spot)
    by_city = await conn.fetchval("select spot_item_out(s, null) from parking_spots s where id = $1", world.spot)
    assert "distance_km" in by_city and by_city["distance_km"] is None


async def test_booking_out_leaves_out_the_access_code(far_from_utc, q, book, world):
    conn = far_from_utc
    booking = await book(0, 2, status="pending")
    await conn.execute("update bookings set checked_in_at = $2 where id = $1", booking["id"], WITH_MICROSECONDS)
    out = await conn.fetchval("select booking_out(b) from bookings b where id = $1", booking["id"])
    assert set(out) == BOOKING_KEYS
    assert (out["id"], out["user_id"], out["parking_spot_id"]) == (str(booking["id"]), str(world.renter),
                                                                   str(world.spot))
    assert (out["start_time"], out["end_time"]) == ("2030-01-07T09:00:00Z", "2030-01-07T11:00:00Z")
    assert out["checked_in_at"] == "2030-01-07T09:00:05.000250Z"
    assert out["hold_expires_at"] == orjson_text(booking["hold_expires_at"])
    assert out["payment_intent_id"] is None  # no payment yet
    assert out["created_at"] == orjson_text(booking["created_at"])
    assert (out["status"], out["subtotal"], out["service_fee"], out["total_amount"]) == ("pending", 1000, 150, 1150)
    assert out["cancelled_at"] is None and out["checked_out_at"] is None


async def test_payment_out(far_from_utc, book, world):
    conn = far_from_utc
    booking = await book(0, 2)
    payment = await conn.fetchval(
        "insert into payments (booking_id, user_id, amount, stripe_payment_intent_id, application_fee_amount, "
        "created_at) values ($1, $2, 1150, 'pi_123', 150, $3) returning payment_out(payments)",
        booking["id"], world.renter, WITHOUT_MICROSECONDS)
    assert set(payment) == PAYMENT_KEYS
    assert (payment["booking_id"], payment["user_id"]) == (str(booking["id"]), str(world.renter))
    assert (payment["amount"], payment["amount_refunded"], payment["application_fee_amount"]) == (1150, 0, 150)
    assert (payment["payment_intent_id"], payment["currency"], payment["status"]) == ("pi_123", "usd",
                                                                                      "requires_payment")
    assert payment["created_at"] == "2030-01-07T09:00:05Z" and payment["failure_message"] is None


async def test_times_do_not_depend_on_the_session_time_zone(conn, book):
    booking = await book(0, 2)
    shapes = []
    for zone in ("UTC", "America/Los_Angeles", "Asia/Kolkata"):
        await conn.execute(f"set timezone = '{zone}'")
        shapes.append(await conn.fetchval("select booking_out(b) from bookings b where id = $1", booking["id"]))
    assert shapes[0] == shapes[1] == shapes[2]
    assert shapes[0]["start_time"] == orjson_text(T0) and shapes[0]["end_time"] == orjson_text(T0 + 2 * HOUR)
