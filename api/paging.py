"""List answers: a JSON array of the page, and X-Total-Count with all matches (the queries add
`count(*) over () as total` to each row)."""
from __future__ import annotations

from sanic.response import HTTPResponse, json


async def paged(rows) -> HTTPResponse:
    items = [dict(row) async for row in rows]
    total = items[0].pop("total") if items else 0
    for item in items[1:]:
        del item["total"]
    return json(items, headers={"X-Total-Count": str(total)})
