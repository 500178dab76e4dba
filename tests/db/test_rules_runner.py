"""scripts/migrate.py applies db/rules after the migrations: only when something changed, all files
in one transaction, dropping rule objects the files no longer define, restoring ones that went
missing; and every rule object is written in exactly one rule file (none in a migration)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import psycopg
import pytest

from scripts.migrate import (MIGRATIONS, RULES, RuleFileError, apply_rules, migrate, rule_changes, rule_files,
                             rule_objects)

# Functions a constraint or index depends on: schema, created by migrations (see db/rules/00_core.sql).
CONSTRAINT_HELPERS = {"is_valid_timezone", "operating_hours_valid", "booking_holds_slot"}
# (schema analytics' objects are managed by 80_analytics.sql itself, not the runner: `analytics.x` is skipped)
DEFINITION = r"create\s+(?:or\s+replace\s+)?(?:constraint\s+)?(function|procedure|trigger|view)\s+(\w+)\b(?!\.)"


def fetch(url: str, sql: str, *params):
    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchall()


def identities(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        return {identity for _, identity, _ in rule_objects(conn)}


def applied_rows(url: str) -> list[tuple]:
    return fetch(url, "select file, checksum, objects, applied_at from schema_rules order by file")


def oid_of(url: str, signature: str):
    return fetch(url, "select to_regprocedure(%s)::oid", signature)[0][0]


def rule_changes_of(url: str, rules_dir: Path) -> list[str]:
    with psycopg.connect(url) as conn:
        return rule_changes(conn, rule_files(rules_dir))


@pytest.fixture
def rules_copy(tmp_path) -> Path:
    """A copy of db/rules to edit."""
    return Path(shutil.copytree(RULES, tmp_path / "rules"))


def test_unchanged_rules_are_not_applied_again(database_url):
    before, oid = applied_rows(database_url), oid_of(database_url, "bookings_check_rules()")
    assert len(before) == len(rule_files())
    # each file makes rule objects of public, but 99_privileges.sql (it grants) and 80_analytics.sql
    # (its objects are in schema analytics, which it manages itself)
    assert all(objects for file, _, objects, _ in before if file not in ("80_analytics.sql", "99_privileges.sql"))
    assert apply_rules(database_url) == []
    assert migrate(database_url) == []
    assert applied_rows(database_url) == before
    assert oid_of(database_url, "bookings_check_rules()") == oid  # not dropped and created again


def test_an_edited_rule_file_is_applied_again(database_url, rules_copy):
    jobs = rules_copy / "60_jobs.sql"
    jobs.write_text(jobs.read_text().replace("'payment window expired'", "'hold expired'"))
    assert apply_rules(database_url, rules_copy) == [f.name for f in rule_files(rules_copy)]
    [(body,)] = fetch(database_url, "select prosrc from pg_proc where proname = 'expire_unpaid_holds'")
    assert "'hold expired'" in body
    checksums = dict((file, checksum) for file, checksum, _, _ in applied_rows(database_url))
    assert checksums == {f.name: f.checksum for f in rule_files(rules_copy)}
    assert apply_rules(database_url, rules_copy) == []  # current again


def test_a_rule_deleted_from_the_files_is_dropped(database_url, rules_copy):
    jobs = rules_copy / "60_jobs.sql"
    jobs.write_text(jobs.read_text().split("-- Idempotency keys older")[0])  # its last function, gone
    (rules_copy / "70_events.sql").unlink()
    assert set(rule_changes_of(database_url, rules_copy)) == {"60_jobs.sql: changed", "70_events.sql: removed"}
    apply_rules(database_url, rules_copy)
    assert oid_of(database_url, "purge_idempotency_keys(interval, timestamptz)") is None
    assert oid_of(database_url, "notify_event(text, jsonb)") is None
    # (22_spots_tiles.sql's parking_spots_tiles_notify stays: its file was not removed)
    assert not [i for i in identities(database_url) if "notify" in i and "tiles_notify" not in i]
    files = {file: objects for file, _, objects, _ in applied_rows(database_url)}
    assert "70_events.sql" not in files
    assert "function auto_start_bookings(timestamp with time zone)" in files["60_jobs.sql"]
    assert not [i for i in files["60_jobs.sql"] if "purge_idempotency_keys" in i]


def test_a_dropped_trigger_is_restored_by_the_next_migrate(database_url):
    """Checksums alone would miss it: the objects in the database are compared with those recorded."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("drop trigger bookings_check_rules on bookings")
        conn.execute("create function made_by_hand() returns int language sql as 'select 1'")
    assert rule_changes_of(database_url, RULES) == ["missing: trigger bookings_check_rules on bookings",
                                                    "not from the files: function made_by_hand()"]
    assert migrate(database_url) == []
    assert "trigger bookings_check_rules on bookings" in identities(database_url)
    assert oid_of(database_url, "made_by_hand()") is None  # public's functions belong to db/rules
    assert rule_changes_of(database_url, RULES) == []


