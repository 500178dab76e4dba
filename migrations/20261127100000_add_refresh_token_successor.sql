-- migrate:up
-- A refresh records which token it spent (parent_jti: at most one successor per token) and when the
-- successor was issued (issued_at: its JWT's iat, in whole seconds). A replay of the spent token
-- within the grace window (rotate_refresh_token, db/rules/10_accounts.sql) is then answered with
-- that same successor, signed again from these columns with the secret key: no token is stored.
alter table refresh_tokens
    add column parent_jti uuid
        constraint refresh_tokens_parent_key unique
        constraint refresh_tokens_parent_fkey references refresh_tokens (jti) on delete set null,
    add column issued_at timestamptz;

update refresh_tokens set issued_at = date_trunc('second', created_at);

alter table refresh_tokens alter column issued_at set not null;

-- migrate:down
alter table refresh_tokens
    drop column issued_at,
    drop column parent_jti;
