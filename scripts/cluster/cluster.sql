-- Queries of scripts/cluster.py (make cluster): the replica's replication slot and its lag, read on
-- the primary, and the role a server plays.

-- name: slot_exists(slot_name)$
-- Whether the primary keeps a replication slot of this name.
select exists (select from pg_replication_slots where slot_name = :slot_name);

-- name: drop_slot(slot_name)$
-- Drops a slot left by a replica whose folder is gone (a new pg_basebackup makes it again).
select pg_drop_replication_slot(:slot_name)::text;

-- name: replica_lag(slot_name)^
-- The standby on this slot: its walsender state (null when it is not connected) and the bytes of WAL
-- it has yet to replay; while it is away, the bytes the slot holds back for it.
select s.slot_name,
       r.state,
       pg_wal_lsn_diff(pg_current_wal_lsn(), coalesce(r.replay_lsn, s.restart_lsn))::bigint as lag_bytes
from pg_replication_slots as s
left join pg_stat_replication as r on r.pid = s.active_pid
where s.slot_name = :slot_name;

-- name: in_recovery()$
-- True on a standby.
select pg_is_in_recovery();

-- name: cron_launcher_running()$
-- Whether pg_cron's launcher runs on this server: on the primary; on a standby it is not started
-- before a promotion, so a standby runs no job.
select exists (select from pg_stat_activity where backend_type = 'pg_cron launcher');

-- name: limit_slot_wal()!
-- A replica stopped for long keeps WAL on the primary through its slot: at most 2 GB, then the slot
-- is invalidated (wal_status lost: the replica must be made again) instead of the primary filling its
-- disk. Takes effect at the next reload.
alter system set max_slot_wal_keep_size = '2GB';

-- name: reload_settings()$
-- Applies settings changed with ALTER SYSTEM.
select pg_reload_conf();
