"""GET /metrics: Prometheus text format (read here with Prometheus' own parser), every family the
operators rely on, counts that move with what the service does, route labels that are patterns,
the operators-only guard, and sums that are right across worker processes."""
from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import httpx
import psycopg
import pytest
import stripe
from prometheus_client import CONTENT_TYPE_PLAIN_0_0_4, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.parser import text_string_to_metric_families

from api.core import metrics, prometheus
from api.core.prometheus_db import read_database
from api.core.stripe_client import MeasuredHTTPXClient
from jobs import cron_jobs
from scripts.local_services import free_port
from tests.api_client import FERRY_BUILDING
from tests.fake_stripe import fake_stripe  # noqa: F401
from tests.realtime.wsclient import Ws
from tests.server import running_server

ROOT = Path(__file__).resolve().parents[2]
NEAR = {"latitude": FERRY_BUILDING[0], "longitude": FERRY_BUILDING[1], "radius_km": 2}
SPOT = "/api/v1/parking-spots/{spot_id}"
FAMILIES = {
    "parkingspots_http_requests", "parkingspots_http_request_duration_seconds", "parkingspots_cache_requests",
    "parkingspots_db_pool_connections", "parkingspots_db_pool_connections_in_use", "parkingspots_db_pool_max_connections",
    "parkingspots_websocket_connections", "parkingspots_websocket_connections_opened",
    "parkingspots_websocket_messages_received", "parkingspots_websocket_messages_sent",
    "parkingspots_stripe_requests", "parkingspots_stripe_request_duration_seconds",
    "parkingspots_metrics_source_up", "parkingspots_cron_jobs_scheduled", "parkingspots_cron_job_runs",
    "parkingspots_cron_job_last_duration_seconds",
    "parkingspots_cron_job_last_run_failed", "parkingspots_cron_job_last_success_timestamp_seconds",
    "parkingspots_stripe_outbox_pending", "parkingspots_stripe_outbox_retrying",
    "parkingspots_stripe_outbox_oldest_pending_age_seconds",
}


class Scrape:
    """One answer of /metrics, parsed: families by name, sample values by name and labels."""

    def __init__(self, text: str):
        self.families = {family.name: family for family in text_string_to_metric_families(text)}
        self.samples = [sample for family in self.families.values() for sample in family.samples]

    def value(self, name: str, **labels) -> float:
        """The sum of the samples of that name whose labels include these (0 when none)."""
        return sum(s.value for s in self.samples if s.name == name and labels.items() <= s.labels.items())

    def series(self, name: str) -> list:
        return [sample for sample in self.samples if sample.name == name]


async def scrape(client) -> Scrape:
    _, response = await client.get("/metrics")
    assert response.status == 200, response.text
    assert response.headers["content-type"] == CONTENT_TYPE_PLAIN_0_0_4
    return Scrape(response.text)


async def test_the_answer_is_prometheus_text_with_every_family(api, client, conn, q):
    await q.schedule_metrics_test_job(conn, jobname="parkingspots-metrics-test")
    await q.queue_metrics_test_stripe_call(conn, action="cancel_intent", key=uuid.uuid4().hex, attempts=0)
    assert (await api.search(**NEAR)).status == 200  # a cache lookup
    found = await scrape(client)
    missing = FAMILIES - set(found.families)
    assert not missing, sorted(missing)
    assert found.families["parkingspots_http_requests"].type == "counter"
    assert found.families["parkingspots_http_request_duration_seconds"].type == "histogram"
    assert found.families["parkingspots_websocket_connections"].type == "gauge"
    assert found.value("parkingspots_metrics_source_up", source="cron") == 1
    assert found.value("parkingspots_metrics_source_up", source="stripe_outbox") == 1


