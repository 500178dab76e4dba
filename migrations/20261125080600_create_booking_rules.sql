-- migrate:up
-- Its functions and triggers (booking_transition_allowed, bookings_check_rules,
-- bookings_guard_status, spot_blackouts_check_rules) are rules now: db/rules/31_bookings_rules.sql;
-- spot_is_open is in db/rules/20_spots.sql.
-- scripts/migrate.py applies db/rules after the migrations; this version stays so that databases
-- which applied it and fresh ones share one history.

-- migrate:down
-- Nothing to undo (scripts/migrate.py drops every rule before it rolls a migration back).
