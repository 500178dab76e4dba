"""The one error shape, {"detail": "..."}, and the one SQLSTATE -> HTTP status table.

Domain errors raised by the database carry SQLSTATE class PS whose code is the HTTP status
(PS403, PS404, PS409, PS422) and a CONSTRAINT naming the rule; their message is written for users.
Standard constraint errors map by SQLSTATE, with a friendly message per constraint name where
one is known. A database error never becomes a 500 unless it is a real fault.
"""
from __future__ import annotations

import logging

import asyncpg
import stripe
from sanic import Sanic
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse, json
from sanic_ext.exceptions import ValidationError

log = logging.getLogger("parkingspots.errors")

# SQLSTATE -> HTTP status. Documented in docs/errors.md (a test keeps the two in step).
STATUS_BY_SQLSTATE = {
    "23P01": 409,  # exclusion_violation: double booking
    "23505": 409,  # unique_violation: duplicate email, second review of a booking...
    "23503": 404,  # foreign_key_violation on insert/update: the referenced row does not exist
    "23514": 422,  # check_violation: a value outside its allowed range
    "23502": 422,  # not_null_violation: a required value is missing
    "22000": 400,  # data_exception: also asyncpg refusing to encode a parameter (a malformed uuid)
    "22P02": 400,  # invalid_text_representation: malformed uuid, enum value...
    "22007": 400,  # invalid_datetime_format
    "22008": 400,  # datetime_field_overflow
    "22003": 400,  # numeric_value_out_of_range
    "22023": 400,  # invalid_parameter_value
    "40001": 503,  # serialization_failure (after the retry)
    "40P01": 503,  # deadlock_detected (after the retry)
    "PS403": 403,  # our rules: not allowed
    "PS404": 404,  # our rules: not found
    "PS409": 409,  # our rules: conflicts with the current state
    "PS422": 422,  # our rules: invalid value
}

# Messages for standard constraint errors whose server text is not meant for users.
MESSAGE_BY_CONSTRAINT = {
    "bookings_no_overlap": "the parking spot is already booked for part of that time",
    "users_email_key": "an account with this email already exists",
    "users_email_format": "email: not a valid email address",
    "reviews_one_per_booking": "this booking has already been reviewed",
    "payments_one_per_booking": "this booking already has a payment",
    "review_helpful_votes_pkey": "you have already voted on this review",
    "parking_spots_latitude_range": "latitude: must be between -90 and 90",
    "parking_spots_longitude_range": "longitude: must be between -180 and 180",
    "parking_spots_timezone_valid": "timezone: not a known time zone name",
    "parking_spots_operating_hours_valid": "operating_hours: not a valid weekly schedule",
    "parking_spots_hourly_rate_positive": "hourly_rate: must be a positive number of cents",
    "parking_spots_daily_rate_positive": "daily_rate: must be a positive number of cents",
    "parking_spots_monthly_rate_positive": "monthly_rate: must be a positive number of cents",
    "users_location_pair": "latitude and longitude: give both or neither",
    "bookings_time_order": "end_time must be after start_time",
    "spot_blackouts_time_order": "ends_at must be after starts_at",
}


def database_error(exc: asyncpg.PostgresError) -> tuple[int, str]:
    """HTTP status and user-facing detail for a database error."""
    sqlstate = getattr(exc, "sqlstate", None) or ""
    constraint = getattr(exc, "constraint_name", None)
    status = STATUS_BY_SQLSTATE.get(sqlstate, 500)
    if sqlstate.startswith("PS"):
        return status, exc.args[0] if exc.args else "request refused"
    if sqlstate == "23503":
        detail_text = getattr(exc, "detail", "") or ""
        if "is still referenced" in detail_text:
            return 409, "this record is still in use and cannot be removed"
        table = getattr(exc, "table_name", None) or "record"
        return 404, MESSAGE_BY_CONSTRAINT.get(constraint, f"a referenced {table.rstrip('s').replace('_', ' ')} was not found")
    if sqlstate in ("40001", "40P01"):
        return 503, "the database is busy; please retry"
    if status == 500:
        return 500, "internal server error"
    if constraint in MESSAGE_BY_CONSTRAINT:
        return status, MESSAGE_BY_CONSTRAINT[constraint]
    if sqlstate == "23502":
        return status, f"{getattr(exc, 'column_name', 'a field')}: is required"
    if constraint:
        return status, f"the request breaks the rule {constraint}"
    return status, "invalid value" if status == 400 else "request refused"


def error_response(status: int, detail: str, headers: dict | None = None) -> HTTPResponse:
    return json({"detail": detail}, status=status, headers=headers)


async def handle_exception(request: Request, exc: Exception) -> HTTPResponse:
    if isinstance(exc, asyncpg.PostgresError):
        status, detail = database_error(exc)
        if status >= 500:
            log.error("database error on %s %s: %s", request.method, request.path, type(exc).__name__,
                      exc_info=status == 500)
        return error_response(status, detail)
    if isinstance(exc, stripe.CardError):
        return error_response(402, exc.user_message or "the card was declined")
    if isinstance(exc, stripe.StripeError):
        log.error("Stripe error on %s %s: %s", request.method, request.path, type(exc).__name__)
        return error_response(502, "the payment provider could not complete the request; please retry")
    if isinstance(exc, ValidationError):
        return error_response(422, str(exc.message or "invalid request"))
    if isinstance(exc, SanicException):
        headers = dict(exc.headers or {}) if getattr(exc, "headers", None) else None
        return error_response(exc.status_code, str(exc.message), headers)
    log.exception("unhandled error on %s %s", request.method, request.path)
    return error_response(500, "internal server error")


def setup_errors(app: Sanic) -> None:
    app.error_handler.add(Exception, handle_exception)
