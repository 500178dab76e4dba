-- migrate:up
-- Its counter triggers (bookings_count_on_spot, reviews_rate_spot,
-- review_helpful_votes_count) are rules now: db/rules/45_counters.sql.
-- scripts/migrate.py applies db/rules after the migrations; this version stays so that databases
-- which applied it and fresh ones share one history.

-- migrate:down
-- Nothing to undo (scripts/migrate.py drops every rule before it rolls a migration back).
