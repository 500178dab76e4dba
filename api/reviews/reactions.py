"""/api/v1/reviews/{id}: the spot owner's response, and "was this helpful?" votes."""
from __future__ import annotations

from sanic import Blueprint
from sanic.response import json

from api.accounts.auth import authenticated
from api.core.context import Request
from api.core.errors import NotFound
from api.core.openapi import responds
from api.core.validation import json_body
from api.reviews.models import ResponseIn
from api.reviews.responses import ReviewOut

bp = Blueprint("review_reactions")


@bp.post("/<review_id:uuid>/response")
@authenticated
@json_body(ResponseIn)
@responds(ReviewOut, errors=(403, 409))
async def respond(request: Request, review_id, body: ResponseIn):
    """Answer a review of your spot (the spot's owner, once: 409 review_owner_response_once after)."""
    async with request.app.ctx.pool.acquire() as conn:
        review = await request.app.ctx.queries.reviews.respond_to_review(
            conn, review_id=review_id, user_id=request.ctx.user["id"], response=body.response)
    return json(review)


@bp.post("/<review_id:uuid>/helpful")
@authenticated
@responds(ReviewOut, errors=(403, 409))
async def vote_helpful(request: Request, review_id):
    """Mark a review helpful: any signed-in user but its reviewer (403), once (409); answers the review
    with its new helpful_count."""
    queries = request.app.ctx.queries
    async with request.app.ctx.pool.acquire() as conn:
        if await queries.reviews.vote_helpful(conn, review_id=review_id, user_id=request.ctx.user["id"]) is None:
            raise NotFound("review not found")
        review = await queries.reviews.get_visible_review(conn, review_id=review_id)
    return json(review)


@bp.delete("/<review_id:uuid>/helpful")
@authenticated
@responds(ReviewOut)
async def unvote_helpful(request: Request, review_id):
    """Take back your helpful vote (404 when you had not given one); answers the review."""
    queries = request.app.ctx.queries
    async with request.app.ctx.pool.acquire() as conn:
        if await queries.reviews.unvote_helpful(conn, review_id=review_id, user_id=request.ctx.user["id"]) is None:
            raise NotFound("you have not marked this review helpful")
        review = await queries.reviews.get_visible_review(conn, review_id=review_id)
    return json(review)
