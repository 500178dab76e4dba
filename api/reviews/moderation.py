"""/api/v1/reviews/{id}/hide and /unhide: admins take a review out of sight, with a reason, and may
bring it back. A hidden review leaves the spot's listing, summary and counters."""
from __future__ import annotations

from sanic import Blueprint
from sanic.response import json

from api.accounts.auth import authenticated
from api.core.context import Request
from api.core.errors import NotFound
from api.core.openapi import responds
from api.core.validation import json_body
from api.reviews.models import HideIn
from api.reviews.responses import ReviewModerationOut

bp = Blueprint("review_moderation")


async def _current(request: Request, conn, review_id) -> dict:
    review = await request.app.ctx.queries.reviews.get_review_moderation(conn, review_id=review_id)
    if review is None:
        raise NotFound("review not found")
    return review


@bp.post("/<review_id:uuid>/hide")
@authenticated(role="admin")
@json_body(HideIn)
@responds(ReviewModerationOut)
async def hide_review(request: Request, review_id, body: HideIn):
    """Hide a review (admins; reason required): it leaves the spot's listing, summary, average_rating
    and total_reviews at once. Hiding a hidden review changes nothing (the first reason stands)."""
    async with request.app.ctx.pool.acquire() as conn:
        review = await request.app.ctx.queries.reviews.hide_review(
            conn, review_id=review_id, admin_id=request.ctx.user["id"], reason=body.reason)
        if review is None:
            review = await _current(request, conn, review_id)
    await request.app.ctx.cache.spot_changed(review["parking_spot_id"])
    return json(review)


@bp.post("/<review_id:uuid>/unhide")
@authenticated(role="admin")
@responds(ReviewModerationOut)
async def unhide_review(request: Request, review_id):
    """Bring a hidden review back (admins): it counts again at once. A visible review stays as it is."""
    async with request.app.ctx.pool.acquire() as conn:
        review = await request.app.ctx.queries.reviews.unhide_review(conn, review_id=review_id)
        if review is None:
            review = await _current(request, conn, review_id)
    await request.app.ctx.cache.spot_changed(review["parking_spot_id"])
    return json(review)
