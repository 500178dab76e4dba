-- migrate:up
-- The Stripe outbox takes more than intent cancellations: paying an owner what a booking charged on
-- the platform earned them (transfer, once their Connect account can receive transfers) and the
-- nightly reconciliation of the ledger with Stripe's balance transactions (reconcile). Each call's
-- arguments are in args; intent_id stays for cancel_intent.
alter table stripe_outbox alter column intent_id drop not null;
alter table stripe_outbox add column args jsonb not null default '{}'
    constraint stripe_outbox_args_object check (jsonb_typeof(args) = 'object');
alter table stripe_outbox drop constraint stripe_outbox_action_known;
alter table stripe_outbox add constraint stripe_outbox_action_known
    check (action in ('cancel_intent', 'transfer', 'reconcile'));

-- What a payment charged on the platform keeps for the platform: the booking's (or extension's)
-- service fee when it was paid. The rest, less refunds in proportion, is owed to the owner.
alter table payments add column service_fee integer
    constraint payments_service_fee_bounded check (service_fee between 0 and amount);

-- migrate:down
alter table payments drop column service_fee;
delete from stripe_outbox where action <> 'cancel_intent';
alter table stripe_outbox drop constraint stripe_outbox_action_known;
alter table stripe_outbox add constraint stripe_outbox_action_known check (action in ('cancel_intent'));
alter table stripe_outbox drop column args;
alter table stripe_outbox alter column intent_id set not null;
