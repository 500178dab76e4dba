"""The project's private PostgreSQL cluster and Redis server.

`make run` uses them when DATABASE_URL / REDIS_URL are not set; the tests always start a
throwaway pair of their own. A cluster is created once (initdb) and reused afterwards; it listens
on 127.0.0.1 only, trusts local connections (development only), preloads pg_cron and points
`cron.database_name` at the app database; its memory and planner settings are sized for the machine
(scripts/pg_tuning.py).

    python -m scripts.local_services up       # create/start both, print their URLs
    python -m scripts.local_services down     # stop both
    python -m scripts.local_services status
    python -m scripts.local_services database-url   # start PostgreSQL if needed, print its URL
"""
from __future__ import annotations

import argparse
import hashlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from scripts import pg_tuning

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("PS_DATA_DIR", ROOT / ".data"))
PG_PORT = int(os.environ.get("PS_PG_PORT", "54329"))
REDIS_PORT = int(os.environ.get("PS_REDIS_PORT", "63790"))
APP_DB = "parkingspots"

THROWAWAY_SETTINGS = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}
# Keep row data out of the server log: at the default verbosity a failed check logs "Failing row
# contains (...)" with the whole row (an email, a phone, the start of a password hash). Terse logs
# the error and the constraint's name only. Added to clusters made before this setting too.
PRIVACY_SETTINGS = {"log_error_verbosity": "terse"}
# The project's own clusters (make run's, the benchmark's) include the settings sized for the machine
# (scripts/pg_tuning.py), rewritten at each start; throwaway test clusters keep PostgreSQL's defaults.
TUNING_INCLUDE = {"include_if_exists": "'tuning.conf'"}


def pg_bin(name: str) -> str:
    majors = sorted((int(p.name) for p in Path("/usr/lib/postgresql").glob("*") if p.name.isdigit()))
    if not majors:
        raise SystemExit("PostgreSQL is not installed: run scripts/install_system_packages.sh")
    return f"/usr/lib/postgresql/{majors[-1]}/bin/{name}"


def as_cluster_owner(cmd: list[str]) -> list[str]:
    """initdb refuses to run as root: run cluster commands as the postgres OS user then."""
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _owner_can_reach(path: Path) -> bool:
    if os.geteuid() != 0:
        return True
    probe = subprocess.run(["runuser", "-u", "postgres", "--", "test", "-x", str(path)])
    return probe.returncode == 0


def pg_data_dir() -> Path:
    """The dev cluster's folder; falls back outside the checkout when the postgres user cannot reach it."""
    wanted = DATA_DIR / "pg"
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    if _owner_can_reach(DATA_DIR):
        return wanted
    digest = hashlib.sha1(str(ROOT).encode()).hexdigest()[:8]
    fallback = Path(f"/var/lib/postgresql/parkingspots-{digest}")
    print(f"note: the postgres user cannot reach {DATA_DIR}; the cluster lives in {fallback}", file=sys.stderr)
    return fallback


def _run(cmd: list[str], what: str) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")


def _initdb(data_dir: Path, dbname: str, throwaway: bool) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(data_dir, "postgres", "postgres")
    data_dir.chmod(0o700)
    _run(as_cluster_owner([pg_bin("initdb"), "-D", str(data_dir), "-U", "postgres", "--auth=trust",
                            "--encoding=UTF8", "--locale=C.UTF-8"]), "initdb")
    settings = {
        "listen_addresses": "'127.0.0.1'",
        "unix_socket_directories": "''",
        "max_connections": "200",
        "timezone": "'UTC'",
        "shared_preload_libraries": "'pg_cron'",
        "cron.database_name": f"'{dbname}'",
        "cron.use_background_workers": "on",
        "max_worker_processes": "20",
        "logging_collector": "off",
    }
    if throwaway:
        settings.update(THROWAWAY_SETTINGS)
    lines = "".join(f"{key} = {value}\n" for key, value in settings.items())
    with open(data_dir / "postgresql.conf", "a") as conf:
        conf.write("\n# written by scripts/local_services.py\n" + lines)


def _missing_settings(data_dir: Path, wanted: dict[str, str]) -> dict[str, str]:
    conf = (data_dir / "postgresql.conf").read_text()
    return {key: value for key, value in wanted.items() if f"\n{key} = {value}\n" not in conf}


def _write_tuning(data_dir: Path) -> bool:
    """Write tuning.conf (scripts/pg_tuning.py) into the data folder; True when it changed."""
    path, wanted = data_dir / "tuning.conf", pg_tuning.conf_text()
    if path.exists() and path.read_text() == wanted:
        return False
    path.write_text(wanted)
    return True


def postgres_running(data_dir: Path) -> bool:
    if not (data_dir / "PG_VERSION").exists():
        return False
    status = subprocess.run(as_cluster_owner([pg_bin("pg_ctl"), "status", "-D", str(data_dir)]),
                            capture_output=True)
    return status.returncode == 0


