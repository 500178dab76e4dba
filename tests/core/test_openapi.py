"""The OpenAPI document at /docs/openapi.json: valid OpenAPI 3.1, every endpoint with its body schema,
its auth, its typed parameters, its success answer and the errors it can give. (Every answer the other
tests receive is checked against it: tests/openapi_conformance.py.)"""
from __future__ import annotations

import re

from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

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
    ("post", "/api/v1/reviews"), ("patch", "/api/v1/reviews/{review_id}"),
    ("post", "/api/v1/reviews/{review_id}/response"), ("post", "/api/v1/reviews/{review_id}/hide"),
}
PUBLIC = {("get", "/health"), ("get", "/api/v1/config"), ("get", "/health/ready"), ("get", "/metrics"), ("get", "/api/v1/users/{user_id}"),
          ("get", "/api/v1/parking-spots"), ("get", "/api/v1/parking-spots/in-bounds"),
          ("get", "/api/v1/parking-spots/{spot_id}"), ("get", "/api/v1/parking-spots/{spot_id}/availability"),
          ("post", "/api/v1/bookings/calculate-price"), ("post", "/api/v1/payments/webhook"),
          ("get", "/api/v1/parking-spots/{spot_id}/reviews"), ("get", "/api/v1/parking-spots/{spot_id}/reviews/summary"),
          ("get", "/api/v1/reviews/{review_id}"), ("get", "/api/v1/tiles/{z}/{x}/{y}.mvt")} | {
    key for key in BODY_REQUIRED if key[1].startswith("/api/v1/auth/")}


def routes(app) -> set[tuple[str, str]]:
    found = set()
    for route in app.router.routes:
        path = re.sub(r"<(\w+):ext=(\w+)>", r"{\1}.\2", route.path)  # <y:ext=mvt> -> {y}.mvt
        path = "/" + re.sub(r"<(\w+)(:[^>]*)?>", r"{\1}", path).rstrip("/")
        if path.startswith("/docs") or route.extra.websocket:  # described in its tag (tests/realtime/test_docs.py)
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
        model = spec["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
        assert model.get("properties"), f"{method} {path} has no body schema"
    for method, path in expected - PUBLIC:
        assert spec["paths"][path][method].get("security") == [{"bearer": []}], f"{method} {path} not secured"
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"


async def test_the_document_is_valid_openapi_3_1(client):
    _, response = await client.get("/docs/openapi.json")
    assert response.status == 200 and response.json["openapi"] == "3.1.0"
    validate(response.json)  # openapi-spec-validator: raises on any error


async def test_every_operation_documents_its_answers_with_named_schemas(client):
    _, response = await client.get("/docs/openapi.json")
    spec = response.json
    schemas = spec["components"]["schemas"]
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            name = f"{method} {path}"
            assert operation["summary"] and operation["operationId"], name
            success = [code for code in operation["responses"] if code.startswith("2")]
            assert len(success) == 1, name
            answer = operation["responses"][success[0]]
            if success[0] == "204":
                assert "content" not in answer, name
                continue
            if "text/plain" in answer["content"]:  # /metrics: Prometheus text format
                text = schemas[answer["content"]["text/plain"]["schema"]["$ref"].rsplit("/", 1)[1]]
                assert text["type"] == "string" and text["examples"] and "version=0.0.4" in answer["description"], name
            elif "application/vnd.mapbox-vector-tile" in answer["content"]:  # map tiles: binary
                tile = answer["content"]["application/vnd.mapbox-vector-tile"]["schema"]
                tile = schemas[tile["$ref"].rsplit("/", 1)[1]] if "$ref" in tile else tile
                assert tile.get("format") == "binary" and tile.get("contentMediaType"), name
            else:
                schema = answer["content"]["application/json"]["schema"]
                ref = schema.get("$ref") or schema["items"]["$ref"]
                model = schemas[ref.rsplit("/", 1)[1]]
                assert model["properties"] and model["additionalProperties"] is False, name
                assert model.get("examples") or schema.get("items"), f"{name}: no example"
            for code, error in operation["responses"].items():
                if code >= "400":
                    assert error["content"]["application/json"]["schema"]["$ref"], f"{name} {code}"
            assert "503" in operation["responses"] or path == "/health", name
            if "requestBody" in operation:
                assert {"400", "422"} <= operation["responses"].keys(), name
            if operation.get("security") == [{"bearer": []}]:
                assert "401" in operation["responses"], name


async def test_parameters_are_typed_and_headers_documented(client):
    _, response = await client.get("/docs/openapi.json")
    paths = response.json["paths"]
    search = {p["name"]: p["schema"] for p in paths["/api/v1/parking-spots"]["get"]["parameters"]}
    assert search["latitude"]["type"] == "number" and search["page"]["type"] == "integer"
    assert search["has_ev_charging"]["type"] == "boolean" and "garage" in search["spot_type"]["enum"]
    assert search["available_from"]["format"] == "date-time"
    spot = paths["/api/v1/parking-spots/{spot_id}"]["get"]
    assert spot["parameters"][0] == {"name": "spot_id", "in": "path", "required": True,
                                     "schema": {"type": "string", "format": "uuid"}}
    assert "X-Cache" in spot["responses"]["200"]["headers"]
    assert "X-Total-Count" in paths["/api/v1/bookings"]["get"]["responses"]["200"]["headers"]
    create = paths["/api/v1/bookings"]["post"]
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in create["parameters"])
    assert "Retry-After" in paths["/api/v1/auth/login"]["post"]["responses"]["429"]["headers"]
    assert paths["/api/v1/bookings/calculate-price"]["post"]["security"] == [{}, {"bearer": []}]


async def test_every_example_in_the_document_is_valid_for_its_schema(client):
    _, response = await client.get("/docs/openapi.json")
    schemas = response.json["components"]["schemas"]
    checked = 0
    for name, schema in schemas.items():
        for example in schema.get("examples", []):
            validator = Draft202012Validator({**schema, "components": {"schemas": schemas}},
                                             format_checker=Draft202012Validator.FORMAT_CHECKER)
            errors = [error.message for error in validator.iter_errors(example)]
            assert not errors, f"{name}: {errors}"
            checked += 1
    bodies = {op["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
              for item in response.json["paths"].values() for op in item.values() if "requestBody" in op}
    assert all(schemas[body].get("examples") for body in bodies), [b for b in bodies if not schemas[b].get("examples")]
    assert checked >= 40
