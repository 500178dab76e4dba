"""PostgreSQL restarted under load (the real server, 2 workers, 16 concurrent clients): no answer is a
500; while the database is down, answers are 503 with Retry-After; reads that lost their connection
are retried once (api/core/retry.py); once it is back, everything answers again. Prints the figures
(docs/benchmarks.md). Slow: `make test-slow`."""
from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections import Counter

import httpx
import pytest

from scripts import local_services
from tests.api_client import FERRY_BUILDING, PASSWORD
from tests.conftest import clone_template, drop_database
from tests.server import running_server

pytestmark = pytest.mark.slow
CLIENTS, SECONDS, RESTART_AT = 16, 12, 4


async def _setup(http: httpx.AsyncClient) -> tuple[dict, str]:
    email = f"load-{uuid.uuid4().hex[:8]}@example.com"
    await http.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD, "full_name": "Load",
                                                   "role": "owner"})
    token = (await http.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    spot = await http.post("/api/v1/parking-spots", headers=headers, json={
        "title": "Load spot", "spot_type": "garage", "address": "1 Load St", "city": "San Francisco", "state": "CA",
        "zip_code": "94111", "latitude": FERRY_BUILDING[0], "longitude": FERRY_BUILDING[1], "hourly_rate": 500})
    return headers, spot.json()["id"]


async def _client(http: httpx.AsyncClient, headers: dict, deadline: float, seen: Counter, last: list) -> None:
    while time.monotonic() < deadline:
        kind = random.choice(("search", "me", "quote"))
        try:
            if kind == "search":  # a new radius each time: a cache miss, so PostgreSQL answers
                response = await http.get("/api/v1/parking-spots", params={
                    "latitude": FERRY_BUILDING[0], "longitude": FERRY_BUILDING[1], "radius_km": random.uniform(1, 40)})
            elif kind == "me":
                response = await http.get("/api/v1/users/me", headers=headers)
            else:
                response = await http.post("/api/v1/bookings/calculate-price", json={
                    "parking_spot_id": last[0], "start_time": "2030-05-02T09:00:00Z", "end_time": "2030-05-02T12:00:00Z"})
        except httpx.HTTPError as exc:
            seen[f"{kind} {type(exc).__name__}"] += 1
            continue
        seen[f"{kind} {response.status_code}"] += 1
        if response.status_code == 503:
            assert response.headers["retry-after"] == "1" and response.json()["code"] in (
                "database_unavailable", "database_busy"), response.text
        if time.monotonic() > deadline - 1:
            last.append(response.status_code)


async def test_restarting_postgresql_under_load_never_answers_500(test_services, tmp_path):
    name = f"restart_{uuid.uuid4().hex[:12]}"
    url = clone_template(test_services, name)
    pg_dir = test_services.pg_log.parent
    seen: Counter = Counter()
    try:
        with running_server(url, test_services.redis_url, tmp_path / "server.log", SECRET_KEY="r" * 40,
                            ARGON2_TIME_COST="1", ARGON2_MEMORY_KIB="1024") as base:
            async with httpx.AsyncClient(base_url=base, timeout=10) as http:
                headers, spot_id = await _setup(http)
                last: list = [spot_id]
                deadline = time.monotonic() + SECONDS

                async def restart():
                    await asyncio.sleep(RESTART_AT)
                    started = time.monotonic()
                    await asyncio.to_thread(local_services.stop_postgres, pg_dir)
                    await asyncio.to_thread(local_services.start_postgres, pg_dir, test_services.pg_port)
                    seen["restart ms"] = round((time.monotonic() - started) * 1000)

                await asyncio.gather(restart(), *(_client(http, headers, deadline, seen, last)
                                                  for _ in range(CLIENTS)))
        print(f"\nPostgreSQL restart under load ({CLIENTS} clients, {SECONDS} s): {dict(sorted(seen.items()))}")
        assert not [key for key in seen if key.endswith(" 500")], seen
        assert set(last[1:]) == {200}, "answers in the last second were not all 200 after the restart"
    finally:
        drop_database(test_services, name)
