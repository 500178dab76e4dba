-- The nightly reconciliation of the ledger with Stripe (tests/payments/test_reconciliation.py).

-- name: queue_reconciliation_at(now)$
-- What the pg_cron job does, with any clock.
select queue_reconciliation(:now);

-- name: reconcile_calls()
select args, idempotency_key, next_attempt_at, done_at
from stripe_outbox
where action = 'reconcile'
order by id;

-- name: requeue_reconciliation(day)!
-- An operator running a day again: its outbox call is due once more.
update stripe_outbox
set done_at = null,
    next_attempt_at = now()
where idempotency_key = 'reconcile-' || :day::text;

-- name: reconciliation_run(day)^
select status, checked, differences, started_at, finished_at
from reconciliation_runs
where day = :day::date;

-- name: reconciliation_differences(day)
select kind::text, stripe_id, problem, ledger_amount, stripe_amount
from reconciliation_differences
where day = :day::date
order by problem, kind, stripe_id;

-- name: add_ledger_row(booking_id, kind, stripe_id, amount, occurred_at)!
-- A movement written into the ledger by hand, beside the booking's payment.
insert into money_movements (booking_id, payment_id, kind, stripe_id, amount, currency, occurred_at)
select p.booking_id, p.id, :kind::money_movement_kind, :stripe_id, :amount, p.currency, :occurred_at
from payments p
where p.booking_id = :booking_id::uuid
order by p.created_at
limit 1;
