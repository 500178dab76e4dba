"""The analytics views (db/rules/80_analytics.sql), each figure recomputed here in Python from the
rows the test wrote: bookings and revenue by UTC day, city and type; occupancy by local hour of the
week against real opening hours (a DST change, a half-hour zone, hours past midnight); spot
performance; owner and renter cohorts. None of them exposes personal data."""
from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

UTC = timezone.utc
H = timedelta(hours=1)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@pytest.fixture
async def people(conn, aq):
    ago = datetime.now(UTC) - timedelta(days=400)
    owner = await aq.add_user(conn, email="owner@example.com", role="owner", created_at=ago)
    renters = [await aq.add_user(conn, email=f"r{n}@example.com", role="renter", created_at=ago) for n in range(3)]
    return SimpleNamespace(owner=owner, renters=renters)


async def spot(conn, aq, owner, city="San Francisco", spot_type="garage", tz="America/Los_Angeles", hours=None,
               at=(37.7955, -122.3937)):
    return await aq.add_spot(conn, owner_id=owner, city=city, spot_type=spot_type, latitude=at[0], longitude=at[1],
                             timezone=tz, operating_hours=hours)


async def book(conn, aq, user, spot_id, start, hours, created_at, status="confirmed"):
    async with conn.transaction():
        await aq.allow_past_bookings(conn)
        return dict(await aq.add_booking(conn, user_id=user, spot_id=spot_id, start_time=start,
                                         end_time=start + hours * H, status=status, created_at=created_at))


# Bookings and revenue -----------------------------------------------------------------------------

