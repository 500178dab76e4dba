"""`make cluster`: the topology past one machine, all on this one: a PostgreSQL primary and one
streaming replica, a three-node Redis Cluster, two API nodes, HAProxy in front of them.

    python -m scripts.cluster up       # create what is missing, start what is stopped (make cluster)
    python -m scripts.cluster down     # stop it all, data kept (make cluster-stop)
    python -m scripts.cluster status   # each part up or down, its port, the replica's lag in bytes
    python -m scripts.cluster status --json

The primary is made as make run's private cluster is (scripts/local_services.py, scripts/serve.py:
PostGIS, pg_cron, migrations, the demo city unless DEMO_DATA=0); the replica is a pg_basebackup of it
(-R -X stream) on a physical replication slot, in hot standby. pg_cron is loaded on both but runs
jobs on the primary only: on a standby its launcher waits for a promotion. Every API node connects
to the primary for writes, names the replica in DATABASE_REPLICA_URLS and one Redis Cluster node in
REDIS_URL (REDIS_CLUSTER=1), and signs tokens with the checkout's .data/secret_key, so a token one
node made is good on the other. HAProxy (scripts/cluster/haproxy.cfg) balances them with health
checks on /health/ready and sends a request that reached a dead node to the other one.

Settings (environment): CLUSTER_PORT (HAProxy, 8000), CLUSTER_BASE_PORT (55400: the primary on it,
the replica on +1, Redis on +10..+12, the API nodes on +20 and +21), CLUSTER_WORKERS (Sanic workers
per node, 1), DEMO_DATA (1), PS_DATA_DIR (.data: the cluster lives in its cluster/ folder).
Everything is idempotent: `up` twice starts nothing twice.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import string
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import aiosql
import psycopg

from scripts import db_roles, local_services, serve

ROOT = local_services.ROOT
HERE = Path(__file__).with_name("cluster")
QUERIES = aiosql.from_path(HERE / "cluster.sql", "psycopg")
SLOT = "cluster_replica"
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


def admin_url(port: int, dbname: str = local_services.APP_DB) -> str:
    return f"postgresql://postgres@127.0.0.1:{port}/{dbname}"


def _wait(what: str, ready, seconds: float = 60, log: Path | None = None) -> None:
    deadline = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: not ready after {seconds:.0f} s" + (f" (log: {log})" if log else ""))
        time.sleep(0.1)


def _run(cmd: list[str], what: str) -> str:
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout


# PostgreSQL: the primary as make run makes its private cluster, the replica a base backup of it

def start_primary(lay: Layout) -> str:
    """Create (once) and start the primary, migrate it, load the demo city once; its superuser URL."""
    lay.pg_root.mkdir(parents=True, exist_ok=True)
    url = local_services.start_postgres(lay.primary_dir, lay.primary_port)
    serve.set_up(url)
    return url


def start_replica(lay: Layout, primary_url: str) -> str:
    """Make the replica once (pg_basebackup -R -X stream on the slot SLOT, created with it), start it
    in hot standby and wait until it streams; its superuser URL."""
    if not (lay.replica_dir / "PG_VERSION").exists():
        with psycopg.connect(primary_url, autocommit=True) as conn:
            if QUERIES.slot_exists(conn, slot_name=SLOT):  # the slot of a replica whose folder was deleted
                QUERIES.drop_slot(conn, slot_name=SLOT)
        shutil.rmtree(lay.replica_dir, ignore_errors=True)
        lay.replica_dir.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(lay.replica_dir, "postgres", "postgres")
        lay.replica_dir.chmod(0o700)
        print(f"replica: pg_basebackup of the primary into {lay.replica_dir}...", flush=True)
        _run(local_services._as_cluster_owner([
            local_services.pg_bin("pg_basebackup"), "-h", "127.0.0.1", "-p", str(lay.primary_port), "-U", "postgres",
            "-D", str(lay.replica_dir), "-R", "-X", "stream", "-C", "-S", SLOT, "--checkpoint=fast"]),
            "pg_basebackup")
        (lay.replica_dir / "server.log").unlink(missing_ok=True)  # the primary's log, copied with the rest
    url = local_services.start_postgres(lay.replica_dir, lay.replica_port)
    with psycopg.connect(url, autocommit=True) as conn:
        if not QUERIES.in_recovery(conn):
            raise RuntimeError(f"{lay.replica_dir} is not a standby (no standby.signal): delete it to make it again")

    def streaming() -> bool:
        with psycopg.connect(primary_url, autocommit=True) as conn:
            lag = QUERIES.replica_lag(conn, slot_name=SLOT)
        return lag is not None and lag[1] == "streaming"
    _wait("the replica's streaming", streaming, log=lay.replica_dir / "server.log")
    return url


def replica_lag(lay: Layout) -> tuple[str | None, int] | None:
    """(walsender state or None, bytes of WAL the replica has not replayed), read on the primary."""
    try:
        with psycopg.connect(admin_url(lay.primary_port), autocommit=True, connect_timeout=2) as conn:
            row = QUERIES.replica_lag(conn, slot_name=SLOT)
    except psycopg.OperationalError:
        return None
    return (row[1], int(row[2] or 0)) if row else None


def cron_running(port: int) -> bool | None:
    """Whether pg_cron's launcher runs on the server (None: it does not answer)."""
    try:
        with psycopg.connect(admin_url(port), autocommit=True, connect_timeout=2) as conn:
            return QUERIES.cron_launcher_running(conn)
    except psycopg.OperationalError:
        return None


