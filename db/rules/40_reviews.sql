-- Reviews: only the renter of a completed booking reviews it, once; the spot's owner responds once;
-- any other user may vote a review helpful, once (the primary key of review_helpful_votes); the
-- reviewer changes or deletes it within platform_settings.review_edit_days, an admin at any time;
-- a review an admin hid is seen only by its reviewer and admins. The JSON shape: review_out.

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
comment on function reviews_check_rules() is
    'Trigger function (reviews_check_rules): only the renter of a completed booking reviews it, the spot '
    'comes from the booking, the parties never change, the owner responds once (stamps '
    'owner_responded_at).';

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
comment on function review_helpful_votes_check_rules() is
    'Trigger function (review_helpful_votes_check_rules): nobody votes on their own review (PS403 '
    'review_vote_not_own).';

create or replace trigger review_helpful_votes_check_rules before insert on review_helpful_votes
    for each row execute function review_helpful_votes_check_rules();

-- Whether a user may see a review: anyone while it is visible; once an admin has hidden it, only
-- its reviewer and admins (everyone else is told it does not exist).
create or replace function review_visible_to(r reviews, p_user_id uuid) returns boolean
language sql stable as $$
    select r.hidden_at is null
        or r.reviewer_id = p_user_id
        or exists (select 1 from users u where u.id = p_user_id and u.role = 'admin');
$$;
comment on function review_visible_to(reviews, uuid) is
    'Whether p_user_id may see the review: anyone while visible; once hidden, only its reviewer and '
    'admins.';

-- Until when the reviewer may change or delete the review: platform_settings.review_edit_days
-- (14) after posting it.
create or replace function review_editable_until(r reviews) returns timestamptz
language sql stable parallel safe as $$
    select r.created_at + make_interval(days => (select review_edit_days from platform_settings));
$$;
comment on function review_editable_until(reviews) is
    'Until when the reviewer may change or delete the review: created_at + '
    'platform_settings.review_edit_days (timestamptz).';

-- The JSON shape of a review: the reviewer by name only (never an email or a phone number).
create or replace function review_out(r reviews) returns jsonb
language sql stable parallel safe as $$
    select jsonb_build_object(
        'id', r.id,
        'booking_id', r.booking_id,
        'parking_spot_id', r.parking_spot_id,
        'reviewer_id', r.reviewer_id,
        'reviewer_name', (select u.full_name from users u where u.id = r.reviewer_id),
        'overall_rating', r.overall_rating,
        'location_rating', r.location_rating,
        'access_rating', r.access_rating,
        'value_rating', r.value_rating,
        'safety_rating', r.safety_rating,
        'comment', r.comment,
        'owner_response', r.owner_response,
        'owner_responded_at', utc_iso(r.owner_responded_at),
        'helpful_count', r.helpful_count,
        'is_hidden', r.hidden_at is not null,
        'editable_until', utc_iso(review_editable_until(r)),
        'created_at', utc_iso(r.created_at),
        'updated_at', utc_iso(r.updated_at));
$$;
comment on function review_out(reviews) is
    'JSON shape of a review: the reviewer by name only (never an email or phone), times in UTC.';

-- A review as the moderators see it: who hid it, when and why.
create or replace function review_moderation_out(r reviews) returns jsonb
language sql stable parallel safe as $$
    select review_out(r) || jsonb_build_object(
        'hidden_at', utc_iso(r.hidden_at),
        'hidden_by', r.hidden_by,
        'hidden_reason', r.hidden_reason);
$$;
comment on function review_moderation_out(reviews) is
    'JSON shape of a review for moderators: review_out plus who hid it, when (UTC) and why.';

-- The review p_user_id may see, locked for a change (PS404 when there is none).
create or replace function review_for_update(p_review_id uuid, p_user_id uuid) returns reviews
language plpgsql as $$
declare
    current reviews;
begin
    select * into current from reviews where id = p_review_id for update;
    if not found or not review_visible_to(current, p_user_id) then
        raise exception using errcode = 'PS404', message = 'review not found';
    end if;
    return current;
