-- What others add to a review: the spot owner's response (once) and "helpful" votes (once per user,
-- never on one's own review: review_helpful_votes_pkey, review_vote_not_own).

-- name: respond_to_review(review_id, user_id, response)$
select review_out(r)
from respond_to_review(:review_id, :user_id, :response) r;

-- name: vote_helpful(review_id, user_id)$
-- Null when there is no visible review of that id.
insert into review_helpful_votes (review_id, user_id)
select r.id, :user_id
from reviews r
where r.id = :review_id
  and r.hidden_at is null
returning review_id;

-- name: unvote_helpful(review_id, user_id)$
-- Null when the user had not voted on that visible review.
delete from review_helpful_votes v
using reviews r
where v.review_id = :review_id
  and v.user_id = :user_id
  and r.id = v.review_id
  and r.hidden_at is null
returning v.review_id;

-- name: get_visible_review(review_id)$
select review_out(r)
from reviews r
where r.id = :review_id
  and r.hidden_at is null;