def start_postgres(data_dir: Path, port: int, dbname: str = APP_DB, throwaway: bool = False) -> str:
    """Create (first time) and start a cluster; return the URL of `dbname` on it (created by dbmate)."""
    data_dir = Path(data_dir)
    if not (data_dir / "PG_VERSION").exists():
        _initdb(data_dir, dbname, throwaway)
    missing = _missing_settings(data_dir, PRIVACY_SETTINGS if throwaway else {**PRIVACY_SETTINGS, **TUNING_INCLUDE})
    if missing:
        with open(data_dir / "postgresql.conf", "a") as conf:
            conf.write("".join(f"{key} = {value}\n" for key, value in missing.items()))
        if postgres_running(data_dir):
            _run(as_cluster_owner([pg_bin("pg_ctl"), "reload", "-D", str(data_dir)]), "reloading PostgreSQL")
    if not throwaway and _write_tuning(data_dir) and postgres_running(data_dir):
        print(f"note: restarting PostgreSQL ({data_dir}) for its new settings (scripts/pg_tuning.py)", file=sys.stderr)
        stop_postgres(data_dir)
    if not postgres_running(data_dir):
        _run(as_cluster_owner([pg_bin("pg_ctl"), "start", "-w", "-t", "60", "-D", str(data_dir),
                                "-l", str(data_dir / "server.log"), "-o", f"-p {port}"]),
             f"starting PostgreSQL (log: {data_dir / 'server.log'})")
    return f"postgresql://postgres@127.0.0.1:{port}/{dbname}"


def stop_postgres(data_dir: Path) -> None:
    if postgres_running(data_dir):
        _run(as_cluster_owner([pg_bin("pg_ctl"), "stop", "-w", "-m", "fast", "-D", str(data_dir)]),
             "stopping PostgreSQL")


def reconfigure_postgres(data_dir: Path, port: int, settings: dict[str, str]) -> None:
    """Append settings (later lines win) and restart: e.g. moving cron.database_name."""
    lines = "".join(f"{key} = {value}\n" for key, value in settings.items())
    with open(Path(data_dir) / "postgresql.conf", "a") as conf:
        conf.write(lines)
    stop_postgres(data_dir)
    start_postgres(data_dir, port)


def secret_key() -> str:
    """The development SECRET_KEY of this checkout: random, made on first use, kept in .data/secret_key
    (readable by its owner only), so tokens survive restarts and every worker shares it."""
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(48))
    return path.read_text().strip()


def redis_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def start_redis(work_dir: Path, port: int) -> str:
    """Start a private redis-server (no persistence: it only holds caches and counters)."""
    work_dir = Path(work_dir)
    work_dir.mkdir(parents=True, exist_ok=True)
    if not redis_ping(port):
        _run(["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", str(port),
              "--dir", str(work_dir), "--pidfile", str(work_dir / "redis.pid"),
              "--logfile", str(work_dir / "redis.log"), "--save", "", "--appendonly", "no",
              # a cache: bounded, evicting entries that expire anyway (cache versions have no TTL)
              "--maxmemory", "256mb", "--maxmemory-policy", "volatile-lru"],
             "starting redis-server")
        deadline = time.monotonic() + 10
        while not redis_ping(port):
            if time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not answer on port {port}; see {work_dir / 'redis.log'}")
            time.sleep(0.05)
    return f"redis://127.0.0.1:{port}/0"


def stop_redis(work_dir: Path) -> None:
    pidfile = Path(work_dir) / "redis.pid"
    if not pidfile.exists():
        return
    try:
        os.kill(int(pidfile.read_text().strip()), 15)
    except (ProcessLookupError, ValueError):
        pass
    for _ in range(100):
        if not pidfile.exists():
            break
        time.sleep(0.05)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def up() -> dict[str, str]:
    """Start what the environment does not already provide; return the URLs to use."""
    urls = {}
    urls["DATABASE_URL"] = os.environ.get("DATABASE_URL") or start_postgres(pg_data_dir(), PG_PORT)
    urls["REDIS_URL"] = os.environ.get("REDIS_URL") or start_redis(DATA_DIR / "redis", REDIS_PORT)
    return urls


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.local_services", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?", default="status", choices=["up", "down", "status", "database-url"])
    command = parser.parse_args(argv[1:]).command
    if command == "up":
        for key, value in up().items():
            print(f"{key}={value}")
    elif command == "down":
        stop_postgres(pg_data_dir())
        stop_redis(DATA_DIR / "redis")
        print("private PostgreSQL and Redis stopped")
    elif command == "status":
        data_dir = pg_data_dir()
        print(f"postgres {data_dir}: {'running' if postgres_running(data_dir) else 'stopped'} (port {PG_PORT})")
        print(f"redis {DATA_DIR / 'redis'}: {'running' if redis_ping(REDIS_PORT) else 'stopped'} (port {REDIS_PORT})")
    else:  # database-url: starts the private cluster when DATABASE_URL is not set
        print(os.environ.get("DATABASE_URL") or start_postgres(pg_data_dir(), PG_PORT))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
