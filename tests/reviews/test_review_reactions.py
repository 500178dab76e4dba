"""POST /reviews/{id}/response (the spot's owner, once) and POST/DELETE /reviews/{id}/helpful (any
other signed-in user, once each, never on one's own review)."""
from __future__ import annotations

from uuid import uuid4

import pytest

from tests.reviews.helpers import REVIEWS, new_market, review_of


@pytest.fixture
async def reviewed(api):
    market = await new_market(api)
    return market, await review_of(api, market.renter, market.spot, 4)


async def respond(api, user, review, text="Thanks for parking with us!"):
    return await api.call("post", f"{REVIEWS}/{review['id']}/response", user.access if user else None,
                          json={"response": text})


async def test_the_spot_owner_responds_once(api, reviewed):
    market, review = reviewed
    response = await respond(api, market.owner, review)
    assert response.status == 200, response.json
    assert response.json["owner_response"] == "Thanks for parking with us!"
    assert response.json["owner_responded_at"] is not None
    again = await respond(api, market.owner, review, "Edited answer")
    assert again.status == 409 and again.json == {"detail": "the owner has already responded to this review",
                                                  "code": "review_owner_response_once"}
    shown = (await api.call("get", f"{REVIEWS}/{review['id']}")).json
    assert shown["owner_response"] == "Thanks for parking with us!"


@pytest.mark.parametrize("who", ["renter", "other", "admin", "anonymous"])
async def test_nobody_but_the_spot_owner_responds(api, reviewed, who):
    market, review = reviewed
    response = await respond(api, None if who == "anonymous" else getattr(market, who), review)
    if who == "anonymous":
        assert response.status == 401
    else:
        assert response.status == 403 and response.json["code"] == "review_response_by_owner"
    assert (await api.call("get", f"{REVIEWS}/{review['id']}")).json["owner_response"] is None


@pytest.mark.parametrize("body, field", [({"response": ""}, "response"), ({"response": "   "}, "response"),
                                         ({"response": "x" * 5001}, "response"), ({}, "response"),
                                         ({"response": "ok", "extra": 1}, "extra")])
async def test_a_bad_response_is_422_and_writes_nothing(api, reviewed, body, field):
    market, review = reviewed
    response = await api.call("post", f"{REVIEWS}/{review['id']}/response", market.owner.access, json=body)
    assert response.status == 422 and response.json["detail"].startswith(f"{field}:"), response.json
    assert (await respond(api, market.owner, review)).status == 200  # the one response is still to give


async def test_a_response_to_an_unknown_review_is_404(api, reviewed):
    market, _ = reviewed
    assert (await respond(api, market.owner, {"id": uuid4()})).status == 404


async def vote(api, user, review, method="post"):
    return await api.call(method, f"{REVIEWS}/{review['id']}/helpful", user.access if user else None)


async def test_other_users_mark_a_review_helpful_once_and_take_it_back(api, reviewed):
    market, review = reviewed
    first = await vote(api, market.other, review)
    assert first.status == 200 and first.json["helpful_count"] == 1
    by_owner = await vote(api, market.owner, review)  # the owner is another user too
    assert by_owner.json["helpful_count"] == 2
    twice = await vote(api, market.other, review)
    assert twice.status == 409 and twice.json == {"detail": "you have already voted on this review",
                                                  "code": "review_helpful_votes_pkey"}
    taken_back = await vote(api, market.other, review, "delete")
    assert taken_back.status == 200 and taken_back.json["helpful_count"] == 1
    again = await vote(api, market.other, review, "delete")
    assert again.status == 404 and again.json["detail"] == "you have not marked this review helpful"
    assert (await vote(api, market.other, review)).json["helpful_count"] == 2  # and may vote again
    assert (await api.call("get", f"{REVIEWS}/{review['id']}")).json["helpful_count"] == 2


async def test_nobody_marks_their_own_review_helpful(api, reviewed):
    market, review = reviewed
    response = await vote(api, market.renter, review)
    assert response.status == 403 and response.json == {"detail": "you cannot vote on your own review",
                                                        "code": "review_vote_not_own"}
    assert (await vote(api, market.renter, review, "delete")).status == 404
    assert (await api.call("get", f"{REVIEWS}/{review['id']}")).json["helpful_count"] == 0


async def test_anonymous_cannot_vote_and_unknown_reviews_are_404(api, reviewed):
    market, review = reviewed
    assert (await vote(api, None, review)).status == 401
    assert (await vote(api, None, review, "delete")).status == 401
    assert (await vote(api, market.other, {"id": uuid4()})).status == 404
    assert (await vote(api, market.other, {"id": uuid4()}, "delete")).status == 404
