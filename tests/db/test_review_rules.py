"""The review rules added with the review endpoints (db/rules/40_reviews.sql, 45_counters.sql): hidden
reviews leave the counters whoever hides them, the edit window, who may change, delete or answer a
review, and the JSON shape that never shows a reviewer's contact details."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import asyncpg
import pytest


async def completed(conn, q, book, start, user):
    booking = await book(start, 2, user=user)
    for status in ("in_progress", "completed"):
        booking = await q.set_booking_status(conn, booking_id=booking["id"], status=status)
    return booking


@pytest.fixture
async def two_reviews(conn, q, book, world):
    """A 5-star review by the renter and a 2-star one by the other renter."""
    first = await completed(conn, q, book, 0, world.renter)
    second = await completed(conn, q, book, 4, world.other)
    five = await q.create_review(conn, booking_id=first["id"], spot_id=world.spot, reviewer_id=world.renter, rating=5)
    two = await q.create_review(conn, booking_id=second["id"], spot_id=world.spot, reviewer_id=world.other, rating=2)
    return five, two


@pytest.fixture
def now(two_reviews) -> datetime:
    """The clock just after the reviews were posted."""
    return datetime.now(timezone.utc)


async def counters(conn, q, world) -> tuple[float, int]:
    spot = await q.get_spot(conn, spot_id=world.spot)
    return float(spot["average_rating"]), spot["total_reviews"]


async def refused(call, sqlstate: str, rule: str | None) -> None:
    with pytest.raises(asyncpg.PostgresError) as caught:
        await call
    assert (caught.value.sqlstate, caught.value.constraint_name) == (sqlstate, rule)


async def test_a_hidden_review_leaves_the_counters_whoever_hides_it(conn, q, world, two_reviews):
    five, two = two_reviews
    assert await counters(conn, q, world) == (3.5, 2)
    await q.hide_review_in_sql(conn, review_id=two["id"], reason="fake")
    assert await counters(conn, q, world) == (5.0, 1)
    await q.set_review_rating(conn, review_id=two["id"], rating=1)  # a hidden review's stars do not count
    assert await counters(conn, q, world) == (5.0, 1)
    await q.unhide_review_in_sql(conn, review_id=two["id"])
    assert await counters(conn, q, world) == (3.0, 2)
    await q.hide_review_in_sql(conn, review_id=five["id"], reason="fake")
    await q.hide_review_in_sql(conn, review_id=two["id"], reason="fake")
    assert await counters(conn, q, world) == (0.0, 0)
    assert await q.spots_with_wrong_counters(conn) == 0


async def test_hiding_keeps_who_when_and_why_together(conn, q, world, two_reviews):
    five, _ = two_reviews
    with pytest.raises(asyncpg.CheckViolationError) as caught:
        await q.hide_review_in_sql(conn, review_id=five["id"], reason="   ")
    assert caught.value.constraint_name == "reviews_hidden_reason_length"
    with pytest.raises(asyncpg.CheckViolationError) as caught:
        await q.hide_review_in_sql(conn, review_id=five["id"], reason=None)
    assert caught.value.constraint_name == "reviews_hidden_record"


async def test_the_reviewer_edits_within_the_window_then_not(conn, q, world, two_reviews, now):
    five, _ = two_reviews
    edited = await q.edit_review_at(conn, review_id=five["id"], user_id=world.renter,
                                    patch={"overall_rating": 4, "comment": "good"}, now=now + timedelta(days=13))
    assert (edited["overall_rating"], edited["comment"], edited["location_rating"]) == (4, "good", None)
    assert await counters(conn, q, world) == (3.0, 2)
    await refused(q.edit_review_at(conn, review_id=five["id"], user_id=world.renter, patch={"overall_rating": 1},
                                   now=now + timedelta(days=15)), "PS409", "review_edit_window")
    await refused(q.delete_review_at(conn, review_id=five["id"], user_id=world.renter,
                                     now=now + timedelta(days=15)), "PS409", "review_edit_window")
    assert await counters(conn, q, world) == (3.0, 2)


async def test_the_window_is_a_platform_setting(conn, q, world, two_reviews, now):
    five, _ = two_reviews
    await q.set_review_edit_days(conn, days=0)
    await refused(q.edit_review_at(conn, review_id=five["id"], user_id=world.renter, patch={"overall_rating": 1},
                                   now=now), "PS409", "review_edit_window")
    await q.set_review_edit_days(conn, days=30)
    assert (await q.edit_review_at(conn, review_id=five["id"], user_id=world.renter, patch={"overall_rating": 1},
                                   now=now + timedelta(days=29)))["overall_rating"] == 1


async def test_an_admin_edits_and_deletes_any_time_nobody_else_does(conn, q, world, two_reviews, now):
    five, _ = two_reviews
    admin = await q.create_user(conn, email="admin@example.com", role="admin")
    for stranger in (world.other, world.owner):
        await refused(q.edit_review_at(conn, review_id=five["id"], user_id=stranger, patch={"overall_rating": 1},
                                       now=now), "PS403", "review_by_reviewer")
        await refused(q.delete_review_at(conn, review_id=five["id"], user_id=stranger, now=now),
                      "PS403", "review_by_reviewer")
    late = now + timedelta(days=400)
    assert (await q.edit_review_at(conn, review_id=five["id"], user_id=admin, patch={"comment": None},
                                   now=late))["comment"] is None
    await q.delete_review_at(conn, review_id=five["id"], user_id=admin, now=late)
    assert await q.get_review(conn, review_id=five["id"]) is None
    assert await counters(conn, q, world) == (2.0, 1)


async def test_a_hidden_review_is_frozen_for_its_reviewer_and_unknown_to_others(conn, q, world, two_reviews, now):
    five, _ = two_reviews
    await q.hide_review_in_sql(conn, review_id=five["id"], reason="contains a phone number")
    await refused(q.edit_review_at(conn, review_id=five["id"], user_id=world.renter, patch={"comment": "x"},
                                   now=now), "PS409", "review_hidden")
    await refused(q.edit_review_at(conn, review_id=five["id"], user_id=world.other, patch={"comment": "x"},
                                   now=now), "PS404", None)
    await refused(q.respond_as(conn, review_id=five["id"], user_id=world.owner, response="hm"), "PS404", None)
    deleted = await q.delete_review_at(conn, review_id=five["id"], user_id=world.renter, now=now)
    assert deleted["id"] == five["id"] and await q.get_review(conn, review_id=five["id"]) is None


async def test_only_the_spot_owner_responds(conn, q, world, two_reviews):
    five, _ = two_reviews
    for someone in (world.renter, world.other):
        await refused(q.respond_as(conn, review_id=five["id"], user_id=someone, response="hi"),
                      "PS403", "review_response_by_owner")
    answered = await q.respond_as(conn, review_id=five["id"], user_id=world.owner, response="Thanks!")
    assert answered["owner_response"] == "Thanks!" and answered["owner_responded_at"] is not None
    await refused(q.respond_as(conn, review_id=five["id"], user_id=world.owner, response="Again"),
                  "PS409", "review_owner_response_once")


async def test_review_out_names_the_reviewer_and_nothing_more(conn, q, world, two_reviews):
    five, _ = two_reviews
    await q.set_user_contact(conn, user_id=world.renter, full_name="Rita Renter", phone_number="+14155550100")
    shape = await q.review_shape(conn, review_id=five["id"])
    assert shape["reviewer_name"] == "Rita Renter" and shape["is_hidden"] is False
    text = str(shape)
    assert "renter@example.com" not in text and "4155550100" not in text
    assert set(shape) == {"id", "booking_id", "parking_spot_id", "reviewer_id", "reviewer_name", "overall_rating",
                          "location_rating", "access_rating", "value_rating", "safety_rating", "comment",
                          "owner_response", "owner_responded_at", "helpful_count", "is_hidden", "editable_until",
                          "created_at", "updated_at"}
