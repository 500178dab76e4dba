-- migrate:up
-- A retried POST with the same Idempotency-Key gets the first answer back. The key is claimed in
-- the same transaction as the booking it creates.
create table idempotency_keys (
    user_id uuid not null references users (id) on delete cascade,
    key text not null constraint idempotency_keys_key_length check (length(key) between 1 and 255),
    request_hash text not null,
    response_status integer,
    response_body jsonb,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (user_id, key)
);
create index idempotency_keys_created_idx on idempotency_keys (created_at);

-- migrate:down
drop table idempotency_keys;
