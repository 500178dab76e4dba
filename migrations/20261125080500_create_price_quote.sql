-- migrate:up
-- Its functions (price_days_part, price_subtotal, price_quote, quote_price) are rules
-- now: db/rules/30_bookings_price.sql.
-- scripts/migrate.py applies db/rules after the migrations; this version stays so that databases
-- which applied it and fresh ones share one history.

-- migrate:down
-- Nothing to undo (scripts/migrate.py drops every rule before it rolls a migration back).
