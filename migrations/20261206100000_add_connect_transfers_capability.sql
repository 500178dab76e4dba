-- migrate:up
-- Whether the owner's Connect account has the `transfers` capability active: Stripe refuses a
-- destination charge (transfer_data[destination]) to an account without it, whatever
-- charges_enabled says, so this, not charges_enabled, decides whether a booking's charge goes to
-- the owner. Set from the account read back from Stripe (account.updated, GET /payments/connect/status).
alter table users add column stripe_transfers_active boolean not null default false;

-- migrate:down
alter table users drop column stripe_transfers_active;
