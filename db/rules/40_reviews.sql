-- Reviews: only the renter of a completed booking reviews it, once; the spot's owner responds once;
-- any other user may vote a review helpful, once (the primary key of review_helpful_votes).

-- Only the renter of a completed booking reviews it; the spot comes from the booking.
-- The owner's response is written once.
create or replace function reviews_check_rules() returns trigger
language plpgsql as $$
declare
    booking bookings;
begin
    if tg_op = 'INSERT' then
        select * into booking from bookings where id = new.booking_id;
        if not found then
            raise exception using errcode = 'PS404', constraint = 'reviews_booking_id_fkey',
                message = 'booking not found';
        end if;
        if booking.user_id <> new.reviewer_id then
            raise exception using errcode = 'PS403', constraint = 'review_by_renter',
                message = 'only the renter of a booking can review it';
        end if;
        if booking.status <> 'completed' then
            raise exception using errcode = 'PS409', constraint = 'review_booking_completed',
                message = 'a booking can be reviewed once it is completed';
        end if;
        new.parking_spot_id := booking.parking_spot_id;
        if new.owner_response is not null then
            raise exception using errcode = 'PS409', constraint = 'review_owner_response_once',
                message = 'the owner responds after the review is posted';
        end if;
        return new;
    end if;
    if new.booking_id <> old.booking_id or new.reviewer_id <> old.reviewer_id
       or new.parking_spot_id <> old.parking_spot_id then
        raise exception using errcode = 'PS409', constraint = 'review_parties_fixed',
            message = 'the booking, spot and reviewer of a review cannot change';
    end if;
    if new.owner_response is distinct from old.owner_response then
        if old.owner_response is not null then
            raise exception using errcode = 'PS409', constraint = 'review_owner_response_once',
                message = 'the owner has already responded to this review';
        end if;
        new.owner_responded_at := now();
    end if;
    return new;
end;
$$;

create or replace trigger reviews_check_rules before insert or update on reviews
    for each row execute function reviews_check_rules();

-- "Was this review helpful?": any user other than its author (once: the table's primary key).
create or replace function review_helpful_votes_check_rules() returns trigger
language plpgsql as $$
begin
    if exists (select 1 from reviews where id = new.review_id and reviewer_id = new.user_id) then
        raise exception using errcode = 'PS403', constraint = 'review_vote_not_own',
            message = 'you cannot vote on your own review';
    end if;
    return new;
end;
$$;

create or replace trigger review_helpful_votes_check_rules before insert on review_helpful_votes
    for each row execute function review_helpful_votes_check_rules();
