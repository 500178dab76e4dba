"""Liveness, readiness, and the real server started by the worker manager."""
from __future__ import annotations

import httpx

from scripts.local_services import free_port
from tests.server import running_server


async def test_liveness(client):
    _, response = await client.get("/health")
    assert response.status == 200
    assert response.json == {"status": "ok"}


async def test_readiness_when_everything_answers(client):
    _, response = await client.get("/health/ready")
    assert response.status == 200
    assert response.json == {"status": "ready", "postgres": "ok", "redis": "ok"}


async def test_readiness_names_what_is_down(client_with):
    client = await client_with(redis_url=f"redis://127.0.0.1:{free_port()}/0")
    _, response = await client.get("/health/ready")
    assert response.status == 503
    assert response.json == {"detail": "not ready: redis unreachable", "code": "not_ready", "postgres": "ok",
                             "redis": "unreachable"}


def test_real_server_with_two_workers_serves_docs_and_readiness(database_url, redis_url, tmp_path):
    with running_server(database_url, redis_url, tmp_path / "server.log") as base:
        assert httpx.get(f"{base}/health/ready").status_code == 200
        assert "swagger" in httpx.get(f"{base}/docs").text.lower()
        spec = httpx.get(f"{base}/docs/openapi.json").json()
        assert {"/health", "/health/ready"} <= set(spec["paths"])

