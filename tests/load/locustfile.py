"""Load test: user journeys against a running service (make load; the demo city must be loaded).

Five drivers for every owner. A driver's tasks, by weight:
    browsing (6): search near a San Francisco point -> view a spot -> maybe quote;
    booking (3): search -> view -> quote -> book -> cancel (most) or keep;
    parking (1): book the next slot -> check in -> read the access code -> check out;
    my bookings (1).
An owner (demo owner1..600) looks at the bookings on their spots and their listings.

Expected refusals (409 when a slot was just taken) count as successes: they are the system working.
"""
from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta, timezone

from locust import HttpUser, between, task

SF_POINTS = [(37.7955, -122.3937), (37.7599, -122.4148), (37.7694, -122.4862), (37.8008, -122.4101),
             (37.7849, -122.4094), (37.7764, -122.4242), (37.7502, -122.4337)]
PASSWORD = "load-test-password"


def slot(days_ahead: float) -> datetime:
    moment = datetime.now(timezone.utc) + timedelta(days=days_ahead)
    return moment.replace(minute=moment.minute - moment.minute % 15, second=0, microsecond=0) + timedelta(minutes=15)


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


class Driver(HttpUser):
    weight = 5
    wait_time = between(0.5, 2)

    def on_start(self):
        email = f"load-{uuid.uuid4().hex[:12]}@example.com"
        self.client.post("/api/v1/auth/register", name="/auth/register",
                         json={"email": email, "password": PASSWORD, "full_name": "Load Driver", "role": "renter"})
        tokens = self.client.post("/api/v1/auth/login", name="/auth/login",
                                  json={"email": email, "password": PASSWORD}).json()
        self.headers = {"Authorization": f"Bearer {tokens['access_token']}"}

    def search(self) -> list:
        lat, lon = random.choice(SF_POINTS)
        params = {"latitude": round(lat + random.uniform(-0.01, 0.01), 4),
                  "longitude": round(lon + random.uniform(-0.01, 0.01), 4),
                  "radius_km": random.choice([1, 2, 5])}
        if random.random() < 0.3:
            params["spot_type"] = random.choice(["garage", "driveway", "lot"])
        response = self.client.get("/api/v1/parking-spots", params=params, name="/parking-spots (search)")
        return response.json() if response.ok else []

    def view(self, spots: list):
        if spots:
            spot = random.choice(spots[:10])
            self.client.get(f"/api/v1/parking-spots/{spot['id']}", name="/parking-spots/{id}")
            return spot
        return None

    def quote(self, spot, start, hours):
        self.client.post("/api/v1/bookings/calculate-price", name="/bookings/calculate-price",
                         json={"parking_spot_id": spot["id"], "start_time": iso(start),
                               "end_time": iso(start + timedelta(hours=hours))})

    def book(self, spot, start, hours):
        with self.client.post("/api/v1/bookings", name="/bookings", headers=self.headers, catch_response=True,
                              json={"parking_spot_id": spot["id"], "start_time": iso(start),
                                    "end_time": iso(start + timedelta(hours=hours))}) as response:
            if response.status_code in (201, 409, 422):  # taken, or outside the spot's hours
                response.success()
            return response.json() if response.status_code == 201 else None

    @task(6)
    def browse(self):
        spot = self.view(self.search())
        if spot and random.random() < 0.3:
            self.quote(spot, slot(random.uniform(1, 20)), random.choice([1, 2, 4, 8]))

    @task(3)
    def book_and_cancel(self):
        spot = self.view(self.search())
        if not spot:
            return
        start, hours = slot(random.uniform(1, 30)), random.choice([1, 2, 3])
        self.quote(spot, start, hours)
        booking = self.book(spot, start, hours)
        if booking and random.random() < 0.7:
            self.client.post(f"/api/v1/bookings/{booking['id']}/cancel", name="/bookings/{id}/cancel",
                             headers=self.headers, json={"reason": "load test"})

    @task(1)
    def park(self):
        spot = self.view(self.search())
        if not spot:
            return
        booking = self.book(spot, slot(0), 1)
        if booking:
            path = f"/api/v1/bookings/{booking['id']}"
            self.client.post(f"{path}/check-in", name="/bookings/{id}/check-in", headers=self.headers)
            self.client.get(f"{path}/access", name="/bookings/{id}/access", headers=self.headers)
            self.client.post(f"{path}/check-out", name="/bookings/{id}/check-out", headers=self.headers)

    @task(1)
    def my_bookings(self):
        self.client.get("/api/v1/bookings", params={"when": "upcoming"}, name="/bookings (mine)", headers=self.headers)


class Owner(HttpUser):
    weight = 1
    wait_time = between(1, 3)

    def on_start(self):
        tokens = self.client.post("/api/v1/auth/login", name="/auth/login",
                                  json={"email": f"owner{random.randint(1, 600)}@demo.parkingspots.dev",
                                        "password": "parkingspots-demo"}).json()
        self.headers = {"Authorization": f"Bearer {tokens['access_token']}"}

    @task
    def dashboard(self):
        self.client.get("/api/v1/bookings/owner", name="/bookings/owner", headers=self.headers)
        self.client.get("/api/v1/parking-spots/mine", name="/parking-spots/mine", headers=self.headers)
