-- Admins hide a review (it leaves the listings, the summary and the spot's counters) and may bring
-- it back; who, when and why are kept (review_moderation_out).

-- name: hide_review(review_id, admin_id, reason)$
-- Null when there is no such review or it is hidden already.
update reviews r
set hidden_at = now(),
    hidden_by = :admin_id,
    hidden_reason = :reason
where r.id = :review_id
  and r.hidden_at is null
returning review_moderation_out(r);

-- name: unhide_review(review_id)$
-- Null when there is no such review or it is not hidden.
update reviews r
set hidden_at = null,
    hidden_by = null,
    hidden_reason = null
where r.id = :review_id
  and r.hidden_at is not null
returning review_moderation_out(r);

-- name: get_review_moderation(review_id)$
select review_moderation_out(r)
from reviews r
where r.id = :review_id;
