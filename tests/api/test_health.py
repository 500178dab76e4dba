"""Liveness, readiness, and the real server started by the worker manager."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from dataclasses import replace
from pathlib import Path

import httpx
from sanic import Sanic

from sanic_app import create_app
from scripts.local_services import free_port

ROOT = Path(__file__).resolve().parents[2]


async def test_liveness(client):
    _, response = await client.get("/health")
    assert response.status == 200
    assert response.json == {"status": "ok"}


async def test_readiness_when_everything_answers(client):
    _, response = await client.get("/health/ready")
    assert response.status == 200
    assert response.json == {"status": "ready", "postgres": "ok", "redis": "ok"}


async def test_readiness_names_what_is_down(settings, start_client):
    Sanic.test_mode = True
    dead_redis = replace(settings, redis_url=f"redis://127.0.0.1:{free_port()}/0")
    client = await start_client(create_app(settings=dead_redis, name=f"ps_{uuid.uuid4().hex[:8]}"))
    _, response = await client.get("/health/ready")
    assert response.status == 503
    assert response.json == {"detail": "not ready: redis unreachable", "postgres": "ok", "redis": "unreachable"}


def test_real_server_with_two_workers_serves_docs_and_readiness(database_url, redis_url, tmp_path):
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url}
    sanic = str(Path(sys.executable).with_name("sanic"))
    log_path = tmp_path / "server.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen([sanic, "sanic_app:create_app", "--factory", "--port", str(port), "--workers", "2"],
                                  cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        # Sanic 25.12 can hang if stopped while a worker is still starting: wait for both.
        deadline = time.monotonic() + 30
        while log_path.read_text().count("Worker ready") < 2:
            assert server.poll() is None and time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.1)
        base = f"http://127.0.0.1:{port}"
        assert httpx.get(f"{base}/health/ready").status_code == 200
        assert "swagger" in httpx.get(f"{base}/docs").text.lower()
        spec = httpx.get(f"{base}/docs/openapi.json").json()
        assert {"/health", "/health/ready"} <= set(spec["paths"])
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            raise
