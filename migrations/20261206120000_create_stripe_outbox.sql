-- migrate:up
-- Stripe calls the database decides on but cannot make itself, kept until a worker has made them
-- (api/payments/outbox.py). Today one kind: cancel the unpaid PaymentIntent of a booking that was
-- cancelled or whose payment window expired, so a late payment can no longer be charged (and then
-- refunded, losing Stripe's fees). Each row carries the idempotency key its call is retried with;
-- a Stripe outage delays a call, never loses it.
create table stripe_outbox (
    id bigserial primary key,
    action text not null constraint stripe_outbox_action_known check (action in ('cancel_intent')),
    intent_id text not null,
    idempotency_key text not null constraint stripe_outbox_idempotency_key unique,
    attempts integer not null default 0,
    next_attempt_at timestamptz not null default now(),
    done_at timestamptz,
    last_error text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index stripe_outbox_due_idx on stripe_outbox (next_attempt_at) where done_at is null;

-- migrate:down
drop table stripe_outbox;
