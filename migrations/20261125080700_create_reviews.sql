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

-- "Was this review helpful?": any user other than its author, once.
create table review_helpful_votes (
    review_id uuid not null references reviews (id) on delete cascade,
    user_id uuid not null references users (id) on delete cascade,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (review_id, user_id)
);
create index review_helpful_votes_user_idx on review_helpful_votes (user_id);

-- migrate:down
drop table review_helpful_votes;
drop table reviews;
