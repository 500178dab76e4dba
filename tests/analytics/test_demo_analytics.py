"""On the demo data (scripts/demo_data.py): daily_bookings adds up to the bookings themselves, and
the demo searches are privacy-safe and plausible (more searches per listed spot downtown than in
the residential west), so the unmet-demand map has something to show."""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta, timezone

from scripts.demo_data import load_demo

UTC = timezone.utc


async def test_demo_figures_add_up_and_demo_searches_show_where_demand_outruns_listings(database_url, conn, aq):
    summary = await load_demo(database_url, spots=600, seed=3)
    assert summary["searches"]["searches"] > 400 and summary["searches"]["unmet"] > 0

    expected = defaultdict(lambda: [0, 0, 0, 0, 0, 0])  # bookings, cancellations, gross, fees, payouts, refunds
    async for b in aq.raw_bookings(conn):
        if b["payment_status"] == "expired":
            continue
        row = expected[(b["created_at"].astimezone(UTC).date(), b["city"], b["spot_type"])]
        gone = b["cancelled_at"] is not None
        for n, value in enumerate((1, gone, b["total_amount"], b["service_fee"], 0 if gone else b["owner_payout"],
                                   b["refund_amount"])):
            row[n] += value
    found = {(r["day"], r["city"], r["spot_type"]): [r["bookings"], r["cancellations"], r["gross"], r["fees"],
                                                     r["owner_payouts"], r["refunds"]]
             async for r in aq.daily_bookings(conn)}
    assert found == dict(expected)

    now = datetime.now(UTC)
    events = [r async for r in aq.search_events(conn)]
    assert all(r["searched_at"].minute == r["searched_at"].second == 0 for r in events)
    assert all(now - timedelta(days=31) < r["searched_at"] < now for r in events)
    assert all(r["latitude"] * 100 == int(r["latitude"] * 100) for r in events)
    downtown = lambda lat, lon: lat > 37.765 and lon > -122.42  # noqa: E731  FiDi, SoMa, Mission Bay
    west = lambda lat, lon: lon < -122.46  # noqa: E731  the Richmond and the Sunset
    searches = {"downtown": 0, "west": 0}
    spots = {"downtown": 0, "west": 0}
    for r in events:
        for name, inside in (("downtown", downtown), ("west", west)):
            searches[name] += r["searches"] if inside(float(r["latitude"]), float(r["longitude"])) else 0
    async for s in aq.raw_spots(conn):
        for name, inside in (("downtown", downtown), ("west", west)):
            spots[name] += inside(s["latitude"], s["longitude"])
    assert searches["downtown"] / spots["downtown"] > 2 * searches["west"] / spots["west"]
    hexagons = [r async for r in aq.demand_map(conn, min_lng=-122.52, min_lat=37.70, max_lng=-122.35, max_lat=37.83,
                                               from_time=now - timedelta(days=31), to_time=now, size_m=800)]
    assert sum(r["searches"] for r in hexagons) == sum(r["searches"] for r in events if r["kind"] == "search")
    assert any(r["unmet"] > 0 for r in hexagons)
