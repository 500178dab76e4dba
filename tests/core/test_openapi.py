"""The OpenAPI document at /docs/openapi.json lists every endpoint, its body schema and its auth."""
from __future__ import annotations

import re

BODY_REQUIRED = {
    ("post", "/api/v1/auth/register"), ("post", "/api/v1/auth/login"), ("post", "/api/v1/auth/refresh"),
    ("post", "/api/v1/auth/logout"), ("post", "/api/v1/auth/password-reset/request"),
    ("post", "/api/v1/auth/password-reset/confirm"), ("post", "/api/v1/auth/oauth/{provider}"),
    ("patch", "/api/v1/users/me"), ("post", "/api/v1/users/me/password"), ("patch", "/api/v1/admin/users/{user_id}"),
    ("post", "/api/v1/parking-spots"), ("patch", "/api/v1/parking-spots/{spot_id}"),
    ("patch", "/api/v1/parking-spots/{spot_id}/availability"), ("post", "/api/v1/parking-spots/{spot_id}/blackouts"),
    ("post", "/api/v1/parking-spots/{spot_id}/deactivate"),
    ("post", "/api/v1/bookings/calculate-price"), ("post", "/api/v1/bookings"), ("patch", "/api/v1/bookings/{booking_id}"),
    ("post", "/api/v1/bookings/{booking_id}/cancel"), ("post", "/api/v1/bookings/{booking_id}/extend"),
    ("post", "/api/v1/payments/intent"), ("post", "/api/v1/payments/confirm"),
    ("post", "/api/v1/payments/{payment_id}/refund"),
}
PUBLIC = {("get", "/health"), ("get", "/health/ready"), ("get", "/metrics"), ("get", "/api/v1/users/{user_id}"),
          ("get", "/api/v1/parking-spots"), ("get", "/api/v1/parking-spots/in-bounds"),
          ("get", "/api/v1/parking-spots/{spot_id}"), ("get", "/api/v1/parking-spots/{spot_id}/availability"),
          ("post", "/api/v1/bookings/calculate-price"), ("post", "/api/v1/payments/webhook")} | {
    key for key in BODY_REQUIRED if key[1].startswith("/api/v1/auth/")}


def routes(app) -> set[tuple[str, str]]:
    found = set()
    for route in app.router.routes:
        path = "/" + re.sub(r"<(\w+)(:[^>]*)?>", r"{\1}", route.path).rstrip("/")
        if path.startswith("/docs"):
            continue
        found |= {(method.lower(), path) for method in route.methods if method not in ("HEAD", "OPTIONS")}
    return found


async def test_every_endpoint_is_documented_with_its_body_and_auth(app, client):
    _, response = await client.get("/docs/openapi.json")
    spec = response.json
    documented = {(method, path.rstrip("/") or "/") for path, item in spec["paths"].items() for method in item}
    expected = routes(app)
    assert expected <= documented, f"undocumented: {sorted(expected - documented)}"
    assert BODY_REQUIRED <= expected
    for method, path in BODY_REQUIRED:
        body = spec["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
        assert body.get("properties"), f"{method} {path} has no body schema"
    for method, path in expected - PUBLIC:
        assert spec["paths"][path][method].get("security") == [{"bearer": []}], f"{method} {path} not secured"
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
