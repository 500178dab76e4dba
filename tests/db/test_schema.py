"""Schema-wide guarantees: timestamps kept by the database, coordinates checked and in step with
the geography column, migrations reversible (with the rules dropped and applied again by the
runner), db/schema.sql current."""
from __future__ import annotations

import asyncpg
import pytest

from scripts.migrate import MIGRATIONS, SCHEMA_FILE, dbmate, migrate, rollback

MIGRATION_COUNT = len(list(MIGRATIONS.glob("*.sql")))


async def test_every_table_has_timestamps_kept_by_a_trigger(conn, q):
    assert [r["table_name"] async for r in q.tables_missing_timestamps(conn)] == []


async def test_updated_at_moves_and_created_at_stays(conn, q, world):
    before = await q.get_spot(conn, spot_id=world.spot)
    await q.set_spot_flags(conn, spot_id=world.spot, is_active=True, is_available=False)
    after = await q.get_spot(conn, spot_id=world.spot)
    assert after["created_at"] == before["created_at"]
    assert after["updated_at"] > before["updated_at"]


async def test_location_follows_latitude_and_longitude(conn, q, world):
    await q.move_spot(conn, spot_id=world.spot, latitude=-33.8568, longitude=151.2153)
    spot = await q.get_spot(conn, spot_id=world.spot)
    assert await q.point_of(conn, spot_id=world.spot) == "POINT(151.2153 -33.8568)"
    assert (spot["latitude"], spot["longitude"]) == (-33.8568, 151.2153)


@pytest.mark.parametrize("latitude, longitude, constraint", [
    (90.5, 0, "parking_spots_latitude_range"),
    (-91, 0, "parking_spots_latitude_range"),
    (0, 180.01, "parking_spots_longitude_range"),
    (0, -181, "parking_spots_longitude_range"),
])
async def test_coordinates_out_of_range_are_rejected(conn, q, world, latitude, longitude, constraint):
    with pytest.raises(asyncpg.CheckViolationError) as caught:
        await q.move_spot(conn, spot_id=world.spot, latitude=latitude, longitude=longitude)
    assert caught.value.constraint_name == constraint


@pytest.mark.parametrize("hourly, daily, monthly, constraint", [
    (0, None, None, "parking_spots_hourly_rate_positive"),
    (500, -1, None, "parking_spots_daily_rate_positive"),
    (500, 3000, 0, "parking_spots_monthly_rate_positive"),
])
async def test_money_is_positive(conn, q, world, hourly, daily, monthly, constraint):
    with pytest.raises(asyncpg.CheckViolationError) as caught:
        await q.create_spot(conn, owner_id=world.owner, hourly_rate=hourly, daily_rate=daily,
                            monthly_rate=monthly, operating_hours=None)
    assert caught.value.constraint_name == constraint


@pytest.mark.parametrize("hours", [
    {"mon": [["8:00", "18:00"]]}, {"monday": [["08:00", "18:00"]]}, {"mon": [["08:00"]]},
    {"mon": [["08:00", "08:00"]]}, {"mon": [["08:00", "24:30"]]}, {"mon": "08:00-18:00"}, ["mon"],
])
async def test_malformed_operating_hours_are_rejected(conn, q, world, hours):
    with pytest.raises(asyncpg.CheckViolationError) as caught:
        await q.create_spot(conn, owner_id=world.owner, hourly_rate=500, daily_rate=None,
                            monthly_rate=None, operating_hours=hours)
    assert caught.value.constraint_name == "parking_spots_operating_hours_valid"


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "two@@example.com"])
async def test_malformed_email_is_rejected(conn, q, email):
    with pytest.raises(asyncpg.CheckViolationError):
        await q.create_user(conn, email=email, role="renter")


async def test_email_is_unique_whatever_the_case(conn, q):
    await q.create_user(conn, email="Someone@Example.com", role="renter")
    with pytest.raises(asyncpg.UniqueViolationError) as caught:
        await q.create_user(conn, email="someone@example.COM", role="owner")
    assert caught.value.constraint_name == "users_email_key"


async def test_unknown_enum_value_is_rejected(conn, q):
    with pytest.raises(asyncpg.InvalidTextRepresentationError):
        await q.create_user(conn, email="x@example.com", role="superuser")


def test_migrations_roll_back_and_forward(database_url, tmp_path):
    before = tmp_path / "before.sql"
    dbmate(database_url, "dump", schema_file=before)
    # Everything but the extensions migration (pg_cron can only be created in the cron database).
    for _ in range(MIGRATION_COUNT - 1):
        rollback(database_url)
    assert len(migrate(database_url)) == MIGRATION_COUNT - 1
    after = tmp_path / "after.sql"
    dbmate(database_url, "dump", schema_file=after)
    assert after.read_text() == before.read_text()


def test_schema_dump_is_current(database_url, tmp_path):
    dumped = tmp_path / "schema.sql"
    dbmate(database_url, "dump", schema_file=dumped)
    assert dumped.read_text() == SCHEMA_FILE.read_text(), \
        "db/schema.sql is stale: run `make schema` and commit it"