def test_a_table_added_by_a_migration_gets_its_updated_at_trigger(database_url, tmp_path):
    migrations = Path(shutil.copytree(MIGRATIONS, tmp_path / "migrations"))
    (migrations / "29991231000000_create_gadgets.sql").write_text(
        "-- migrate:up\ncreate table gadgets (id int primary key, created_at timestamptz not null default now(),\n"
        "    updated_at timestamptz not null default now());\n\n-- migrate:down\ndrop table gadgets;\n")
    assert migrate(database_url, migrations_dir=migrations) == ["29991231000000_create_gadgets.sql"]
    assert "trigger gadgets_updated_at on gadgets" in identities(database_url)


def test_a_syntax_error_is_reported_with_its_file_and_line(database_url, rules_copy):
    (rules_copy / "10_accounts.sql").write_text("-- Accounts\n\ncreate or replace functoin user_out(u users)\n")
    with pytest.raises(RuleFileError, match=r"10_accounts\.sql:3: syntax error at or near \"functoin\""):
        apply_rules(database_url, rules_copy)


def test_a_failing_rule_file_leaves_the_rules_as_they_were(database_url, rules_copy):
    before, oid = applied_rows(database_url), oid_of(database_url, "reviews_rate_spot()")
    counters = rules_copy / "45_counters.sql"
    counters.write_text(counters.read_text().replace("returns integer\nlanguage sql", "returns integr\nlanguage sql"))
    with pytest.raises(RuleFileError, match=r"45_counters\.sql: type \"integr\" does not exist"):
        apply_rules(database_url, rules_copy)
    assert applied_rows(database_url) == before
    assert oid_of(database_url, "reviews_rate_spot()") == oid


def defined_in(folder: Path) -> dict[tuple[str, str], list[str]]:
    """(kind, name) -> the files of folder that create it."""
    found: dict[tuple[str, str], list[str]] = {}
    for path in sorted(folder.glob("*.sql")):
        for kind, name in set(re.findall(DEFINITION, path.read_text(), flags=re.IGNORECASE)):
            found.setdefault((kind.lower(), name), []).append(path.name)
    return found


def test_every_rule_object_is_written_in_exactly_one_rule_file(database_url):
    files = defined_in(RULES)
    [(timestamp_file,)] = [(f.name,) for f in rule_files() if "|| '_updated_at'" in f.sql]
    recorded = {identity: file for file, _, objects, _ in applied_rows(database_url) for identity in objects}
    for identity in identities(database_url):
        kind, name = identity.split()[0], re.split(r"[ (]", identity.split(maxsplit=1)[1])[0]
        if kind == "trigger" and name.endswith("_updated_at"):
            where = [timestamp_file]  # made for every table with updated_at by one loop
        else:
            where = files.get(("function" if kind == "procedure" else kind, name), [])
        assert len(where) == 1, f"{identity} is created in {where or 'no rule file'}"
        assert recorded[identity] == where[0]
    defined_names = {name for _, name in files}
    object_names = {re.split(r"[ (]", i.split(maxsplit=1)[1])[0] for i in identities(database_url)}
    assert defined_names <= object_names, "a rule file creates something the runner does not treat as a rule"


def test_migrations_create_no_rule_objects(database_url):
    assert {name for _, name in defined_in(MIGRATIONS)} == CONSTRAINT_HELPERS
    [(helpers,)] = fetch(database_url, "select count(*) from pg_proc where proname = any(%s)", list(CONSTRAINT_HELPERS))
    assert helpers == len(CONSTRAINT_HELPERS)
    assert not any(name in identity for identity in identities(database_url) for name in CONSTRAINT_HELPERS)


def test_every_rule_the_rule_files_raise_is_documented():
    raised = {rule for f in rule_files() for rule in re.findall(r"errcode = 'PS\d{3}', constraint = '(\w+)'", f.sql)}
    documented = (RULES.parent.parent / "docs" / "errors.md").read_text()
    assert "booking_starts_in_future" in raised
    assert {rule for rule in raised if f"`{rule}`" not in documented} == set()
