"""GET /parking-spots/{id}/reviews (paged, sorted, filtered by rating) and its summary."""
from __future__ import annotations

from uuid import uuid4

import pytest

from tests.reviews.helpers import (
    REVIEWS,
    SPOTS,
    listing,
    new_market,
    review_of,
    spot_counters,
)


@pytest.fixture
async def rated(api):
    """Four reviews of one spot: 5 (2 helpful votes), 2, 4 (1 vote), 4, oldest first."""
    market = await new_market(api)
    renters = [market.renter, market.other, await api.new_user("renter"), await api.new_user("renter")]
    reviews = [await review_of(api, renter, market.spot, stars, **extra)
               for renter, stars, extra in zip(renters, [5, 2, 4, 4], [
                   {"location_rating": 5, "value_rating": 4}, {"location_rating": 2}, {"safety_rating": 5}, {}])]
    for voter, review in [(market.owner, reviews[0]), (market.admin, reviews[0]), (market.owner, reviews[2])]:
        assert (await api.call("post", f"{REVIEWS}/{review['id']}/helpful", voter.access)).status == 200
    return market, reviews


def ids(response) -> list[str]:
    return [review["id"] for review in response.json]


@pytest.mark.parametrize("sort, order", [
    (None, [3, 2, 1, 0]), ("newest", [3, 2, 1, 0]), ("helpful", [0, 2, 3, 1]),
    ("rating_high", [0, 3, 2, 1]), ("rating_low", [1, 3, 2, 0])])
async def test_sorted_newest_helpful_or_by_rating(api, rated, sort, order):
    market, reviews = rated
    response = await listing(api, market.spot["id"], **({"sort": sort} if sort else {}))
    assert ids(response) == [reviews[i]["id"] for i in order]
    assert response.headers["x-total-count"] == "4"


async def test_filtered_by_rating_and_paged(api, rated):
    market, reviews = rated
    exactly_four = await listing(api, market.spot["id"], rating=4)
    assert ids(exactly_four) == [reviews[3]["id"], reviews[2]["id"]] and exactly_four.headers["x-total-count"] == "2"
    at_least_four = await listing(api, market.spot["id"], min_rating=4, sort="rating_low")
    assert ids(at_least_four) == [reviews[3]["id"], reviews[2]["id"], reviews[0]["id"]]
    page = await listing(api, market.spot["id"], page=2, page_size=3)
    assert ids(page) == [reviews[0]["id"]] and page.headers["x-total-count"] == "4"
    assert (await listing(api, market.spot["id"], rating=1)).json == []


async def test_the_reviewer_is_shown_by_name_only(api, rated):
    market, _ = rated
    response = await listing(api, market.spot["id"])
    assert {review["reviewer_name"] for review in response.json} == {"Pat Example"}
    assert "@example.com" not in response.text and "phone" not in response.text and "email" not in response.text


@pytest.mark.parametrize("params, field", [({"sort": "best"}, "sort"), ({"rating": 6}, "rating"),
                                           ({"min_rating": 0}, "min_rating"), ({"page_size": 101}, "page_size"),
                                           ({"rating": "x"}, "rating")])
async def test_bad_parameters_are_422_naming_them(api, rated, params, field):
    market, _ = rated
    response = await api.call("get", f"{SPOTS}/{market.spot['id']}/reviews", params=params)
    assert response.status == 422 and response.json["detail"].startswith(f"{field}:"), response.json


async def test_an_unknown_spot_is_404_a_spot_without_reviews_is_empty(api):
    market = await new_market(api)
    for path in ("reviews", "reviews/summary"):
        assert (await api.call("get", f"{SPOTS}/{uuid4()}/{path}")).status == 404
    empty = await listing(api, market.spot["id"])
    assert empty.json == [] and empty.headers["x-total-count"] == "0"
    summary = await api.call("get", f"{SPOTS}/{market.spot['id']}/reviews/summary")
    assert summary.json == {"parking_spot_id": market.spot["id"], "average_rating": 0, "total_reviews": 0,
                            "distribution": {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0},
                            "sub_ratings": {"location": None, "access": None, "value": None, "safety": None}}


async def test_the_summary_counts_averages_and_distributes(api, rated):
    market, _ = rated
    response = await api.call("get", f"{SPOTS}/{market.spot['id']}/reviews/summary")
    assert response.status == 200
    assert response.json == {"parking_spot_id": market.spot["id"], "average_rating": 3.75, "total_reviews": 4,
                             "distribution": {"1": 0, "2": 1, "3": 0, "4": 2, "5": 1},
                             "sub_ratings": {"location": 3.5, "access": None, "value": 4.0, "safety": 5.0}}
    assert await spot_counters(api, market.spot["id"]) == (3.75, 4)
