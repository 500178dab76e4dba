"""Database metrics: each worker's asyncpg pool, and what /metrics reads from PostgreSQL when scraped
(pg_cron's job history, the Stripe outbox's backlog; sql/core/metrics.sql).

Pool gauges are set by every worker every second (api/core/metrics.py; and by the worker answering
a scrape just before it answers), one series per live worker (`pid` label in multiprocess mode). The database's
figures are read at scrape time by the answering worker, with SCRAPE_TIMEOUT for all of it; a
source that cannot be read (no pg_cron, no privilege, database down) is left out and
`parkingspots_metrics_source_up{source}` says 0, so the rest of the answer still comes.
"""
from __future__ import annotations

import asyncio
import logging
import time

import asyncpg
from prometheus_client.core import GaugeMetricFamily

from api.core.prometheus import POOL_IN_USE, POOL_MAX, POOL_SIZE, PREFIX

log = logging.getLogger("parkingspots.metrics")
SCRAPE_TIMEOUT = 3.0
WARN_EVERY = 600.0
_last_warning: dict[str, float] = {}


def record_pool(pool: asyncpg.Pool) -> None:
    size = pool.get_size()
    POOL_SIZE.set(size)
    POOL_IN_USE.set(size - pool.get_idle_size())
    POOL_MAX.set(pool.get_max_size())


def _gauge(name: str, documentation: str, labels: tuple[str, ...]) -> GaugeMetricFamily:
    return GaugeMetricFamily(PREFIX + name, documentation, labels=labels)


async def _cron(conn, queries) -> list[GaugeMetricFamily]:
    runs = _gauge("cron_job_runs", "pg_cron runs of the job kept in cron.job_run_details (7 days), by status "
                                   "(succeeded, failed; starting, running while in progress).", ("job", "status"))
    took = _gauge("cron_job_last_duration_seconds", "How long the job's latest finished run took.", ("job",))
    failed = _gauge("cron_job_last_run_failed", "1 when the job's latest finished run failed, else 0.", ("job",))
    success = _gauge("cron_job_last_success_timestamp_seconds", "When the job last succeeded (Unix time).", ("job",))
    scheduled = _gauge("cron_jobs_scheduled", "Our pg_cron jobs (parkingspots-*) the API's role sees in cron.job; 0: none "
                                              "scheduled, or pg_cron's row security hides them from that role.", ())
    latest: dict[str, tuple] = {}
    jobs: set[str] = set()
    async for row in queries.core.cron_job_runs(conn):
        job = row["job"]
        jobs.add(job)
        if row["status"] is not None:
            runs.add_metric([job, row["status"]], row["runs"])
        if row["last_success"] is not None:
            success.add_metric([job], row["last_success"])
        if row["latest_status"] is not None:
            latest[job] = (row["latest_status"], row["latest_seconds"])
    for job, (status, seconds) in latest.items():
        took.add_metric([job], seconds)
        failed.add_metric([job], 1 if status == "failed" else 0)
    scheduled.add_metric([], len(jobs))
    return [scheduled, runs, took, failed, success]


async def _stripe_outbox(conn, queries) -> list[GaugeMetricFamily]:
    pending = _gauge("stripe_outbox_pending", "Stripe calls queued and not made yet, by action (none: no series).", ("action",))
    retrying = _gauge("stripe_outbox_retrying", "Of those, the calls that already failed at least once.", ("action",))
    oldest = _gauge("stripe_outbox_oldest_pending_age_seconds", "How long the oldest call not made yet has waited.", ("action",))
    async for row in queries.core.stripe_outbox_backlog(conn):
        pending.add_metric([row["action"]], row["pending"])
        retrying.add_metric([row["action"]], row["retrying"])
        oldest.add_metric([row["action"]], row["oldest_seconds"])
    return [pending, retrying, oldest]


SOURCES = {"cron": _cron, "stripe_outbox": _stripe_outbox}


def _warn(source: str, exc: BaseException) -> None:
    now = time.monotonic()
    if now - _last_warning.get(source, -WARN_EVERY) >= WARN_EVERY:
        _last_warning[source] = now
        log.warning("metrics: %s not read: %s", source, type(exc).__name__)


class Families:
    """A collector of families read beforehand (collect() cannot await)."""

    def __init__(self, families: list):
        self.families = families

    def collect(self):
        return self.families


async def read_database(pool: asyncpg.Pool, queries) -> Families:
    found: dict[str, list] = {}
    try:
        async with asyncio.timeout(SCRAPE_TIMEOUT):
            async with pool.acquire() as conn:
                for source, read in SOURCES.items():
                    try:
                        found[source] = await read(conn, queries)
                    except asyncpg.PostgresError as exc:  # e.g. no pg_cron here, or no privilege on cron.*
                        _warn(source, exc)
    except (TimeoutError, OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        _warn("database", exc)
    up = _gauge("metrics_source_up", "Whether this answer could read the source from the database (1) or not (0).",
                ("source",))
    families: list = [up]
    for source in SOURCES:
        up.add_metric([source], 1 if source in found else 0)
        families += found.get(source, [])
    return Families(families)
