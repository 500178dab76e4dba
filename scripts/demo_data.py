"""Demo data: a realistic San Francisco, or (for benchmarks) spots around large US cities.

    python scripts/demo_data.py --database-url postgresql://postgres@127.0.0.1:54329/parkingspots
    python scripts/demo_data.py --database-url URL --spots 1000000 --no-bookings   # benchmark load

Fills an empty, migrated database and refuses one that has users, unless --append is given (then
the new emails carry a random run tag); with --if-empty it skips one that has users and exits 0
(Docker's migrate service loads the demo once that way). Up to 20,000 spots go to San Francisco's neighbourhoods;
more are spread over large US cities. Bookings, their status moves and reviews go through the
database's own rules, triggers and procedures; San Francisco also gets the last 30 days' searches for
the unmet-demand map, written by the API's own privacy-safe insert (sql/analytics/search_log.sql). The same --seed gives the same data, with times
relative to the quarter hour of the load (an --append run also mixes in its run tag).
Every demo account's password is "parkingspots-demo"; the documented logins are
admin@demo.parkingspots.dev, owner1@demo.parkingspots.dev and renter1@demo.parkingspots.dev.
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import math
import os
import random
import secrets
import string
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import aiosql
import asyncpg
import shapely
import tzfpy
from argon2 import PasswordHasher
from tqdm import tqdm

try:
    from . import demo_city as city
except ImportError:  # run as a script, or loaded by file path
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import demo_city as city

QUERIES = aiosql.from_path(Path(__file__).with_name("demo_data.sql"), "asyncpg")
# The API's own privacy-safe insert of searches (sql/analytics/search_log.sql), for the demo searches.
SEARCH_LOG = aiosql.from_path(Path(__file__).resolve().parent.parent / "sql" / "analytics" / "search_log.sql", "asyncpg")
PASSWORD = "parkingspots-demo"
DOMAIN = "demo.parkingspots.dev"
CITY_MAX_SPOTS = 20_000  # more spots than this are spread over large US cities
BATCH = 20_000  # rows per COPY
GRID = 900  # seconds: bookings start and end on the quarter hour
DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

USER_COLUMNS = ["id", "email", "hashed_password", "full_name", "phone_number", "role", "is_verified",
                "created_at"]
SPOT_COLUMNS = ["id", "owner_id", "title", "description", "spot_type", "vehicle_size", "address", "city",
                "state", "zip_code", "latitude", "longitude", "timezone", "hourly_rate", "daily_rate",
                "monthly_rate", "is_covered", "has_ev_charging", "has_security", "has_lighting",
                "is_handicap_accessible", "images", "operating_hours", "access_instructions", "created_at"]
# subtotal, service_fee, total_amount and owner_payout are left out: the booking rules trigger prices them.
BOOKING_COLUMNS = ["id", "user_id", "parking_spot_id", "start_time", "end_time", "status", "payment_status",
                   "vehicle_plate", "vehicle_make", "vehicle_model", "vehicle_color", "special_requests",
                   "created_at"]
REVIEW_COLUMNS = ["id", "booking_id", "parking_spot_id", "reviewer_id", "overall_rating", "location_rating",
                  "access_rating", "value_rating", "safety_rating", "comment", "created_at"]


class DemoDataError(Exception):
    """The loader will not fill this database (or was asked for something impossible)."""


def weighted(table: dict) -> tuple[list, list]:
    return list(table), list(itertools.accumulate(table.values()))


SPOT_TYPES, VEHICLE_SIZES = weighted(city.SPOT_TYPES), weighted(city.VEHICLE_SIZES)
HOODS = weighted({hood: hood.weight for hood in city.NEIGHBOURHOODS})
CITIES = weighted({c: c.weight for c in city.US_CITIES})
CITY_TZ = {c.name: tzfpy.get_tz(c.lon, c.lat) for c in city.US_CITIES}
RATINGS = ([1, 2, 3, 4, 5], [3, 7, 17, 45, 100])  # skewed to 4 and 5


def pick(rng: random.Random, table: tuple[list, list]):
    return rng.choices(table[0], cum_weights=table[1])[0]


def new_id(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def user_rows(rng, role: str, count: int, tag: str, pw_hash: str, anchor: datetime) -> list[tuple]:
    return [(new_id(rng), f"{role}{n}{tag}@{DOMAIN}", pw_hash,
             f"{rng.choice(city.FIRST_NAMES)} {rng.choice(city.LAST_NAMES)}", f"+1415555{rng.randrange(10000):04d}",
             role, rng.random() < 0.85, anchor - timedelta(days=rng.uniform(120, 1500)))
            for n in range(1, count + 1)]


def sf_place(rng) -> tuple:
    """A point on land near a neighbourhood centre, with the address parts that go with it."""
    hood = pick(rng, HOODS)
    for _ in range(100):
        lat, lon = rng.gauss(hood.lat, 0.0055), rng.gauss(hood.lon, 0.007)
        if shapely.contains_xy(city.SF_LAND, lon, lat):
            break
    else:
        lat, lon = hood.lat, hood.lon
    return (hood.name, lat, lon, "San Francisco", "CA", hood.zip_code, rng.choice(hood.streets),
            hood.price_level, tzfpy.get_tz(lon, lat))


def us_place(rng) -> tuple:
    """A point within a large US city's radius, denser towards its centre."""
    c = pick(rng, CITIES)
    km, angle = c.radius_km * min(1.0, abs(rng.gauss(0, 0.5))), rng.uniform(0, 2 * math.pi)
    lat = c.lat + km / 111.32 * math.cos(angle)
    lon = c.lon + km / (111.32 * math.cos(math.radians(c.lat))) * math.sin(angle)
    return (c.name, lat, lon, c.name, c.state, f"{c.zip_prefix}{rng.randrange(100):02d}",
            rng.choice(city.US_STREETS), c.price_level, CITY_TZ[c.name])


