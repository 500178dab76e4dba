-- migrate:up
-- Its function apply_payment_state is a rule now: db/rules/50_payments.sql.
-- scripts/migrate.py applies db/rules after the migrations; this version stays so that databases
-- which applied it and fresh ones share one history.

-- migrate:down
-- Nothing to undo (scripts/migrate.py drops every rule before it rolls a migration back).
