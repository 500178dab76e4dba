"""The real server (2 workers) for the WebSocket tests, and users made in SQL with access tokens
minted as the server would (it runs with these settings' SECRET_KEY)."""
from __future__ import annotations

import contextlib
import time
import uuid
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from api.accounts import tokens
from tests.server import running_server

WS_PATH = "/api/v1/ws"
STARTUP_SETTLE_SECONDS = 1.5


@pytest.fixture
def serve(database_url, redis_url, tmp_path, settings):
    """serve(**env): a context manager running the real server with 2 workers; yields .base (HTTP),
    .ws (the WebSocket URL), .port and .log."""
    @contextlib.contextmanager
    def start(**env):
        log = tmp_path / "server.log"
        values = {"SECRET_KEY": settings.secret_key, "ARGON2_TIME_COST": "1", "ARGON2_MEMORY_KIB": "1024",
                  **{key: str(value) for key, value in env.items()}}
        with running_server(database_url, redis_url, log, **values) as base:
            ready = time.monotonic()
            port = int(base.rsplit(":", 1)[1])
            try:
                yield SimpleNamespace(base=base, ws=f"ws://127.0.0.1:{port}{WS_PATH}", port=port, log=log)
            finally:
                # Sanic 25.12's manager can miss its workers' start-up acks when stopped within moments
                # of their start, and then waits 30 s for them: quick tests give it a moment.
                time.sleep(max(0.0, STARTUP_SETTLE_SECONDS - (time.monotonic() - ready)))
    return start


@pytest.fixture
def mint(settings):
    """mint(user_id, minutes=30, version=0, kind="access") -> a token as the server signs them."""
    def make(user_id, minutes: float = 30, version: int = 0, kind: str = "access") -> str:
        return tokens.encode(settings, user_id, kind, version, uuid.uuid4(), timedelta(minutes=minutes))
    return make


@pytest.fixture
def user(conn, q, mint):
    """user(role) -> .id (uuid), .token (a 30-minute access token)."""
    async def make(role: str = "renter") -> SimpleNamespace:
        user_id = await q.create_user(conn, email=f"{role}-{uuid.uuid4().hex[:8]}@example.com", role=role)
        return SimpleNamespace(id=user_id, token=mint(user_id))
    return make


@pytest.fixture
def spot(conn, q):
    """spot(owner) -> the id of a new spot of that owner (always open, 500 c/h)."""
    async def make(owner) -> uuid.UUID:
        return await q.create_spot(conn, owner_id=owner.id, hourly_rate=500, daily_rate=3000, monthly_rate=None,
                                   operating_hours=None)
    return make


@pytest.fixture
def past_booking(conn, q):
    """past_booking(renter, spot_id) -> a booking that ended yesterday, completed (reviewable)."""
    async def make(renter, spot_id) -> dict:
        start = (datetime.now(UTC) - timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
        async with conn.transaction():
            await q.allow_past_bookings(conn)
            booking = await q.create_booking(conn, user_id=renter.id, spot_id=spot_id, start_time=start,
                                             end_time=start + timedelta(hours=2), status="confirmed")
        for status in ("in_progress", "completed"):
            booking = await q.set_booking_status(conn, booking_id=booking["id"], status=status)
        return booking
    return make


def next_slot(days: float = 2) -> datetime:
    """A 15-minute boundary `days` from now."""
    moment = datetime.now(UTC) + timedelta(days=days)
    return moment.replace(minute=0, second=0, microsecond=0)


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")
