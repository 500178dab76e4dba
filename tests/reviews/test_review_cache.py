"""The spot detail and searches are cached in Redis (api/core/cache.py); after each write to a review
(create, edit, delete, hide, unhide) the next GET /parking-spots/{id} and the next search sorted or
filtered by rating show the new average at once."""
from __future__ import annotations

import pytest

from tests.api_client import FERRY_BUILDING
from tests.reviews.helpers import (
    REVIEWS,
    SPOTS,
    completed_booking,
    new_market,
    post_review,
    review_of,
)

NEAR = {"latitude": FERRY_BUILDING[0], "longitude": FERRY_BUILDING[1]}


async def detail(api, spot_id) -> dict:
    response = await api.call("get", f"{SPOTS}/{spot_id}")
    assert response.status == 200
    return response.json


async def by_rating(api) -> list[tuple[str, float]]:
    response = await api.search(**NEAR, sort="rating")
    assert response.status == 200, response.json
    return [(spot["title"], spot["average_rating"]) for spot in response.json if spot["title"] in ("A", "B")]


async def rated_at_least(api, stars: float) -> set[str]:
    response = await api.search(**NEAR, min_rating=stars)
    assert response.status == 200, response.json
    return {spot["title"] for spot in response.json if spot["title"] in ("A", "B")}


async def warm(api, *spots) -> None:
    """Fill the cache: every read below would be a hit if nothing invalidated it."""
    for spot in spots:
        await detail(api, spot["id"])
        assert (await api.call("get", f"{SPOTS}/{spot['id']}")).headers["x-cache"] == "hit"
    await by_rating(api), await rated_at_least(api, 4)
    assert (await api.search(**NEAR, sort="rating")).headers["x-cache"] == "hit"


@pytest.fixture
async def two_spots(api):
    """Spot A with one 3-star review, spot B with one 4-star review (the searches below look at these two)."""
    market = await new_market(api)
    a = await api.new_spot(market.owner, title="A")
    b = await api.new_spot(market.owner, title="B")
    review_a = await review_of(api, market.renter, a, 3)
    review_b = await review_of(api, market.other, b, 4)
    return market, a, b, review_a, review_b


async def test_create_shows_at_once(api, two_spots):
    market, a, b, _, _ = two_spots
    await warm(api, a, b)
    assert (await by_rating(api)) == [("B", 4.0), ("A", 3.0)]
    done = await completed_booking(api, market.other, a)
    assert (await post_review(api, market.other, done["id"], 5)).status == 201
    assert (await detail(api, a["id"]))["average_rating"] == 4.0
    assert (await detail(api, a["id"]))["total_reviews"] == 2
    assert await rated_at_least(api, 4) == {"A", "B"}


async def test_edit_shows_at_once(api, two_spots):
    market, a, b, review_a, _ = two_spots
    await warm(api, a, b)
    response = await api.call("patch", f"{REVIEWS}/{review_a['id']}", market.renter.access, json={"overall_rating": 5})
    assert response.status == 200
    assert (await detail(api, a["id"]))["average_rating"] == 5.0
    assert (await by_rating(api)) == [("A", 5.0), ("B", 4.0)]
    assert "A" in await rated_at_least(api, 4)


async def test_delete_shows_at_once(api, two_spots):
    market, a, b, _, review_b = two_spots
    await warm(api, a, b)
    assert (await api.call("delete", f"{REVIEWS}/{review_b['id']}", market.other.access)).status == 204
    assert ((await detail(api, b["id"]))["average_rating"], (await detail(api, b["id"]))["total_reviews"]) == (0.0, 0)
    assert [title for title, _ in await by_rating(api)] == ["A", "B"]
    assert await rated_at_least(api, 4) == set()


async def test_hide_and_unhide_show_at_once(api, two_spots):
    market, a, b, _, review_b = two_spots
    await warm(api, a, b)
    hidden = await api.call("post", f"{REVIEWS}/{review_b['id']}/hide", market.admin.access, json={"reason": "fake"})
    assert hidden.status == 200
    assert ((await detail(api, b["id"]))["average_rating"], (await detail(api, b["id"]))["total_reviews"]) == (0.0, 0)
    assert await rated_at_least(api, 4) == set()
    assert [title for title, _ in await by_rating(api)] == ["A", "B"]
    await warm(api, a, b)
    assert (await api.call("post", f"{REVIEWS}/{review_b['id']}/unhide", market.admin.access)).status == 200
    assert (await detail(api, b["id"]))["average_rating"] == 4.0
    assert await rated_at_least(api, 4) == {"B"}
