"""Where each part of `make cluster` keeps its files and which port it listens on, and the few process
helpers the parts share (run a command, wait for a condition, read a pid file)."""
from __future__ import annotations

import os
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from scripts import local_services

API_NODES = 2
REDIS_NODES = 3


@dataclass(frozen=True)
class Layout:
    """Where each part of the cluster keeps its files and which port it listens on."""

    root: Path       # logs, pid files, Redis folders, the rendered HAProxy config
    pg_root: Path    # the two PostgreSQL data folders (the postgres OS user must reach it)
    base_port: int
    lb_port: int
    workers: int

    @property
    def primary_dir(self) -> Path:
        return self.pg_root / "primary"

    @property
    def replica_dir(self) -> Path:
        return self.pg_root / "replica"

    @property
    def primary_port(self) -> int:
        return self.base_port

    @property
    def replica_port(self) -> int:
        return self.base_port + 1

    @property
    def redis_ports(self) -> list[int]:
        return [self.base_port + 10 + i for i in range(REDIS_NODES)]

    @property
    def api_ports(self) -> list[int]:
        return [self.base_port + 20 + i for i in range(API_NODES)]

    def redis_dir(self, port: int) -> Path:
        return self.root / f"redis-{port}"

    def api_log(self, port: int) -> Path:
        return self.root / f"api-{port}.log"

    def api_pidfile(self, port: int) -> Path:
        return self.root / f"api-{port}.pid"

    @property
    def haproxy_cfg(self) -> Path:
        return self.root / "haproxy.cfg"

    @property
    def haproxy_pidfile(self) -> Path:
        return self.root / "haproxy.pid"

    @property
    def haproxy_socket(self) -> Path:
        return self.root / "haproxy.sock"


def layout() -> Layout:
    """The layout the environment asks for. Redis Cluster talks between nodes on port + 10000, so the
    base port stays at or below 55500."""
    base = int(os.environ.get("CLUSTER_BASE_PORT", "55400"))
    if not 1024 <= base <= 55500:
        raise SystemExit("CLUSTER_BASE_PORT must be within 1024..55500 (Redis Cluster's bus uses port + 10000)")
    root = local_services.DATA_DIR / "cluster"
    private = local_services.pg_data_dir()  # .data/pg, or a folder the postgres user reaches
    pg_root = root if private == local_services.DATA_DIR / "pg" else private.with_name(private.name + "-cluster")
    return Layout(root, pg_root, base, int(os.environ.get("CLUSTER_PORT", "8000")),
                  int(os.environ.get("CLUSTER_WORKERS", "1")))


def wait_for(what: str, ready, seconds: float = 60, log: Path | None = None) -> None:
    deadline = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: not ready after {seconds:.0f} s" + (f" (log: {log})" if log else ""))
        time.sleep(0.1)


def run(cmd: list[str], what: str) -> str:
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout


def exists(pid: int) -> bool:
    """Whether pid runs (a zombie child of ours is reaped and counts as gone)."""
    try:
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


def pid_alive(pidfile: Path) -> int | None:
    try:
        pid = int(pidfile.read_text().strip())
        os.kill(pid, 0)
        return pid
    except (FileNotFoundError, ValueError, ProcessLookupError):
        return None


def port_free(port: int) -> bool:
    """Whether a server could listen on the port (SO_REUSEADDR as servers set it: a port whose last
    connections are in TIME_WAIT is free)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False
