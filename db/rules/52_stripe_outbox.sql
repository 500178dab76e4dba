-- Queue the cancellation of the unpaid PaymentIntents of a booking's payments (p_booking_id) or of
-- an extension's (p_extension_id). The worker in api/payments/outbox.py makes the calls.
create or replace function queue_unpaid_intent_cancels(p_booking_id uuid, p_extension_id uuid) returns void
language sql as $$
    insert into stripe_outbox (action, intent_id, idempotency_key)
    select 'cancel_intent', p.stripe_payment_intent_id, 'cancel-intent-' || p.stripe_payment_intent_id
      from payments p
     where (p.booking_id = p_booking_id or p.extension_id = p_extension_id)
       and p.stripe_payment_intent_id is not null
       and p.status in ('requires_payment', 'failed')
    on conflict (idempotency_key) do nothing;
$$;
comment on function queue_unpaid_intent_cancels(uuid, uuid) is
    'Queues in stripe_outbox the cancellation of the unpaid PaymentIntents of a booking''s payments '
    '(p_booking_id) or an extension''s (p_extension_id), once each.';

-- A pending booking that ends without being paid (cancelled by its renter or owner, or its payment
-- window expired: expire_unpaid_holds) queues the cancellation of its unpaid PaymentIntent, whoever
-- made the change.
create or replace function queue_intent_cancel() returns trigger
language plpgsql as $$
begin
    perform queue_unpaid_intent_cancels(new.id, null);
    return null;
end;
$$;
comment on function queue_intent_cancel() is
    'Trigger function (bookings_queue_intent_cancel): a pending booking that ends unpaid (cancelled or '
    'expired) queues the cancellation of its unpaid PaymentIntent.';

create or replace trigger bookings_queue_intent_cancel after update of status on bookings
    for each row when (old.status = 'pending' and new.status = 'cancelled')
    execute function queue_intent_cancel();

-- Calls made more than p_keep ago are deleted (jobs/cron.sql keeps them 30 days); calls not yet
-- made are kept whatever their age.
create or replace function purge_stripe_outbox(p_keep interval default interval '30 days',
                                               p_now timestamptz default now())
returns integer
language sql as $$
    with purged as (
        delete from stripe_outbox where done_at < p_now - p_keep returning 1
    )
    select count(*)::integer from purged;
$$;
comment on function purge_stripe_outbox(interval, timestamptz) is
    'pg_cron job: deletes Stripe calls made more than p_keep ago (30 days); calls not yet made are kept. '
    'Returns how many were deleted.';
