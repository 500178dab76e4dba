-- Accounts: the JSON shape of a user (never its password hash, token version or Stripe ids).

create or replace function user_out(u users) returns jsonb
language sql stable parallel safe as $$
    select jsonb_build_object(
        'id', u.id,
        'email', u.email,
        'full_name', u.full_name,
        'phone_number', u.phone_number,
        'role', u.role,
        'is_active', u.is_active,
        'is_verified', u.is_verified,
        'latitude', u.latitude,
        'longitude', u.longitude,
        'created_at', utc_iso(u.created_at),
        'updated_at', utc_iso(u.updated_at));
$$;
