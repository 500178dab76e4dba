"""Calls and fixtures shared by the review tests: a market (an owner's spot, renters, an admin) and
completed bookings to review."""
from __future__ import annotations

import itertools
from datetime import timedelta
from types import SimpleNamespace

from tests.bookings.helpers import book, next_slot

REVIEWS = "/api/v1/reviews"
SPOTS = "/api/v1/parking-spots"
_day = itertools.count(1)


async def new_market(api) -> SimpleNamespace:
    """An owner with one spot, two renters (renter, other), an admin."""
    owner = await api.new_user("owner")
    return SimpleNamespace(owner=owner, renter=await api.new_user("renter"), other=await api.new_user("renter"),
                           admin=await api.new_user("admin"), spot=await api.new_spot(owner))


async def booking(api, renter, spot, *statuses: str) -> dict:
    """A booking of renter's (on its own day ahead, so none overlap) moved through `statuses` in SQL,
    as the clock and check-out would move it."""
    response = await book(api, renter, spot, next_slot(timedelta(days=next(_day), hours=1)))
    assert response.status == 201, response.json
    for status in statuses:
        await api.queries.set_booking_status(api.conn, booking_id=response.json["id"], status=status)
    return {**response.json, "status": statuses[-1] if statuses else response.json["status"]}


async def completed_booking(api, renter, spot) -> dict:
    return await booking(api, renter, spot, "in_progress", "completed")


async def post_review(api, user, booking_id, overall: int = 5, **extra):
    body = {"booking_id": str(booking_id), "overall_rating": overall, **extra}
    return await api.call("post", REVIEWS, user.access if user else None, json=body)


async def review_of(api, renter, spot, overall: int = 5, **extra) -> dict:
    """A posted review of a new completed booking."""
    done = await completed_booking(api, renter, spot)
    response = await post_review(api, renter, done["id"], overall, **extra)
    assert response.status == 201, response.json
    return response.json


async def spot_counters(api, spot_id) -> tuple[float, int]:
    response = await api.call("get", f"{SPOTS}/{spot_id}")
    assert response.status == 200, response.json
    return response.json["average_rating"], response.json["total_reviews"]


async def listing(api, spot_id, **params):
    response = await api.call("get", f"{SPOTS}/{spot_id}/reviews", params=params)
    assert response.status == 200, response.json
    return response
