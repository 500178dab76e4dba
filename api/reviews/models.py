"""Request models for reviews. Who may write, change or answer a review is the database's rule
(db/rules/40_reviews.sql); these models check shapes (ratings 1-5, lengths as the table's checks)."""
from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api.core.paging import Page
from api.core.validation import patch_model

Rating = Annotated[int, Field(ge=1, le=5, description="1 to 5 stars")]
Comment = Annotated[str, Field(max_length=5000)]
Text = Annotated[str, Field(min_length=1, pattern=r"\S")]

RATINGS_EXAMPLE = {"overall_rating": 5, "location_rating": 5, "access_rating": 4, "value_rating": 5,
                   "safety_rating": 4, "comment": "Easy to find, the gate code worked, would park again."}


class ReviewRatings(BaseModel):
    """The stars and the comment: overall required, the other ratings optional."""
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [RATINGS_EXAMPLE]})
    overall_rating: Rating
    location_rating: Rating | None = None
    access_rating: Rating | None = None
    value_rating: Rating | None = None
    safety_rating: Rating | None = None
    comment: Comment | None = None


class ReviewCreate(ReviewRatings):
    """A review of a completed booking, by its renter."""
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "booking_id": "9c8b7a6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d", **RATINGS_EXAMPLE}]})
    booking_id: UUID


ReviewPatch = patch_model(ReviewRatings, "ReviewPatch",
                          examples=[{"overall_rating": 4, "comment": "Good, but the entrance is hard to see at night."}])


class ResponseIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "response": "Thanks! We have put up a sign at the entrance."}]})
    response: Annotated[Text, Field(max_length=5000)]


class HideIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "reason": "contains a phone number"}]})
    reason: Annotated[Text, Field(max_length=500)]


class SpotReviewsQuery(Page):
    sort: Literal["newest", "helpful", "rating_high", "rating_low"] = Field(
        default="newest", description="ties: newest first")
    rating: Rating | None = Field(default=None, description="only reviews of exactly this many stars")
    min_rating: Rating | None = Field(default=None, description="only reviews of at least this many stars")
