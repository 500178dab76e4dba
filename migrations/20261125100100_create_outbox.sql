-- migrate:up
-- Mail waiting to be sent. With no mail server configured the service only writes here
-- (a mail relay, or a developer reading the table, takes it from there).
create table outbox (
    id uuid primary key default gen_random_uuid(),
    recipient citext not null,
    kind text not null constraint outbox_kind_known check (kind in ('password_reset')),
    subject text not null,
    body text not null,
    sent_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index outbox_unsent_idx on outbox (created_at) where sent_at is null;

-- migrate:down
drop table outbox;
