-- Disputes of our charges (Stripe charge.dispute.* events), for the admins' list.

-- name: upsert_dispute(dispute_id, intent_id, amount, currency, reason, status, evidence_due_by)^
-- The dispute as Stripe reports it now; null when the disputed intent is not one of ours.
insert into payment_disputes (stripe_dispute_id, payment_id, booking_id, amount, currency, reason, status,
                              evidence_due_by)
select :dispute_id, p.id, p.booking_id, :amount, :currency, :reason, :status, :evidence_due_by
from payments p
where p.stripe_payment_intent_id = :intent_id
on conflict (stripe_dispute_id) do update
set amount = excluded.amount,
    reason = excluded.reason,
    status = excluded.status,
    evidence_due_by = excluded.evidence_due_by
returning id;

-- name: list_disputes(open_only, lim, off)
-- Newest first; open ones only (not won, lost or warning_closed) when open_only. total counts all matches.
select jsonb_build_object(
           'id', d.id,
           'dispute_id', d.stripe_dispute_id,
           'payment_id', d.payment_id,
           'booking_id', d.booking_id,
           'amount', d.amount,
           'currency', d.currency,
           'reason', d.reason,
           'status', d.status,
           'evidence_due_by', utc_iso(d.evidence_due_by),
           'created_at', utc_iso(d.created_at),
           'updated_at', utc_iso(d.updated_at)) as item,
       count(*) over () as total
from payment_disputes d
where not :open_only::boolean or d.status not in ('won', 'lost', 'warning_closed')
order by d.created_at desc, d.id
limit :lim
offset :off;
