"""Load test: user journeys against a running service (`make load` against `make run`; the demo city
must be loaded).

Five drivers for every owner. A driver's tasks, by weight:
    browsing (6): search near a San Francisco point -> view a spot -> maybe quote;
    booking (3): search -> view -> quote -> book -> cancel (most) or keep;
    parking (1): book the next open slot -> check in -> read the access code -> check out;
    my bookings (1).
An owner (demo owner1..600) looks at the bookings on their spots and their listings, and logs out
at the end.

What counts as a success: only the answer each call expects -- 201 for register and book, 200 for
the rest, and for a quote or a booking also 409 when the slot was just taken (or blacked out, or the
spot made unavailable): that is the system working under contention. Anything else is a failure,
422 included: the journeys ask only for windows the service must accept (on the 15-minute grid, in
the future, inside the spot's opening hours in its time zone, read from the spot), so a 422 is a
bug in the journey or the service and shows in the report with its code.

What it leaves behind: nothing. Drivers register as load-<run>-<n>@load.parkingspots.dev (one run
tag per locust process); when the run stops, their bookings and accounts are deleted from the
database (tests/load/cleanup.sql, one transaction) at LOAD_DATABASE_URL -- by default the private
cluster of `make run` when it is running. A URL that may delete rows is needed (the cluster's
superuser, or the owner role): the API's own role may not. Without one, the run prints its tag and
the rows stay. Owners only read; their sessions are logged out.
"""
from __future__ import annotations

import itertools
import os
import random
import sys
import uuid
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from locust import HttpUser, between, events, task

ROOT = Path(__file__).resolve().parents[2]
CLEANUP_SQL = Path(__file__).with_name("cleanup.sql")

SF_POINTS = [(37.7955, -122.3937), (37.7599, -122.4148), (37.7694, -122.4862), (37.8008, -122.4101),
             (37.7849, -122.4094), (37.7764, -122.4242), (37.7502, -122.4337)]
PASSWORD = "load-test-password"
RUN = uuid.uuid4().hex[:8]
EMAIL_DOMAIN = "load.parkingspots.dev"
EMAIL_PATTERN = f"load-{RUN}-%@{EMAIL_DOMAIN}"
driver_numbers = itertools.count(1)
SLOT_TAKEN = {"bookings_no_overlap", "booking_blackout_overlap", "booking_spot_unavailable"}
GRID = timedelta(minutes=15)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # date.weekday() order


def slot(days_ahead: float) -> datetime:
    """A start on the 15-minute grid, at least 15 minutes from now."""
    moment = datetime.now(timezone.utc) + timedelta(days=days_ahead)
    return moment.replace(minute=moment.minute - moment.minute % 15, second=0, microsecond=0) + GRID


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _local(day: date, hhmm: str, zone: ZoneInfo) -> datetime:
    hours, minutes = map(int, hhmm.split(":"))  # "24:00" is the next midnight
    return (datetime.combine(day, time()) + timedelta(hours=hours, minutes=minutes)).replace(tzinfo=zone)


def is_open(hours: dict | None, tz: str, start: datetime, end: datetime) -> bool:
    """[start, end) inside the opening hours (null: always open), as the database's spot_is_open
    reads them: per local day, [open, close) in the spot's zone, a close at or before the open
    running into the next day."""
    if hours is None:
        return True
    zone = ZoneInfo(tz)
    first, last = start.astimezone(zone).date() - timedelta(days=1), end.astimezone(zone).date() + timedelta(days=1)
    spans = []
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        for opens, closes in hours.get(WEEKDAYS[day.weekday()], []):
            low, high = _local(day, opens, zone), _local(day, closes, zone)
            spans.append((low, high if high > low else high + timedelta(days=1)))
    covered = start
    for low, high in sorted(spans):
        if low > covered:
            return False  # a gap at `covered`
        covered = max(covered, high)
        if covered >= end:
            return True
    return False


