"""The service's Prometheus metrics (docs/metrics.md lists them), correct across Sanic's workers.

Each worker counts into its own files in one directory (prometheus_client's multiprocess mode) and
GET /metrics, answered by any one worker, adds them up. The main process makes a fresh directory
before the workers start and names it in PROMETHEUS_MULTIPROC_DIR, which prometheus_client reads
when a worker imports it; the directory goes when the server stops. A stopping worker removes its
live gauges (`mark_process_dead`); those of a worker that died without stopping are swept when
/metrics is read. Counters and histograms of a worker that is gone stay in the sums, as Prometheus
expects of counters.

Without that directory (the tests, `sanic --single-process`) the metrics live in this process.

    from api.core import prometheus
    prometheus.CACHE_REQUESTS.add("search", "hit")     # batched: counted on every request
    prometheus.WS_RECEIVED("ping").inc()                # direct
"""
from __future__ import annotations

import glob
import math
import os
import re
import shutil
import tempfile
from bisect import bisect_left
from pathlib import Path

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram, values
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead

MULTIPROC_DIR = "PROMETHEUS_MULTIPROC_DIR"
PREFIX = "parkingspots_"


class Labelled:
    """A metric's children by label values, looked up once: `labels()` takes a lock and checks
    its arguments, which a counter bumped on every request need not pay again. The label values
    must come from a bounded set (route patterns, statuses, cache names), never from raw input."""

    def __init__(self, metric):
        self.metric = metric
        self.children: dict[tuple[str, ...], object] = {}

    def __call__(self, *labels: str):
        child = self.children.get(labels)
        if child is None:
            child = self.children[labels] = self.metric.labels(*labels)
        return child


_batches: list = []


class BatchedCounter:
    """A labelled counter bumped on every request: counted in a dict of this process and added to
    the counter by `flush()` (every second, before this process answers a scrape, and when it
    stops). In multiprocess mode a counter's inc() writes the shared file under a lock (~1.4 µs; a
    histogram's observe() ~2.7 µs); a dict increment costs ~0.2 µs."""

    def __init__(self, counter: Counter):
        self.children, self.pending = Labelled(counter), {}
        _batches.append(self)

    def add(self, *labels: str) -> None:
        self.pending[labels] = self.pending.get(labels, 0) + 1

    def flush(self) -> None:
        pending, self.pending = self.pending, {}
        for labels, count in pending.items():
            self.children(*labels).inc(count)


class BatchedHistogram:
    """A labelled histogram observed on every request, batched like BatchedCounter: per label set,
    the sum and the count of each bucket, added to the histogram's own values at the flush (what
    its observe() adds to, one observation at a time)."""

    def __init__(self, histogram: Histogram, buckets: tuple[float, ...]):
        self.children, self.pending = Labelled(histogram), {}
        self.bounds = (*buckets, math.inf)
        _batches.append(self)

    def observe(self, labels: tuple[str, ...], value: float) -> None:
        entry = self.pending.get(labels)
        if entry is None:
            entry = self.pending[labels] = [0.0] + [0] * len(self.bounds)
        entry[0] += value
        entry[1 + bisect_left(self.bounds, value)] += 1  # the first bucket whose bound is >= value

    def flush(self) -> None:
        pending, self.pending = self.pending, {}
        for labels, (total, *counts) in pending.items():
            child = self.children(*labels)
            child._sum.inc(total)
            for bucket, count in zip(child._buckets, counts, strict=True):
                if count:
                    bucket.inc(count)


def flush() -> None:
    """Add what this process counted since the last flush to the metrics (its files)."""
    for batch in _batches:
        batch.flush()


# HTTP (api/core/prometheus_http.py)
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
HTTP_REQUESTS = BatchedCounter(Counter(PREFIX + "http_requests", "HTTP requests answered, by route pattern, method and status.",
                                       ("route", "method", "status")))
HTTP_DURATION = BatchedHistogram(Histogram(PREFIX + "http_request_duration_seconds",
                                           "Time from the request's arrival to its answer, by route pattern and method.",
                                           ("route", "method"), buckets=LATENCY_BUCKETS), LATENCY_BUCKETS)

# WebSocket (api/realtime)
WS_OPEN = Gauge(PREFIX + "websocket_connections", "WebSocket connections open now (all workers).",
                multiprocess_mode="livesum")
WS_OPENED = Counter(PREFIX + "websocket_connections_opened", "WebSocket connections accepted.")
WS_RECEIVED = Labelled(Counter(PREFIX + "websocket_messages_received",
                               "WebSocket messages received, by type (invalid: not a message the server knows).",
                               ("type",)))
WS_SENT = Counter(PREFIX + "websocket_messages_sent", "WebSocket messages sent (events and replies).")

# Cache (api/core/cache.py)
CACHE_REQUESTS = BatchedCounter(Counter(PREFIX + "cache_requests", "Read-through cache lookups, by cache and result (hit, miss).",
                                  ("cache", "result")))
CACHE_WAITS = Labelled(Counter(PREFIX + "cache_waits", "Cache misses that waited for another request computing the same "
                               "entry (single flight), by cache and result: served (its entry answered), claimed (took "
                               "the computation over), timeout (computed without waiting longer).", ("cache", "result")))

