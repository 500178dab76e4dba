"""Schemathesis over every operation of the published OpenAPI document, against the real server
(2 workers, real PostgreSQL and Redis), as a renter, as an owner and anonymously: generated valid
and invalid input must never give a server error, and every answer must have a documented status,
content type, headers and body schema.

FUZZ_EXAMPLES cases per operation and caller (default 6 here, ~1,000 requests; `make fuzz` runs 60).
"""
from __future__ import annotations

import os
import uuid
from collections import Counter

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from scripts import openapi_document
from tests.api_client import PASSWORD, bearer
from tests.conftest import clone_template, drop_database
from tests.fake_stripe import FakeStripe
from tests.server import running_server

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance, negative_data_rejection]
CALLERS = ("anonymous", "renter", "owner")
SENT: Counter = Counter()  # answers by status, printed at the end (make fuzz shows it)


def _user(base: str, role: str) -> str:
    """A new account of that role; its access token."""
    email = f"fuzz-{role}-{uuid.uuid4().hex[:8]}@example.com"
    registered = httpx.post(f"{base}/api/v1/auth/register",
                            json={"email": email, "password": PASSWORD, "full_name": "Fuzz", "role": role})
    assert registered.status_code == 201, registered.text
    login = httpx.post(f"{base}/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    return login.json()["access_token"]


@pytest.fixture(scope="module")
def fuzz_server(test_services, tmp_path_factory):
    name = f"fuzz_{uuid.uuid4().hex[:12]}"
    url = clone_template(test_services, name)
    log = tmp_path_factory.mktemp("fuzz") / "server.log"
    try:
        with FakeStripe() as stripe, running_server(
                url, test_services.redis_url, log, SECRET_KEY="fuzz-" + uuid.uuid4().hex, ENVIRONMENT="test",
                ARGON2_TIME_COST="1", ARGON2_MEMORY_KIB="1024", STRIPE_SECRET_KEY="sk_test_fake",
                STRIPE_WEBHOOK_SECRET="whsec_fuzz", STRIPE_API_BASE=stripe.url) as base:
            tokens = {"anonymous": None, "renter": _user(base, "renter"), "owner": _user(base, "owner")}
            owner = bearer(tokens["owner"])
            spot = httpx.post(f"{base}/api/v1/parking-spots", headers=owner, json={
                "title": "Fuzz spot", "spot_type": "garage", "address": "1 Fuzz St", "city": "San Francisco",
                "state": "CA", "zip_code": "94111", "latitude": 37.7955, "longitude": -122.3937, "hourly_rate": 500})
            assert spot.status_code == 201, spot.text
            yield base, tokens
            print(f"\nfuzz: {sum(SENT.values())} requests, {EXAMPLES} cases per operation and mode, by status: "
                  f"{dict(sorted(SENT.items()))}")
    finally:
        drop_database(test_services, name)


@pytest.fixture(scope="module")
def fuzz_schema(fuzz_server):
    base, _ = fuzz_server
    return schemathesis.openapi.from_url(f"{base}/docs/openapi.json")


def _operations() -> list[tuple[str, str]]:
    """(method, path) of every documented operation, from the document of an app built here."""
    paths = openapi_document.document()["paths"]
    return [(method.upper(), path) for path, item in paths.items() for method in item]


def _headers_negated(case) -> bool:
    """Whether the case is an invalid set of headers (e.g. the required Authorization left out):
    adding the caller's token would make it valid again."""
    meta = case._meta  # schemathesis keeps no public accessor for what a negative case mutated
    info = meta.components.get(ParameterLocation.HEADER) if meta is not None else None
    return info is not None and info.mode == GenerationMode.NEGATIVE


@pytest.mark.parametrize("method, path", _operations())
def test_no_input_breaks_the_contract(fuzz_schema, fuzz_server, method, path):
    base, tokens = fuzz_server
    operation = fuzz_schema[path][method]

    def send(case):
        for caller in CALLERS:  # each generated case, sent by each caller
            token = None if _headers_negated(case) else tokens[caller]  # the case left out Authorization
            if token and method == "DELETE" and path == "/api/v1/users/me":
                token = _user(base, caller)  # closing an account: not the one the other cases use
            response = case.call(base_url=base, headers=bearer(token) if token else {})
            SENT[response.status_code] += 1
            case.validate_response(response, checks=CHECKS)

    run = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck),
                   derandomize=True, database=None)
    run(given(case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE))(send))()
    try:
        run(given(case=operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))(send))()
    except Unsatisfiable:
        assert not operation.body and not list(operation.iter_parameters()), "no invalid input was made"
