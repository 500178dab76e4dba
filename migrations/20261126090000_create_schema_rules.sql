-- migrate:up
-- The rule files of db/rules applied last (scripts/migrate.py): each file's SHA-256 and the rule
-- objects (functions, triggers, views) it created. When the files, their checksums or the rule
-- objects in the database differ from these rows, the runner drops every rule object and applies all
-- the files again, in one transaction. Bookkeeping like schema_migrations, so it has no updated_at.
create table schema_rules (
    file text primary key,
    checksum text not null constraint schema_rules_checksum_is_sha256 check (checksum ~ '^[0-9a-f]{64}$'),
    objects text[] not null default '{}',
    applied_at timestamptz not null default now()
);

-- migrate:down
drop table schema_rules;
