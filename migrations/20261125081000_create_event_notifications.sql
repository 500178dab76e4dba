-- migrate:up
-- Its event triggers (notify_event, parking_spots_notify, bookings_notify, reviews_notify)
-- are rules now: db/rules/70_events.sql.
-- scripts/migrate.py applies db/rules after the migrations; this version stays so that databases
-- which applied it and fresh ones share one history.

-- migrate:down
-- Nothing to undo (scripts/migrate.py drops every rule before it rolls a migration back).
