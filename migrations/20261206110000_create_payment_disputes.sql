-- migrate:up
-- A renter's bank disputing a charge (Stripe Dispute). On destination charges the disputed amount
-- and fee are taken from the platform's balance, so admins must see each one and answer it in
-- Stripe before its evidence deadline. One row per Stripe dispute, kept as Stripe last reported it
-- (read back from Stripe on every charge.dispute.* event).
create table payment_disputes (
    id uuid primary key default gen_random_uuid(),
    stripe_dispute_id text not null constraint payment_disputes_stripe_key unique,
    payment_id uuid not null references payments (id),
    booking_id uuid not null references bookings (id),
    amount integer not null constraint payment_disputes_amount_nonnegative check (amount >= 0),
    currency text not null,
    reason text not null,
    status text not null,
    evidence_due_by timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index payment_disputes_open_idx on payment_disputes (created_at desc);

-- migrate:down
drop table payment_disputes;
