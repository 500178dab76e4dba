-- The ledger (money_movements, see its migration): rows are written once, from what Stripe says
-- happened, and every balance is derived from them.

-- A movement is history: a correction is a new movement, never an edit.
create or replace function refuse_money_movement_change() returns trigger
language plpgsql as $$
begin
    raise exception using errcode = 'PS409', constraint = 'money_movements_immutable',
        message = 'money movements are never changed or deleted; record a new movement instead';
end;
$$;
comment on function refuse_money_movement_change() is
    'Trigger function (money_movements_immutable): ledger rows are never updated or deleted (PS409); a '
    'correction is a new movement.';

create or replace trigger money_movements_immutable before update or delete on money_movements
    for each row execute function refuse_money_movement_change();

-- Record the movements of one payment (a jsonb array of {kind, stripe_id, amount, currency,
-- occurred_at}); those recorded before are skipped. Returns how many were new.
create or replace function record_money_movements(p_payment_id uuid, p_movements jsonb) returns integer
language sql as $$
    with added as (
        insert into money_movements (booking_id, payment_id, kind, stripe_id, amount, currency, occurred_at)
        select p.booking_id, p.id, m.kind, m.stripe_id, m.amount, coalesce(m.currency, p.currency),
               coalesce(m.occurred_at, now())
          from payments p,
               jsonb_to_recordset(p_movements)
                   as m (kind money_movement_kind, stripe_id text, amount integer, currency text,
                         occurred_at timestamptz)
         where p.id = p_payment_id
           and m.amount > 0
        on conflict (kind, stripe_id) do nothing
        returning 1
    )
    select count(*)::integer from added;
$$;
comment on function record_money_movements(uuid, jsonb) is
    'Records the movements of one payment (jsonb array of {kind, stripe_id, amount in cents, currency, '
    'occurred_at}) in the ledger, skipping those recorded before; returns how many were new.';

-- What the ledger says about each booking that has movements:
--   charged         what the renter's cards were charged
--   refunded        what went back to them (refunds that failed do not count)
--   disputed        what their banks took back in disputes not won
--   owner_received  what reached the owner: transfers less reversals, less the service fee a
--                   destination charge collects from them, plus the fee given back with refunds
--   platform_kept   the rest: charged = refunded + disputed + owner_received + platform_kept
create or replace view booking_balances as
select booking_id,
       charged,
       refunded,
       disputed,
       owner_received,
       charged - refunded - disputed - owner_received as platform_kept,
       transferred,
       reversed
from (
    select booking_id,
           coalesce(sum(amount) filter (where kind = 'charge'), 0)::integer as charged,
           (coalesce(sum(amount) filter (where kind = 'refund'), 0)
             - coalesce(sum(amount) filter (where kind = 'refund_failure'), 0))::integer as refunded,
           (coalesce(sum(amount) filter (where kind = 'dispute'), 0)
             - coalesce(sum(amount) filter (where kind = 'dispute_reversal'), 0))::integer as disputed,
           (coalesce(sum(amount) filter (where kind = 'transfer'), 0)
             - coalesce(sum(amount) filter (where kind = 'transfer_reversal'), 0)
             - coalesce(sum(amount) filter (where kind = 'application_fee'), 0)
             + coalesce(sum(amount) filter (where kind = 'application_fee_refund'), 0))::integer as owner_received,
           coalesce(sum(amount) filter (where kind = 'transfer'), 0)::integer as transferred,
           coalesce(sum(amount) filter (where kind = 'transfer_reversal'), 0)::integer as reversed
      from money_movements
     group by booking_id
) sums;
comment on view booking_balances is
    'What the ledger (money_movements) says about each booking that has movements, integer cents: charged '
    '= refunded + disputed + owner_received + platform_kept.';
comment on column booking_balances.booking_id is 'The booking (bookings.id).';
comment on column booking_balances.charged is 'What the renter''s cards were charged, integer cents.';
comment on column booking_balances.refunded is
    'What went back to the renter, integer cents (refunds less refund failures).';
comment on column booking_balances.disputed is
    'What the renter''s bank took back in disputes not won, integer cents.';
comment on column booking_balances.owner_received is
    'What reached the owner, integer cents: transfers less reversals, less the application fee, plus fee '
    'refunds.';
comment on column booking_balances.platform_kept is
    'What the platform kept, integer cents: charged - refunded - disputed - owner_received.';
comment on column booking_balances.transferred is
    'Transfers to the owner, integer cents, before reversals.';
comment on column booking_balances.reversed is
    'Transfer reversals taken back from the owner, integer cents.';

-- What a booking holds now: charged less refunded less disputed (0 without movements). Refunds
-- are computed from this, never from the booking's price: an extension that was not paid, or a
-- refund made before, is not given back twice.
create or replace function booking_refundable(p_booking_id uuid) returns integer
language sql stable as $$
    select coalesce((select charged - refunded - disputed from booking_balances where booking_id = p_booking_id), 0);
$$;
comment on function booking_refundable(uuid) is
    'What a booking holds now, integer cents: charged less refunded less disputed (0 without movements). '
    'Refunds are computed from this, never from the booking''s price.';
