-- migrate:up
create table reviews (
    id uuid primary key default gen_random_uuid(),
    booking_id uuid not null references bookings (id) constraint reviews_one_per_booking unique,
    parking_spot_id uuid not null references parking_spots (id),
    reviewer_id uuid not null references users (id),
    overall_rating smallint not null constraint reviews_overall_rating_range check (overall_rating between 1 and 5),
    location_rating smallint constraint reviews_location_rating_range check (location_rating between 1 and 5),
    access_rating smallint constraint reviews_access_rating_range check (access_rating between 1 and 5),
    value_rating smallint constraint reviews_value_rating_range check (value_rating between 1 and 5),
    safety_rating smallint constraint reviews_safety_rating_range check (safety_rating between 1 and 5),
    comment text constraint reviews_comment_length check (length(comment) <= 5000),
    owner_response text constraint reviews_owner_response_length check (length(owner_response) <= 5000),
    owner_responded_at timestamptz,
    helpful_count integer not null default 0 constraint reviews_helpful_count_nonnegative check (helpful_count >= 0),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index reviews_spot_idx on reviews (parking_spot_id, created_at desc);
create index reviews_reviewer_idx on reviews (reviewer_id);
create trigger reviews_updated_at before update on reviews
    for each row execute function set_updated_at();

-- Only the renter of a completed booking reviews it; the spot comes from the booking.
-- The owner's response is written once.
create function reviews_check_rules() returns trigger
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

create trigger reviews_check_rules before insert or update on reviews
    for each row execute function reviews_check_rules();

-- "Was this review helpful?": any user other than its author, once.
create table review_helpful_votes (
    review_id uuid not null references reviews (id) on delete cascade,
    user_id uuid not null references users (id) on delete cascade,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (review_id, user_id)
);
create index review_helpful_votes_user_idx on review_helpful_votes (user_id);
create trigger review_helpful_votes_updated_at before update on review_helpful_votes
    for each row execute function set_updated_at();

create function review_helpful_votes_check_rules() returns trigger
language plpgsql as $$
begin
    if exists (select 1 from reviews where id = new.review_id and reviewer_id = new.user_id) then
        raise exception using errcode = 'PS403', constraint = 'review_vote_not_own',
            message = 'you cannot vote on your own review';
    end if;
    return new;
end;
$$;

create trigger review_helpful_votes_check_rules before insert on review_helpful_votes
    for each row execute function review_helpful_votes_check_rules();

-- migrate:down
drop table review_helpful_votes;
drop function review_helpful_votes_check_rules();
drop table reviews;
drop function reviews_check_rules();