# Redis Cluster: three masters, no replicas (a cache: a lost node's keys are read from PostgreSQL again)

def _redis_cli(port: int, *args: str) -> str:
    return _run(["redis-cli", "-p", str(port), *args], f"redis-cli -p {port} {' '.join(args)}")


def cluster_info(port: int) -> dict[str, str]:
    if not local_services.redis_ping(port):
        return {}
    lines = _redis_cli(port, "cluster", "info").splitlines()
    return dict(line.strip().split(":", 1) for line in lines if ":" in line)


def start_redis_node(lay: Layout, port: int) -> None:
    """A redis-server in cluster mode, with no persistence (it only holds caches and counters); its
    nodes.conf (the cluster's membership) stays in its folder, so it rejoins after a restart."""
    work = lay.redis_dir(port)
    work.mkdir(parents=True, exist_ok=True)
    if local_services.redis_ping(port):
        return
    _run(["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", str(port),
          "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000",
          "--dir", str(work), "--pidfile", str(work / "redis.pid"), "--logfile", str(work / "redis.log"),
          "--save", "", "--appendonly", "no", "--maxmemory", "128mb", "--maxmemory-policy", "volatile-lru"],
         f"starting redis-server on {port}")
    _wait(f"redis-server on {port}", lambda: local_services.redis_ping(port), 10, work / "redis.log")


def start_redis_cluster(lay: Layout) -> str:
    """Start the nodes, join them into one cluster the first time, wait for cluster_state:ok; the URL
    of the first node (the client learns the others from it)."""
    for port in lay.redis_ports:
        start_redis_node(lay, port)
    if all(cluster_info(port).get("cluster_slots_assigned") == "0" for port in lay.redis_ports):
        print("redis: creating the cluster (3 masters, no replicas)...", flush=True)
        _run(["redis-cli", "--cluster", "create", *(f"127.0.0.1:{port}" for port in lay.redis_ports),
              "--cluster-replicas", "0", "--cluster-yes"], "redis-cli --cluster create")
    _wait("Redis Cluster (cluster_state:ok on every node)",
          lambda: all(cluster_info(port).get("cluster_state") == "ok" for port in lay.redis_ports), 30)
    return f"redis://127.0.0.1:{lay.redis_ports[0]}/0"


# API nodes: sanic as make run starts it, each on its own port with its own log

def _exists(pid: int) -> bool:
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


def _pid_alive(pidfile: Path) -> int | None:
    try:
        pid = int(pidfile.read_text().strip())
        os.kill(pid, 0)
        return pid
    except (FileNotFoundError, ValueError, ProcessLookupError):
        return None


def http_ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/ready", timeout=2) as response:
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
    """Start the nodes that do not answer (side by side: each takes seconds to load), wait for all."""
    down = [port for port in lay.api_ports if not (_pid_alive(lay.api_pidfile(port)) and http_ready(port))]
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
        return all(http_ready(port) for port in started)
    _wait("the API nodes", ready, 60, lay.root)


def stop_api_nodes(lay: Layout, ports: list[int]) -> None:
    """SIGTERM to each node's manager and workers (Sanic finishes their requests), SIGKILL after 20 s."""
    pids = [pid for pid in map(_pid_alive, map(lay.api_pidfile, ports)) if pid is not None]
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pids:
            try:
                os.killpg(pid, sig)
            except ProcessLookupError:
                pass
        try:
            _wait("the API nodes to stop", lambda: not any(map(_exists, pids)), 20)
            break
        except RuntimeError:
            continue
    for port in ports:
        lay.api_pidfile(port).unlink(missing_ok=True)


# HAProxy

def render_haproxy(lay: Layout) -> str:
    servers = "".join(f"    server api{i + 1} 127.0.0.1:{port} check\n" for i, port in enumerate(lay.api_ports))
    template = string.Template((HERE / "haproxy.cfg").read_text())
    return template.substitute(port=lay.lb_port, stats_socket=lay.haproxy_socket, servers=servers)


