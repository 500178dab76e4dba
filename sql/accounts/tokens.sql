-- Refresh tokens (rotation with reuse detection and a grace window) and password reset tokens (stored hashed).

-- name: create_refresh_token(jti, user_id, family_id, issued_at, expires_at)!
-- The first token of a family (a login).
insert into refresh_tokens (jti, user_id, family_id, issued_at, expires_at)
values (:jti, :user_id, :family_id, :issued_at, :expires_at);

-- name: rotate_refresh_token(jti, new_jti, issued_at, expires_at, grace)^
-- Spends a refresh token for its successor, or answers the same successor again within the grace
-- window, or revokes the family of a spent token that came back (rotate_refresh_token in
-- db/rules/10_accounts.sql): outcome, and the successor's jti, user_id, family_id, issued_at, expires_at.
select outcome, jti, user_id, family_id, issued_at, expires_at
from rotate_refresh_token(:jti, :new_jti, :issued_at, :expires_at, :grace);

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
