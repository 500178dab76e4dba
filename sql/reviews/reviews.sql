-- Reviews: write, read, change and delete one. Every rule (only the renter of a completed booking,
-- once; the edit window; who may see a hidden review) is in db/rules/40_reviews.sql; a review reaches
-- the API as review_out(r).

-- name: create_review(reviewer_id, booking_id, overall_rating, location_rating, access_rating, value_rating, safety_rating, comment)$
-- The spot comes from the booking (reviews_check_rules).
insert into reviews as r (booking_id, reviewer_id, overall_rating, location_rating, access_rating,
                          value_rating, safety_rating, comment)
values (:booking_id, :reviewer_id, :overall_rating, :location_rating, :access_rating,
        :value_rating, :safety_rating, :comment)
returning review_out(r);

-- name: get_review(review_id, user_id)$
-- The review as this user (null: anonymous) may see it; null when hidden from them.
select review_out(r)
from reviews r
where r.id = :review_id
  and review_visible_to(r, :user_id::uuid);

-- name: edit_review(review_id, user_id, patch)$
-- Its reviewer within the edit window, or an admin (edit_review raises the rule that refuses).
select review_out(e)
from edit_review(:review_id, :user_id, :patch::jsonb) e;

-- name: delete_review(review_id, user_id)$
-- Returns the spot of the deleted review.
select d.parking_spot_id
from delete_review(:review_id, :user_id) d;

-- name: list_my_reviews(user_id, lim, off)
-- A reviewer's own reviews, hidden ones included (is_hidden says so), newest first.
select review_out(r) as item,
       count(*) over () as total
from reviews r
where r.reviewer_id = :user_id
order by r.created_at desc, r.id
limit :lim
offset :off;
