-- migrate:up
-- The nightly reconciliation of the ledger (money_movements) with Stripe: for each UTC day, every
-- balance transaction of the platform's Stripe balance that day is compared with the ledger row of
-- the same kind and Stripe id, and every ledger row of that day with Stripe's (db/rules/58_reconciliation.sql,
-- api/payments/reconcile.py). One run per day, running from when it is queued until the worker has
-- finished it (one that stays running failed at Stripe and is retried: stripe_outbox.last_error);
-- checked counts the balance transactions compared. Running a day again replaces its differences.
create table reconciliation_runs (
    id bigserial primary key,
    day date not null constraint reconciliation_runs_day_once unique,
    status text not null default 'running'
        constraint reconciliation_runs_status_known check (status in ('running', 'done')),
    checked integer not null default 0 constraint reconciliation_runs_checked_nonnegative check (checked >= 0),
    differences integer not null default 0
        constraint reconciliation_runs_differences_nonnegative check (differences >= 0),
    started_at timestamptz not null default now(),
    finished_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint reconciliation_runs_finished_when_done check ((status = 'done') = (finished_at is not null))
);

-- What one run found: a Stripe movement the ledger lacks (missing_in_ledger), a ledger row Stripe
-- has no balance transaction for (missing_in_stripe), or both with other amounts (amount_differs).
-- kind is the ledger's (a balance transaction's type is mapped to it); amounts are in cents.
create table reconciliation_differences (
    id bigserial primary key,
    run_id bigint not null references reconciliation_runs (id) on delete cascade,
    day date not null,
    kind money_movement_kind not null,
    stripe_id text not null,
    ledger_amount integer,
    stripe_amount integer,
    problem text not null constraint reconciliation_differences_problem_known
        check (problem in ('missing_in_ledger', 'missing_in_stripe', 'amount_differs')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint reconciliation_differences_amounts_match_problem check (case problem
        when 'missing_in_ledger' then ledger_amount is null and stripe_amount is not null
        when 'missing_in_stripe' then ledger_amount is not null and stripe_amount is null
        else ledger_amount is not null and stripe_amount is not null and ledger_amount <> stripe_amount end),
    constraint reconciliation_differences_once unique (run_id, kind, stripe_id)
);

-- migrate:down
drop table reconciliation_differences;
drop table reconciliation_runs;
