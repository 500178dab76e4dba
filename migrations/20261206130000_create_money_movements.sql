-- migrate:up
-- The ledger: every movement of money Stripe made for a booking, one immutable row each, recorded
-- from the object read back from Stripe (never from what an event claims) with that object's id, so
-- recording it twice changes nothing. Amounts are positive; the kind says which way the money went:
--   charge                  renter -> platform (the charge captured)
--   refund / refund_failure platform -> renter, and back when the refund could not reach the card
--   transfer                platform -> owner (a destination charge's transfer, or one our job made)
--   transfer_reversal       owner -> platform (a refund's reverse_transfer, or a reversal we made)
--   application_fee         owner -> platform (the service fee of a destination charge)
--   application_fee_refund  platform -> owner (the fee given back in a refund's proportion)
--   dispute / dispute_reversal  platform -> renter's bank, and back when the dispute was won
-- Balances per booking and per owner are derived from these rows (db/rules/54_money_ledger.sql);
-- rows are never updated or deleted (a trigger refuses it): a correction is a new movement.
create type money_movement_kind as enum
    ('charge', 'refund', 'refund_failure', 'transfer', 'transfer_reversal', 'application_fee',
     'application_fee_refund', 'dispute', 'dispute_reversal');

create table money_movements (
    id bigserial primary key,
    booking_id uuid not null references bookings (id),
    payment_id uuid references payments (id),
    kind money_movement_kind not null,
    stripe_id text not null,
    amount integer not null constraint money_movements_amount_positive check (amount > 0),
    currency text not null constraint money_movements_currency_format check (currency ~ '^[a-z]{3}$'),
    occurred_at timestamptz not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint money_movements_once unique (kind, stripe_id)
);
create index money_movements_booking_idx on money_movements (booking_id);
create index money_movements_occurred_idx on money_movements (occurred_at);

-- migrate:down
drop table money_movements;
drop type money_movement_kind;
