-- migrate:up
-- How far ahead a booking may start (a booking for the year 9999 would hold the slot, and keep its
-- owner from deactivating the spot, forever). Read by booking_window_check in db/rules.
alter table platform_settings
    add column max_booking_ahead_days integer not null default 365
        constraint platform_settings_booking_ahead_positive check (max_booking_ahead_days > 0);

-- migrate:down
alter table platform_settings drop column max_booking_ahead_days;
