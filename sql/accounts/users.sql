-- Accounts. A user reaches the API as user_out(u) (db/rules/10_accounts.sql), which never includes
-- the password hash; the queries that need the hash or the token version ask for them by name.

-- name: create_user(email, hashed_password, full_name, phone_number, role)$
-- Registers an account; a duplicate email (any letter case) fails with users_email_key.
insert into users as u (email, hashed_password, full_name, phone_number, role)
values (:email, :hashed_password, :full_name, :phone_number, :role::user_role)
returning user_out(u);

-- name: get_login_user(email)^
-- What login needs: the hash, the state and the token version.
select id, hashed_password, role, is_active, token_version
from users
where email = :email;

-- name: get_auth_user(user_id)^
-- What every authenticated request checks: still active, tokens still current.
select id, role, is_active, token_version
from users
where id = :user_id;

-- name: get_user(user_id)$
select user_out(u)
from users u
where u.id = :user_id;

-- name: get_public_profile(user_id)^
-- What anyone may see of an active account: no email, no phone.
select id, full_name, role, created_at as member_since
from users
where id = :user_id
  and is_active;

-- name: get_password_hash(user_id)$
select hashed_password
from users
where id = :user_id;

-- name: set_password_hash(user_id, hashed_password)!
-- Rehash on login when the argon2 parameters changed; sessions stay valid.
update users
set hashed_password = :hashed_password
where id = :user_id;

-- name: change_password(user_id, hashed_password)$
-- A new password ends every session: the token version moves on. Returns the new version.
update users
set hashed_password = :hashed_password,
    token_version = token_version + 1
where id = :user_id
returning token_version;

-- name: update_profile(user_id, patch)$
-- Applies only the fields present in patch (jsonb): full_name, phone_number (null clears it),
-- latitude and longitude (both or neither: users_location_pair).
update users u
set full_name = case when jsonb_exists(:patch::jsonb, 'full_name')
                     then :patch::jsonb ->> 'full_name' else full_name end,
    phone_number = case when jsonb_exists(:patch::jsonb, 'phone_number')
                        then :patch::jsonb ->> 'phone_number' else phone_number end,
    latitude = case when jsonb_exists(:patch::jsonb, 'latitude')
                    then (:patch::jsonb ->> 'latitude')::double precision else latitude end,
    longitude = case when jsonb_exists(:patch::jsonb, 'longitude')
                     then (:patch::jsonb ->> 'longitude')::double precision else longitude end
where u.id = :user_id
returning user_out(u);

-- name: deactivate_user(user_id)!
-- Closes the account: it can no longer log in and its tokens stop working.
update users
set is_active = false,
    token_version = token_version + 1
where id = :user_id;

-- name: list_users(role, is_active, email, lim, off)
-- Admin listing, newest first; each filter applies when given. total is the count of all matches.
select user_out(u) as item,
       count(*) over () as total
from users u
where (:role::user_role is null or role = :role::user_role)
  and (:is_active::boolean is null or is_active = :is_active::boolean)
  and (:email::text is null or strpos(lower(email::text), lower(:email::text)) > 0)
order by created_at desc, id
limit :lim
offset :off;

-- name: admin_update_user(user_id, patch)$
-- role, is_active, is_verified as present in patch; locking an account or changing its role
-- ends its sessions (token_version moves on).
update users u
set role = coalesce((:patch::jsonb ->> 'role')::user_role, role),
    is_active = coalesce((:patch::jsonb ->> 'is_active')::boolean, is_active),
    is_verified = coalesce((:patch::jsonb ->> 'is_verified')::boolean, is_verified),
    token_version = token_version
        + case when coalesce((:patch::jsonb ->> 'role')::user_role, role) <> role
                 or coalesce((:patch::jsonb ->> 'is_active')::boolean, is_active) <> is_active
               then 1 else 0 end
where u.id = :user_id
returning user_out(u);

-- name: get_oauth_user(provider, subject)^
-- The account linked to this provider identity.
select u.id, u.role, u.is_active, u.token_version
from oauth_identities o
join users u on u.id = o.user_id
where o.provider = :provider
  and o.subject = :subject;

-- name: create_oauth_user(email, full_name)^
-- A new account from a verified provider email: no password, verified, renter.
insert into users (email, full_name, role, is_verified)
values (:email, :full_name, 'renter', true)
returning id, role, is_active, token_version;

-- name: get_user_by_email(email)^
select id, role, is_active, token_version
from users
where email = :email;

-- name: link_oauth_identity(provider, subject, user_id, email)!
-- Links a provider identity to an account (once; a second link of the same identity is a no-op).
insert into oauth_identities (provider, subject, user_id, email)
values (:provider, :subject, :user_id, :email)
on conflict (provider, subject) do nothing;

-- name: claim_account_by_email(user_id)^
-- An OAuth provider has just proven ownership of this account's email. If the email was not
-- verified before, whoever set the password had not proven it: drop the password and end its
-- sessions (the owner can set one with a password reset). Returns the account as it now is.
update users
set is_verified = true,
    hashed_password = case when is_verified then hashed_password end,
    token_version = token_version + case when is_verified then 0 else 1 end
where id = :user_id
returning id, role, is_active, token_version;

-- name: queue_mail(recipient, kind, subject, body)!
-- Mail for the relay (or a developer) to send.
insert into outbox (recipient, kind, subject, body)
values (:recipient, :kind, :subject, :body);
