"""Least-privilege roles (migrations/20261206150200_create_roles.sql, db/rules/99_privileges.sql):
the owner owns everything; the API's role reads and writes rows but makes no DDL and never edits
the ledger; pg_cron's role may only run the jobs; an analyst reads the analytics schema and nothing
in public that holds personal data or secrets. Each check runs as the role (SET ROLE)."""
from __future__ import annotations

import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import asyncpg
import pytest

from scripts import db_roles
from scripts.migrate import apply_rules

ROOT = Path(__file__).resolve().parents[2]
SECRETS = [  # what an analyst must never read
    "select hashed_password from users", "select email from users", "select phone_number from users",
    "select vehicle_plate from bookings", "select access_code from bookings", "select * from refresh_tokens",
    "select token_hash from password_reset_tokens", "select * from outbox", "select * from oauth_identities",
    "select * from payments", "select * from money_movements", "select * from stripe_outbox",
    "select * from idempotency_keys", "select * from events",
]


class As:
    """Statements run as one role on the superuser's connection."""

    def __init__(self, conn, role: str):
        self.conn, self.role = conn, role

    async def run(self, statement: str):
        async with self.conn.transaction():
            await self.conn.execute(f'set local role "{self.role}"')
            return await self.conn.fetch(statement)

    async def refused(self, statement: str) -> bool:
        try:
            await self.run(statement)
        except asyncpg.InsufficientPrivilegeError:
            return True
        return False


@pytest.fixture
async def roles(conn, q):
    return {kind: As(conn, await q.role_of(conn, kind=kind)) for kind in ("owner", "app", "cron", "analyst")}


async def test_roles_are_named_after_the_database_and_own_nothing_but_the_owner(conn, q):
    names = {kind: await q.role_of(conn, kind=kind) for kind in ("owner", "app", "cron", "analyst")}
    assert names == {kind: f"parkingspots_template_{kind}" for kind in names}  # the template the tests clone
    assert {r["owner"] async for r in q.owners_of_objects(conn)} == {names["owner"]}


@pytest.mark.parametrize("statement", SECRETS)
async def test_an_analyst_reads_no_personal_data_or_secret(roles, statement):
    assert await roles["analyst"].refused(statement)


async def test_an_analyst_reads_the_analytics_schema_and_writes_nothing(conn, roles):
    views = [r["name"] for r in await conn.fetch(
        "select format('%I.%I', schemaname, viewname) as name from pg_views where schemaname = 'analytics' "
        "union all select format('%I.%I', schemaname, matviewname) from pg_matviews where schemaname = 'analytics'")]
    for view in views:
        await roles["analyst"].run(f"select * from {view} limit 1")
    tables = [r["name"] for r in await conn.fetch(
        "select format('%I.%I', schemaname, tablename) as name from pg_tables where schemaname = 'analytics'")]
    for table in tables:
        assert await roles["analyst"].refused(f"delete from {table}")
    assert await roles["analyst"].refused("create table analytics.mine (a int)")
    assert await roles["analyst"].run("select st_astext(st_point(1, 2))")  # PostGIS is theirs to use


async def test_the_api_role_writes_rows_but_no_ddl_and_no_ledger_edits(roles):
    app = roles["app"]
    assert await app.run("select count(*) from users")
    for statement in ("create table mine (a int)", "alter table users add column x int", "drop table reviews",
                      "update money_movements set amount = 1", "delete from money_movements",
                      "delete from schema_migrations", "update platform_settings set service_fee_percent = 0",
                      "truncate bookings", "create schema mine"):
        assert await app.refused(statement), statement


async def test_the_cron_role_runs_each_job_and_nothing_else(conn, q, roles, database_url):
    jobs = re.findall(r"'(select [a-z_]+\(.*?\))'\)", (ROOT / "jobs" / "cron.sql").read_text())
    assert len(jobs) >= 10
    # a booking due to start: the job moves it, which fires the deferred event triggers at commit
    owner = await q.create_user(conn, email="cron-owner@example.com", role="owner")
    renter = await q.create_user(conn, email="cron-renter@example.com", role="renter")
    spot = await q.create_spot(conn, owner_id=owner, hourly_rate=500, daily_rate=None, monthly_rate=None,
                               operating_hours=None)
    start = datetime.now(timezone.utc).replace(second=0, microsecond=0) - timedelta(minutes=30)
    start -= timedelta(minutes=start.minute % 15)
    async with conn.transaction():
        await q.allow_past_bookings(conn)
        booking = await q.create_booking(conn, user_id=renter, spot_id=spot, start_time=start,
                                         end_time=start + timedelta(hours=2), status="confirmed")
    for command in jobs:
        await roles["cron"].run(command.replace("''", "'"))
    assert (await q.get_booking(conn, booking_id=booking["id"]))["status"] == "in_progress"
    for statement in ("select count(*) from users", "select count(*) from bookings",
                      "update bookings set status = 'cancelled'", "select booking_out(b) from bookings b"):
        assert await roles["cron"].refused(statement), statement
    assert await roles["analyst"].refused("select expire_unpaid_holds()")  # not the analyst's either
    assert await roles["app"].refused("select purge_events()")


async def test_jobs_are_scheduled_to_run_as_the_cron_role(conn, q, roles, database_url):
    done = subprocess.run([sys.executable, "-m", "jobs.cron_jobs", "schedule", "--database-url", database_url],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    users = {r["username"] async for r in q.scheduled_job_users(conn)}
    assert users == {await q.role_of(conn, kind="cron")}
    # the history of jobs run as the cron role is purged by the job that runs as it too
    await q.add_old_cron_run(conn, jobname="parkingspots-auto-start")
    assert await q.count_cron_runs(conn) == 1
    await roles["cron"].run("select purge_cron_history(interval '7 days')")
    assert await q.count_cron_runs(conn) == 0
    subprocess.run([sys.executable, "-m", "jobs.cron_jobs", "unschedule", "--database-url", database_url], cwd=ROOT)


def test_the_owner_role_can_apply_the_rules_itself(database_url):
    """Everything is the owner's, so a DBA can hand migrations to it (those that make roles or
    extensions need a superuser)."""
    assert apply_rules(db_roles.role_url(database_url, "owner"), force=True)
