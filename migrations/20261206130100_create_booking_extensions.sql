-- migrate:up
-- An extension of a booking that was already paid for: the booking's end moves at once (holding the
-- slot), the difference is charged with a payment of its own, and the extension holds only once that
-- payment succeeds; unpaid when its hold expires, it is released and the booking goes back to the
-- window and prices it had (release_unpaid_extensions). At most one waits for payment per booking.
create type extension_status as enum ('pending', 'paid', 'released');

create table booking_extensions (
    id uuid primary key default gen_random_uuid(),
    booking_id uuid not null references bookings (id),
    previous_end timestamptz not null,
    new_end timestamptz not null,
    previous_subtotal integer not null,
    previous_service_fee integer not null,
    previous_total integer not null,
    previous_owner_payout integer not null,
    amount integer not null constraint booking_extensions_amount_positive check (amount > 0),
    service_fee integer not null constraint booking_extensions_fee_nonnegative check (service_fee >= 0),
    status extension_status not null default 'pending',
    hold_expires_at timestamptz not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint booking_extensions_later check (new_end > previous_end)
);
create unique index booking_extensions_one_pending on booking_extensions (booking_id) where status = 'pending';
create index booking_extensions_holds_idx on booking_extensions (hold_expires_at) where status = 'pending';

-- A booking now has its own payment plus one per paid extension.
alter table payments drop constraint payments_one_per_booking;
alter table payments add column extension_id uuid references booking_extensions (id)
    constraint payments_one_per_extension unique;
create unique index payments_one_per_booking on payments (booking_id) where extension_id is null;
create index payments_booking_idx on payments (booking_id);

-- migrate:down
drop index payments_booking_idx;
drop index payments_one_per_booking;
alter table payments drop column extension_id;
alter table payments add constraint payments_one_per_booking unique (booking_id);
drop table booking_extensions;
drop type extension_status;
