-- Counters kept true by triggers: parking_spots.total_bookings, average_rating and total_reviews,
-- and reviews.helpful_count.

-- parking_spots.total_bookings counts bookings that went ahead: confirmed, in progress or completed
-- (pending holds, cancelled and refunded bookings do not count).
create or replace function booking_counts(p_status booking_status) returns integer
language sql immutable as $$
    select case when p_status in ('confirmed', 'in_progress', 'completed') then 1 else 0 end;
$$;
comment on function booking_counts(booking_status) is
    '1 when a booking in this status counts in parking_spots.total_bookings (confirmed, in_progress, '
    'completed), else 0.';

create or replace function bookings_count_on_spot() returns trigger
language plpgsql as $$
declare
    delta integer;
begin
    delta := case when tg_op = 'DELETE' then 0 else booking_counts(new.status) end
           - case when tg_op = 'INSERT' then 0 else booking_counts(old.status) end;
    if delta <> 0 then
        update parking_spots
           set total_bookings = total_bookings + delta
         where id = coalesce(new.parking_spot_id, old.parking_spot_id);
    end if;
    return null;
end;
$$;
comment on function bookings_count_on_spot() is
    'Trigger function (bookings_count_on_spot): keeps parking_spots.total_bookings true on insert, delete '
    'and status change.';

create or replace trigger bookings_count_on_spot after insert or delete or update of status on bookings
    for each row execute function bookings_count_on_spot();

-- average_rating and total_reviews are recomputed from the reviews themselves (no drift), counting
-- only visible ones: a review an admin hid (hidden_at) leaves them, and comes back when unhidden.
create or replace function reviews_rate_spot() returns trigger
language plpgsql as $$
declare
    spot_id uuid := coalesce(new.parking_spot_id, old.parking_spot_id);
begin
    update parking_spots s
       set (average_rating, total_reviews) = (
               select coalesce(round(avg(r.overall_rating), 2), 0), count(*)
               from reviews r where r.parking_spot_id = spot_id and r.hidden_at is null)
     where s.id = spot_id;
    return null;
end;
$$;
comment on function reviews_rate_spot() is
    'Trigger function (reviews_rate_spot): recomputes the spot''s average_rating and total_reviews from '
    'its visible reviews.';

create or replace trigger reviews_rate_spot after insert or delete or update of overall_rating, hidden_at on reviews
    for each row execute function reviews_rate_spot();

create or replace function review_helpful_votes_count() returns trigger
language plpgsql as $$
begin
    update reviews
       set helpful_count = helpful_count + case when tg_op = 'INSERT' then 1 else -1 end
     where id = coalesce(new.review_id, old.review_id);
    return null;
end;
$$;
comment on function review_helpful_votes_count() is
    'Trigger function (review_helpful_votes_count): keeps reviews.helpful_count true as votes come and go.';

create or replace trigger review_helpful_votes_count after insert or delete on review_helpful_votes
    for each row execute function review_helpful_votes_count();
