"""/api/v1/reviews: write a review of a completed booking, read one, change or delete it."""
from __future__ import annotations

from sanic import Blueprint
from sanic.response import empty, json

from api.accounts.auth import authenticated, optional_user
from api.core.context import Request
from api.core.errors import NotFound
from api.core.openapi import optional_bearer, responds
from api.core.validation import json_body
from api.reviews.models import ReviewCreate, ReviewPatch
from api.reviews.responses import ReviewOut

bp = Blueprint("reviews")


@bp.post("/")
@authenticated
@json_body(ReviewCreate)
@responds(ReviewOut, status=201, errors=(403, 404, 409))
async def create_review(request: Request, body: ReviewCreate):
    """Review a completed booking (its renter, once): overall_rating 1-5, optional location, access,
    value and safety ratings and a comment. The spot's average_rating and total_reviews follow at once."""
    async with request.app.ctx.pool.acquire() as conn:
        review = await request.app.ctx.queries.reviews.create_review(
            conn, reviewer_id=request.ctx.user["id"], **body.model_dump())
    await request.app.ctx.cache.spot_changed(review["parking_spot_id"])
    return json(review, status=201)


@bp.get("/<review_id:uuid>")
@optional_bearer
@responds(ReviewOut)
async def get_review(request: Request, review_id):
    """A review. One an admin hid is shown only to its reviewer and admins (404 for everyone else)."""
    user = await optional_user(request)
    async with request.app.ctx.pool.acquire() as conn:
        review = await request.app.ctx.queries.reviews.get_review(conn, review_id=review_id,
                                                                  user_id=user["id"] if user else None)
    if review is None:
        raise NotFound("review not found")
    return json(review)


@bp.patch("/<review_id:uuid>")
@authenticated
@json_body(ReviewPatch)
@responds(ReviewOut, errors=(403, 409))
async def update_review(request: Request, review_id, body):
    """Change the ratings or the comment: its reviewer within platform_settings.review_edit_days (14)
    of posting and while it is not hidden (409 after), or an admin at any time."""
    async with request.app.ctx.pool.acquire() as conn:
        review = await request.app.ctx.queries.reviews.edit_review(
            conn, review_id=review_id, user_id=request.ctx.user["id"], patch=body.model_dump(exclude_unset=True))
    await request.app.ctx.cache.spot_changed(review["parking_spot_id"])
    return json(review)


@bp.delete("/<review_id:uuid>")
@authenticated
@responds(None, status=204, errors=(403, 409))
async def delete_review(request: Request, review_id):
    """Delete a review: its reviewer within platform_settings.review_edit_days (14) of posting, or an admin."""
    async with request.app.ctx.pool.acquire() as conn:
        spot_id = await request.app.ctx.queries.reviews.delete_review(conn, review_id=review_id,
                                                                      user_id=request.ctx.user["id"])
    await request.app.ctx.cache.spot_changed(spot_id)
    return empty(status=204)
