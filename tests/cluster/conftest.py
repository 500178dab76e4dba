"""The cluster tests' one cluster: `python -m scripts.cluster up`, as make cluster runs it, in a
temporary folder (PS_DATA_DIR) on free ports, so it never meets a developer's make run or make
cluster; stopped and deleted at the end of the session. Tests reach the API through HAProxy only."""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "parkingspots-cluster-test-"


@dataclass(frozen=True)
class Cluster:
    url: str            # HAProxy
    root: Path          # PS_DATA_DIR of this cluster
    environment: dict[str, str]

    def run(self, *args: str, timeout: float = 240) -> str:
        """python -m scripts.cluster ARGS with this cluster's environment; its output."""
        done = subprocess.run([sys.executable, "-m", "scripts.cluster", *args], cwd=ROOT, env=self.environment,
                              capture_output=True, text=True, timeout=timeout)
        assert done.returncode == 0, f"scripts.cluster {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def status(self) -> dict[str, dict]:
        return {row["part"]: row for row in json.loads(self.run("status", "--json"))}

    def kill_api_node(self, part: str) -> None:
        """SIGKILL to the node's manager and workers at once, as a machine that dies."""
        os.killpg(self.status()[part]["pid"], signal.SIGKILL)

    @property
    def replica_dir(self) -> Path:
        return self.root / "cluster" / "replica"

    @property
    def primary_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.environment['CLUSTER_BASE_PORT']}/parkingspots"


def _free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def _free_base_port() -> int:
    """A base port whose every port of the layout (scripts/cluster.py), and Redis's bus ports, are free."""
    for _ in range(100):
        base = random.randrange(20000, 45000, 100)  # bus ports (+10000) below make cluster's 55400
        redis = range(base + 10, base + 13)
        ports = [base, base + 1, base + 20, base + 21, *redis, *(port + 10000 for port in redis)]
        if all(map(_free, ports)):
            return base
    raise RuntimeError("no free block of ports for the test cluster")


def _down(root: Path) -> None:
    environment = json.loads((root / "environment.json").read_text())
    subprocess.run([sys.executable, "-m", "scripts.cluster", "down"], cwd=ROOT, env={**os.environ, **environment},
                   capture_output=True, timeout=120)


def sweep_orphans() -> None:
    """Stop and delete the clusters of earlier test runs that were killed before their cleanup."""
    for root in Path(tempfile.gettempdir()).glob(PREFIX + "*"):
        try:
            os.kill(int((root / "owner.pid").read_text()), 0)
            continue  # that test run is still going
        except (FileNotFoundError, ValueError, ProcessLookupError):
            pass
        if (root / "environment.json").exists():
            _down(root)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def cluster():
    sweep_orphans()
    root = Path(tempfile.mkdtemp(prefix=PREFIX))
    root.chmod(0o755)  # the postgres OS user keeps the data folders in it
    (root / "owner.pid").write_text(str(os.getpid()))
    lb_port = _free_base_port() - 1  # below the block: free as well (checked below)
    assert _free(lb_port)
    ours = {"PS_DATA_DIR": str(root), "CLUSTER_BASE_PORT": str(lb_port + 1), "CLUSTER_PORT": str(lb_port),
            "CLUSTER_WORKERS": "1", "DEMO_DATA": "0"}
    (root / "environment.json").write_text(json.dumps(ours))
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "MIGRATION_DATABASE_URL")}
    started = Cluster(f"http://127.0.0.1:{lb_port}", root, {**environment, **ours})
    try:
        started.run("up")
        yield started
    finally:
        _down(root)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
async def http(cluster):
    """A client of the cluster: HAProxy's URL."""
    async with httpx.AsyncClient(base_url=cluster.url, timeout=30) as client:
        yield client