async def test_requests_are_counted_by_route_pattern_method_and_status(api, client):
    owner = await api.new_user("owner")
    spot = await api.new_spot(owner)
    before = await scrape(client)
    assert (await api.call("get", f"/api/v1/parking-spots/{spot['id']}")).status == 200
    assert (await api.call("get", f"/api/v1/parking-spots/{spot['id']}")).status == 200
    assert (await api.call("get", f"/api/v1/parking-spots/{uuid.uuid4()}")).status == 404
    assert (await api.call("post", "/api/v1/bookings/calculate-price", json={"parking_spot_id": "x"})).status == 422
    assert (await api.call("get", "/no/such/page")).status == 404
    after = await scrape(client)

    def moved(name: str, **labels) -> float:
        return after.value(name, **labels) - before.value(name, **labels)

    counted = "parkingspots_http_requests_total"
    assert moved(counted, route=SPOT, method="GET", status="200") == 2
    assert moved(counted, route=SPOT, method="GET", status="404") == 1
    assert moved(counted, route="/api/v1/bookings/calculate-price", method="POST", status="422") == 1
    assert moved(counted, route="unmatched", method="GET", status="404") == 1
    timed = "parkingspots_http_request_duration_seconds"
    assert moved(f"{timed}_count", route=SPOT, method="GET") == 3
    assert moved(f"{timed}_bucket", route=SPOT, method="GET", le="+Inf") == 3
    assert moved(f"{timed}_bucket", route=SPOT, method="GET", le="10.0") == 3
    assert 0 < moved(f"{timed}_sum", route=SPOT, method="GET") < 10
    # The route is the pattern, never the path asked for: no id and no unknown path makes a series.
    routes = {s.labels["route"] for s in after.series(counted)}
    assert SPOT in routes and not any(spot["id"] in route or "such" in route for route in routes)
    assert all(route == "unmatched" or route.startswith("/") for route in routes)


async def test_cache_hits_and_misses_are_counters_per_cache(api, client):
    owner = await api.new_user("owner")
    spot = await api.new_spot(owner)
    before = await scrape(client)
    for _ in range(3):
        assert (await api.search(**NEAR)).status == 200
    await api.call("get", f"/api/v1/parking-spots/{spot['id']}")
    after = await scrape(client)
    name = "parkingspots_cache_requests_total"
    assert after.families["parkingspots_cache_requests"].type == "counter"
    moved = {(cache, result): after.value(name, cache=cache, result=result) - before.value(name, cache=cache, result=result)
             for cache in ("search", "spot") for result in ("hit", "miss")}
    assert moved == {("search", "hit"): 2, ("search", "miss"): 1, ("spot", "hit"): 0, ("spot", "miss"): 1}


async def test_the_pool_of_the_worker_is_reported(app, client):
    idle = await scrape(client)
    async with app.ctx.pool.acquire(), app.ctx.pool.acquire():
        busy = await scrape(client)
    assert idle.value("parkingspots_db_pool_max_connections") == 5  # the tests' DB_POOL_MAX
    assert idle.value("parkingspots_db_pool_connections_in_use") == 0
    assert busy.value("parkingspots_db_pool_connections_in_use") == 2
    assert 2 <= busy.value("parkingspots_db_pool_connections") <= 5


CRON_START = datetime(2030, 1, 7, 9, tzinfo=UTC)


async def cron_history(conn, q, database_url) -> int:
    """Our jobs scheduled as `make run` does (jobs/cron.sql) and runs of parkingspots-auto-start
    recorded as pg_cron records them (as the job's user), beside another job's; how many are ours."""
    with psycopg.connect(database_url, autocommit=True) as admin:
        ours = cron_jobs.schedule(admin)
    await q.schedule_metrics_test_job(conn, jobname="someone-elses-job")
    runs = [("succeeded", 0, 0.25), ("succeeded", 60, 0.5), ("failed", 120, 2.5), ("running", 180, None)]
    for status, offset, took in runs:
        begun = CRON_START + timedelta(seconds=offset)
        await q.record_cron_run(conn, jobname="parkingspots-auto-start", status=status, start_time=begun,
                                end_time=None if took is None else begun + timedelta(seconds=took))
        await q.record_cron_run(conn, jobname="someone-elses-job", status="failed", start_time=begun, end_time=begun)
    return len(ours)


def assert_cron_figures(found: Scrape, ours: int) -> None:
    job = "parkingspots-auto-start"
    assert found.value("parkingspots_metrics_source_up", source="cron") == 1
    assert found.value("parkingspots_cron_jobs_scheduled") == ours > 5
    assert {s.labels["status"]: s.value for s in found.series("parkingspots_cron_job_runs") if s.labels["job"] == job} \
        == {"succeeded": 2, "failed": 1, "running": 1}
    assert found.value("parkingspots_cron_job_last_duration_seconds", job=job) == 2.5
    assert found.value("parkingspots_cron_job_last_run_failed", job=job) == 1
    assert found.value("parkingspots_cron_job_last_success_timestamp_seconds", job=job) == \
        (CRON_START + timedelta(seconds=60.5)).timestamp()
    assert not any(s.labels.get("job") == "someone-elses-job" for s in found.samples)  # only ours


