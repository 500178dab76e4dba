"""The reviews of a spot (/api/v1/parking-spots/{id}/reviews, its summary) and my own
(/api/v1/users/me/reviews). Read from PostgreSQL, never cached: always current."""
from __future__ import annotations

from sanic import Blueprint
from sanic.response import json

from api.accounts.auth import authenticated
from api.core.context import Request
from api.core.errors import NotFound
from api.core.openapi import responds
from api.core.paging import Page, paged
from api.core.replicas import read_found, reads
from api.core.validation import query_args
from api.reviews.models import SpotReviewsQuery
from api.reviews.responses import ReviewOut, ReviewSummaryOut

spot_bp = Blueprint("spot_reviews", url_prefix="/parking-spots")
user_bp = Blueprint("my_reviews", url_prefix="/users")


@spot_bp.get("/<spot_id:uuid>/reviews")
@query_args(SpotReviewsQuery)
@responds(list[ReviewOut], headers=("X-Total-Count",))
async def spot_reviews(request: Request, spot_id, query: SpotReviewsQuery):
    """A spot's reviews (hidden ones left out), newest first or by sort; filter by rating (exactly) or
    min_rating; X-Total-Count."""
    queries = request.app.ctx.queries

    async def read(conn):
        if not await queries.reviews.spot_exists(conn, spot_id=spot_id):
            raise NotFound("parking spot not found")
        return await paged(queries.reviews.list_spot_reviews(
            conn, spot_id=spot_id, sort=query.sort, rating=query.rating, min_rating=query.min_rating, **query.window))
    return await read_found(request, read)


@spot_bp.get("/<spot_id:uuid>/reviews/summary")
@responds(ReviewSummaryOut)
async def spot_review_summary(request: Request, spot_id):
    """A spot's reviews in figures: average, count, how many gave 1 to 5 stars, sub-rating averages."""
    async def read(conn):
        summary = await request.app.ctx.queries.reviews.spot_review_summary(conn, spot_id=spot_id)
        if summary is None:
            raise NotFound("parking spot not found")
        return summary
    return json(await read_found(request, read))


@user_bp.get("/me/reviews")
@authenticated
@query_args(Page)
@responds(list[ReviewOut], headers=("X-Total-Count",))
async def my_reviews(request: Request, query: Page):
    """The reviews I wrote, newest first, hidden ones included (is_hidden); X-Total-Count."""
    async with reads(request) as conn:
        return await paged(request.app.ctx.queries.reviews.list_my_reviews(
            conn, user_id=request.ctx.user["id"], **query.window))
