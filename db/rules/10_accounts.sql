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
