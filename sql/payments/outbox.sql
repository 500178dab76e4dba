-- The Stripe calls waiting in stripe_outbox (db/rules/52_stripe_outbox.sql queues them).

-- name: take_due_stripe_calls(now, lim)
-- Due calls not yet made, oldest first, locked for this transaction; other workers skip them.
select id, action, intent_id, args, idempotency_key, attempts
from stripe_outbox
where done_at is null
  and next_attempt_at <= :now
order by next_attempt_at, id
limit :lim
for update skip locked;

-- name: finish_stripe_call(id, now)!
update stripe_outbox
set done_at = :now,
    attempts = attempts + 1,
    last_error = null
where id = :id;

-- name: postpone_stripe_call(id, now, error)!
-- Stripe failed or could not be reached: try again later, waiting longer each time (at most an hour).
update stripe_outbox
set attempts = attempts + 1,
    last_error = :error,
    next_attempt_at = :now::timestamptz + least(interval '1 hour', interval '10 seconds' * power(2, attempts))
where id = :id;

-- name: latest_transfer_of_payment(payment_id)$
-- The Stripe id of the latest transfer made for a payment (a reversal takes from it).
select stripe_id
from money_movements
where payment_id = :payment_id
  and kind = 'transfer'
order by occurred_at desc, id desc
limit 1;
