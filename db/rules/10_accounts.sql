-- Accounts: the JSON shape of a user (never its password hash, token version or Stripe ids), and
-- the outbox of mail, whose body (a live password reset link) lives only until it is delivered.

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
comment on function user_out(users) is
    'JSON shape of a user as the API shows it: never the password hash, token version or Stripe ids. Holds '
    'personal data (email, name, phone, location).';

-- A mail marked sent keeps no body: the reset link in it stays usable until it expires, so it must
-- not stay at rest once the recipient has it. Fires for any writer of sent_at (take_outbox_mail, a
-- relay of its own); the check outbox_sent_body_cleared holds the same rule.
create or replace function outbox_clear_sent_body() returns trigger
language plpgsql as $$
begin
    if new.sent_at is not null then
        new.body := '';
    end if;
    return new;
end;
$$;
comment on function outbox_clear_sent_body() is
    'Trigger function (outbox_clear_sent_body): a mail marked sent keeps no body, so its live reset link '
    'does not stay at rest, whoever sets sent_at.';

create or replace trigger outbox_clear_sent_body
    before insert or update of sent_at, body on outbox
    for each row execute function outbox_clear_sent_body();

-- What a mail relay calls: up to p_limit unsent mails, oldest first, marked sent at p_now and
-- cleared in the same statement, with the body they held. At most once: a relay that fails to
-- deliver one cannot take it again (the user asks for another reset link). Concurrent relays take
-- different mails (skip locked).
create or replace function take_outbox_mail(p_limit integer default 10, p_now timestamptz default now())
returns table (id uuid, recipient citext, kind text, subject text, body text, created_at timestamptz)
language sql as $$
    with picked as (
        select o.id, o.recipient, o.kind, o.subject, o.body, o.created_at
        from outbox o
        where o.sent_at is null
        order by o.created_at, o.id
        limit p_limit
        for update skip locked
    ), sent as (
        update outbox o
           set sent_at = p_now
          from picked p
         where o.id = p.id
        returning o.id
    )
    select p.id, p.recipient, p.kind, p.subject, p.body, p.created_at
    from picked p
    join sent s on s.id = p.id
    order by p.created_at, p.id;
$$;
comment on function take_outbox_mail(integer, timestamptz) is
    'For a mail relay: up to p_limit unsent mails, oldest first, marked sent at p_now (bodies cleared) in '
    'the same statement and returned with their bodies. At most once; concurrent relays take different '
    'mails.';

-- Refresh token rotation, reuse detection and its grace window, in one call (api/accounts/sessions.py
-- refresh). Spends p_jti and records its successor p_new_jti; or, when p_jti was spent less than
-- p_grace ago and its successor is still live, answers that same successor again (two tabs racing
-- with one token, a client retrying after a lost answer); otherwise a spent token came back: the
-- whole family (the login session) is revoked, as it may have been stolen.
-- outcome: 'rotated' or 'replayed' (with the successor's row), 'reused' (family revoked), 'invalid'
-- (unknown, expired or revoked, never spent). Of two concurrent calls with one token the second
-- waits on the first's row lock, then sees the token spent and its successor committed.
create or replace function rotate_refresh_token(
    p_jti uuid, p_new_jti uuid, p_issued_at timestamptz, p_expires_at timestamptz, p_grace interval)
returns table (outcome text, jti uuid, user_id uuid, family_id uuid, issued_at timestamptz,
               expires_at timestamptz)
language plpgsql as $$
#variable_conflict use_column
declare
    spent refresh_tokens;
    successor refresh_tokens;
begin
    update refresh_tokens t
       set used_at = now()
     where t.jti = p_jti and t.used_at is null and t.revoked_at is null and t.expires_at > now()
    returning t.* into spent;
    if found then
        insert into refresh_tokens (jti, user_id, family_id, parent_jti, issued_at, expires_at)
        values (p_new_jti, spent.user_id, spent.family_id, p_jti, p_issued_at, p_expires_at)
        returning * into successor;
        return query select 'rotated', successor.jti, successor.user_id, successor.family_id,
                            successor.issued_at, successor.expires_at;
        return;
    end if;

    select t.* into spent from refresh_tokens t where t.jti = p_jti;
    if spent.jti is null or spent.used_at is null then
        return query select 'invalid', null::uuid, null::uuid, null::uuid, null::timestamptz, null::timestamptz;
        return;
    end if;

    select t.* into successor from refresh_tokens t where t.parent_jti = p_jti;
    if p_grace > interval '0' and spent.used_at > now() - p_grace and spent.revoked_at is null
       and successor.jti is not null and successor.used_at is null and successor.revoked_at is null
       and successor.expires_at > now() then
        return query select 'replayed', successor.jti, successor.user_id, successor.family_id,
                            successor.issued_at, successor.expires_at;
        return;
    end if;

    update refresh_tokens t set revoked_at = now() where t.family_id = spent.family_id and t.revoked_at is null;
    return query select 'reused', null::uuid, spent.user_id, spent.family_id, null::timestamptz, null::timestamptz;
end;
$$;
comment on function rotate_refresh_token(uuid, uuid, timestamptz, timestamptz, interval) is
    'Refresh token rotation in one call: spends p_jti and records its successor (rotated); within p_grace '
    'of a spend answers the same successor again (replayed); a spent token coming back later revokes its '
    'family (reused); else invalid. Times are timestamptz (UTC).';
