"""Counters kept by triggers (total_bookings, average_rating, total_reviews, helpful_count) and the
review rules."""
from __future__ import annotations

import asyncpg
import pytest


async def spot(conn, q, world):
    return await q.get_spot(conn, spot_id=world.spot)


async def completed(conn, q, book, start, user=None):
    booking = await book(start, 2, user=user)
    for status in ("in_progress", "completed"):
        booking = await q.set_booking_status(conn, booking_id=booking["id"], status=status)
    return booking


async def test_total_bookings_counts_bookings_that_went_ahead(conn, q, book, world):
    assert (await spot(conn, q, world))["total_bookings"] == 0
    held = await book(0, 2, status="pending")
    assert (await spot(conn, q, world))["total_bookings"] == 0
    await q.set_booking_status(conn, booking_id=held["id"], status="confirmed")
    second = await book(4, 2)
    assert (await spot(conn, q, world))["total_bookings"] == 2
    await q.set_booking_status(conn, booking_id=second["id"], status="cancelled")
    assert (await spot(conn, q, world))["total_bookings"] == 1
    for status in ("in_progress", "completed"):
        await q.set_booking_status(conn, booking_id=held["id"], status=status)
    assert (await spot(conn, q, world))["total_bookings"] == 1
    await q.set_booking_status(conn, booking_id=held["id"], status="refunded")
    assert (await spot(conn, q, world))["total_bookings"] == 0


async def test_total_bookings_follows_deletes(conn, q, book, world):
    first = await book(0, 2)
    await book(4, 2)
    await q.delete_booking(conn, booking_id=first["id"])
    assert (await spot(conn, q, world))["total_bookings"] == 1


async def test_rating_counters_follow_insert_update_delete(conn, q, book, world):
    one = await completed(conn, q, book, 0)
    two = await completed(conn, q, book, 4, user=world.other)
    first = await q.create_review(conn, booking_id=one["id"], spot_id=world.spot, reviewer_id=world.renter, rating=5)
    await q.create_review(conn, booking_id=two["id"], spot_id=world.spot, reviewer_id=world.other, rating=2)
    row = await spot(conn, q, world)
    assert (float(row["average_rating"]), row["total_reviews"]) == (3.5, 2)
    await q.set_review_rating(conn, review_id=first["id"], rating=4)
    assert float((await spot(conn, q, world))["average_rating"]) == 3.0
    await q.delete_review(conn, review_id=first["id"])
    row = await spot(conn, q, world)
    assert (float(row["average_rating"]), row["total_reviews"]) == (2.0, 1)


async def test_average_rating_rounds_to_two_places(conn, q, book, world):
    for start, rating, user in [(0, 5, world.renter), (4, 4, world.other), (8, 4, world.renter)]:
        booking = await completed(conn, q, book, start, user=user)
        await q.create_review(conn, booking_id=booking["id"], spot_id=world.spot, reviewer_id=user, rating=rating)
    assert float((await spot(conn, q, world))["average_rating"]) == 4.33


async def test_only_the_renter_reviews(conn, q, book, world):
    booking = await completed(conn, q, book, 0)
    with pytest.raises(asyncpg.PostgresError) as caught:
        await q.create_review(conn, booking_id=booking["id"], spot_id=world.spot, reviewer_id=world.other, rating=1)
    assert (caught.value.sqlstate, caught.value.constraint_name) == ("PS403", "review_by_renter")


@pytest.mark.parametrize("path", [[], ["in_progress"], ["cancelled"]])
async def test_only_completed_bookings_are_reviewed(conn, q, book, world, path):
    booking = await book(0, 2)
    for status in path:
        await q.set_booking_status(conn, booking_id=booking["id"], status=status)
    with pytest.raises(asyncpg.PostgresError) as caught:
        await q.create_review(conn, booking_id=booking["id"], spot_id=world.spot, reviewer_id=world.renter, rating=4)
    assert (caught.value.sqlstate, caught.value.constraint_name) == ("PS409", "review_booking_completed")


async def test_one_review_per_booking(conn, q, book, world):
    booking = await completed(conn, q, book, 0)
    await q.create_review(conn, booking_id=booking["id"], spot_id=world.spot, reviewer_id=world.renter, rating=4)
    with pytest.raises(asyncpg.UniqueViolationError) as caught:
        await q.create_review(conn, booking_id=booking["id"], spot_id=world.spot, reviewer_id=world.renter, rating=5)
    assert caught.value.constraint_name == "reviews_one_per_booking"


@pytest.mark.parametrize("rating", [0, 6])
async def test_rating_is_one_to_five(conn, q, book, world, rating):
    booking = await completed(conn, q, book, 0)
    with pytest.raises(asyncpg.CheckViolationError) as caught:
        await q.create_review(conn, booking_id=booking["id"], spot_id=world.spot, reviewer_id=world.renter, rating=rating)
    assert caught.value.constraint_name == "reviews_overall_rating_range"


async def test_owner_responds_once(conn, q, book, world):
    booking = await completed(conn, q, book, 0)
    review = await q.create_review(conn, booking_id=booking["id"], spot_id=world.spot, reviewer_id=world.renter, rating=3)
    answered = await q.respond_to_review(conn, review_id=review["id"], response="Thanks!")
    assert answered["owner_responded_at"] is not None
    with pytest.raises(asyncpg.PostgresError) as caught:
        await q.respond_to_review(conn, review_id=review["id"], response="Edited")
    assert (caught.value.sqlstate, caught.value.constraint_name) == ("PS409", "review_owner_response_once")


async def test_helpful_votes_once_per_user_and_never_your_own(conn, q, book, world):
    booking = await completed(conn, q, book, 0)
    review = await q.create_review(conn, booking_id=booking["id"], spot_id=world.spot, reviewer_id=world.renter, rating=5)
    await q.vote_helpful(conn, review_id=review["id"], user_id=world.other)
    await q.vote_helpful(conn, review_id=review["id"], user_id=world.owner)
    assert (await q.get_review(conn, review_id=review["id"]))["helpful_count"] == 2
    with pytest.raises(asyncpg.UniqueViolationError):
        await q.vote_helpful(conn, review_id=review["id"], user_id=world.other)
    with pytest.raises(asyncpg.PostgresError) as caught:
        await q.vote_helpful(conn, review_id=review["id"], user_id=world.renter)
    assert (caught.value.sqlstate, caught.value.constraint_name) == ("PS403", "review_vote_not_own")
    await q.unvote_helpful(conn, review_id=review["id"], user_id=world.owner)
    assert (await q.get_review(conn, review_id=review["id"]))["helpful_count"] == 1
