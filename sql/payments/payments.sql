-- Payments (Stripe PaymentIntents), webhooks, refunds and owners' Connect accounts.

-- name: get_payable_booking(booking_id, user_id)^
-- A booking as the payer sees it, with the owner's Connect account, its intent so far and the
-- extension waiting for payment, if any (with that extension's intent so far).
select b.id, b.user_id, b.status, b.total_amount, b.service_fee, b.owner_payout,
       booking_role(b.id, :user_id) as viewer,
       o.stripe_account_id as owner_account, o.stripe_transfers_active as owner_transfers_active,
       p.stripe_payment_intent_id,
       e.id as extension_id, e.amount as extension_amount, e.service_fee as extension_service_fee,
       ep.stripe_payment_intent_id as extension_intent_id
from bookings b
join parking_spots s on s.id = b.parking_spot_id
join users o on o.id = s.owner_id
left join payments p on p.booking_id = b.id and p.extension_id is null
left join booking_extensions e on e.booking_id = b.id and e.status = 'pending'
left join payments ep on ep.extension_id = e.id
where b.id = :booking_id;

-- name: upsert_payment(booking_id, user_id, amount, service_fee, currency, intent_id, application_fee, destination)^
-- The one payment of a booking, pointing at its PaymentIntent.
insert into payments (booking_id, user_id, amount, service_fee, currency, stripe_payment_intent_id,
                      application_fee_amount, transfer_destination)
values (:booking_id, :user_id, :amount, :service_fee, :currency, :intent_id, :application_fee::int, :destination)
on conflict (booking_id) where extension_id is null do update
set amount = excluded.amount,
    service_fee = excluded.service_fee,
    stripe_payment_intent_id = excluded.stripe_payment_intent_id,
    application_fee_amount = excluded.application_fee_amount,
    transfer_destination = excluded.transfer_destination
returning id, booking_id, amount, currency, stripe_payment_intent_id, status;

-- name: upsert_extension_payment(booking_id, extension_id, user_id, amount, service_fee, currency, intent_id, application_fee, destination)!
-- The one payment of an extension, pointing at its PaymentIntent.
insert into payments (booking_id, extension_id, user_id, amount, service_fee, currency, stripe_payment_intent_id,
                      application_fee_amount, transfer_destination)
values (:booking_id, :extension_id, :user_id, :amount, :service_fee, :currency, :intent_id, :application_fee::int,
        :destination)
on conflict (extension_id) do update
set stripe_payment_intent_id = excluded.stripe_payment_intent_id;

-- name: record_money_movements(payment_id, movements)$
-- The payment's movements read back from Stripe, into the ledger; how many were new.
select record_money_movements(:payment_id, :movements::jsonb);

-- name: apply_payment_state(intent_id, status, amount_refunded, charge_id, failure)^
select payment_id, booking_id, booking_status, needs_refund
from apply_payment_state(:intent_id, :status::payment_status, :amount_refunded::int, :charge_id, :failure);

-- name: record_webhook_event(event_id, event_type)$
-- The event id, or None when this event was processed before (a replay).
insert into processed_webhook_events (event_id, event_type)
values (:event_id, :event_type)
on conflict (event_id) do nothing
returning event_id;

-- name: get_payment_for(payment_id, user_id)^
-- A payment with the caller's role: 'renter' (the payer), 'owner' (of the spot), 'admin', or null.
select payment_out(p) as payment, booking_role(p.booking_id, :user_id) as viewer
from payments p
where p.id = :payment_id;

-- name: get_payment_by_intent(intent_id)^
select id, booking_id, user_id, amount, amount_refunded, status, transfer_destination
from payments
where stripe_payment_intent_id = :intent_id;

-- name: list_my_payments(user_id, lim, off)
select payment_out(p) as item,
       count(*) over () as total
from payments p
where p.user_id = :user_id
order by p.created_at desc, p.id
limit :lim
offset :off;

-- name: refundable_payments(booking_id)
-- The booking's payments that still hold money, newest first (an extension's before the booking's):
-- a refund takes from them in that order.
select id, stripe_payment_intent_id, amount - amount_refunded as remaining
from payments
where booking_id = :booking_id
  and status in ('succeeded', 'partially_refunded')
  and amount > amount_refunded
order by created_at desc, id;

-- name: get_connect_account(user_id)^
select stripe_account_id as account_id, stripe_charges_enabled as charges_enabled,
       stripe_payouts_enabled as payouts_enabled, stripe_transfers_active as transfers_active, email::text as email
from users
where id = :user_id;

-- name: set_connect_account(user_id, account_id)!
update users
set stripe_account_id = :account_id
where id = :user_id
  and stripe_account_id is null;

-- name: update_connect_status(account_id, charges_enabled, payouts_enabled, transfers_active)!
update users
set stripe_charges_enabled = :charges_enabled,
    stripe_payouts_enabled = :payouts_enabled,
    stripe_transfers_active = :transfers_active
where stripe_account_id = :account_id;

-- name: owner_earnings(owner_id)
-- What each booking on the owner's spots earns them, newest first: owner_payout (the price's share),
-- received (what reached their Stripe account, from the ledger: transfers less reversals, less the
-- fee a destination charge collects, plus fee given back), reversed (taken back after refunds) and
-- pending (their share of what the booking still holds that has not reached them yet: a booking
-- charged before their account could receive transfers, paid after the stay).
select e.booking_id, e.parking_spot_id, e.title, e.start_time, e.end_time, e.status, e.payment_status,
       e.owner_payout, e.received, e.reversed, e.pending
from owner_earnings e
where e.owner_id = :owner_id
order by e.start_time desc, e.booking_id
limit 500;

-- name: owner_earnings_totals(owner_id)
-- Totals by booking status and month of the start (the owner's payouts follow completed stays).
select e.status, to_char(date_trunc('month', e.start_time at time zone 'UTC'), 'YYYY-MM') as month,
       count(*) as bookings, sum(e.owner_payout) as owner_payout, sum(e.received) as received,
       sum(e.reversed) as reversed, sum(e.pending) as pending
from owner_earnings e
where e.owner_id = :owner_id
group by 1, 2
order by 2 desc, 1;
