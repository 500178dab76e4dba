"""The cluster's Redis: three masters and no replicas (a cache: the keys of a lost node are read from
PostgreSQL again), made with redis-cli --cluster create the first time."""
from __future__ import annotations

from scripts import local_services
from scripts.cluster.layout import Layout, run, wait_for


def _redis_cli(port: int, *args: str) -> str:
    return run(["redis-cli", "-p", str(port), *args], f"redis-cli -p {port} {' '.join(args)}")


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
    run(["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", str(port),
          "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000",
          "--cluster-require-full-coverage", "no",  # a stopped node costs its own keys, not every key
          "--dir", str(work), "--pidfile", str(work / "redis.pid"), "--logfile", str(work / "redis.log"),
          "--save", "", "--appendonly", "no", "--maxmemory", "128mb", "--maxmemory-policy", "volatile-lru"],
         f"starting redis-server on {port}")
    wait_for(f"redis-server on {port}", lambda: local_services.redis_ping(port), 10, work / "redis.log")


def start_redis_cluster(lay: Layout) -> str:
    """Start the nodes, join them into one cluster the first time, wait for cluster_state:ok; the URL
    of the first node (the client learns the others from it)."""
    for port in lay.redis_ports:
        start_redis_node(lay, port)
    if all(cluster_info(port).get("cluster_slots_assigned") == "0" for port in lay.redis_ports):
        print("redis: creating the cluster (3 masters, no replicas)...", flush=True)
        run(["redis-cli", "--cluster", "create", *(f"127.0.0.1:{port}" for port in lay.redis_ports),
              "--cluster-replicas", "0", "--cluster-yes"], "redis-cli --cluster create")
    wait_for("Redis Cluster (cluster_state:ok on every node)",
          lambda: all(cluster_info(port).get("cluster_state") == "ok" for port in lay.redis_ports), 30)
    return f"redis://127.0.0.1:{lay.redis_ports[0]}/0"