# The asyncpg pool of each worker (pid label: one series per live worker)
POOL_SIZE = Gauge(PREFIX + "db_pool_connections", "Connections the worker's asyncpg pool holds open.",
                  multiprocess_mode="liveall")
POOL_IN_USE = Gauge(PREFIX + "db_pool_connections_in_use", "Connections of the worker's pool lent out now.",
                    multiprocess_mode="liveall")
POOL_MAX = Gauge(PREFIX + "db_pool_max_connections", "The most connections the worker's pool may open (DB_POOL_MAX).",
                 multiprocess_mode="liveall")

# Streaming replicas (api/core/replicas.py): each worker's view, set at every probe (about 10 a second)
REPLICA_LAG_SECONDS = Gauge(PREFIX + "db_replica_lag_seconds", "How long ago the primary first flushed WAL the replica has "
                            "not replayed (0: caught up), by replica (host:port/database).", ("replica",),
                            multiprocess_mode="livemax")
REPLICA_LAG_BYTES = Gauge(PREFIX + "db_replica_lag_bytes", "WAL bytes the replica has not replayed yet, by replica.",
                          ("replica",), multiprocess_mode="livemax")
REPLICA_USABLE = Gauge(PREFIX + "db_replica_usable", "1 while reads may go to the replica (it answers, follows the "
                       "primary and lags within REPLICA_MAX_LAG_SECONDS), else 0.", ("replica",),
                       multiprocess_mode="livemin")
DB_READS = BatchedCounter(Counter(PREFIX + "db_reads", "Reads routed by api/core/replicas.py (only with replicas), by "
                                  "target (primary, replica) and reason (replica: ok; primary: down, lag, ryw: the "
                                  "user's recent write is not replayed, cache_fill: nor is the cache's fence, "
                                  "not_found: asked again after a replica found nothing).",
                                  ("target", "reason")))

# Stripe (api/core/stripe_client.py)
STRIPE_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
STRIPE_REQUESTS = Labelled(Counter(PREFIX + "stripe_requests",
                                   "Calls to Stripe's API, by operation (payment_intents.create, ...) and result "
                                   "(ok, or Stripe's error type, or connection_error), retries included in one call.",
                                   ("operation", "result")))
STRIPE_DURATION = Labelled(Histogram(PREFIX + "stripe_request_duration_seconds",
                                     "Time a call to Stripe's API took, its retries included, by operation.",
                                     ("operation",), buckets=STRIPE_BUCKETS))


def route_pattern(path: str) -> str:
    """A Sanic route path as the OpenAPI document writes it: api/v1/spots/<spot_id:uuid> -> /api/v1/spots/{spot_id}."""
    return "/" + re.sub(r"<(\w+)(:[^>]*)?>", r"{\1}", path).rstrip("/") if path else "/"


# The multiprocess directory.

def multiprocess() -> bool:
    """Whether this process counts into the shared directory (it imported prometheus_client with
    PROMETHEUS_MULTIPROC_DIR set)."""
    return values.ValueClass is not values.MutexValue


def make_directory() -> Path:
    """A fresh directory for this server's metrics, named in the environment the workers inherit.
    An operator's PROMETHEUS_MULTIPROC_DIR is the parent of the fresh one (never emptied)."""
    parent = os.environ.get(MULTIPROC_DIR) or None
    if parent:
        Path(parent).mkdir(parents=True, exist_ok=True)
        for path in glob.glob(os.path.join(parent, f"*_{os.getpid()}.db")):
            os.remove(path)  # this (main) process's zeros, made when it imported the metrics: it serves none
    made = Path(tempfile.mkdtemp(prefix="parkingspots-metrics-", dir=parent))
    os.environ[MULTIPROC_DIR] = str(made)
    return made


def remove_directory(made: Path) -> None:
    shutil.rmtree(made, ignore_errors=True)


def worker_stopped() -> None:
    """This worker's last counts go in; its live gauges (pool, open WebSockets) leave the sums."""
    flush()
    if multiprocess():
        mark_process_dead(os.getpid())


def sweep_dead_workers(directory: str) -> None:
    """The live gauges of workers that died without stopping (killed) leave the sums too."""
    for path in glob.glob(os.path.join(directory, "gauge_live*_*.db")):
        pid = Path(path).stem.rsplit("_", 1)[1]
        if pid.isdigit() and not _alive(int(pid)):
            mark_process_dead(int(pid), directory)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class _ThisProcess:
    """The default registry's metrics, for a scrape registry of one process."""

    def collect(self):
        yield from REGISTRY.collect()


def scrape_registry(*collectors) -> CollectorRegistry:
    """What one answer of /metrics holds: every worker's metrics (or this process's) and the
    collectors given (values read at scrape time, such as the database's)."""
    flush()
    registry = CollectorRegistry()
    if multiprocess():
        directory = os.environ[MULTIPROC_DIR]
        sweep_dead_workers(directory)
        MultiProcessCollector(registry, directory)
    else:
        registry.register(_ThisProcess())
    for collector in collectors:
        registry.register(collector)
    return registry
