-- migrate:up
create type user_role as enum ('renter', 'owner', 'admin');

create table users (
    id uuid primary key default gen_random_uuid(),
    email citext not null
        constraint users_email_key unique
        constraint users_email_format check (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and length(email) <= 255),
    hashed_password text,  -- null for accounts created by OAuth sign-in
    full_name text not null
        constraint users_full_name_length check (length(btrim(full_name)) between 1 and 255),
    phone_number varchar(20),
    role user_role not null default 'renter',
    is_active boolean not null default true,
    is_verified boolean not null default false,
    stripe_customer_id text constraint users_stripe_customer_key unique,
    stripe_account_id text constraint users_stripe_account_key unique,
    stripe_charges_enabled boolean not null default false,
    stripe_payouts_enabled boolean not null default false,
    latitude double precision constraint users_latitude_range check (latitude between -90 and 90),
    longitude double precision constraint users_longitude_range check (longitude between -180 and 180),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint users_location_pair check ((latitude is null) = (longitude is null))
);

-- A verified identity at an OAuth provider, linked to one account.
create table oauth_identities (
    provider text not null constraint oauth_identities_provider check (provider in ('google', 'facebook')),
    subject text not null,
    user_id uuid not null references users (id) on delete cascade,
    email citext not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    primary key (provider, subject)
);
create index oauth_identities_user_idx on oauth_identities (user_id);

-- One row per issued refresh token (its jti). A refresh spends the token (used_at) and issues the
-- next one in the same family; presenting a spent token again revokes the whole family.
create table refresh_tokens (
    jti uuid primary key,
    user_id uuid not null references users (id) on delete cascade,
    family_id uuid not null,
    expires_at timestamptz not null,
    used_at timestamptz,
    revoked_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index refresh_tokens_family_idx on refresh_tokens (family_id);
create index refresh_tokens_user_idx on refresh_tokens (user_id);

-- Password reset tokens are stored only as their SHA-256 digest; single use, short lived.
create table password_reset_tokens (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references users (id) on delete cascade,
    token_hash bytea not null
        constraint password_reset_tokens_hash_key unique
        constraint password_reset_tokens_hash_is_sha256 check (length(token_hash) = 32),
    expires_at timestamptz not null,
    used_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index password_reset_tokens_user_idx on password_reset_tokens (user_id);

-- migrate:down
drop table password_reset_tokens;
drop table refresh_tokens;
drop table oauth_identities;
drop table users;
drop type user_role;
