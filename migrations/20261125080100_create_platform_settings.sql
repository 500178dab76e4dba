-- migrate:up
-- Business settings the rules in SQL read: one row, changed by a DBA or an admin endpoint
-- (`update platform_settings set service_fee_percent = 12`), never duplicated in Python.
create table platform_settings (
    singleton boolean primary key default true
        constraint platform_settings_singleton check (singleton),
    service_fee_percent numeric(5, 2) not null default 10
        constraint platform_settings_fee_percent_range check (service_fee_percent between 0 and 100),
    service_fee_fixed_cents integer not null default 50
        constraint platform_settings_fee_fixed_nonnegative check (service_fee_fixed_cents >= 0),
    payment_hold_minutes integer not null default 15
        constraint platform_settings_hold_positive check (payment_hold_minutes > 0),
    booking_grid_minutes integer not null default 15
        constraint platform_settings_grid_divides_hour check (booking_grid_minutes in (1, 5, 10, 15, 20, 30, 60)),
    min_booking_minutes integer not null default 30
        constraint platform_settings_min_booking_positive check (min_booking_minutes > 0),
    max_booking_days integer not null default 180
        constraint platform_settings_max_booking_positive check (max_booking_days > 0),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);

insert into platform_settings default values;

-- migrate:down
drop table platform_settings;
