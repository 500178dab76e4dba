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
Everything is idempotent: `up` twice starts nothing twice. One module per part: layout (folders and
ports), postgres, redis_cluster, api_nodes, haproxy; __main__ the commands.
"""
