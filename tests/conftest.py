"""Test fixtures: one throwaway PostgreSQL cluster (PostGIS + pg_cron) and one Redis per session,
a fresh database per test cloned from a migrated template (~0.1 s), and the app bound to it."""
from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import aiosql
import asyncpg
import httpx
import psycopg
import pytest
import redis
from psycopg import sql
from sanic import Sanic
from sanic_testing.testing import TestingResponse

from api.core.db import load_queries, set_json_codecs
from api.core.settings import Settings
from sanic_app import create_app
from scripts import db_roles, local_services
from scripts.migrate import migrate
from tests import openapi_conformance
from tests.api_client import Api

TEMPLATE_DB = "parkingspots_template"
CRON_DB = "parkingspots_cron"  # cron.database_name of the test cluster: the real pg_cron ticks here
TEST_QUERIES = Path(__file__).with_name("queries")


@dataclass(frozen=True)
class TestServices:
    pg_port: int
    redis_url: str
    pg_log: Path

    def database_url(self, name: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.pg_port}/{name}"


def _admin(services: TestServices) -> psycopg.Connection:
    return psycopg.connect(services.database_url("postgres"), autocommit=True)


def clone_template(services: TestServices, name: str) -> str:
    with _admin(services) as conn:
        conn.execute(sql.SQL("create database {} template {} strategy file_copy").format(sql.Identifier(name),
                                                                       sql.Identifier(TEMPLATE_DB)))
    return services.database_url(name)


def drop_database(services: TestServices, name: str) -> None:
    with _admin(services) as conn:
        conn.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))


def sweep_orphans() -> None:
    """Stop and delete the services of earlier test runs that were killed before their cleanup."""
    for base in Path(tempfile.gettempdir()).glob("parkingspots-test-*"):
        try:
            os.kill(int((base / "owner.pid").read_text()), 0)
            continue  # that test run is still going
        except (FileNotFoundError, ValueError, ProcessLookupError):
            pass
        local_services.stop_redis(base / "redis")
        local_services.stop_postgres(base / "pg")
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def test_services():
    sweep_orphans()
    base = Path(tempfile.mkdtemp(prefix="parkingspots-test-"))
    base.chmod(0o755)
    (base / "owner.pid").write_text(str(os.getpid()))
    pg_dir = base / "pg"
    port = local_services.free_port()
    try:
        # pg_cron is created where cron.database_name points, so the template is migrated as the
        # cron database first; then pg_cron moves to CRON_DB (a clone) so the template is free
        # to be cloned for every test (the cron launcher keeps a connection to its database).
        template_url = local_services.start_postgres(pg_dir, port, TEMPLATE_DB, throwaway=True)
        migrate(template_url)
        with psycopg.connect(template_url, autocommit=True) as conn:
            # Many tests book at fixed dates in 2030; the horizon's own tests set it back.
            conn.execute("update platform_settings set max_booking_ahead_days = 36500")
        local_services.reconfigure_postgres(pg_dir, port, {"cron.database_name": f"'{CRON_DB}'"})
        services = TestServices(port, local_services.start_redis(base / "redis", local_services.free_port()),
                                pg_dir / "server.log")
        clone_template(services, CRON_DB)
        yield services
    finally:
        local_services.stop_redis(base / "redis")
        local_services.stop_postgres(pg_dir)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def database_url(test_services):
    """A fresh, migrated, empty database for this test."""
    name = f"test_{uuid.uuid4().hex[:16]}"
    url = clone_template(test_services, name)
    yield url
    drop_database(test_services, name)


@pytest.fixture
def redis_url(test_services):
    client = redis.Redis.from_url(test_services.redis_url)
    client.flushdb()
    client.close()
    return test_services.redis_url


@pytest.fixture(scope="session")
def queries():
    """The app's named queries plus the tests' own (tests/queries/*.sql)."""
    return load_queries(), aiosql.from_path(TEST_QUERIES, "asyncpg")


@pytest.fixture(scope="session")
def q(queries):
    return queries[1]


@pytest.fixture
async def conn(database_url):
    connection = await asyncpg.connect(database_url)
    await set_json_codecs(connection)
    yield connection
    await connection.close()


@pytest.fixture
def app_database_url(database_url):
    """The test database as the API sees it: connected as the app role (db/rules/99_privileges.sql)."""
    return db_roles.role_url(database_url, "app")


@pytest.fixture
def settings(app_database_url, redis_url):
    # Cheap argon2 parameters: hashing is not what these tests are about (test_register_login
    # checks that a login rehashes a password made with other parameters).
    return Settings.from_values(environment="test", database_url=app_database_url, redis_url=redis_url,
                                db_pool_min=1, db_pool_max=5, argon2_time_cost=1, argon2_memory_kib=1024)


def build_app(settings: Settings) -> Sanic:
    Sanic.test_mode = True  # many apps in one process
    return create_app(settings=settings, name=f"parkingspots_{uuid.uuid4().hex[:8]}")


@pytest.fixture
def app(settings):
    return build_app(settings)


class AppClient:
    """The app over ASGI, started once (one pool for all the test's requests, as in a worker).
    sanic-testing's asgi_client restarts the app, and so its pool, around every request."""

    def __init__(self, app: Sanic, client_ip: str = "127.0.0.1"):
        self.app = app
        transport = httpx.ASGITransport(app=app, client=(client_ip, 50000))
        self.http = httpx.AsyncClient(transport=transport, base_url="http://testserver")

    async def start(self) -> "AppClient":
        self.app.asgi = True
        await self.app._startup()
        await self.app._server_event("init", "before")
        await self.app._server_event("init", "after")
        return self

    async def stop(self) -> None:
        await self.app._server_event("shutdown", "before")
        await self.app._server_event("shutdown", "after")
        await self.http.aclose()

    async def request(self, method: str, url: str, **kwargs):
        response = await self.http.request(method.upper(), url, **kwargs)
        openapi_conformance.check(self.app, response)  # every answer as the OpenAPI document says
        response.__class__ = TestingResponse  # .status and .json, as sanic-testing's responses
        return None, response

    def __getattr__(self, method: str):
        if method not in ("get", "post", "put", "patch", "delete", "options", "head"):
            raise AttributeError(method)
        return lambda url, **kwargs: self.request(method, url, **kwargs)


@pytest.fixture
async def start_client():
    """start_client(app, client_ip=...) -> a started AppClient, stopped after the test."""
    started: list[AppClient] = []

    async def start(app: Sanic, client_ip: str = "127.0.0.1") -> AppClient:
        started.append(await AppClient(app, client_ip).start())
        return started[-1]

    yield start
    for client in started:
        await client.stop()


@pytest.fixture
async def client(app, start_client):
    return await start_client(app)


@pytest.fixture
def client_with(settings, start_client):
    """client_with(**changes) -> a started client of an app whose settings differ by `changes`."""
    async def make(**changes) -> AppClient:
        return await start_client(build_app(settings.changed(**changes)))
    return make


@pytest.fixture
def api(client, conn, q):
    return Api(client, conn, q)


@pytest.fixture
def api_with(client_with, conn, q):
    """api_with(**setting_changes) -> an Api on an app whose settings differ by those changes."""
    async def make(**changes) -> Api:
        return Api(await client_with(**changes), conn, q)
    return make
