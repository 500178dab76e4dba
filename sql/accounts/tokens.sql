-- Refresh tokens (rotation with reuse detection) and password reset tokens (stored hashed).

-- name: create_refresh_token(jti, user_id, family_id, expires_at)!
insert into refresh_tokens (jti, user_id, family_id, expires_at)
values (:jti, :user_id, :family_id, :expires_at);

-- name: spend_refresh_token(jti)^
-- Spends a live refresh token, atomically: of two concurrent refreshes with one token only one
-- gets a row back. None means the token is unknown, expired, revoked or already spent.
update refresh_tokens
set used_at = now()
where jti = :jti
  and used_at is null
  and revoked_at is null
  and expires_at > now()
returning jti, user_id, family_id;

-- name: get_refresh_token(jti)^
select jti, user_id, family_id, used_at, revoked_at, expires_at
from refresh_tokens
where jti = :jti;

-- name: revoke_token_family(family_id)!
-- Reuse detected (or logout): every token of that login session stops working.
update refresh_tokens
set revoked_at = now()
where family_id = :family_id
  and revoked_at is null;

-- name: revoke_user_refresh_tokens(user_id)!
update refresh_tokens
set revoked_at = now()
where user_id = :user_id
  and revoked_at is null;

-- name: create_reset_token(user_id, token_hash, expires_at)!
-- Only the SHA-256 of the token is stored; the token itself goes out by mail.
insert into password_reset_tokens (user_id, token_hash, expires_at)
values (:user_id, :token_hash, :expires_at);

-- name: use_reset_token(token_hash)$
-- Spends a live reset token once; returns its user, or None (unknown, used or expired).
update password_reset_tokens
set used_at = now()
where token_hash = :token_hash
  and used_at is null
  and expires_at > now()
returning user_id;
