"""POST /reviews, GET /reviews/{id}, PATCH and DELETE /reviews/{id}, GET /users/me/reviews: every rule
and every caller (the renter, another renter, the spot's owner, an admin, anonymous)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from uuid import uuid4

import pytest

from tests.reviews.helpers import (
    REVIEWS,
    booking,
    completed_booking,
    listing,
    new_market,
    post_review,
    review_of,
    spot_counters,
)


@pytest.fixture
async def market(api):
    return await new_market(api)


async def test_the_renter_of_a_completed_booking_reviews_it_once(api, market):
    done = await completed_booking(api, market.renter, market.spot)
    response = await post_review(api, market.renter, done["id"], 4, location_rating=5, access_rating=3,
                                 comment="Easy to find.")
    assert response.status == 201, response.json
    review = response.json
    assert (review["booking_id"], review["parking_spot_id"], review["reviewer_id"]) == \
        (done["id"], market.spot["id"], market.renter.id)
    assert (review["overall_rating"], review["location_rating"], review["access_rating"], review["value_rating"],
            review["safety_rating"], review["comment"]) == (4, 5, 3, None, None, "Easy to find.")
    assert (review["reviewer_name"], review["helpful_count"], review["is_hidden"], review["owner_response"]) == \
        ("Pat Example", 0, False, None)
    created = datetime.fromisoformat(review["created_at"])
    assert datetime.fromisoformat(review["editable_until"]) - created == timedelta(days=14)
    assert market.renter.email not in response.text and "phone" not in response.text
    assert await spot_counters(api, market.spot["id"]) == (4.0, 1)
    again = await post_review(api, market.renter, done["id"], 1)
    assert again.status == 409 and again.json == {"detail": "this booking has already been reviewed",
                                                   "code": "reviews_one_per_booking"}
    assert await spot_counters(api, market.spot["id"]) == (4.0, 1)
    fetched = await api.call("get", f"{REVIEWS}/{review['id']}")  # anyone may read it
    assert fetched.status == 200 and fetched.json == review


@pytest.mark.parametrize("who", ["other", "owner", "admin", "anonymous"])
async def test_nobody_but_the_renter_reviews_a_booking(api, market, who):
    done = await completed_booking(api, market.renter, market.spot)
    caller = None if who == "anonymous" else getattr(market, who)
    response = await post_review(api, caller, done["id"])
    if who == "anonymous":
        assert response.status == 401 and response.json["code"] == "not_authenticated"
    else:
        assert response.status == 403 and response.json["code"] == "review_by_renter"
    assert (await listing(api, market.spot["id"])).headers["x-total-count"] == "0"
    assert await spot_counters(api, market.spot["id"]) == (0.0, 0)


@pytest.mark.parametrize("statuses", [(), ("in_progress",), ("cancelled",)],
                         ids=["confirmed", "in progress", "cancelled"])
async def test_a_booking_is_reviewed_only_once_completed(api, market, statuses):
    held = await booking(api, market.renter, market.spot, *statuses)
    response = await post_review(api, market.renter, held["id"])
    assert response.status == 409 and response.json["code"] == "review_booking_completed"
    assert await spot_counters(api, market.spot["id"]) == (0.0, 0)


async def test_an_unknown_booking_is_404(api, market):
    response = await post_review(api, market.renter, uuid4())
    assert response.status == 404 and response.json["code"] == "reviews_booking_id_fkey"


@pytest.mark.parametrize("change, field", [
    ({"overall_rating": 0}, "overall_rating"),
    ({"overall_rating": 6}, "overall_rating"),
    ({"overall_rating": "5"}, "overall_rating"),
    ({"overall_rating": 4.5}, "overall_rating"),
    ({"overall_rating": None}, "overall_rating"),
    ({"location_rating": 7}, "location_rating"),
    ({"safety_rating": 0}, "safety_rating"),
    ({"comment": "x" * 5001}, "comment"),
    ({"booking_id": "not-a-uuid"}, "booking_id"),
    ({"stars": 5}, "stars"),
], ids=lambda value: str(value)[:30])
async def test_bad_input_is_422_naming_the_field_and_writes_nothing(api, market, change, field):
    done = await completed_booking(api, market.renter, market.spot)
    body = {"booking_id": done["id"], "overall_rating": 5, **change}
    response = await api.call("post", REVIEWS, market.renter.access, json=body)
    assert response.status == 422 and response.json["code"] == "validation"
    assert response.json["detail"].startswith(f"{field}:"), response.json
    assert (await listing(api, market.spot["id"])).headers["x-total-count"] == "0"
    missing = await api.call("post", REVIEWS, market.renter.access, json={"booking_id": done["id"]})
    assert missing.status == 422 and missing.json["detail"].startswith("overall_rating:")


async def test_a_comment_of_5000_characters_is_kept(api, market):
    review = await review_of(api, market.renter, market.spot, comment="y" * 5000)
    assert len(review["comment"]) == 5000


async def test_an_unknown_review_is_404(api, market):
    for method, path in [("get", ""), ("patch", ""), ("delete", "")]:
        kwargs = {"json": {"comment": "x"}} if method == "patch" else {}
        response = await api.call(method, f"{REVIEWS}/{uuid4()}{path}", market.admin.access, **kwargs)
        assert response.status == 404 and response.json["code"] == "not_found", (method, response.json)


async def test_the_reviewer_changes_the_review_and_the_counters_follow(api, market):
    review = await review_of(api, market.renter, market.spot, 5, location_rating=4)
    await review_of(api, market.other, market.spot, 3)
    assert await spot_counters(api, market.spot["id"]) == (4.0, 2)
    response = await api.call("patch", f"{REVIEWS}/{review['id']}", market.renter.access,
                              json={"overall_rating": 2, "location_rating": None, "comment": "Gate was broken."})
    assert response.status == 200, response.json
    assert (response.json["overall_rating"], response.json["location_rating"], response.json["comment"]) == \
        (2, None, "Gate was broken.")
    assert response.json["created_at"] == review["created_at"]
    assert await spot_counters(api, market.spot["id"]) == (2.5, 2)
    only_comment = await api.call("patch", f"{REVIEWS}/{review['id']}", market.renter.access, json={"comment": "Fixed."})
    assert (only_comment.json["overall_rating"], only_comment.json["comment"]) == (2, "Fixed.")


@pytest.mark.parametrize("body, field", [({"overall_rating": None}, "overall_rating"),
                                         ({"overall_rating": 9}, "overall_rating"),
                                         ({"booking_id": "9c8b7a6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d"}, "booking_id")])
async def test_a_bad_change_is_422_and_changes_nothing(api, market, body, field):
    review = await review_of(api, market.renter, market.spot, 5)
    response = await api.call("patch", f"{REVIEWS}/{review['id']}", market.renter.access, json=body)
    assert response.status == 422 and response.json["detail"].startswith(f"{field}"), response.json
    assert (await api.call("get", f"{REVIEWS}/{review['id']}")).json == review


@pytest.mark.parametrize("who", ["other", "owner", "anonymous"])
async def test_nobody_else_changes_or_deletes_a_review(api, market, who):
    review = await review_of(api, market.renter, market.spot, 5)
    token = None if who == "anonymous" else getattr(market, who).access
    changed = await api.call("patch", f"{REVIEWS}/{review['id']}", token, json={"overall_rating": 1})
    deleted = await api.call("delete", f"{REVIEWS}/{review['id']}", token)
    expected = (401, "not_authenticated") if who == "anonymous" else (403, "review_by_reviewer")
    assert (changed.status, changed.json["code"]) == expected
    assert (deleted.status, deleted.json["code"]) == expected
    assert (await api.call("get", f"{REVIEWS}/{review['id']}")).json == review
    assert await spot_counters(api, market.spot["id"]) == (5.0, 1)


async def test_the_reviewer_deletes_the_review_and_the_counters_follow(api, market):
    review = await review_of(api, market.renter, market.spot, 5)
    await review_of(api, market.other, market.spot, 2)
    response = await api.call("delete", f"{REVIEWS}/{review['id']}", market.renter.access)
    assert response.status == 204 and response.content == b""
    assert (await api.call("get", f"{REVIEWS}/{review['id']}")).status == 404
    assert await spot_counters(api, market.spot["id"]) == (2.0, 1)
    again = await api.call("delete", f"{REVIEWS}/{review['id']}", market.renter.access)
    assert again.status == 404


async def test_after_the_window_only_an_admin_changes_or_deletes(api, market, conn, q):
    done = await completed_booking(api, market.renter, market.spot)
    old = await q.create_review_at(conn, booking_id=done["id"], reviewer_id=market.renter.id, rating=4,
                                   created_at=datetime.now(timezone.utc) - timedelta(days=14, minutes=1))
    path = f"{REVIEWS}/{old['id']}"
    changed = await api.call("patch", path, market.renter.access, json={"overall_rating": 1})
    assert changed.status == 409 and changed.json == {
        "detail": "a review can be changed or deleted within 14 days of posting", "code": "review_edit_window"}
    deleted = await api.call("delete", path, market.renter.access)
    assert deleted.status == 409 and deleted.json["code"] == "review_edit_window"
    assert await spot_counters(api, market.spot["id"]) == (4.0, 1)
    by_admin = await api.call("patch", path, market.admin.access, json={"overall_rating": 3})
    assert by_admin.status == 200 and by_admin.json["overall_rating"] == 3
    assert await spot_counters(api, market.spot["id"]) == (3.0, 1)
    assert (await api.call("delete", path, market.admin.access)).status == 204
    assert await spot_counters(api, market.spot["id"]) == (0.0, 0)


async def test_the_window_is_platform_settings_review_edit_days(api, market, conn, q):
    review = await review_of(api, market.renter, market.spot, 5)
    await q.set_review_edit_days(conn, days=0)
    changed = await api.call("patch", f"{REVIEWS}/{review['id']}", market.renter.access, json={"overall_rating": 1})
    assert changed.status == 409 and changed.json["detail"] == "a review can be changed or deleted within 0 days of posting"


async def test_my_reviews_lists_only_mine_newest_first(api, market):
    second_spot = await api.new_spot(market.owner, title="Second spot")
    first = await review_of(api, market.renter, market.spot, 5)
    second = await review_of(api, market.renter, second_spot, 3)
    await review_of(api, market.other, market.spot, 1)
    response = await api.call("get", "/api/v1/users/me/reviews", market.renter.access)
    assert response.status == 200 and response.headers["x-total-count"] == "2"
    assert [r["id"] for r in response.json] == [second["id"], first["id"]]
    paged = await api.call("get", "/api/v1/users/me/reviews", market.renter.access, params={"page": 2, "page_size": 1})
    assert [r["id"] for r in paged.json] == [first["id"]] and paged.headers["x-total-count"] == "2"
    assert (await api.call("get", "/api/v1/users/me/reviews", market.owner.access)).json == []
    assert (await api.call("get", "/api/v1/users/me/reviews")).status == 401
