"""What the review endpoints answer (db/rules/40_reviews.sql review_out, review_moderation_out;
sql/reviews/listings.sql spot_review_summary)."""
from __future__ import annotations

from uuid import UUID

from pydantic import Field

from api.core.shapes import Shape, Time, example

REVIEW_EXAMPLE = dict(
    id="3f1e2d3c-4b5a-4697-8887-766554433221", booking_id="9c8b7a6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
    parking_spot_id="5d2e7c44-1b0a-4f6e-8d3c-9a1b2c3d4e5f", reviewer_id="0b8f5c1e-3f9a-4c1d-9a57-2d1c7f0e4b11",
    reviewer_name="Sam Driver", overall_rating=5, location_rating=5, access_rating=4, value_rating=5,
    safety_rating=None, comment="Easy to find, the gate code worked.", owner_response="Thanks, Sam!",
    owner_responded_at="2030-05-04T08:00:00Z", helpful_count=3, is_hidden=False,
    editable_until="2030-05-17T18:00:00Z", created_at="2030-05-03T18:00:00Z", updated_at="2030-05-04T08:00:00Z")


class ReviewOut(Shape):
    """A review; the reviewer is shown by name only."""
    model_config = example(**REVIEW_EXAMPLE)
    id: UUID
    booking_id: UUID
    parking_spot_id: UUID
    reviewer_id: UUID
    reviewer_name: str
    overall_rating: int = Field(ge=1, le=5)
    location_rating: int | None = Field(ge=1, le=5)
    access_rating: int | None = Field(ge=1, le=5)
    value_rating: int | None = Field(ge=1, le=5)
    safety_rating: int | None = Field(ge=1, le=5)
    comment: str | None
    owner_response: str | None = Field(description="the spot owner's answer (once)")
    owner_responded_at: Time | None
    helpful_count: int = Field(ge=0)
    is_hidden: bool = Field(description="an admin hid it: only its reviewer and admins see it")
    editable_until: Time = Field(description="until then its reviewer may change or delete it "
                                             "(platform_settings.review_edit_days after posting)")
    created_at: Time
    updated_at: Time


class ReviewModerationOut(ReviewOut):
    """A review as the moderators see it: who hid it, when and why (null while visible)."""
    model_config = example(**{**REVIEW_EXAMPLE, "is_hidden": True}, hidden_at="2030-05-05T09:00:00Z",
                           hidden_by="7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d", hidden_reason="contains a phone number")
    hidden_at: Time | None
    hidden_by: UUID | None
    hidden_reason: str | None


class Distribution(Shape):
    """How many visible reviews gave each number of stars."""
    one: int = Field(alias="1", ge=0)
    two: int = Field(alias="2", ge=0)
    three: int = Field(alias="3", ge=0)
    four: int = Field(alias="4", ge=0)
    five: int = Field(alias="5", ge=0)


class SubRatings(Shape):
    """The average of each optional rating over the reviews that gave it (null when none did)."""
    location: float | None
    access: float | None
    value: float | None
    safety: float | None


class ReviewSummaryOut(Shape):
    """A spot's visible reviews in figures; average_rating and total_reviews equal the spot's."""
    model_config = example(parking_spot_id="5d2e7c44-1b0a-4f6e-8d3c-9a1b2c3d4e5f", average_rating=4.33,
                           total_reviews=3, distribution={"1": 0, "2": 0, "3": 0, "4": 2, "5": 1},
                           sub_ratings={"location": 4.5, "access": 4.0, "value": None, "safety": 5.0})
    parking_spot_id: UUID
    average_rating: float = Field(ge=0, le=5)
    total_reviews: int = Field(ge=0)
    distribution: Distribution
    sub_ratings: SubRatings