def open_window(spot: dict, start: datetime, hours: float) -> tuple[datetime, datetime] | None:
    """The first window of `hours` from `start` on (15-minute steps, a week at most) that the spot is open."""
    length = timedelta(hours=hours)
    for step in range(7 * 24 * 4):
        begin = start + step * GRID
        if is_open(spot.get("operating_hours"), spot.get("timezone") or "UTC", begin, begin + length):
            return begin, begin + length
    return None


def code_of(response) -> str:
    try:
        return str(response.json().get("code", ""))
    except ValueError:
        return ""


class Journey(HttpUser):
    abstract = True

    def call(self, method: str, path: str, name: str, expected: tuple[int, ...] = (200,),
             taken_ok: bool = False, **kwargs):
        """One request; a success only when its status is `expected` (or a 409 of a taken slot when
        `taken_ok`). Returns the response."""
        with self.client.request(method, path, name=name, catch_response=True, **kwargs) as response:
            if response.status_code in expected or (taken_ok and response.status_code == 409
                                                    and code_of(response) in SLOT_TAKEN):
                response.success()
            else:
                response.failure(f"{response.status_code} {code_of(response) or response.text[:80]}")
            return response


class Driver(Journey):
    weight = 5
    wait_time = between(0.5, 2)

    def on_start(self):
        self.headers = {}
        email = f"load-{RUN}-{next(driver_numbers)}@{EMAIL_DOMAIN}"
        registered = self.call("POST", "/api/v1/auth/register", "/auth/register", (201,),
                               json={"email": email, "password": PASSWORD, "full_name": "Load Driver",
                                     "role": "renter"})
        if registered.status_code != 201:
            return
        tokens = self.call("POST", "/api/v1/auth/login", "/auth/login", json={"email": email, "password": PASSWORD})
        if tokens.status_code == 200:
            self.refresh_token = tokens.json()["refresh_token"]
            self.headers = {"Authorization": f"Bearer {tokens.json()['access_token']}"}

    def search(self) -> list:
        lat, lon = random.choice(SF_POINTS)
        params = {"latitude": round(lat + random.uniform(-0.01, 0.01), 4),
                  "longitude": round(lon + random.uniform(-0.01, 0.01), 4),
                  "radius_km": random.choice([1, 2, 5])}
        if random.random() < 0.3:
            params["spot_type"] = random.choice(["garage", "driveway", "lot"])
        response = self.call("GET", "/api/v1/parking-spots", "/parking-spots (search)", params=params)
        return response.json() if response.status_code == 200 else []

    def view(self, spots: list) -> dict | None:
        """A spot from the results, read in full (its opening hours and time zone)."""
        if not spots:
            return None
        spot = random.choice(spots[:10])
        response = self.call("GET", f"/api/v1/parking-spots/{spot['id']}", "/parking-spots/{id}")
        return response.json() if response.status_code == 200 else None

    def quote(self, spot: dict, window: tuple[datetime, datetime]):
        self.call("POST", "/api/v1/bookings/calculate-price", "/bookings/calculate-price", taken_ok=True,
                  json={"parking_spot_id": spot["id"], "start_time": iso(window[0]), "end_time": iso(window[1])})

    def book(self, spot: dict, window: tuple[datetime, datetime]) -> dict | None:
        response = self.call("POST", "/api/v1/bookings", "/bookings", (201,), taken_ok=True, headers=self.headers,
                             json={"parking_spot_id": spot["id"], "start_time": iso(window[0]),
                                   "end_time": iso(window[1])})
        return response.json() if response.status_code == 201 else None

    @task(6)
    def browse(self):
        spot = self.view(self.search())
        if spot and random.random() < 0.3:
            window = open_window(spot, slot(random.uniform(1, 20)), random.choice([1, 2, 4, 8]))
            if window:
                self.quote(spot, window)

    @task(3)
    def book_and_cancel(self):
        spot = self.view(self.search())
        window = spot and self.headers and open_window(spot, slot(random.uniform(1, 30)), random.choice([1, 2, 3]))
        if not window:
            return
        self.quote(spot, window)
        booking = self.book(spot, window)
        if booking and random.random() < 0.7:
            self.call("POST", f"/api/v1/bookings/{booking['id']}/cancel", "/bookings/{id}/cancel",
                      headers=self.headers, json={"reason": "load test"})

    @task(1)
    def park(self):
        spot = self.view(self.search())
        start = slot(0)
        window = spot and self.headers and open_window(spot, start, 1)
        if not window or window[0] != start:  # parking is now or not at all
            return
        booking = self.book(spot, window)
        if booking:
            path = f"/api/v1/bookings/{booking['id']}"
            self.call("POST", f"{path}/check-in", "/bookings/{id}/check-in", headers=self.headers)
            self.call("GET", f"{path}/access", "/bookings/{id}/access", headers=self.headers)
            self.call("POST", f"{path}/check-out", "/bookings/{id}/check-out", headers=self.headers)

    @task(1)
    def my_bookings(self):
        if self.headers:
            self.call("GET", "/api/v1/bookings", "/bookings (mine)", params={"when": "upcoming"}, headers=self.headers)