def start_haproxy(lay: Layout) -> None:
    """Write the config and start HAProxy; when it runs already, reload it (a new process takes the
    port, the old one finishes its connections)."""
    if not shutil.which("haproxy"):
        raise SystemExit("haproxy is not installed: run scripts/install_system_packages.sh --cluster")
    text = render_haproxy(lay)
    old = _pid_alive(lay.haproxy_pidfile)
    if old and lay.haproxy_cfg.exists() and lay.haproxy_cfg.read_text() == text:
        return
    lay.haproxy_cfg.write_text(text)
    _run(["haproxy", "-c", "-q", "-f", str(lay.haproxy_cfg)], "checking the HAProxy config")
    _run(["haproxy", "-D", "-f", str(lay.haproxy_cfg), "-p", str(lay.haproxy_pidfile),
          *(["-sf", str(old)] if old else [])], "starting haproxy")
    _wait(f"HAProxy on {lay.lb_port}", lambda: http_ready(lay.lb_port), 30)


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def stop_haproxy(lay: Layout) -> None:
    pid = _pid_alive(lay.haproxy_pidfile)
    if pid:
        os.kill(pid, signal.SIGTERM)
        _wait("HAProxy to stop", lambda: not _exists(pid), 10)
    lay.haproxy_pidfile.unlink(missing_ok=True)


def haproxy_servers(lay: Layout) -> dict[str, str]:
    """HAProxy's view of each node ('UP', 'DOWN', ...), from its stats socket; {} when it is not running."""
    try:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(2)
            sock.connect(str(lay.haproxy_socket))
            sock.sendall(b"show stat\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
    except OSError:
        return {}
    lines = data.decode().splitlines()
    header = lines[0].lstrip("# ").split(",") if lines else []
    rows = [dict(zip(header, line.split(","))) for line in lines[1:] if line]
    return {row["svname"]: row["status"] for row in rows
            if row.get("pxname") == "api_nodes" and row.get("svname") not in ("FRONTEND", "BACKEND")}


# The commands

def up(lay: Layout) -> dict[str, str]:
    started = time.perf_counter()
    if not _pid_alive(lay.haproxy_pidfile) and not _port_free(lay.lb_port):  # before starting anything
        raise SystemExit(f"port {lay.lb_port} is taken (by make run?): stop what holds it or set CLUSTER_PORT")
    lay.root.mkdir(parents=True, exist_ok=True)
    primary = start_primary(lay)
    replica = start_replica(lay, primary)
    redis_url = start_redis_cluster(lay)
    environment = api_environment(lay, primary, replica, redis_url)
    start_api_nodes(lay, environment)
    start_haproxy(lay)
    print(f"cluster up in {time.perf_counter() - started:.1f} s: http://127.0.0.1:{lay.lb_port} "
          f"(API nodes {', '.join(map(str, lay.api_ports))}; logs in {lay.root})", flush=True)
    return {"url": f"http://127.0.0.1:{lay.lb_port}", "primary": primary, "replica": replica, "redis": redis_url}


def down(lay: Layout) -> None:
    stop_haproxy(lay)
    stop_api_nodes(lay, lay.api_ports)
    for port in lay.redis_ports:
        local_services.stop_redis(lay.redis_dir(port))
    local_services.stop_postgres(lay.replica_dir)
    local_services.stop_postgres(lay.primary_dir)
    print("cluster stopped (data kept in " + ", ".join(sorted({str(lay.root), str(lay.pg_root)})) + ")")


def status(lay: Layout) -> list[dict]:
    """One row per part: name, port, up (bool) and what else is known about it."""
    rows = [{"part": "haproxy", "port": lay.lb_port, "up": http_ready(lay.lb_port),
             "nodes": haproxy_servers(lay)}]
    rows += [{"part": f"api{i + 1}", "port": port, "up": http_ready(port), "pid": _pid_alive(lay.api_pidfile(port)),
              "log": str(lay.api_log(port))} for i, port in enumerate(lay.api_ports)]
    lag = replica_lag(lay)
    rows.append({"part": "primary", "port": lay.primary_port,
                 "up": local_services.postgres_running(lay.primary_dir), "pg_cron": cron_running(lay.primary_port),
                 "data": str(lay.primary_dir)})
    rows.append({"part": "replica", "port": lay.replica_port,
                 "up": local_services.postgres_running(lay.replica_dir), "pg_cron": cron_running(lay.replica_port),
                 "data": str(lay.replica_dir),
                 "streaming": bool(lag and lag[0] == "streaming"), "lag_bytes": lag[1] if lag else None})
    rows += [{"part": f"redis{i + 1}", "port": port, "up": local_services.redis_ping(port),
              "cluster_state": cluster_info(port).get("cluster_state")} for i, port in enumerate(lay.redis_ports)]
    return rows


def _describe(row: dict) -> str:
    extra = {key: value for key, value in row.items() if key not in ("part", "port", "up")}
    details = "  ".join(f"{key}={value}" for key, value in extra.items() if value not in (None, {}, ""))
    return f"{row['part']:<8} {'up' if row['up'] else 'down':<5} port {row['port']:<6} {details}"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.cluster", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?", default="status", choices=["up", "down", "status"])
    parser.add_argument("--json", action="store_true", help="status as JSON (one object per part)")
    args = parser.parse_args(argv[1:])
    lay = layout()
    if args.command == "up":
        up(lay)
    elif args.command == "down":
        down(lay)
    elif args.json:
        print(json.dumps(status(lay), indent=2))
    else:
        print("\n".join(_describe(row) for row in status(lay)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