async def test_pg_cron_job_runs_and_their_latest_duration(conn, q, queries, database_url):
    """What the scrape makes of pg_cron's history, read by a role that sees all of it (a superuser)."""
    ours = await cron_history(conn, q, database_url)
    pool = await asyncpg.create_pool(database_url, min_size=1, max_size=1)
    try:
        families = await read_database(pool, queries[0])
    finally:
        await pool.close()
    registry = CollectorRegistry()
    registry.register(families)
    assert_cron_figures(Scrape(generate_latest(registry).decode()), ours)


async def test_the_api_sees_pg_cron_job_runs(client, conn, q, database_url):
    ours = await cron_history(conn, q, database_url)
    assert_cron_figures(await scrape(client), ours)


async def test_the_stripe_outbox_backlog(client, conn, q):
    for attempts in (0, 2):
        await q.queue_metrics_test_stripe_call(conn, action="cancel_intent", key=uuid.uuid4().hex, attempts=attempts)
    found = await scrape(client)
    assert found.value("parkingspots_stripe_outbox_pending", action="cancel_intent") == 2
    assert found.value("parkingspots_stripe_outbox_retrying", action="cancel_intent") == 1
    assert 0 <= found.value("parkingspots_stripe_outbox_oldest_pending_age_seconds", action="cancel_intent") < 60


async def test_stripe_calls_by_operation_and_result(client, fake_stripe):  # noqa: F811
    def stripe_client(base: str) -> stripe.StripeClient:
        return stripe.StripeClient("sk_test_metrics", http_client=MeasuredHTTPXClient(), max_network_retries=0,
                                   base_addresses={"api": base})

    before = await scrape(client)
    measured = stripe_client(fake_stripe.url)
    intent = await measured.v1.payment_intents.create_async(params={"amount": 1000, "currency": "usd"})
    await measured.v1.payment_intents.retrieve_async(intent.id)
    with pytest.raises(stripe.InvalidRequestError):
        await measured.v1.payment_intents.retrieve_async("pi_NoSuchIntent42")
    with pytest.raises(stripe.APIConnectionError):
        await stripe_client(f"http://127.0.0.1:{free_port()}").v1.payment_intents.create_async(
            params={"amount": 1000, "currency": "usd"})
    after = await scrape(client)
    name = "parkingspots_stripe_requests_total"
    moved = {(s.labels["operation"], s.labels["result"]): s.value - before.value(name, **s.labels)
             for s in after.series(name)}
    assert {key: count for key, count in moved.items() if count} == {
        ("payment_intents.create", "ok"): 1, ("payment_intents.retrieve", "ok"): 1,
        ("payment_intents.retrieve", "invalid_request_error"): 1, ("payment_intents.create", "connection_error"): 1}
    timed = "parkingspots_stripe_request_duration_seconds_count"
    assert after.value(timed, operation="payment_intents.retrieve") - before.value(timed, operation="payment_intents.retrieve") == 2


async def test_metrics_are_for_operators_only(app, start_client, api_with):
    remote = await start_client(app, client_ip="203.0.113.9")
    _, hidden = await remote.get("/metrics")
    assert (hidden.status, hidden.json["code"]) == (404, "not_found")
    _, local = await (await start_client(app, client_ip="127.0.0.1")).get("/metrics")
    assert local.status == 200 and local.headers["content-type"] == CONTENT_TYPE_PLAIN_0_0_4
    guarded = await api_with(metrics_token="operator-token-of-some-length")
    assert (await guarded.call("get", "/metrics")).status == 401
    assert (await guarded.call("get", "/metrics", "wrong-token")).status == 401
    answer = await guarded.call("get", "/metrics", "operator-token-of-some-length")
    assert answer.status == 200 and "parkingspots_http_requests" in Scrape(answer.text).families


# Across processes.

WORKER = """
import sys
from api.core import metrics, prometheus
from api.core.prometheus_db import read_database
served = int(sys.argv[1])
for _ in range(served):
    prometheus.HTTP_REQUESTS.add("/health", "GET", "200")
    prometheus.HTTP_DURATION.observe(("/health", "GET"), 0.002)
prometheus.flush()
prometheus.POOL_SIZE.set(served)
prometheus.WS_OPEN.inc()
"""


