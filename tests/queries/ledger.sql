-- name: ledger_of(booking_id)
-- The booking's money movements, oldest first.
select kind::text, stripe_id, amount, payment_id
from money_movements
where booking_id = :booking_id::uuid
order by id;

-- name: balances_of(booking_id)^
select charged, refunded, disputed, owner_received, platform_kept, transferred, reversed
from booking_balances
where booking_id = :booking_id::uuid;

-- name: extensions_of(booking_id)
select id, status::text, amount, service_fee, previous_end, new_end
from booking_extensions
where booking_id = :booking_id::uuid
order by created_at;

-- name: release_extensions_at(now)$
select release_unpaid_extensions(:now);

-- name: finish_stays_at(now)$
-- The pg_cron jobs' moves up to :now: confirmed bookings start, then end.
select auto_start_bookings(:now) + auto_checkout_bookings(:now);

-- name: queue_transfers()$
select queue_owner_transfers(now());

-- name: outbox_calls(action)
select action, intent_id, args, idempotency_key, done_at
from stripe_outbox
where action = :action
order by id;

-- name: edit_a_movement(booking_id)!
update money_movements
set amount = amount + 1
where booking_id = :booking_id::uuid;

-- name: delete_movements(booking_id)!
delete from money_movements
where booking_id = :booking_id::uuid;

-- name: connect_without_transfers(user_id, account_id)!
-- An owner whose Connect account exists but cannot receive transfers yet.
update users
set stripe_account_id = :account_id,
    stripe_charges_enabled = false,
    stripe_payouts_enabled = false,
    stripe_transfers_active = false
where id = :user_id::uuid;

-- name: purge_stripe_outbox_at(now)$
select purge_stripe_outbox(interval '30 days', :now);

-- name: count_stripe_calls()$
select count(*) from stripe_outbox;
