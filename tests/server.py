"""The real server in a subprocess (the worker manager, real sockets), for tests that need it."""
from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

from scripts.local_services import free_port

ROOT = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def running_server(database_url: str, redis_url: str, log_path: Path, workers: int = 2, **env):
    """Yields the base URL once every worker is ready; stops the server afterwards. Pass SECRET_KEY
    (e.g. the settings fixture's) when the test mints tokens: without it each worker makes its own."""
    port = free_port()
    environment = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url, **env}
    sanic = str(Path(sys.executable).with_name("sanic"))
    with open(log_path, "w") as log:
        server = subprocess.Popen([sanic, "sanic_app:create_app", "--factory", "--port", str(port),
                                   "--workers", str(workers)], cwd=ROOT, env=environment,
                                  stdout=log, stderr=subprocess.STDOUT)
    try:
        # Sanic 25.12 can hang if stopped while a worker is still starting: wait for all of them.
        deadline = time.monotonic() + 30
        while log_path.read_text().count("Worker ready") < workers:
            assert server.poll() is None and time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            raise
