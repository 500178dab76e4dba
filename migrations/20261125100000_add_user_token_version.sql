-- migrate:up
-- Every token carries the user's token_version; bumping it (password change or reset, deactivation,
-- an admin locking the account) makes every access and refresh token issued before unusable at once.
alter table users add column token_version integer not null default 0;

-- migrate:down
alter table users drop column token_version;