def spot_row(rng, n: int, owners: list, place: tuple, anchor: datetime, tag: str) -> tuple[tuple, dict | None]:
    area, lat, lon, city_name, state, zip_code, street, level, tz = place
    owner_id, owner_since = owners[int(len(owners) * rng.random() ** 1.3)]  # a few owners list many spots
    kind, size = pick(rng, SPOT_TYPES), pick(rng, VEHICLE_SIZES)
    sheltered = kind in ("garage", "indoor", "covered")
    lo, hi = city.PRICE_LEVELS[level]
    hourly = min(hi, round(rng.uniform(lo, hi) * (1.15 if sheltered else 1) / 25) * 25)
    daily = round(hourly * rng.uniform(6, 8) / 50) * 50 if rng.random() < 0.85 else None
    monthly = round(daily * rng.uniform(15, 25) / 100) * 100 if daily and rng.random() < 0.35 else None
    amenities = {
        "has_ev_charging": rng.random() < (0.3 if kind in ("garage", "indoor") else 0.07),
        "has_security": rng.random() < (0.7 if kind in ("garage", "indoor", "lot") else 0.15),
        "has_lighting": sheltered or rng.random() < (0.85 if kind == "lot" else 0.45),
        "is_handicap_accessible": rng.random() < (0.35 if kind in ("garage", "lot") else 0.06),
    }
    hours = rng.choice(city.HOURS_PATTERNS) if rng.random() < 1 / 3 else None
    where = rng.choice((f"in {area}", f"off {street}", f"near {street}"))
    title = f"{rng.choice(city.TITLE_ADJECTIVES)} {rng.choice(city.TYPE_NOUNS[kind])} {where}"
    description = " ".join([city.DESCRIPTION_OPENERS[kind], city.DESCRIPTION_SIZES[size],
                            *(city.DESCRIPTION_AMENITIES[k] for k, on in amenities.items() if on),
                            rng.choice(city.DESCRIPTION_EXTRAS)])
    images = [f"https://images.demo.parkingspots.dev/spots/{tag}{n}-{k}.jpg" for k in range(1, rng.randint(1, 4) + 1)]
    created = owner_since + (anchor - timedelta(days=100) - owner_since) * rng.random()
    row = (new_id(rng), owner_id, title, description, kind, size, f"{rng.randint(100, 4999)} {street}",
           city_name, state, zip_code, lat, lon, tz, hourly, daily, monthly,
           sheltered or rng.random() < 0.05, *amenities.values(), images,
           json.dumps(hours) if hours else None, rng.choice(city.ACCESS_INSTRUCTIONS[kind]), created)
    return row, hours


