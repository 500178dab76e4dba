"""python -m scripts.cluster up | down | status [--json]: the commands (the package's docstring says more)."""
from __future__ import annotations

import argparse
import json
import sys
import time

import scripts.cluster
from scripts import local_services
from scripts.cluster import api_nodes, haproxy, postgres, redis_cluster
from scripts.cluster.layout import Layout, layout, pid_alive, port_free


def up(lay: Layout) -> dict[str, str]:
    started = time.perf_counter()
    if not pid_alive(lay.haproxy_pidfile) and not port_free(lay.lb_port):  # before starting anything
        raise SystemExit(f"port {lay.lb_port} is taken (by make run?): stop what holds it or set CLUSTER_PORT")
    lay.root.mkdir(parents=True, exist_ok=True)
    primary = postgres.start_primary(lay)
    replica = postgres.start_replica(lay, primary)
    redis_url = redis_cluster.start_redis_cluster(lay)
    environment = api_nodes.api_environment(lay, primary, replica, redis_url)
    api_nodes.start_api_nodes(lay, environment)
    haproxy.start_haproxy(lay)
    print(f"cluster up in {time.perf_counter() - started:.1f} s: http://127.0.0.1:{lay.lb_port} "
          f"(API nodes {', '.join(map(str, lay.api_ports))}; logs in {lay.root})\n"
          "  .venv/bin/python -m scripts.cluster status   # each part, HAProxy's view of the nodes, the replica's lag\n"
          "  make cluster-stop                            # stop it all (data kept)", flush=True)
    return {"url": f"http://127.0.0.1:{lay.lb_port}", "primary": primary, "replica": replica, "redis": redis_url}


def down(lay: Layout) -> None:
    haproxy.stop_haproxy(lay)
    api_nodes.stop_api_nodes(lay, lay.api_ports)
    for port in lay.redis_ports:
        local_services.stop_redis(lay.redis_dir(port))
    local_services.stop_postgres(lay.replica_dir)
    local_services.stop_postgres(lay.primary_dir)
    print("cluster stopped (data kept in " + ", ".join(sorted({str(lay.root), str(lay.pg_root)})) + ")")


def status(lay: Layout) -> list[dict]:
    """One row per part: name, port, up (bool: serving, even when not ready) and what else is known about it."""
    rows = [{"part": "haproxy", "port": lay.lb_port, "up": api_nodes.http_ok(lay.lb_port, "/health/"),
             "pid": pid_alive(lay.haproxy_pidfile), "nodes": haproxy.haproxy_servers(lay)}]
    rows += [{"part": f"api{i + 1}", "port": port, "up": api_nodes.http_ok(port, "/health/"),
              "ready": api_nodes.http_ok(port), "pid": pid_alive(lay.api_pidfile(port)), "log": str(lay.api_log(port))}
             for i, port in enumerate(lay.api_ports)]
    lag = postgres.replica_lag(lay)
    servers = (("primary", lay.primary_port, lay.primary_dir), ("replica", lay.replica_port, lay.replica_dir))
    for part, port, data in servers:
        rows.append({"part": part, "port": port, "up": local_services.postgres_running(data),
                     "pg_cron": postgres.cron_running(port), "data": str(data)})
    rows[-1].update(streaming=bool(lag and lag[0] == "streaming"), lag_bytes=lag[1] if lag else None)
    rows += [{"part": f"redis{i + 1}", "port": port, "up": local_services.redis_ping(port),
              "cluster_state": redis_cluster.cluster_info(port).get("cluster_state")}
             for i, port in enumerate(lay.redis_ports)]
    return rows


def _describe(row: dict) -> str:
    extra = {key: value for key, value in row.items() if key not in ("part", "port", "up")}
    details = "  ".join(f"{key}={value}" for key, value in extra.items() if value not in (None, {}, ""))
    return f"{row['part']:<8} {'up' if row['up'] else 'down':<5} port {row['port']:<6} {details}"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.cluster", description=scripts.cluster.__doc__,
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
