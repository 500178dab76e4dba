"""List answers: a JSON array of the page, and X-Total-Count with all matches (the queries return
each resource's JSON shape as `item` and `count(*) over () as total`)."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from sanic.response import HTTPResponse, json


class Page(BaseModel):
    """?page=1&page_size=20 (at most 100; pages stop at 100,000, past any real list and inside
    PostgreSQL's bigint offset); `window` gives the queries' lim and off."""
    model_config = ConfigDict(extra="forbid")
    page: int = Field(default=1, ge=1, le=100_000)
    page_size: int = Field(default=20, ge=1, le=100)

    @property
    def window(self) -> dict:
        return {"lim": self.page_size, "off": (self.page - 1) * self.page_size}


async def paged(rows) -> HTTPResponse:
    items, total = [], 0
    async for row in rows:
        items.append(row["item"])
        total = row["total"]
    return json(items, headers={"X-Total-Count": str(total)})
