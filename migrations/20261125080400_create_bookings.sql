-- migrate:up
create type booking_status as enum ('pending', 'confirmed', 'in_progress', 'completed', 'cancelled', 'refunded');

create table bookings (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references users (id),
    parking_spot_id uuid not null references parking_spots (id),
    start_time timestamptz not null,
    end_time timestamptz not null,
    status booking_status not null default 'pending',
    -- Money in cents, filled by the booking rules trigger from quote_price(); never by clients.
    subtotal integer not null constraint bookings_subtotal_positive check (subtotal > 0),
    service_fee integer not null constraint bookings_service_fee_nonnegative check (service_fee >= 0),
    total_amount integer not null constraint bookings_total_positive check (total_amount > 0),
    owner_payout integer not null constraint bookings_owner_payout_nonnegative check (owner_payout >= 0),
    refund_amount integer not null default 0,
    payment_intent_id text constraint bookings_payment_intent_key unique,
    payment_status text not null default 'pending'
        constraint bookings_payment_status_valid check (payment_status in
            ('pending', 'not_required', 'paid', 'failed', 'expired', 'refunded', 'partially_refunded')),
    hold_expires_at timestamptz,  -- a pending booking holds its slot until then (see expire_unpaid_holds)
    access_code text not null default lpad(floor(random() * 1000000)::int::text, 6, '0'),
    vehicle_plate varchar(20),
    vehicle_make varchar(50),
    vehicle_model varchar(50),
    vehicle_color varchar(30),
    special_requests text constraint bookings_special_requests_length check (length(special_requests) <= 2000),
    cancellation_reason text constraint bookings_cancellation_reason_length check (length(cancellation_reason) <= 2000),
    cancelled_by uuid references users (id),
    cancelled_at timestamptz,
    checked_in_at timestamptz,
    checked_out_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint bookings_time_order check (end_time > start_time),
    constraint bookings_total_is_sum check (total_amount = subtotal + service_fee),
    constraint bookings_refund_bounded check (refund_amount between 0 and total_amount),
    -- No double booking, whoever writes: two active bookings of one spot never overlap.
    -- Ranges are [start, end), so a booking ending at 10:00 and one starting at 10:00 coexist.
    constraint bookings_no_overlap exclude using gist (
        parking_spot_id with =,
        tstzrange(start_time, end_time) with &&
    ) where (status in ('pending', 'confirmed', 'in_progress'))
);

create index bookings_user_idx on bookings (user_id, start_time desc);
create index bookings_spot_idx on bookings (parking_spot_id, start_time desc);
create index bookings_status_idx on bookings (status);
-- The pg_cron procedures scan only these slices.
create index bookings_to_start_idx on bookings (start_time) where status = 'confirmed';
create index bookings_to_finish_idx on bookings (end_time) where status = 'in_progress';
create index bookings_holds_idx on bookings (hold_expires_at) where status = 'pending';

-- migrate:down
drop table bookings;
drop type booking_status;
