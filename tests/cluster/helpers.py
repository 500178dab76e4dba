"""Users, spots and bookings made through HAProxy with plain httpx, as a client of the cluster would."""
from __future__ import annotations

import itertools
import random
import uuid
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import httpx

PASSWORD = "correct-horse-battery"
GRID = timedelta(minutes=15)
_serial = itertools.count(1)


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {user.access}"}


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def next_slot(after: timedelta = timedelta(0)) -> datetime:
    """The first 15-minute boundary at least `after` from now (within 15 minutes: check-in is open)."""
    moment = datetime.now(timezone.utc) + after
    return moment - (moment - datetime(2000, 1, 1, tzinfo=timezone.utc)) % GRID + GRID


async def new_user(http: httpx.AsyncClient, role: str = "renter") -> SimpleNamespace:
    """Registered, then logged in (the two calls may reach different API nodes)."""
    email = f"{role}-{uuid.uuid4().hex[:12]}-{next(_serial)}@example.com"
    registered = await http.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD,
                                                                "full_name": "Pat Example", "role": role})
    assert registered.status_code == 201, registered.text
    login = await http.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert login.status_code == 200, login.text
    return SimpleNamespace(id=registered.json()["id"], email=email, access=login.json()["access_token"])


def somewhere() -> tuple[float, float]:
    """A point of the San Francisco bay area no other test's spot is near (a 1 km search finds only its own)."""
    return 37.45 + random.random() * 0.5, -122.45 + random.random() * 0.5


async def new_spot(http: httpx.AsyncClient, owner, latitude: float, longitude: float) -> dict:
    body = {"title": "Covered spot", "spot_type": "garage", "address": "1 Market Street", "city": "San Francisco",
            "state": "CA", "zip_code": "94105", "latitude": latitude, "longitude": longitude,
            "hourly_rate": 500, "daily_rate": 3000}
    response = await http.post("/api/v1/parking-spots", json=body, headers=bearer(owner))
    assert response.status_code == 201, response.text
    return response.json()


async def book(http: httpx.AsyncClient, renter, spot: dict, start: datetime, hours: float = 2) -> httpx.Response:
    body = {"parking_spot_id": spot["id"], "start_time": iso(start), "end_time": iso(start + timedelta(hours=hours))}
    return await http.post("/api/v1/bookings", json=body, headers=bearer(renter))
