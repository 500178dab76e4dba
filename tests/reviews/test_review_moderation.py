"""POST /reviews/{id}/hide and /unhide: admins only, with a reason; a hidden review leaves the spot's
listing, summary and counters, and only its reviewer and admins still see it."""
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
async def reviewed(api):
    """A 5-star review by the renter (the one to hide) and a 2-star one by the other renter."""
    market = await new_market(api)
    return market, await review_of(api, market.renter, market.spot, 5), await review_of(api, market.other, market.spot, 2)


async def hide(api, user, review, reason="contains a phone number"):
    return await api.call("post", f"{REVIEWS}/{review['id']}/hide", user.access if user else None,
                          json={"reason": reason})


async def summary(api, spot_id) -> dict:
    return (await api.call("get", f"{SPOTS}/{spot_id}/reviews/summary")).json


async def test_a_hidden_review_leaves_the_listing_the_summary_and_the_counters(api, reviewed):
    market, five, two = reviewed
    assert await spot_counters(api, market.spot["id"]) == (3.5, 2)
    response = await hide(api, market.admin, five)
    assert response.status == 200, response.json
    assert (response.json["is_hidden"], response.json["hidden_by"], response.json["hidden_reason"]) == \
        (True, market.admin.id, "contains a phone number")
    assert response.json["hidden_at"] is not None
    assert [r["id"] for r in (await listing(api, market.spot["id"])).json] == [two["id"]]
    assert (await listing(api, market.spot["id"])).headers["x-total-count"] == "1"
    assert (await summary(api, market.spot["id"]))["distribution"] == {"1": 0, "2": 1, "3": 0, "4": 0, "5": 0}
    assert await spot_counters(api, market.spot["id"]) == (2.0, 1)


async def test_only_its_reviewer_and_admins_still_see_it(api, reviewed):
    market, five, _ = reviewed
    await hide(api, market.admin, five)
    path = f"{REVIEWS}/{five['id']}"
    for who in (None, market.other, market.owner):
        response = await api.call("get", path, who.access if who else None)
        assert response.status == 404, who
    for who in (market.renter, market.admin):
        response = await api.call("get", path, who.access)
        assert response.status == 200 and response.json["is_hidden"] is True
    mine = await api.call("get", "/api/v1/users/me/reviews", market.renter.access)
    assert [(r["id"], r["is_hidden"]) for r in mine.json] == [(five["id"], True)]


async def test_a_hidden_review_takes_no_votes_responses_or_changes(api, reviewed):
    market, five, _ = reviewed
    await hide(api, market.admin, five)
    path = f"{REVIEWS}/{five['id']}"
    assert (await api.call("post", f"{path}/helpful", market.other.access)).status == 404
    assert (await api.call("post", f"{path}/response", market.owner.access, json={"response": "hm"})).status == 404
    changed = await api.call("patch", path, market.renter.access, json={"comment": "now without the number"})
    assert changed.status == 409 and changed.json["code"] == "review_hidden"
    assert (await api.call("patch", path, market.other.access, json={"comment": "x"})).status == 404
    assert (await api.call("delete", path, market.renter.access)).status == 204  # deleting it is still theirs
    assert await spot_counters(api, market.spot["id"]) == (2.0, 1)


@pytest.mark.parametrize("who", ["renter", "other", "owner", "anonymous"])
async def test_only_admins_hide_or_unhide(api, reviewed, who):
    market, five, _ = reviewed
    caller = None if who == "anonymous" else getattr(market, who)
    response = await hide(api, caller, five)
    unhide = await api.call("post", f"{REVIEWS}/{five['id']}/unhide", caller.access if caller else None)
    expected = (401, "not_authenticated") if who == "anonymous" else (403, "role_required")
    assert (response.status, response.json["code"]) == expected
    assert (unhide.status, unhide.json["code"]) == expected
    assert await spot_counters(api, market.spot["id"]) == (3.5, 2)


@pytest.mark.parametrize("body, field", [({}, "reason"), ({"reason": ""}, "reason"), ({"reason": "  "}, "reason"),
                                         ({"reason": "x" * 501}, "reason"), ({"reason": None}, "reason")])
async def test_a_reason_is_required(api, reviewed, body, field):
    market, five, _ = reviewed
    response = await api.call("post", f"{REVIEWS}/{five['id']}/hide", market.admin.access, json=body)
    assert response.status == 422 and response.json["detail"].startswith(f"{field}:"), response.json
    assert (await api.call("get", f"{REVIEWS}/{five['id']}")).json["is_hidden"] is False


async def test_unhiding_brings_it_back_and_repeats_change_nothing(api, reviewed):
    market, five, _ = reviewed
    await hide(api, market.admin, five, "first reason")
    again = await hide(api, market.admin, five, "second reason")
    assert again.status == 200 and again.json["hidden_reason"] == "first reason"
    back = await api.call("post", f"{REVIEWS}/{five['id']}/unhide", market.admin.access)
    assert back.status == 200
    assert (back.json["is_hidden"], back.json["hidden_at"], back.json["hidden_by"], back.json["hidden_reason"]) == \
        (False, None, None, None)
    assert await spot_counters(api, market.spot["id"]) == (3.5, 2)
    assert (await api.call("post", f"{REVIEWS}/{five['id']}/unhide", market.admin.access)).json["is_hidden"] is False
    assert len((await listing(api, market.spot["id"])).json) == 2


async def test_an_unknown_review_is_404(api, reviewed):
    market, _, _ = reviewed
    assert (await hide(api, market.admin, {"id": uuid4()})).status == 404
    assert (await api.call("post", f"{REVIEWS}/{uuid4()}/unhide", market.admin.access)).status == 404