def minutes(hhmm: str) -> int:
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)


def window(rng, after: datetime, hours: dict | None, tz: str) -> tuple[datetime, datetime]:
    """A [start, end) on the quarter-hour grid, starting after `after`, inside the opening hours."""
    if hours is None:
        start = datetime.fromtimestamp(math.ceil(after.timestamp() / GRID) * GRID, timezone.utc)
        r = rng.random()  # a few hours mostly; some whole days, some trips, a rare month
        quarters = (rng.randint(4, 16) if r < 0.6 else rng.randint(32, 48) if r < 0.85
                    else rng.randint(96, 672) if r < 0.98 else 2880)
        return start, start + timedelta(seconds=quarters * GRID)
    local = ZoneInfo(tz)
    day = after.astimezone(local).date() + timedelta(days=1)
    while DAY_KEYS[day.weekday()] not in hours:  # the first open day after `after`
        day += timedelta(days=1)
    opens, closes = (minutes(t) for t in rng.choice(hours[DAY_KEYS[day.weekday()]]))
    closes += 1440 if closes <= opens else 0  # runs past midnight
    first = opens + 15 * rng.randint(0, (closes - opens - 30) // 15)
    last = first + 15 * rng.randint(2, (min(closes, first + 480) - first) // 15)
    midnight = datetime(day.year, day.month, day.day, tzinfo=local)  # wall-clock arithmetic below
    return ((midnight + timedelta(minutes=first)).astimezone(timezone.utc),
            (midnight + timedelta(minutes=last)).astimezone(timezone.utc))


def spot_bookings(rng, spot: tuple, renters: list, anchor: datetime):
    """0-12 bookings in the last 90 days and a few upcoming ones, one after another (never overlapping)."""
    spot_id, tz, hours = spot
    past, upcoming = rng.randint(0, 12), rng.choice((0, 0, 1, 1, 2, 3))
    cursor, spacing = anchor - timedelta(days=90), 90 / (past + 1)
    for i in range(past + upcoming):
        if i == past:  # upcoming ones start after the load has certainly begun
            cursor, spacing = max(cursor, anchor + timedelta(hours=1)), 4
        start, end = window(rng, cursor + timedelta(days=spacing * rng.uniform(0.05, 1.6)), hours, tz)
        if start > anchor + timedelta(days=45):
            return
        cursor = end
        make, model = rng.choice(city.VEHICLES)
        plate = f"{rng.randint(5, 9)}{''.join(rng.choices(string.ascii_uppercase, k=3))}{rng.randrange(1000):03d}"
        yield (new_id(rng), rng.choice(renters), spot_id, start, end, "confirmed", "not_required", plate, make,
               model, rng.choice(city.COLORS), rng.choice(city.SPECIAL_REQUESTS) if rng.random() < 0.1 else None,
               min(start, anchor) - timedelta(hours=rng.uniform(1, 240)))


def review_rows(rng, completed: list, anchor: datetime):
    """Reviews of about 60 % of the completed bookings, by their renters."""
    for b in completed:
        if rng.random() >= 0.6:
            continue
        overall = pick(rng, RATINGS)
        subs = ([max(1, min(5, overall + rng.choice((-1, 0, 0, 0, 1)))) for _ in range(4)]
                if rng.random() < 0.6 else [None] * 4)
        tier = "good" if overall >= 4 else "ok" if overall == 3 else "bad"
        comment = rng.choice(city.REVIEW_COMMENTS[tier]) if rng.random() < 0.85 else None
        yield (new_id(rng), b["id"], b["parking_spot_id"], b["user_id"], overall, *subs, comment,
               min(anchor, b["end_time"] + timedelta(hours=rng.uniform(1, 120))))


async def copy(conn, table: str, columns: list[str], rows, total: int) -> None:
    """COPY rows (any iterable of tuples) in batches, with a progress bar."""
    with tqdm(total=total, desc=f"{table:>20}", unit=" rows", unit_scale=True) as bar:
        rows = iter(rows)
        while batch := list(itertools.islice(rows, BATCH)):
            await conn.copy_records_to_table(table, records=batch, columns=columns)
            bar.update(len(batch))


async def database_has_users(database_url: str) -> bool:
    """True once any account exists: `make run` loads the demo only into an empty database."""
    conn = await asyncpg.connect(database_url)
    try:
        return bool(await QUERIES.count_users(conn))
    finally:
        await conn.close()


async def load_demo(database_url: str, spots: int = 3000, seed: int = 42, bookings: bool = True,
                    append: bool = False) -> dict:
    """Load the demo data in one transaction; returns the summary counts of the whole database."""
    if spots < 1:
        raise DemoDataError("--spots must be at least 1")
    started = time.perf_counter()
    tag = secrets.token_hex(3) if append else ""
    rng = random.Random(f"{seed}:{tag}" if append else seed)
    anchor = datetime.fromtimestamp(time.time() // GRID * GRID, timezone.utc)
    in_city = spots <= CITY_MAX_SPOTS
    pw_hash = PasswordHasher().hash(PASSWORD)  # once: every demo account shares it
    conn = await asyncpg.connect(database_url)
    try:
        # asyncpg has no binary codec for citext, and COPY is binary: citext travels as text does.
        await conn.set_builtin_type_codec("citext", codec_name="text")
        async with conn.transaction():
            if not append and await QUERIES.count_users(conn):
                raise DemoDataError("the database already has users: load demo data into an empty database, "
                                    "or pass --append to add more")
            sfx = f".{tag}" if tag else ""
            owners = user_rows(rng, "owner", max(10, spots // 5 if in_city else spots // 20), sfx, pw_hash, anchor)
            renters = user_rows(rng, "renter", max(10, spots * 5 // 6 if in_city else spots // 20), sfx, pw_hash,
                                anchor)
            admin = [] if append else [(new_id(rng), f"admin@{DOMAIN}", pw_hash, "Demo Admin", None, "admin",
                                        True, anchor - timedelta(days=1500))]
            await copy(conn, "users", USER_COLUMNS, admin + owners + renters, len(admin + owners + renters))

            owner_keys = [(row[0], row[-1]) for row in owners]
            place = sf_place if in_city else us_place
            bookable, inactive, unavailable = [], [], []

            def spot_stream():
                for n in range(1, spots + 1):
                    row, hours = spot_row(rng, n, owner_keys, place(rng), anchor, f"{tag}-" if tag else "")
                    if bookings:
                        bookable.append((row[0], row[12], hours))
                    r = rng.random()
                    if r < 0.02:
                        inactive.append(row[0])
                    elif r < 0.06:
                        unavailable.append(row[0])
                    yield row

            await copy(conn, "parking_spots", SPOT_COLUMNS, spot_stream(), spots)
            if bookings:
                await load_bookings(conn, rng, bookable, [r[0] for r in renters],
                                    [r[0] for r in owners + renters], anchor)
            # Only now: bookings need their spots active and available when they are inserted.
            await QUERIES.deactivate_spots(conn, ids=inactive)
            await QUERIES.make_spots_unavailable(conn, ids=unavailable)
            if bookings and in_city:
                await load_searches(conn, rng, anchor, max(100, spots * 2 // 3))

        summary = {
            "run_tag": tag or None,
            "area": "San Francisco" if in_city else f"{len(city.US_CITIES)} US cities",
            "users": {r["role"]: r["n"] async for r in QUERIES.count_users_by_role(conn)},
            "spots": dict(await QUERIES.count_spots(conn)),
            "bookings": {r["status"]: r["n"] async for r in QUERIES.count_bookings_by_status(conn)},
            **dict(await QUERIES.count_reviews(conn)),
            "searches": dict(await QUERIES.count_searches(conn)),
        }
    finally:
        await conn.close()
    summary["seconds"] = round(time.perf_counter() - started, 1)
    return summary


async def load_bookings(conn, rng, bookable: list, renters: list, voters: list, anchor: datetime) -> None:
    """Bookings, moved through the real status machine, then reviews, responses and helpful votes."""
    rows = [b for spot in bookable for b in spot_bookings(rng, spot, renters, anchor)]
    await QUERIES.allow_past_bookings(conn)
    await copy(conn, "bookings", BOOKING_COLUMNS, rows, len(rows))
    # Cancel about 8 % while they are still confirmed (in_progress -> cancelled is illegal).
    cancelled = [b for b in rows if rng.random() < 0.08]
    await QUERIES.cancel_bookings(
        conn, ids=[b[0] for b in cancelled], reasons=[rng.choice(city.CANCEL_REASONS) for _ in cancelled],
        times=[b[12] + (min(b[3], anchor) - b[12]) * rng.random() for b in cancelled])
    await QUERIES.auto_start_bookings(conn)
    await QUERIES.auto_checkout_bookings(conn)

    completed = [r async for r in QUERIES.completed_bookings(conn, ids=[b[0] for b in rows])]
    reviews = list(review_rows(rng, completed, anchor))
    await copy(conn, "reviews", REVIEW_COLUMNS, reviews, len(reviews))
    answered = [r for r in reviews if rng.random() < (0.4 if r[4] <= 3 else 0.2)]
    await QUERIES.respond_to_reviews(conn, ids=[r[0] for r in answered],
                                     responses=[rng.choice(city.OWNER_RESPONSES) for _ in answered])
    votes = [(r[0], voter) for r in reviews if rng.random() < 0.35
             for voter in rng.sample(voters, rng.randint(1, 5)) if voter != r[3]]
    await copy(conn, "review_helpful_votes", ["review_id", "user_id"], votes, len(votes))


def demo_searches(rng, anchor: datetime, count: int):
    """Searches of the last 30 days as the API records them (api/spots/search_log.py): drivers look
    near where they are going (more downtown and around the ballpark than there are listings, see
    demo_city.SEARCH_DEMAND), mostly at commuting hours on weekdays, within 0.5-2 km mostly; some ask
    for a window (the next two days, 1-4 hours), EV charging, a covered spot, a price cap or a large
    vehicle. The database counts their results and free results as of the search's time (a window
    makes counting dear: spot_is_free for each match, so those are fewer and narrower)."""
    hoods = weighted({hood: city.SEARCH_DEMAND[hood.name] for hood in city.NEIGHBOURHOODS})
    local = ZoneInfo("America/Los_Angeles")
    busiest = max(city.SEARCH_HOURS_WEEKDAY + city.SEARCH_HOURS_WEEKEND)
    made = 0
    while made < count:
        at = anchor - timedelta(hours=rng.uniform(1, 30 * 24))
        here = at.astimezone(local)
        hours = city.SEARCH_HOURS_WEEKDAY if here.weekday() < 5 else city.SEARCH_HOURS_WEEKEND
        if rng.random() * busiest > hours[here.hour]:
            continue  # fewer searches at quiet hours
        made += 1
        hood = pick(rng, hoods)
        window_from = window_to = None
        radius_km = rng.choice((0.5, 0.5, 1, 1, 1, 2, 5))
        if rng.random() < 0.12:
            radius_km = rng.choice((0.5, 1))  # a booking ahead is for a precise place
            window_from = datetime.fromtimestamp(math.ceil((at + timedelta(hours=rng.uniform(0, 48))).timestamp()
                                                           / GRID) * GRID, timezone.utc)
            window_to = window_from + timedelta(minutes=15 * rng.randint(4, 16))
        filters = {"spot_type": "garage" if rng.random() < 0.05 else None,
                   "max_hourly_rate": rng.choice((300, 400, 500)) if rng.random() < 0.15 else None,
                   "has_ev_charging": True if rng.random() < 0.1 else None,
                   "vehicle_size": "large" if rng.random() < 0.05 else None,
                   "is_covered": True if rng.random() < 0.08 else None,
                   "has_security": None, "is_handicap_accessible": None, "min_rating": None,
                   "available_from": window_from and window_from.isoformat(),
                   "available_to": window_to and window_to.isoformat()}
        yield {"searched_at": at.isoformat(), "free_from": at.isoformat(), "kind": "search",
               "lat": rng.gauss(hood.lat, 0.004), "lon": rng.gauss(hood.lon, 0.005),
               "radius_m": 1000 * radius_km, "filters": filters, "searches": rng.choice((1, 1, 1, 2, 3, 5))}


async def load_searches(conn, rng, anchor: datetime, count: int) -> None:
    """Demo searches, written by the API's own insert: snapped, by the hour, free results counted."""
    rows = list(demo_searches(rng, anchor, count))
    with tqdm(total=len(rows), desc=f"{'search_events':>20}", unit=" rows", unit_scale=True) as bar:
        for start in range(0, len(rows), 500):
            await SEARCH_LOG.record_searches(conn, batch=json.dumps(rows[start:start + 500]))
            bar.update(len(rows[start:start + 500]))
    await QUERIES.refresh_analytics(conn)  # the materialized views show the demo now, not at pg_cron's next hour


def format_summary(summary: dict) -> str:
    spots, tag = summary["spots"], f" (run tag {summary['run_tag']})" if summary["run_tag"] else ""
    lines = [
        f"demo data loaded in {summary['seconds']} s: {summary['area']}{tag}",
        "  users:    " + ", ".join(f"{n} {role}" for role, n in summary["users"].items()),
        f"  spots:    {spots['total']} ({spots['active']} active, {spots['bookable']} taking bookings)",
        "  bookings: " + (", ".join(f"{n} {status}" for status, n in summary["bookings"].items()) or "none"),
        f"  reviews:  {summary['reviews']} ({summary['owner_responses']} with owner responses, "
        f"{summary['helpful_votes']} helpful votes)",
        f"  searches: {summary['searches']['searches']} in the last 30 days for the demand map "
        f"({summary['searches']['unmet']} with no or few free spots)",
        f"  logins:   admin@{DOMAIN}, owner1@{DOMAIN}, renter1@{DOMAIN} / password {PASSWORD}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Load ParkingSpots demo data into an empty, migrated database.")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                        help="postgresql://user@host:port/db (default: $DATABASE_URL)")
    parser.add_argument("--spots", type=int, default=3000,
                        help=f"number of spots (default 3000; above {CITY_MAX_SPOTS:,} they spread over US cities)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--no-bookings", action="store_true", help="spots and users only (benchmark loads)")
    parser.add_argument("--append", action="store_true", help="add to a database that already has data")
    parser.add_argument("--if-empty", action="store_true",
                        help="skip (exit 0) when the database already has users instead of refusing")
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("--database-url is required (or set DATABASE_URL)")
    if args.if_empty and args.append:
        parser.error("--if-empty and --append contradict each other")
    if args.if_empty and asyncio.run(database_has_users(args.database_url)):
        print("demo data: the database already has users; nothing loaded")
        return 0
    try:
        summary = asyncio.run(load_demo(args.database_url, spots=args.spots, seed=args.seed,
                                        bookings=not args.no_bookings, append=args.append))
    except DemoDataError as error:
        print(f"demo_data: {error}", file=sys.stderr)
        return 1
    print(format_summary(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
