-- migrate:up
-- The statuses in which a booking holds its slot (no other booking may overlap it, a blackout may
-- not cover it, the spot may not be deactivated under it): pending, confirmed and in_progress.
-- Written once here; the exclusion constraint and the rules call it. A constraint depends on it, so
-- it changes only through a migration that rebuilds bookings_no_overlap (replacing the function
-- alone would neither re-check the rows nor rebuild the index).
create function booking_holds_slot(status booking_status) returns boolean
language sql immutable parallel safe as $$
    select status in ('pending', 'confirmed', 'in_progress');
$$;

alter table bookings drop constraint bookings_no_overlap;
-- No double booking, whoever writes: two bookings of one spot that hold their slot never overlap.
-- Ranges are [start, end), so a booking ending at 10:00 and one starting at 10:00 coexist.
alter table bookings add constraint bookings_no_overlap exclude using gist (
    parking_spot_id with =,
    tstzrange(start_time, end_time) with &&
) where (booking_holds_slot(status));

-- migrate:down
alter table bookings drop constraint bookings_no_overlap;
alter table bookings add constraint bookings_no_overlap exclude using gist (
    parking_spot_id with =,
    tstzrange(start_time, end_time) with &&
) where (status in ('pending', 'confirmed', 'in_progress'));
drop function booking_holds_slot(booking_status);
