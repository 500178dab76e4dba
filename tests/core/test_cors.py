"""Browsers may call the API from the allowed origins only: the Expo web dev server by default
outside production, none in production unless CORS_ORIGINS names them, any with CORS_ORIGINS=*."""
from __future__ import annotations

import pytest

from api.core.settings import DEV_ORIGINS, ConfigError, Settings

APP = "http://localhost:8081"
EVIL = "https://evil.example"
PREFLIGHT = {"Access-Control-Request-Method": "POST",
             "Access-Control-Request-Headers": "authorization, content-type, idempotency-key, x-request-id"}
EXPOSED = {"x-total-count", "x-cache", "x-request-id", "retry-after", "idempotent-replayed"}


def header_set(response, name: str) -> set[str]:
    return {part.strip().lower() for part in response.headers.get(name, "").split(",") if part.strip()}


async def test_an_allowed_origin_passes_the_preflight(api):
    response = await api.call("options", "/api/v1/bookings", headers={"Origin": APP, **PREFLIGHT})
    assert response.status == 204
    assert response.headers["access-control-allow-origin"] == APP
    assert {"post", "get"} <= header_set(response, "access-control-allow-methods")
    assert header_set(response, "access-control-allow-headers") == {
        "authorization", "content-type", "idempotency-key", "x-request-id"}
    assert int(response.headers["access-control-max-age"]) > 0
    assert "origin" in header_set(response, "vary")
    assert "access-control-allow-credentials" not in response.headers


async def test_an_allowed_origin_reads_answers_and_errors(api):
    user = await api.new_user()
    for path, token, status in (("/api/v1/bookings", user.access, 200), ("/api/v1/bookings", None, 401),
                                ("/api/v1/nowhere", None, 404)):
        response = await api.call("get", path, token, headers={"Origin": APP})
        assert response.status == status
        assert response.headers["access-control-allow-origin"] == APP
        assert "origin" in header_set(response, "vary")
        assert header_set(response, "access-control-expose-headers") == EXPOSED
        assert "access-control-allow-credentials" not in response.headers


async def test_every_default_dev_origin_is_allowed(api):
    assert DEV_ORIGINS == {"http://localhost:8081", "http://localhost:19006", "http://127.0.0.1:8081",
                           "http://127.0.0.1:19006"}
    for origin in DEV_ORIGINS:
        response = await api.call("get", "/health", headers={"Origin": origin})
        assert response.headers["access-control-allow-origin"] == origin


async def test_another_origin_gets_no_cors_header(api):
    response = await api.call("get", "/health", headers={"Origin": EVIL})
    assert response.status == 200 and "access-control-allow-origin" not in response.headers
    assert "origin" in header_set(response, "vary")  # a cache must not give this answer to the app
    preflight = await api.call("options", "/api/v1/bookings", headers={"Origin": EVIL, **PREFLIGHT})
    assert not any(name.startswith("access-control-") for name in preflight.headers)
    same_origin = await api.call("get", "/health")
    assert "access-control-allow-origin" not in same_origin.headers and "origin" in header_set(same_origin, "vary")


async def test_production_refuses_cross_origin_by_default(api_with):
    api = await api_with(environment="production", secret_key="s" * 40)
    for origin in DEV_ORIGINS:
        response = await api.call("get", "/health", headers={"Origin": origin})
        assert not any(name.startswith("access-control-") for name in response.headers)
        preflight = await api.call("options", "/api/v1/bookings", headers={"Origin": origin, **PREFLIGHT})
        assert "access-control-allow-origin" not in preflight.headers


async def test_production_admits_the_configured_origins(api_with):
    api = await api_with(environment="production", secret_key="s" * 40,
                         cors_origins="https://app.parkingspots.dev, https://admin.parkingspots.dev")
    admitted = await api.call("get", "/health", headers={"Origin": "https://app.parkingspots.dev"})
    assert admitted.headers["access-control-allow-origin"] == "https://app.parkingspots.dev"
    refused = await api.call("get", "/health", headers={"Origin": APP})
    assert "access-control-allow-origin" not in refused.headers


async def test_a_star_admits_any_origin_without_credentials(api_with):
    api = await api_with(cors_origins="*")
    response = await api.call("get", "/health", headers={"Origin": EVIL})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in response.headers
    preflight = await api.call("options", "/api/v1/bookings", headers={"Origin": EVIL, **PREFLIGHT})
    assert preflight.status == 204 and preflight.headers["access-control-allow-origin"] == "*"


def test_cors_origins_come_from_the_environment():
    db = {"DATABASE_URL": "postgresql://postgres@127.0.0.1:1/none"}
    assert Settings.from_env({**db, "CORS_ORIGINS": "https://a.example, http://localhost:3000"}).allowed_origins == {
        "https://a.example", "http://localhost:3000"}
    assert Settings.from_env({**db, "CORS_ORIGINS": ""}).allowed_origins == DEV_ORIGINS  # empty: the default
    production = {**db, "ENVIRONMENT": "production", "SECRET_KEY": "s" * 40}
    assert Settings.from_env(production).allowed_origins == frozenset()
    assert Settings.from_env({**production, "CORS_ORIGINS": "*"}).allowed_origins == {"*"}


@pytest.mark.parametrize("value", ["*, https://a.example", "https://a.example/app", "a.example", "ftp://a.example"])
def test_a_malformed_origin_is_refused(value):
    with pytest.raises(ConfigError, match="CORS_ORIGINS"):
        Settings.from_env({"DATABASE_URL": "postgresql://postgres@127.0.0.1:1/none", "CORS_ORIGINS": value})
