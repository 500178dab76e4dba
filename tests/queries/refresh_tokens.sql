-- name: age_refresh_rotation(jti, seconds)!
-- Moves a spent refresh token's rotation back in time, as if that many seconds had passed.
update refresh_tokens
set used_at = used_at - make_interval(secs => :seconds)
where jti = :jti;

-- name: refresh_family(jti)
-- Every token of the family of this one, as JSON text (what the database keeps of them).
select t.jti, t.parent_jti, t.used_at, t.revoked_at, row_to_json(t)::text as stored
from refresh_tokens t
where t.family_id = (select family_id from refresh_tokens where jti = :jti)
order by t.created_at, t.issued_at;
