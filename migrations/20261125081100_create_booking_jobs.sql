-- migrate:up
-- Its job functions (auto_start_bookings, auto_checkout_bookings, expire_unpaid_holds,
-- purge_cron_history) are rules now: db/rules/60_jobs.sql.
-- scripts/migrate.py applies db/rules after the migrations; this version stays so that databases
-- which applied it and fresh ones share one history.

-- migrate:down
-- Nothing to undo (scripts/migrate.py drops every rule before it rolls a migration back).
