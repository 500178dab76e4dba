"""The review endpoints, one blueprint group per URL prefix: /reviews, /parking-spots/{id}/reviews,
/users/me/reviews."""
from __future__ import annotations

from sanic import Blueprint

from api.reviews import listings, moderation, reactions, reviews

routes = Blueprint.group(
    Blueprint.group(reviews.bp, reactions.bp, moderation.bp, url_prefix="/reviews"),
    listings.spot_bp,
    listings.user_bp,
)
