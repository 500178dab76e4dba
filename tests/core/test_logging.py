"""Log lines: timestamp, level, logger name and the request's id on each, for our loggers and
Sanic's; INFO of our own loggers is kept; every answer returns its request id in X-Request-ID."""
from __future__ import annotations

import contextlib
import io
import logging
import re
import uuid

import pytest

from api.core.logging import AccessFormatter, LogFormatter, RequestIdFilter, current_request_id, request_id_from
from sanic_app import create_app

LINE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (?P<level>[A-Z]+) (?P<name>[\w.]+) \[(?P<rid>[^\]]+)\] ")


def record(name="parkingspots.test", level=logging.INFO, message="hello", **extra) -> logging.LogRecord:
    made = logging.LogRecord(name, level, __file__, 1, message, None, None)
    made.__dict__.update(extra)
    return made


def test_a_line_has_timestamp_level_logger_and_request_id():
    token = current_request_id.set("req-42")
    try:
        line = LogFormatter().format(record(level=logging.WARNING))
    finally:
        current_request_id.reset(token)
    match = LINE.match(line)
    assert match and match["level"] == "WARNING" and match["name"] == "parkingspots.test" and match["rid"] == "req-42"
    assert line.endswith("] hello")
    assert LINE.match(LogFormatter().format(record()))["rid"] == "-"  # outside a request


def test_the_access_line_leaves_out_the_query_string():
    line = AccessFormatter().format(record("sanic.access", message="", host="127.0.0.1:5000", status=200,
                                           byte=12, duration=" 1.5ms",
                                           request="GET http://x/api/v1/admin/users?email=pat@example.com"))
    assert LINE.match(line)["name"] == "sanic.access"
    assert line.endswith("127.0.0.1:5000 GET http://x/api/v1/admin/users 200 12 1.5ms")
    assert "pat@example.com" not in line


def test_sanic_loggers_use_the_same_format(app):
    for name in ("sanic.root", "sanic.error", "sanic.server", "sanic.access", "parkingspots"):
        handlers = logging.getLogger(name).handlers
        assert handlers and all(isinstance(h.formatter, LogFormatter) for h in handlers), name
        assert all(any(isinstance(f, RequestIdFilter) for f in h.filters) for h in handlers), name
    assert isinstance(logging.getLogger("sanic.access").handlers[0].formatter, AccessFormatter)


def test_the_log_level_is_a_setting(settings):
    create_app(settings=settings.changed(log_level="warning"), name=f"parkingspots_{uuid.uuid4().hex[:8]}")
    assert logging.getLogger("parkingspots").level == logging.WARNING
    assert logging.getLogger("sanic.root").level == logging.WARNING
    create_app(settings=settings, name=f"parkingspots_{uuid.uuid4().hex[:8]}")
    assert logging.getLogger("parkingspots").level == logging.INFO


@contextlib.contextmanager
def written_lines(logger_name: str):
    """What the configured handler of `logger_name` writes, as lines."""
    handler = logging.getLogger(logger_name).handlers[0]
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    lines: list[str] = []
    try:
        yield lines
    finally:
        handler.setStream(previous)
        lines.extend(buffer.getvalue().splitlines())


RESET = "/api/v1/auth/password-reset/request"
QUEUED = "password reset mail queued"  # logged at INFO while the request is handled (production wording)


@pytest.fixture
async def prod_api(api_with):
    api = await api_with(environment="production", secret_key="s" * 40)
    api.user = await api.new_user()
    return api


async def reset(api, **headers):
    response = await api.call("post", RESET, json={"email": api.user.email}, headers=headers)
    assert response.status == 202
    return response


async def test_a_given_request_id_is_returned_and_on_the_lines_logged_meanwhile(prod_api, caplog):
    with written_lines("parkingspots") as lines:
        response = await reset(prod_api, **{"X-Request-ID": "abc-123"})
    assert response.headers["x-request-id"] == "abc-123"
    logged = [line for line in lines if QUEUED in line]
    assert len(logged) == 1, lines
    match = LINE.match(logged[0])
    assert (match["level"], match["name"], match["rid"]) == ("INFO", "parkingspots.accounts", "abc-123")
    # INFO of our loggers is kept, and pytest's caplog still receives the records
    assert [r.levelname for r in caplog.records if r.getMessage().startswith(QUEUED)] == ["INFO"]


async def test_without_a_request_id_one_is_made(prod_api):
    ids = set()
    for _ in range(2):
        with written_lines("parkingspots") as lines:
            response = await reset(prod_api)
        ids.add(response.headers["x-request-id"])
        assert re.fullmatch(r"[0-9a-f]{32}", response.headers["x-request-id"])
        assert LINE.match(next(line for line in lines if QUEUED in line))["rid"] == response.headers["x-request-id"]
    assert len(ids) == 2


@pytest.mark.parametrize("given", ["has spaces", "x" * 500, "", "naïve".encode(), "a/b", "semi;colon"])
async def test_an_insane_request_id_is_replaced(api, given):
    response = await api.call("get", "/health", headers={"X-Request-ID": given})
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["x-request-id"])


def test_a_request_id_with_a_line_break_is_replaced():
    # HTTP clients refuse to send one; the check must not rely on that.
    for given in ("abc\n2026-01-01T00:00:00.000Z ERROR forged", "abc\r", "abc\t", "abc-123\n"):
        assert re.fullmatch(r"[0-9a-f]{32}", request_id_from(given))
    assert request_id_from("abc-123") == "abc-123"


async def test_a_request_id_of_128_characters_is_kept(api):
    given = "A1._-" * 25 + "xyz"
    response = await api.call("get", "/health", headers={"X-Request-ID": given})
    assert response.headers["x-request-id"] == given


async def test_errors_return_the_request_id_too(api):
    for method, path in (("get", "/api/v1/nowhere"), ("delete", "/health"), ("get", "/api/v1/users/me"),
                         ("post", "/api/v1/auth/login")):
        response = await api.call(method, path, headers={"X-Request-ID": "err-7"})
        assert response.status >= 400 and response.headers["x-request-id"] == "err-7", (method, path)
