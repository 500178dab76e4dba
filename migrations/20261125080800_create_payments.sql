-- migrate:up
create type payment_status as enum
    ('requires_payment', 'processing', 'succeeded', 'failed', 'canceled', 'refunded', 'partially_refunded');

-- One Stripe PaymentIntent per booking.
create table payments (
    id uuid primary key default gen_random_uuid(),
    booking_id uuid not null references bookings (id) constraint payments_one_per_booking unique,
    user_id uuid not null references users (id),
    amount integer not null constraint payments_amount_positive check (amount > 0),
    currency text not null default 'usd' constraint payments_currency_format check (currency ~ '^[a-z]{3}$'),
    status payment_status not null default 'requires_payment',
    stripe_payment_intent_id text constraint payments_stripe_payment_intent_key unique,
    stripe_charge_id text,
    application_fee_amount integer constraint payments_application_fee_nonnegative check (application_fee_amount >= 0),
    transfer_destination text,
    amount_refunded integer not null default 0,
    failure_message text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint payments_refund_bounded check (amount_refunded between 0 and amount)
);
create index payments_user_idx on payments (user_id, created_at desc);

-- Each Stripe webhook event is applied once: its id is stored in the same transaction as its effect.
create table processed_webhook_events (
    event_id text primary key,
    event_type text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

-- migrate:down
drop table processed_webhook_events;
drop table payments;
drop type payment_status;
