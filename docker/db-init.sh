#!/usr/bin/env bash
# Runs once, when the database volume is new: the postgres image's entrypoint runs the files of
# /docker-entrypoint-initdb.d after initdb, against a temporary server that listens on its unix
# socket only, with POSTGRES_DB already created. Executable, so it runs in its own shell.
#
# It creates nothing (no extension, no template database): the migrations create what the app
# uses, as db/schema.sql shows. It writes the settings pg_cron needs into postgresql.conf; the
# entrypoint then stops the temporary server and starts the real one, which reads them.
set -euo pipefail

cat >> "${PGDATA}/postgresql.conf" <<CONF

# ParkingSpots (docker/db-init.sh)
# pg_cron: preloaded, living in the app database, running jobs in background workers (no libpq
# login, so the jobs' role needs no password); schedules are in GMT.
shared_preload_libraries = 'pg_cron'
cron.database_name = '${POSTGRES_DB}'
cron.use_background_workers = on
max_worker_processes = 20
timezone = 'UTC'
# Keep row data out of the server log: a failed check would log the failing row (emails, phones).
log_error_verbosity = terse
CONF
echo "db-init: pg_cron settings written for database ${POSTGRES_DB}; nothing created"