def test_two_processes_writing_one_directory_add_up(tmp_path):
    """What the workers do: each process counts into its own files of the shared directory; the
    collector sums counters and histograms, keeps a pool series per process, and live gauges of
    processes that are gone leave the sums (counters stay)."""
    environment = {**os.environ, prometheus.MULTIPROC_DIR: str(tmp_path)}
    pids = []
    for served in (3, 4):
        child = subprocess.run([sys.executable, "-c", WORKER + "print(__import__('os').getpid())", str(served)],
                               cwd=ROOT, env=environment, capture_output=True, text=True, check=True)
        pids.append(child.stdout.strip())

    def collected() -> Scrape:
        registry = CollectorRegistry()
        MultiProcessCollector(registry, str(tmp_path))
        return Scrape(generate_latest(registry).decode())

    found = collected()
    assert found.value("parkingspots_http_requests_total", route="/health", status="200") == 7
    assert found.value("parkingspots_http_request_duration_seconds_count", route="/health") == 7
    assert found.value("parkingspots_http_request_duration_seconds_bucket", route="/health", le="0.0025") == 7
    assert found.value("parkingspots_http_request_duration_seconds_bucket", route="/health", le="0.001") == 0
    assert {s.labels["pid"]: s.value for s in found.series("parkingspots_db_pool_connections")} == \
        {pids[0]: 3, pids[1]: 4}
    assert found.value("parkingspots_websocket_connections") == 2
    prometheus.sweep_dead_workers(str(tmp_path))  # both processes have exited
    swept = collected()
    assert swept.series("parkingspots_db_pool_connections") == [] and swept.value("parkingspots_websocket_connections") == 0
    assert swept.value("parkingspots_http_requests_total", route="/health") == 7


def test_each_server_start_gets_a_fresh_directory_under_the_operators(tmp_path, monkeypatch):
    monkeypatch.setenv(prometheus.MULTIPROC_DIR, str(tmp_path / "metrics"))
    first = prometheus.make_directory()
    monkeypatch.setenv(prometheus.MULTIPROC_DIR, str(tmp_path / "metrics"))
    second = prometheus.make_directory()
    assert first != second and first.parent == second.parent == tmp_path / "metrics"
    assert os.environ[prometheus.MULTIPROC_DIR] == str(second) and not any(second.iterdir())
    prometheus.remove_directory(first)
    assert not first.exists() and second.exists()


async def test_a_real_server_with_two_workers_answers_for_both(database_url, redis_url, tmp_path):
    """The worker manager, two worker processes: requests and WebSocket connections served by either
    worker are in one answer, each worker reports its pool, and the directory goes with the server."""
    parent = tmp_path / "metrics"
    parent.mkdir()  # an operator's PROMETHEUS_MULTIPROC_DIR must exist (prometheus_client opens it at import)
    with running_server(database_url, redis_url, tmp_path / "server.log", workers=2,
                        PROMETHEUS_MULTIPROC_DIR=str(parent)) as base:
        [directory] = list(parent.iterdir())  # made by the main process before the workers started
        async with httpx.AsyncClient(base_url=base) as http:
            async def scraped() -> Scrape:
                answer = await http.get("/metrics")
                assert answer.status_code == 200 and answer.headers["content-type"] == CONTENT_TYPE_PLAIN_0_0_4
                return Scrape(answer.text)

            before = await scraped()
            for _ in range(20):
                async with httpx.AsyncClient(base_url=base) as fresh:  # a new connection: either worker
                    assert (await fresh.get("/health")).status_code == 200
            ws = await Ws.open(base.replace("http", "ws") + "/api/v1/ws")
            await ws.send(type="ping")
            await ws.expect("pong")
            await asyncio.sleep(metrics.FLUSH_SECONDS + 0.5)  # the other worker adds its batched counts
            during = await scraped()
            await ws.conn.close()
            for _ in range(50):
                after = await scraped()
                if after.value("parkingspots_websocket_connections") == 0:
                    break
        health = {"route": "/health", "method": "GET", "status": "200"}
        assert during.value("parkingspots_http_requests_total", **health) - \
            before.value("parkingspots_http_requests_total", **health) == 20
        assert during.value("parkingspots_websocket_connections") == 1
        assert during.value("parkingspots_websocket_messages_received_total", type="ping") == 1
        assert during.value("parkingspots_websocket_messages_sent_total") == 2  # welcome, pong
        assert after.value("parkingspots_websocket_connections") == 0
        assert after.value("parkingspots_websocket_connections_opened_total") == 1
        pools = during.series("parkingspots_db_pool_connections")
        assert len({s.labels["pid"] for s in pools}) == 2 and all(s.value >= 1 for s in pools)
        assert {path.name.rsplit("_", 1)[1] for path in directory.glob("counter_*.db")} >= \
            {s.labels["pid"] + ".db" for s in pools}
    assert not directory.exists()  # removed when the server stopped