async def test_daily_bookings_by_utc_day_city_and_type(conn, aq, people):
    sf_garage = await spot(conn, aq, people.owner)
    sf_driveway = await spot(conn, aq, people.owner, spot_type="driveway")
    oakland = await spot(conn, aq, people.owner, city="Oakland", spot_type="driveway", at=(37.80, -122.27))
    late, early = datetime(2030, 1, 6, 23, 30, tzinfo=UTC), datetime(2030, 1, 7, 0, 30, tzinfo=UTC)  # two UTC days
    stay = datetime(2030, 2, 4, 9, tzinfo=UTC)
    r1, r2, r3 = people.renters
    made = [
        await book(conn, aq, r1, sf_garage, stay, 2, late),
        await book(conn, aq, r2, sf_garage, stay + 3 * H, 5, late),
        await book(conn, aq, r3, sf_garage, stay + 9 * H, 1, early),
        await book(conn, aq, r1, sf_driveway, stay, 30, early),
        await book(conn, aq, r2, oakland, stay, 3, early),
        await book(conn, aq, r3, oakland, stay + 4 * H, 2, early, status="pending"),
    ]
    cancelled, refunded_by_stripe, abandoned = made[1], made[4], made[5]
    await aq.cancel_booking(conn, booking_id=cancelled["id"], refund_amount=cancelled["total_amount"] // 2)
    await aq.cancel_booking(conn, booking_id=refunded_by_stripe["id"], refund_amount=refunded_by_stripe["total_amount"])
    await aq.add_movement(conn, booking_id=refunded_by_stripe["id"], kind="refund", amount=900, stripe_id="re_1")
    await aq.add_movement(conn, booking_id=refunded_by_stripe["id"], kind="refund", amount=400, stripe_id="re_2")
    await aq.add_movement(conn, booking_id=refunded_by_stripe["id"], kind="refund_failure", amount=400, stripe_id="re_2")
    await aq.expire_booking(conn, booking_id=abandoned["id"])

    refund = {cancelled["id"]: cancelled["total_amount"] // 2, refunded_by_stripe["id"]: refunded_by_stripe["total_amount"]}
    place = {sf_garage: ("San Francisco", "garage"), sf_driveway: ("San Francisco", "driveway"),
             oakland: ("Oakland", "driveway")}
    expected = defaultdict(lambda: dict(bookings=0, cancellations=0, abandoned=0, gross=0, fees=0, owner_payouts=0,
                                        refunds=0, ledger_refunded=0))
    for b in made:
        row = expected[(b["created_at"].astimezone(UTC).date(), *place[b["parking_spot_id"]])]
        if b is abandoned:
            row["abandoned"] += 1
            continue
        gone = b["id"] in refund
        row["bookings"] += 1
        row["cancellations"] += gone
        row["gross"] += b["total_amount"]
        row["fees"] += b["service_fee"]
        row["owner_payouts"] += 0 if gone else b["owner_payout"]
        row["refunds"] += refund.get(b["id"], 0)
        row["ledger_refunded"] += 900 if b is refunded_by_stripe else 0

    await conn.execute("set timezone = 'Pacific/Auckland'")  # the session's zone changes nothing: days are UTC
    found = {(r["day"], r["city"], r["spot_type"]): {k: r[k] for k in expected[next(iter(expected))]}
             async for r in aq.daily_bookings(conn)}
    assert found == dict(expected)
    assert {day for day, _, _ in found} == {date(2030, 1, 6), date(2030, 1, 7)}


# Occupancy ---------------------------------------------------------------------------------------

def open_at(hours: dict | None, local: datetime) -> bool:
    """Whether a spot with these operating hours is open at this local minute, read from the format
    (a close at or before its open runs past midnight into the next day)."""
    if hours is None:
        return True
    minute = local.hour * 60 + local.minute
    today, yesterday = DAYS[local.weekday()], DAYS[(local.weekday() - 1) % 7]

    def mins(hhmm):
        h, m = hhmm.split(":")
        return int(h) * 60 + int(m)

    for opens, closes in hours.get(today, []):
        if mins(opens) <= minute < (mins(closes) if mins(closes) > mins(opens) else 1440):
            return True
    for opens, closes in hours.get(yesterday, []):
        if mins(closes) <= mins(opens) and minute < mins(closes):
            return True
    return False


def occupancy_by_minute(spots: dict, stays: list, period_from: datetime, period_to: datetime) -> dict:
    """{(spot, iso weekday, local hour): [open minutes, booked minutes]}, minute by minute."""
    found: dict = {}
    minute = period_from
    while minute < period_to:
        for spot_id, (tz, hours) in spots.items():
            local = minute.astimezone(ZoneInfo(tz))
            if open_at(hours, local):
                cell = found.setdefault((spot_id, local.isoweekday(), local.hour), [0, 0])
                cell[0] += 1
                cell[1] += any(s == spot_id and a <= minute < b for s, a, b in stays)
        minute += timedelta(minutes=1)
    return found


def as_found(rows) -> dict:
    return {(r["spot_id"], r["day_of_week"], r["hour_of_day"]): [r["open_minutes"], r["booked_minutes"]] for r in rows}


async def test_occupancy_against_real_opening_hours_across_a_clock_change(conn, aq, people):
    hours = {"mon": [["08:00", "12:00"], ["13:30", "18:00"]], "fri": [["22:00", "02:00"]], "sun": [["01:00", "04:00"]]}
    # Booked while always open; the hours set afterwards cut what counts (a stay past closing time).
    new_york = await spot(conn, aq, people.owner, tz="America/New_York")
    kolkata = await spot(conn, aq, people.owner, tz="Asia/Kolkata", at=(12.97, 77.59))  # UTC+5:30, always open
    closed = await spot(conn, aq, people.owner, tz="Europe/Paris", at=(48.85, 2.35))  # then {}: never open
    ny, ist = ZoneInfo("America/New_York"), ZoneInfo("Asia/Kolkata")
    r1, r2, r3 = people.renters
    created = datetime(2030, 1, 1, tzinfo=UTC)
    stays = [
        (new_york, datetime(2030, 3, 4, 9, 15, tzinfo=ny), 3),          # Mon 09:15-12:15: 15 min past closing
        (new_york, datetime(2030, 3, 8, 23, 0, tzinfo=ny), 2.5),       # Fri 23:00 - Sat 01:30, past midnight
        (new_york, datetime(2030, 3, 10, 1, 0, tzinfo=ny), 2),         # Sun 01:00-04:00 local: 02:00 never was
        (kolkata, datetime(2030, 3, 5, 10, 15, tzinfo=ist), 26.5),
    ]
    for spot_id, start, length in stays:
        await book(conn, aq, r1 if spot_id == new_york else r2, spot_id, start.astimezone(UTC), length, created)
    await book(conn, aq, r2, kolkata, datetime(2030, 3, 12, 9, tzinfo=UTC), 4, created)  # after the period
    await book(conn, aq, r3, closed, datetime(2030, 3, 5, 9, tzinfo=UTC), 4, created)
    cancelled = await book(conn, aq, r1, new_york, datetime(2030, 3, 7, 14, tzinfo=ny).astimezone(UTC), 2, created)
    await aq.cancel_booking(conn, booking_id=cancelled["id"], refund_amount=0)
    await aq.set_hours(conn, spot_id=new_york, hours=hours)
    await aq.set_hours(conn, spot_id=closed, hours={})

    period_from, period_to = datetime(2030, 3, 4, 5, tzinfo=UTC), datetime(2030, 3, 11, 5, tzinfo=UTC)
    rows = [r async for r in aq.occupancy(conn, period_from=period_from, period_to=period_to)]
    spans = [(s, start.astimezone(UTC), start.astimezone(UTC) + length * H) for s, start, length in stays]
    expected = occupancy_by_minute({new_york: ("America/New_York", hours), kolkata: ("Asia/Kolkata", None)},
                                   spans, period_from, period_to)
    assert as_found(rows) == {key: [Decimal(o), Decimal(b)] for key, (o, b) in expected.items()}
    assert closed not in {r["spot_id"] for r in rows}
    assert {r["occupancy"] for r in rows} <= {round(Decimal(b) / Decimal(o), 4) for o, b in expected.values()}
    sunday_night = {r["hour_of_day"] for r in rows if r["spot_id"] == new_york and r["day_of_week"] == 7}
    assert sunday_night == {1, 3}  # 02:00 was skipped by the clock change
    assert {r["hour_of_day"] for r in rows if r["spot_id"] == kolkata} == set(range(24))
    assert {(r["timezone"], r["period_from"], r["period_to"]) for r in rows if r["spot_id"] == kolkata} == \
        {("Asia/Kolkata", period_from, period_to)}


async def test_the_materialized_occupancy_covers_the_last_28_utc_days(conn, aq, people):
    hours = {day: [["07:00", "19:00"]] for day in DAYS[:5]}
    weekdays = await spot(conn, aq, people.owner, hours=hours)
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    la = ZoneInfo("America/Los_Angeles")
    stays = []
    for days_ago in (3, 10, 20, 40):  # a weekend day moves to the Friday before
        local_day = (today - timedelta(days=days_ago)).astimezone(la).date()
        while DAYS[local_day.weekday()] not in hours:
            local_day -= timedelta(days=1)
        start = datetime.combine(local_day, time(9, 0), tzinfo=la).astimezone(UTC)
        await book(conn, aq, people.renters[0], weekdays, start, 3, start - timedelta(days=2))
        stays.append((weekdays, start, start + 3 * H))
    assert await aq.refresh_views(conn, force=True) == 2
    rows = [r async for r in aq.occupancy_by_hour(conn)]
    assert {(r["period_from"], r["period_to"]) for r in rows} == {(today - timedelta(days=28), today)}
    expected = occupancy_by_minute({weekdays: ("America/Los_Angeles", hours)}, stays, today - timedelta(days=28), today)
    assert as_found(rows) == {key: [Decimal(o), Decimal(b)] for key, (o, b) in expected.items()}
    assert sum(r["booked_minutes"] for r in rows) == 3 * 180  # the one 40 days ago is out of the period


# Spots -------------------------------------------------------------------------------------------

async def test_spot_performance_per_spot(conn, aq, q, people):
    busy = await spot(conn, aq, people.owner)
    quiet = await spot(conn, aq, people.owner, spot_type="lot")
    base = datetime(2030, 5, 6, 9, tzinfo=UTC)
    r1, r2, r3 = people.renters
    leads = [5, 30, 72, 200]  # hours between booking and start
    made = [await book(conn, aq, (r1, r2, r3, r1)[n], busy, base + 10 * n * H, 2, base + 10 * n * H - lead * H)
            for n, lead in enumerate(leads)]
    abandoned = await book(conn, aq, r2, busy, base + 100 * H, 2, base, status="pending")
    await aq.expire_booking(conn, booking_id=abandoned["id"])
    await aq.cancel_booking(conn, booking_id=made[3]["id"], refund_amount=1000)
    for b, rating in ((made[0], 5), (made[1], 2)):
        await aq.move_booking(conn, booking_id=b["id"], status="in_progress")
        await aq.move_booking(conn, booking_id=b["id"], status="completed")
        await q.create_review(conn, booking_id=b["id"], spot_id=busy, reviewer_id=b["user_id"], rating=rating)

    rows = {r["spot_id"]: dict(r) async for r in aq.spot_performance(conn)}
    row = rows[busy]
    gross = sum(b["total_amount"] for b in made)
    assert (row["bookings"], row["stays"], row["cancellations"], row["cancellation_rate"]) == (4, 3, 1, Decimal("0.25"))
    assert (row["gross"], row["refunds"], row["revenue"]) == (gross, 1000, gross - 1000)
    assert row["fees"] == sum(b["service_fee"] for b in made)
    assert row["owner_payouts"] == sum(b["owner_payout"] for b in made[:3])
    assert (row["average_rating"], row["reviews"]) == (Decimal("3.50"), 2)
    assert row["median_lead_hours"] == Decimal(str(statistics.median(leads)))
    assert (row["owner_id"], row["city"], row["spot_type"]) == (people.owner, "San Francisco", "garage")
    assert rows[quiet]["bookings"] == 0 and rows[quiet]["median_lead_hours"] is None
    assert rows[quiet]["cancellation_rate"] is None


# Cohorts -----------------------------------------------------------------------------------------

def month_start(d: datetime, back: int = 0) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 - back, 12)
    return date(y, m + 1, 1)


async def test_renter_and_owner_cohorts_by_month_of_sign_up(conn, aq):
    now = datetime.now(UTC)
    in_month = [datetime.combine(month_start(now, back), time(0), tzinfo=UTC) for back in (0, 1, 2, 3)]
    owners = [await aq.add_user(conn, email=f"o{n}@example.com", role="owner", created_at=in_month[3]) for n in range(2)]
    old = [await aq.add_user(conn, email=f"old{n}@example.com", role="renter", created_at=in_month[3]) for n in range(3)]
    new = [await aq.add_user(conn, email=f"new{n}@example.com", role="renter", created_at=in_month[1]) for n in range(2)]
    spots = [await spot(conn, aq, owners[0]), await spot(conn, aq, owners[1], spot_type="lot")]
    stay = datetime(2031, 1, 6, 9, tzinfo=UTC)
    plan = [  # renter, spot, month of booking (back from now)
        (old[0], 0, 3), (old[0], 0, 2), (old[1], 1, 2), (old[0], 0, 0), (new[0], 1, 1), (new[0], 1, 0), (new[1], 0, 0)]
    made = []
    for n, (renter, s, back) in enumerate(plan):
        made.append(await book(conn, aq, renter, spots[s], stay + 5 * n * H, 2, in_month[back]))
    await aq.cancel_booking(conn, booking_id=made[2]["id"], refund_amount=500)
    refund = {made[2]["id"]: 500}

    def expected(cohort_users, cohort_month, key_of):
        rows = []
        month = cohort_month
        while month <= month_start(now):
            of_month = [b for b in made if month_start(b["created_at"]) == month and key_of(b) in cohort_users]
            active = {key_of(b) for b in of_month}
            rows.append((cohort_month, month, len(cohort_users), len(active), len(of_month),
                         sum(b["total_amount"] - refund.get(b["id"], 0) for b in of_month)))
            month = month_start(datetime.combine(month, time(), tzinfo=UTC), -1)
        return rows

    renters = [(r["cohort_month"], r["month"], r["cohort_size"], r["active"], r["bookings"], r["revenue"])
               async for r in aq.renter_cohorts(conn)]
    owner_of = {spots[0]: owners[0], spots[1]: owners[1]}
    assert renters == (expected(set(old), month_start(now, 3), lambda b: b["user_id"])
                       + expected(set(new), month_start(now, 1), lambda b: b["user_id"]))
    owner_rows = [dict(r) async for r in aq.owner_cohorts(conn)]
    assert [(r["cohort_month"], r["month"], r["cohort_size"], r["active"], r["bookings"], r["revenue"])
            for r in owner_rows] == expected(set(owners), month_start(now, 3), lambda b: owner_of[b["parking_spot_id"]])
    assert [r["months_since_signup"] for r in owner_rows] == [0, 1, 2, 3]
    assert owner_rows[0]["spots_listed"] == 0 and owner_rows[3]["spots_listed"] == 2  # listed this month
    assert owner_rows[1]["owner_payouts"] == made[1]["owner_payout"]  # the cancelled one pays its owner nothing


# Privacy -----------------------------------------------------------------------------------------

async def test_no_analytics_column_holds_personal_data(conn, aq):
    personal = ("email", "name", "phone", "plate", "vehicle_make", "vehicle_model", "vehicle_color", "access_code",
                "access_instructions", "password", "hash", "token", "address", "title", "description", "comment",
                "special_requests", "reason", "response", "user_id", "reviewer", "ip", "stripe")
    columns = [(r["relation"], r["column_name"]) async for r in aq.analytics_columns(conn)]
    assert len({relation for relation, _ in columns}) >= 7
    assert [(rel, col) for rel, col in columns if any(word in col for word in personal)] == []