class Owner(Journey):
    weight = 1
    wait_time = between(1, 3)

    def on_start(self):
        self.headers, self.refresh_token = {}, None
        tokens = self.call("POST", "/api/v1/auth/login", "/auth/login",
                           json={"email": f"owner{random.randint(1, 600)}@demo.parkingspots.dev",
                                 "password": "parkingspots-demo"})
        if tokens.status_code == 200:
            self.refresh_token = tokens.json()["refresh_token"]
            self.headers = {"Authorization": f"Bearer {tokens.json()['access_token']}"}

    def on_stop(self):
        if self.refresh_token:  # the demo owner's session ends with the run
            self.call("POST", "/api/v1/auth/logout", "/auth/logout", (204,), headers=self.headers,
                      json={"refresh_token": self.refresh_token})

    @task
    def dashboard(self):
        if self.headers:
            self.call("GET", "/api/v1/bookings/owner", "/bookings/owner", headers=self.headers)
            self.call("GET", "/api/v1/parking-spots/mine", "/parking-spots/mine", headers=self.headers)


def cleanup_url() -> str | None:
    """LOAD_DATABASE_URL, else the private cluster of `make run` when it is running (no side effects)."""
    if os.environ.get("LOAD_DATABASE_URL"):
        return os.environ["LOAD_DATABASE_URL"]
    sys.path.insert(0, str(ROOT))
    from scripts import local_services  # only needed here, and only from the checkout
    if local_services.postgres_running(local_services.DATA_DIR / "pg"):
        return f"postgresql://postgres@127.0.0.1:{local_services.PG_PORT}/{local_services.APP_DB}"
    return None


@events.test_stop.add_listener
def delete_what_the_run_made(environment, **_):
    """Delete the run's drivers and their bookings (after every user stopped)."""
    url = cleanup_url()
    if not url:
        print(f"load test {RUN}: no LOAD_DATABASE_URL and no private cluster running; its users "
              f"({EMAIL_PATTERN}) and their bookings stay behind")
        return
    import aiosql  # the cleanup's own dependencies, loaded when it runs
    import psycopg

    queries = aiosql.from_path(CLEANUP_SQL, "psycopg")
    try:
        with psycopg.connect(url) as conn:  # one transaction: committed on leaving the block
            found = queries.count_load_run(conn, email_pattern=EMAIL_PATTERN)
            queries.delete_load_run_bookings(conn, email_pattern=EMAIL_PATTERN)
            queries.delete_load_run_users(conn, email_pattern=EMAIL_PATTERN)
        print(f"load test {RUN}: deleted {found[0]} users and {found[1]} bookings it made")
    except psycopg.Error as error:
        print(f"load test {RUN}: cleanup failed ({error.diag.message_primary or error}); "
              f"its users ({EMAIL_PATTERN}) and their bookings stay behind")
