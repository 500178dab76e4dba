"""Every error class of the API, the one SQLSTATE -> HTTP table, and the one error shape:

    {"detail": "what went wrong, for a person", "code": "a stable word for programs"}

`code` is the name of the rule that refused the request — a database constraint or a rule raised by
our triggers (`bookings_no_overlap`, `booking_blackout_overlap`) — or a fixed word (`validation`,
`not_authenticated`, ...). docs/errors.md lists them all (a test keeps it complete).

Domain errors raised by the database carry SQLSTATE class PS whose code is the HTTP status
(PS403, PS404, PS409, PS422) and a CONSTRAINT naming the rule; their message is written for users.
A database error never becomes a 500 unless it is a real fault.
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


class ApiError(SanicException):
    """An answer other than success, with its status and code. Raise a subclass:
    `raise Conflict("the booking has started", code="booking_not_editable")`."""
    status_code = 500
    code = "internal_error"
    quiet = True

    def __init__(self, detail: str, *, code: str | None = None, headers: dict | None = None):
        super().__init__(detail, headers=headers)
        if code is not None:
            self.code = code


class BadRequest(ApiError):
    status_code, code = 400, "bad_request"


class NotAuthenticated(ApiError):
    status_code, code = 401, "not_authenticated"

    def __init__(self, detail: str = "not authenticated", *, code: str | None = None):
        super().__init__(detail, code=code, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(ApiError):
    status_code, code = 403, "forbidden"


class NotFound(ApiError):
    status_code, code = 404, "not_found"


class Conflict(ApiError):
    status_code, code = 409, "conflict"


class Unprocessable(ApiError):
    status_code, code = 422, "validation"


class TooManyRequests(ApiError):
    status_code, code = 429, "rate_limited"


class Unavailable(ApiError):
    status_code, code = 503, "unavailable"


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
    "40001": 503,  # serialization_failure: the client may retry (Retry-After)
    "40P01": 503,  # deadlock_detected: the client may retry (Retry-After)
    "08000": 503,  # connection_exception: the database went away (a restart); retry
    "08003": 503,  # connection_does_not_exist: a pooled connection the server closed
    "08006": 503,  # connection_failure
    "57P01": 503,  # admin_shutdown: the server is shutting down or restarting
    "57P02": 503,  # crash_shutdown
    "57P03": 503,  # cannot_connect_now: the server is starting
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

# The fixed word of an HTTP status, for errors that name no rule (Sanic's own 404/405 among them).
CODE_BY_STATUS = {
    400: "bad_request", 401: "not_authenticated", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    408: "request_timeout", 409: "conflict", 413: "payload_too_large", 422: "validation", 429: "rate_limited",
    500: "internal_error", 503: "unavailable",
}


def database_error(exc: asyncpg.PostgresError) -> tuple[int, str, str]:
    """HTTP status, user-facing detail and code for a database error."""
    sqlstate = exc.sqlstate or ""
    constraint = exc.constraint_name
    status = STATUS_BY_SQLSTATE.get(sqlstate, 500)
    code = constraint or CODE_BY_STATUS[status]
    if sqlstate.startswith("PS"):
        return status, exc.args[0] if exc.args else "request refused", code
    if sqlstate == "23503":
        if "is still referenced" in (exc.detail or ""):
            return 409, "this record is still in use and cannot be removed", code
        table = exc.table_name or "record"
        return 404, MESSAGE_BY_CONSTRAINT.get(
            constraint, f"a referenced {table.rstrip('s').replace('_', ' ')} was not found"), code
    if sqlstate in ("40001", "40P01"):
        return 503, "the database is busy; please retry", "database_busy"
    if status == 503:
        return 503, DATABASE_UNAVAILABLE, "database_unavailable"
    if status == 500:
        return 500, "internal server error", "internal_error"
    if constraint in MESSAGE_BY_CONSTRAINT:
        return status, MESSAGE_BY_CONSTRAINT[constraint], code
    if sqlstate == "23502":
        return status, f"{exc.column_name or 'a field'}: is required", code
    if constraint:
        return status, f"the request breaks the rule {constraint}", code
    return status, "invalid value" if status == 400 else "request refused", \
        "invalid_value" if status == 400 else code


DATABASE_UNAVAILABLE = "the database is unavailable right now; please retry"
RETRY_SOON = {"Retry-After": "1"}
# The pool's connection to PostgreSQL is gone (a restart ended it, or the server cannot be reached);
# asyncpg reports a connection the server killed mid-request as InternalClientError.
CONNECTION_LOST = (asyncpg.InterfaceError, asyncpg.InternalClientError, ConnectionError)


def error_response(status: int, detail: str, code: str, headers: dict | None = None) -> HTTPResponse:
    return json({"detail": detail, "code": code}, status=status, headers=headers)


async def handle_exception(request: Request, exc: Exception) -> HTTPResponse:
    if isinstance(exc, asyncpg.PostgresError):
        status, detail, code = database_error(exc)
        if status >= 500:
            log.error("database error on %s %s: %s", request.method, request.path, type(exc).__name__,
                      exc_info=status == 500)
        return error_response(status, detail, code, RETRY_SOON if status == 503 else None)
    if isinstance(exc, CONNECTION_LOST):
        log.warning("database unavailable on %s %s: %s", request.method, request.path, type(exc).__name__)
        return error_response(503, DATABASE_UNAVAILABLE, "database_unavailable", RETRY_SOON)
    if isinstance(exc, stripe.CardError):
        return error_response(402, exc.user_message or "the card was declined", "card_declined")
    if isinstance(exc, stripe.StripeError):
        log.error("Stripe error on %s %s: %s", request.method, request.path, type(exc).__name__)
        return error_response(502, "the payment provider could not complete the request; please retry",
                              "payment_provider_error")
    if isinstance(exc, ValidationError):
        return error_response(422, str(exc.message or "invalid request"), "validation")
    if isinstance(exc, SanicException):
        headers = dict(exc.headers) if getattr(exc, "headers", None) else None
        code = exc.code if isinstance(exc, ApiError) else CODE_BY_STATUS.get(exc.status_code, "error")
        return error_response(exc.status_code, str(exc.message), code, headers)
    log.exception("unhandled error on %s %s", request.method, request.path)
    return error_response(500, "internal server error", "internal_error")


def setup_errors(app: Sanic) -> None:
    app.error_handler.add(Exception, handle_exception)
