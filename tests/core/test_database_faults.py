"""A database that goes away answers 503 database_unavailable with Retry-After, never a 500."""
from __future__ import annotations

import asyncpg
import pytest
from sanic import Blueprint
from sanic.response import json

from api.core.retry import retry_idempotent_requests
from tests.conftest import build_app


def failing_blueprint(exc: Exception) -> Blueprint:
    bp = Blueprint("database_faults", url_prefix="/_fault")

    @bp.get("/")
    async def fail(request):
        raise exc

    return bp


@pytest.mark.parametrize("exc", [
    asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
    asyncpg.exceptions.AdminShutdownError("terminating connection due to administrator command"),
    asyncpg.exceptions.CannotConnectNowError("the database system is starting up"),
    asyncpg.InterfaceError("connection is closed"),
    ConnectionRefusedError(111, "Connect call failed"),
], ids=["connection gone", "shutdown", "starting", "closed", "refused"])
async def test_each_way_of_losing_the_database_is_a_503(app, start_client, exc):
    app.blueprint(failing_blueprint(exc))
    client = await start_client(app)
    _, response = await client.get("/_fault")
    assert (response.status, response.json["code"], response.headers["retry-after"]) == (503, "database_unavailable", "1")


async def test_requests_after_every_connection_was_killed_never_answer_500(api, conn, q):
    user = await api.new_user()
    await api.call("get", "/api/v1/users/me", user.access)
    await q.terminate_other_backends(conn)  # the app's pooled connections, as a restart ends them
    statuses = [(await api.call("get", "/api/v1/users/me", user.access)).status for _ in range(8)]
    assert 500 not in statuses and statuses[-1] == 200, statuses


async def test_a_read_that_lost_its_connection_is_retried_once_transparently(api, conn, q, caplog):
    user = await api.new_user()
    await api.call("get", "/api/v1/users/me", user.access)
    await q.terminate_other_backends(conn)  # every pooled connection dies, as in a restart
    response = await api.call("get", "/api/v1/users/me", user.access)
    assert response.status == 200 and response.json["id"] == user.id
    assert "retrying GET /api/v1/users/me once" in caplog.text


def flaky_blueprint(exc: Exception, calls: list) -> Blueprint:
    bp = Blueprint("flaky", url_prefix="/_flaky")

    @bp.route("/", methods=["GET", "POST"])
    async def flaky(request):
        calls.append(request.method)
        if len(calls) == 1:
            raise exc
        return json({"calls": len(calls)})

    return bp


@pytest.mark.parametrize("exc", [
    asyncpg.exceptions.SerializationError("could not serialize access"),
    asyncpg.exceptions.DeadlockDetectedError("deadlock detected"),
    asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
], ids=["serialization", "deadlock", "connection gone"])
async def test_only_idempotent_requests_are_retried(settings, start_client, exc):
    calls: list = []
    app = build_app(settings)
    app.blueprint(flaky_blueprint(exc, calls))
    retry_idempotent_requests(app)  # as create_app does once the routes are in
    client = await start_client(app)
    _, response = await client.get("/_flaky")
    assert response.status == 200 and calls == ["GET", "GET"]
    calls.clear()
    _, response = await client.post("/_flaky")
    assert response.status == 503 and calls == ["POST"]  # it may have been applied: the client decides
