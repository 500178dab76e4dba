-- migrate:up
-- A password reset mail carries a live token until it is sent, never after: a delivered mail keeps
-- no body. Whoever marks a mail sent (take_outbox_mail, or a relay setting sent_at itself) has its
-- body cleared by the trigger outbox_clear_sent_body (db/rules/10_accounts.sql); this check holds
-- the rule should the trigger ever be missing. Mail already marked sent loses its body here.
update outbox
set body = ''
where sent_at is not null
  and body <> '';

alter table outbox
    add constraint outbox_sent_body_cleared check (sent_at is null or body = '');

-- migrate:down
alter table outbox drop constraint outbox_sent_body_cleared;
