"""The API nodes: sanic as make run starts it, each on its own port with its own log and pid file,
in a session of its own (a signal to it reaches the manager and its workers at once)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

from scripts import db_roles, local_services
from scripts.cluster.layout import Layout, exists, pid_alive, wait_for

ROOT = local_services.ROOT


def http_ok(port: int, path: str = "/health/ready") -> bool:
    """Whether GET path answers 200: /health/ready (PostgreSQL and Redis reachable) or /health/ (serving)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def api_environment(lay: Layout, primary_url: str, replica_url: str, redis_url: str) -> dict[str, str]:
    """What every node runs with: the app role on the primary and on the replica, the Redis Cluster,
    the checkout's SECRET_KEY (tokens valid on every node), the client address from HAProxy."""
    environment = {**os.environ, "DATABASE_URL": db_roles.role_url(primary_url, "app"),
                   "DATABASE_REPLICA_URLS": db_roles.role_url(replica_url, "app"),
                   "REDIS_URL": redis_url, "REDIS_CLUSTER": "1", "SANIC_PROXIES_COUNT": "1"}
    if not environment.get("SECRET_KEY"):
        environment["SECRET_KEY"] = local_services.secret_key()
    return environment


def start_api_nodes(lay: Layout, environment: dict[str, str]) -> None:
    """Start the nodes that do not serve (side by side: each takes seconds to load), then wait until
    every node is ready. A node that serves but is not ready (its Redis was away) is left to reconnect."""
    down = [port for port in lay.api_ports if not (pid_alive(lay.api_pidfile(port)) and http_ok(port, "/health/"))]
    stop_api_nodes(lay, down)
    sanic = str(Path(sys.executable).with_name("sanic"))
    started = {}
    for port in down:
        with open(lay.api_log(port), "a") as log:
            # its own session: `down` (and a test killing a node) signals the manager and its workers at once
            started[port] = subprocess.Popen(
                [sanic, "sanic_app:create_app", "--factory", "--host", "127.0.0.1", "--port", str(port),
                 "--workers", str(lay.workers)], cwd=ROOT, env=environment, stdin=subprocess.DEVNULL,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        lay.api_pidfile(port).write_text(str(started[port].pid))

    def ready() -> bool:
        for port, node in started.items():
            if node.poll() is not None:
                raise RuntimeError(f"the API node on {port} exited ({node.returncode}); see {lay.api_log(port)}")
        return all(map(http_ok, lay.api_ports))
    wait_for("the API nodes", ready, 60, lay.root)


def stop_api_nodes(lay: Layout, ports: list[int]) -> None:
    """SIGTERM to each node's manager and workers (Sanic finishes their requests), SIGKILL after 20 s."""
    pids = [pid for pid in map(pid_alive, map(lay.api_pidfile, ports)) if pid is not None]
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pids:
            try:
                os.killpg(pid, sig)
            except ProcessLookupError:
                pass
        try:
            wait_for("the API nodes to stop", lambda: not any(map(exists, pids)), 20)
            break
        except RuntimeError:
            continue
    for port in ports:
        lay.api_pidfile(port).unlink(missing_ok=True)
