-- The nightly reconciliation of the ledger (money_movements) with Stripe. At 02:15 UTC pg_cron
-- queues yesterday's run in the Stripe outbox; the worker (api/payments/reconcile.py) reads every
-- balance transaction of the platform's balance around that day from Stripe, maps each to the ledger
-- kind it stands for and hands them to finish_reconciliation, which compares and records. Admins
-- read the runs at GET /api/v1/admin/reconciliation.

-- Queue the reconciliation of the UTC day before p_now, once (its idempotency key names the day),
-- and show its run as running until the worker finishes it; returns how many were queued.
create or replace function queue_reconciliation(p_now timestamptz default now()) returns integer
language plpgsql as $$
declare
    v_day date := (p_now at time zone 'UTC')::date - 1;
    v_queued integer;
begin
    insert into stripe_outbox (action, args, idempotency_key, next_attempt_at)
    values ('reconcile', jsonb_build_object('day', to_char(v_day, 'YYYY-MM-DD')),
            'reconcile-' || to_char(v_day, 'YYYY-MM-DD'), p_now)
    on conflict (idempotency_key) do nothing;
    get diagnostics v_queued = row_count;
    insert into reconciliation_runs (day, started_at) values (v_day, p_now)
    on conflict (day) do nothing;
    return v_queued;
end;
$$;
comment on function queue_reconciliation(timestamptz) is
    'pg_cron job (02:15 UTC): queues the reconciliation of the UTC day before p_now, once, and shows its '
    'run as running. Returns how many were queued (0 or 1).';

-- Record the run of p_day from Stripe's movements around it, a jsonb array of {kind (the ledger
-- kind a balance transaction stands for), stripe_id (its source), amount (positive), created}.
-- Differences, replacing any the day had:
--   missing_in_ledger  a movement Stripe made that day that the ledger lacks
--   amount_differs     one the ledger has with another amount (Stripe's summed by kind and id)
--   missing_in_stripe  a ledger row of that day with no such balance transaction; movements created
--                      just outside the day count too, so a balance transaction stamped a moment
--                      after its object across midnight is no difference. refund_failure and
--                      dispute_reversal rows are left out: their time is when the ledger learnt of
--                      them, not Stripe's (their balance transactions are still checked).
-- Returns how many differences were found.
create or replace function finish_reconciliation(p_day date, p_movements jsonb,
                                                 p_started_at timestamptz default now()) returns integer
language plpgsql as $$
declare
    v_from timestamptz := p_day::timestamp at time zone 'UTC';
    v_to timestamptz := (p_day + 1)::timestamp at time zone 'UTC';
    v_run bigint;
    v_checked integer;
    v_found integer;
begin
    insert into reconciliation_runs (day, started_at) values (p_day, p_started_at)
    on conflict (day) do update set started_at = excluded.started_at
    returning id into v_run;
    delete from reconciliation_differences where run_id = v_run;
    with stripe as (
        select m.kind, m.stripe_id, m.amount, m.created
          from jsonb_to_recordset(p_movements)
                   as m (kind money_movement_kind, stripe_id text, amount integer, created timestamptz)
    ), stripe_day as (
        select kind, stripe_id, sum(abs(amount))::integer as amount, count(*)::integer as transactions
          from stripe
         where created >= v_from and created < v_to
         group by kind, stripe_id
    ), found as (
        select s.kind, s.stripe_id, l.amount as ledger_amount, s.amount as stripe_amount,
               case when l.id is null then 'missing_in_ledger' else 'amount_differs' end as problem
          from stripe_day s
          left join money_movements l on l.kind = s.kind and l.stripe_id = s.stripe_id
         where l.id is null or l.amount <> s.amount
        union all
        select l.kind, l.stripe_id, l.amount, null, 'missing_in_stripe'
          from money_movements l
         where l.occurred_at >= v_from and l.occurred_at < v_to
           and l.kind not in ('refund_failure', 'dispute_reversal')
           and not exists (select 1 from stripe s where s.kind = l.kind and s.stripe_id = l.stripe_id)
    ), recorded as (
        insert into reconciliation_differences (run_id, day, kind, stripe_id, ledger_amount, stripe_amount, problem)
        select v_run, p_day, f.kind, f.stripe_id, f.ledger_amount, f.stripe_amount, f.problem from found f
        returning 1
    )
    select (select coalesce(sum(transactions), 0) from stripe_day), (select count(*) from recorded)
      into v_checked, v_found;
    update reconciliation_runs
       set status = 'done', checked = v_checked, differences = v_found, finished_at = clock_timestamp()
     where id = v_run;
    return v_found;
end;
$$;
comment on function finish_reconciliation(date, jsonb, timestamptz) is
    'Records the run of UTC day p_day from Stripe''s movements (jsonb array of {kind, stripe_id, amount in '
    'cents, created}): missing_in_ledger, amount_differs and missing_in_stripe rows replace the day''s; '
    'returns how many differences.';
