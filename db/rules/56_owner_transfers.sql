-- Paying owners whose bookings were charged on the platform (their Connect account could not yet
-- receive transfers when the renter paid): once the booking has earned the money (completed, or
-- cancelled with its refund settled) and the owner's transfers capability is active, a job queues a
-- Stripe transfer of their share, tied to the charge (source_transaction), which the outbox worker
-- makes and records in the ledger. A later refund lowers the share and the excess is reversed.

-- Each such payment's share for its owner now and what reached them so far. The share is what the
-- payment still holds less the platform's service fee, in the same proportion as the refunds.
create or replace view owner_transfers_due as
select p.id as payment_id,
       p.booking_id,
       s.owner_id,
       o.stripe_account_id as destination,
       o.stripe_transfers_active as transfers_active,
       p.stripe_charge_id as charge_id,
       p.currency,
       share.amount as share,
       coalesce(sent.amount, 0)::integer as transferred,
       share.amount - coalesce(sent.amount, 0)::integer as due
from payments p
join bookings b on b.id = p.booking_id
join parking_spots s on s.id = b.parking_spot_id
join users o on o.id = s.owner_id
left join booking_balances m on m.booking_id = b.id
cross join lateral (
    select ((p.amount - p.amount_refunded)::bigint * (p.amount - coalesce(p.service_fee, 0)) / p.amount)::integer as amount
) share
left join lateral (
    select sum(case when mm.kind = 'transfer' then mm.amount else -mm.amount end) as amount
      from money_movements mm
     where mm.payment_id = p.id and mm.kind in ('transfer', 'transfer_reversal')
) sent on true
where p.transfer_destination is null
  and p.stripe_charge_id is not null
  and p.status in ('succeeded', 'partially_refunded', 'refunded')
  and coalesce(m.disputed, 0) = 0
  and not exists (select 1 from payment_disputes d
                   where d.booking_id = b.id and d.status not in ('won', 'lost', 'warning_closed'))
  and (b.status = 'completed'
       or (b.status in ('cancelled', 'refunded') and coalesce(m.refunded, 0) >= b.refund_amount));
comment on view owner_transfers_due is
    'Payments charged on the platform whose owner share is earned (booking completed, or cancelled with '
    'its refund settled, no open dispute): the share now, what reached the owner, and what is due. Amounts '
    'are integer cents.';
comment on column owner_transfers_due.payment_id is 'The payment (payments.id).';
comment on column owner_transfers_due.booking_id is 'Its booking (bookings.id).';
comment on column owner_transfers_due.owner_id is 'The spot''s owner (users.id).';
comment on column owner_transfers_due.destination is
    'The owner''s Stripe Connect account (acct_...); null until they onboard.';
comment on column owner_transfers_due.transfers_active is 'Whether that account can receive transfers now.';
comment on column owner_transfers_due.charge_id is
    'The Stripe Charge the transfer is tied to (source_transaction).';
comment on column owner_transfers_due.currency is 'ISO 4217 currency code, lowercase.';
comment on column owner_transfers_due.share is
    'The owner''s share now, integer cents: what the payment still holds less the service fee, in '
    'proportion.';
comment on column owner_transfers_due.transferred is
    'What was transferred so far less reversals, integer cents.';
comment on column owner_transfers_due.due is
    'share - transferred, integer cents: positive to transfer, negative to reverse.';

-- Queue the transfers (and reversals) due to owners who can receive them; returns how many were
-- queued. The idempotency key names the payment and what it had transferred, so a queued call is
-- made once and a replayed job queues nothing new.
create or replace function queue_owner_transfers(p_now timestamptz default now()) returns integer
language sql as $$
    with queued as (
        insert into stripe_outbox (action, args, idempotency_key, next_attempt_at)
        select 'transfer',
               jsonb_build_object('payment_id', d.payment_id, 'booking_id', d.booking_id, 'amount', d.due,
                                  'destination', d.destination, 'charge_id', d.charge_id, 'currency', d.currency),
               'transfer-' || d.payment_id || '-' || d.transferred,
               p_now
          from owner_transfers_due d
         where d.due <> 0
           and d.destination is not null
           and d.transfers_active
        on conflict (idempotency_key) do nothing
        returning 1
    )
    select count(*)::integer from queued;
$$;
comment on function queue_owner_transfers(timestamptz) is
    'pg_cron job: queues in stripe_outbox the transfers (and reversals) due to owners who can receive them '
    '(owner_transfers_due), once per payment and amount transferred. Returns how many were queued.';

-- Each booking on an owner's spots with what it earns them, from the ledger (see owner_earnings in
-- sql/payments/payments.sql). pending is the owner's share (the booking's owner_payout over its
-- total) of what the booking still holds, less what reached them; cancelled bookings count once
-- their refund is settled, active ones once paid.
create or replace view owner_earnings as
select b.id as booking_id, s.owner_id, b.parking_spot_id, s.title, b.start_time, b.end_time, b.status,
       b.payment_status, b.owner_payout,
       coalesce(m.owner_received, 0) as received,
       coalesce(m.reversed, 0) as reversed,
       greatest(0, coalesce((m.charged - m.refunded - m.disputed)::bigint * b.owner_payout / b.total_amount, 0)
                   - coalesce(m.owner_received, 0))::integer as pending
from bookings b
join parking_spots s on s.id = b.parking_spot_id
left join booking_balances m on m.booking_id = b.id;
comment on view owner_earnings is
    'Each booking on an owner''s spots with what it earns them, from the ledger: amounts in integer cents, '
    'times timestamptz (UTC).';
comment on column owner_earnings.booking_id is 'The booking (bookings.id).';
comment on column owner_earnings.owner_id is 'The spot''s owner (users.id).';
comment on column owner_earnings.parking_spot_id is 'The spot (parking_spots.id).';
comment on column owner_earnings.title is 'The spot''s title.';
comment on column owner_earnings.start_time is 'Start of the stay (timestamptz, UTC).';
comment on column owner_earnings.end_time is 'End of the stay (timestamptz, UTC).';
comment on column owner_earnings.status is 'The booking''s status.';
comment on column owner_earnings.payment_status is 'The booking''s payment status.';
comment on column owner_earnings.owner_payout is
    'The owner''s part of the booking''s price, integer cents.';
comment on column owner_earnings.received is
    'What reached the owner, integer cents (booking_balances.owner_received).';
comment on column owner_earnings.reversed is 'Transfers reversed, integer cents.';
comment on column owner_earnings.pending is
    'Still to reach the owner, integer cents: their share (owner_payout / total_amount) of what the '
    'booking holds, less what they received.';
