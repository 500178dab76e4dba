-- Read routing (api/core/replicas.py): where the primary has flushed its WAL to, and how far a
-- streaming replica has replayed it. Positions are bytes since 0/0 (bigint), comparable across servers.

-- name: primary_flushed_position()$
-- The WAL the primary has flushed: what its replicas can have received.
select (pg_current_wal_flush_lsn() - '0/0'::pg_lsn)::bigint;

-- name: primary_commit_position()$
-- Read after a commit: a position at or past that commit record that a replica will reach. With
-- synchronous_commit on (local, remote_write...) the commit was flushed before it returned: the
-- flush position. With it off the commit may still be in the WAL buffers (the WAL writer flushes it
-- within three wal_writer_delay): the insert position, which may lie past the commit until the
-- next commit is flushed (a replica then serves this reader a little later than it could).
select (case when current_setting('synchronous_commit') = 'off'
             then pg_current_wal_insert_lsn()
             else pg_current_wal_flush_lsn() end - '0/0'::pg_lsn)::bigint;

-- name: replica_position()^
-- A replica's replayed position; in_recovery false means it was promoted (no longer following the primary).
select pg_is_in_recovery() as in_recovery,
       (coalesce(pg_last_wal_replay_lsn(), '0/0'::pg_lsn) - '0/0'::pg_lsn)::bigint as replayed;
