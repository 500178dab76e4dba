-- migrate:up
-- Its functions and trigger (parking_spots_check_deactivation, spot_busy_intervals,
-- spot_is_free, spot_matches) are rules now: db/rules/20_spots.sql and db/rules/21_spots_search.sql.
-- scripts/migrate.py applies db/rules after the migrations; this version stays so that databases
-- which applied it and fresh ones share one history.

-- migrate:down
-- Nothing to undo (scripts/migrate.py drops every rule before it rolls a migration back).
