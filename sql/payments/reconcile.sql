-- The nightly reconciliation of the ledger with Stripe (db/rules/58_reconciliation.sql).

-- name: finish_reconciliation(day, movements, started_at)$
-- Compare the day's ledger with Stripe's movements and record the run; how many differences.
select finish_reconciliation(:day, :movements, :started_at);

-- name: list_reconciliation_runs(day, lim, off)
-- Runs, latest day first (one day's when day is given), each with its differences and, where the
-- ledger has the movement, its booking. total counts all matches.
select jsonb_build_object(
           'day', to_char(r.day, 'YYYY-MM-DD'),
           'status', r.status,
           'checked', r.checked,
           'started_at', utc_iso(r.started_at),
           'finished_at', utc_iso(r.finished_at),
           'differences', coalesce((
               select jsonb_agg(jsonb_build_object(
                          'kind', d.kind,
                          'stripe_id', d.stripe_id,
                          'problem', d.problem,
                          'ledger_amount', d.ledger_amount,
                          'stripe_amount', d.stripe_amount,
                          'booking_id', m.booking_id)
                      order by d.problem, d.kind, d.stripe_id)
               from reconciliation_differences d
               left join money_movements m on m.kind = d.kind and m.stripe_id = d.stripe_id
               where d.run_id = r.id), '[]')) as item,
       count(*) over () as total
from reconciliation_runs r
where :day::date is null or r.day = :day::date
order by r.day desc
limit :lim
offset :off;