end;
$$;
comment on function review_for_update(uuid, uuid) is
    'The review p_user_id may see, locked for a change; PS404 when there is none.';

-- Who may change or delete a review: an admin at any time; its reviewer until
-- review_editable_until, and not change it once an admin has hidden it (deleting it is still theirs).
create or replace function review_author_check(r reviews, p_user_id uuid, p_change boolean, p_now timestamptz)
returns void
language plpgsql stable as $$
begin
    if exists (select 1 from users u where u.id = p_user_id and u.role = 'admin') then
        return;
    end if;
    if r.reviewer_id <> p_user_id then
        raise exception using errcode = 'PS403', constraint = 'review_by_reviewer',
            message = 'only the reviewer (or an admin) can change or delete a review';
    end if;
    if p_now >= review_editable_until(r) then
        raise exception using errcode = 'PS409', constraint = 'review_edit_window',
            message = format('a review can be changed or deleted within %s days of posting',
                             (select review_edit_days from platform_settings));
    end if;
    if p_change and r.hidden_at is not null then
        raise exception using errcode = 'PS409', constraint = 'review_hidden',
            message = 'an admin hid this review: it can no longer be changed';
    end if;
end;
$$;
comment on function review_author_check(reviews, uuid, boolean, timestamptz) is
    'Who may change or delete a review: an admin any time; its reviewer within the edit window, and not '
    'change it once hidden. Raises PS403/PS409 otherwise.';

-- Change the ratings and comment given in p_patch (keys of reviews; the others stay).
create or replace function edit_review(p_review_id uuid, p_user_id uuid, p_patch jsonb,
                                       p_now timestamptz default now()) returns reviews
language plpgsql as $$
declare
    current reviews := review_for_update(p_review_id, p_user_id);
begin
    perform review_author_check(current, p_user_id, true, p_now);
    update reviews r
       set (overall_rating, location_rating, access_rating, value_rating, safety_rating, comment)
         = (select p.overall_rating, p.location_rating, p.access_rating, p.value_rating, p.safety_rating, p.comment
            from jsonb_populate_record(current, p_patch) p)
     where r.id = p_review_id
    returning * into current;
    return current;
end;
$$;
comment on function edit_review(uuid, uuid, jsonb, timestamptz) is
    'Changes the ratings and comment given in p_patch (keys of reviews; the others stay), after the author '
    'check; returns the review.';

-- Delete a review (its helpful votes go with it); returns what was deleted.
create or replace function delete_review(p_review_id uuid, p_user_id uuid, p_now timestamptz default now())
returns reviews
language plpgsql as $$
declare
    current reviews := review_for_update(p_review_id, p_user_id);
begin
    perform review_author_check(current, p_user_id, false, p_now);
    delete from reviews where id = p_review_id;
    return current;
end;
$$;
comment on function delete_review(uuid, uuid, timestamptz) is
    'Deletes a review (its helpful votes go with it) after the author check; returns what was deleted.';

-- The spot's owner answers a visible review, once (reviews_check_rules refuses a second answer).
create or replace function respond_to_review(p_review_id uuid, p_user_id uuid, p_response text) returns reviews
language plpgsql as $$
declare
    current reviews;
begin
    select * into current from reviews where id = p_review_id and hidden_at is null for update;
    if not found then
        raise exception using errcode = 'PS404', message = 'review not found';
    end if;
    if not exists (select 1 from parking_spots s where s.id = current.parking_spot_id and s.owner_id = p_user_id) then
        raise exception using errcode = 'PS403', constraint = 'review_response_by_owner',
            message = 'only the owner of the spot can respond to its reviews';
    end if;
    update reviews set owner_response = p_response where id = p_review_id returning * into current;
    return current;
end;
$$;
comment on function respond_to_review(uuid, uuid, text) is
    'The spot''s owner answers a visible review, once; PS403 for anyone else.';
