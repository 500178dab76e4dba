"""Draw the unmet-demand map once, as a picture: docs/demand-map.svg.

    DATABASE_URL=postgresql://... python -m scripts.demand_map_picture
    python -m scripts.demand_map_picture --database-url URL --days 30 --size-m 800 --output docs/demand-map.svg

Reads the same GeoJSON as GET /api/v1/admin/demand-map (sql/analytics/demand_map.sql, as the
database's owner or any role that may execute analytics.demand_map) for San Francisco, the demo
city (scripts/demo_data.py loads 30 days of searches there), and writes an SVG drawn by hand: no
plotting library (matplotlib and Pillow are not among the project's requirements). Hexagons are
coloured by the share of their searches that found no or few (1-2) free spots (grey below
MIN_SEARCHES searches) and labelled unmet / searches and the spots taking bookings there; grey
dots are those spots and the outline is the city's shore. Web mercator, as the hexagons are. Reads only; writes only the output file.
"""
from __future__ import annotations

import argparse
import asyncio
import math
import os
import sys
from datetime import datetime, timedelta, timezone
from html import escape
from pathlib import Path

import aiosql
import asyncpg
import orjson

try:
    from . import demo_city as city
except ImportError:  # run as a script
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import demo_city as city

ROOT = Path(__file__).resolve().parent.parent
MAP = aiosql.from_path(ROOT / "sql" / "analytics" / "demand_map.sql", "asyncpg")
POINTS = aiosql.from_path(Path(__file__).with_name("demand_map_picture.sql"), "asyncpg")
BOX = dict(min_lng=-122.52, min_lat=37.70, max_lng=-122.35, max_lat=37.83)  # San Francisco
WIDTH = 900
MIN_SEARCHES = 20  # fewer searches than this in a hexagon: its share says little, drawn grey
# Unmet share -> colour: pale yellow (all found a free spot) to dark red (40 % or more did not).
COLOURS = [(0.0, (255, 255, 204)), (0.1, (254, 217, 118)), (0.2, (253, 141, 60)), (0.3, (227, 26, 28)),
           (0.4, (128, 0, 38))]


def mercator(lon: float, lat: float) -> tuple[float, float]:
    return math.radians(lon), math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


class Canvas:
    """Longitude/latitude -> SVG pixels over the box (north up)."""

    def __init__(self, box: dict, width: int):
        self.x0, self.y0 = mercator(box["min_lng"], box["min_lat"])
        x1, y1 = mercator(box["max_lng"], box["max_lat"])
        self.scale = width / (x1 - self.x0)
        self.width, self.height = width, round((y1 - self.y0) * self.scale)

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = mercator(lon, lat)
        return round((x - self.x0) * self.scale, 1), round(self.height - (y - self.y0) * self.scale, 1)

    def path(self, ring) -> str:
        return "M" + " L".join(f"{x},{y}" for x, y in (self.point(lon, lat) for lon, lat in ring)) + " Z"


def colour(share: float) -> str:
    for (low, a), (high, b) in zip(COLOURS, COLOURS[1:]):
        if share <= high:
            t = (share - low) / (high - low)
            return "#%02x%02x%02x" % tuple(round(p + (q - p) * t) for p, q in zip(a, b))
    return "#%02x%02x%02x" % COLOURS[-1][1]


def svg(geojson: dict, spots: list, box: dict, title: str) -> str:
    canvas = Canvas(box, WIDTH)
    top = 90
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{canvas.height + top + 60}" '
           f'viewBox="0 0 {WIDTH} {canvas.height + top + 60}" font-family="Helvetica, Arial, sans-serif">',
           '<rect width="100%" height="100%" fill="#eef3f7"/>',
           f'<text x="20" y="30" font-size="20" font-weight="bold">{escape(title)}</text>',
           *(f'<text x="20" y="{52 + 17 * n}" font-size="13" fill="#444">{escape(line)}</text>'
             for n, line in enumerate(subtitle(geojson))),
           f'<g transform="translate(0,{top})">',
           f'<path d="{canvas.path(city.SF_LAND.exterior.coords)}" fill="#ffffff" stroke="#9aa9b5" stroke-width="1.5"/>',
           '<g fill="#66737f" fill-opacity="0.5">']
    for lon, lat in spots:
        x, y = canvas.point(lon, lat)
        out.append(f'<circle cx="{x:.0f}" cy="{y:.0f}" r="1.1"/>')
    out.append('</g>')
    for feature in sorted(geojson["features"], key=lambda f: f["properties"]["searches"]):
        p = feature["properties"]
        ring = feature["geometry"]["coordinates"][0]
        tip = (f'{p["searches"]} searches, {p["unmet"]} with no or few free spots '
               f'({100 * p["unmet_share"]:.0f} %), {p["spots"]} spots taking bookings')
        fill = colour(p["unmet_share"]) if p["searches"] >= MIN_SEARCHES else "#d9dde1"
        out.append(f'<path d="{canvas.path(ring)}" fill="{fill}" fill-opacity="0.8" stroke="#6b4a2b" '
                   f'stroke-width="0.6"><title>{escape(tip)}</title></path>')
        if p["searches"] >= MIN_SEARCHES:
            cx, cy = canvas.point(*centre(ring))
            out.append(f'<text x="{cx}" y="{cy - 2}" font-size="11" text-anchor="middle" fill="#1a1a1a">'
                       f'{p["unmet"]}/{p["searches"]}</text>')
            out.append(f'<text x="{cx}" y="{cy + 11}" font-size="9" text-anchor="middle" fill="#333">'
                       f'{p["spots"]} spots</text>')
    out.append('</g>')
    out.extend(legend(canvas.height + top + 20))
    out.append('</svg>')
    return "\n".join(out) + "\n"


def centre(ring) -> tuple[float, float]:
    corners = ring[:-1]
    return sum(lon for lon, _ in corners) / len(corners), sum(lat for _, lat in corners) / len(corners)


def subtitle(geojson: dict) -> list[str]:
    searches = sum(f["properties"]["searches"] for f in geojson["features"])
    unmet = sum(f["properties"]["unmet"] for f in geojson["features"])
    return [f'{searches} searches, {geojson["from"][:10]} to {geojson["to"][:10]} (UTC), in hexagons with '
            f'{geojson["size_m"]} m edges: {unmet} ({100 * unmet / max(searches, 1):.0f} %) found 0-2 free spots.',
            f'Labels: unmet / searches, and the spots taking bookings in the hexagon now. Grey: fewer than '
            f'{MIN_SEARCHES} searches.']


def legend(y: int) -> list[str]:
    parts = [f'<text x="20" y="{y + 14}" font-size="12" fill="#333">share of searches with 0-2 free spots:</text>']
    for n, share in enumerate((0.0, 0.1, 0.2, 0.3, 0.4)):
        x = 270 + n * 90
        parts.append(f'<rect x="{x}" y="{y}" width="22" height="18" fill="{colour(share)}" stroke="#5a3a1a" stroke-width="0.6"/>')
        parts.append(f'<text x="{x + 28}" y="{y + 14}" font-size="12" fill="#333">{"≥ " if share == 0.4 else ""}'
                     f'{100 * share:.0f} %</text>')
    parts.append(f'<text x="20" y="{y + 36}" font-size="11" fill="#666">grey dots: spots taking bookings; the outline: '
                 f'the shore. Drawn by scripts/demand_map_picture.py from the demo data (web mercator).</text>')
    return parts


async def draw(database_url: str, days: int, size_m: int, output: Path) -> dict:
    end = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    conn = await asyncpg.connect(database_url)
    try:
        geojson = orjson.loads(await MAP.demand_map_geojson(
            conn, **BOX, from_time=end - timedelta(days=days), to_time=end, size_m=size_m, kind="search"))
        spots = [(r["longitude"], r["latitude"]) async for r in POINTS.spot_points(conn, **BOX)]
    finally:
        await conn.close()
    output.write_text(svg(geojson, spots, BOX, "Where drivers look for parking and do not find it: San Francisco (demo)"))
    return geojson


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                        help="a database with the demo data (default: $DATABASE_URL)")
    parser.add_argument("--days", type=int, default=30, help="the period: the last DAYS days (default 30)")
    parser.add_argument("--size-m", type=int, default=800, help="hexagon edge in metres (default 800)")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "demand-map.svg",
                        help="the SVG to write (default docs/demand-map.svg)")
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("set DATABASE_URL or pass --database-url")
    geojson = asyncio.run(draw(args.database_url, args.days, args.size_m, args.output))
    print(f"{args.output}: {len(geojson['features'])} hexagons, "
          f"{sum(f['properties']['searches'] for f in geojson['features'])} searches")
    return 0


if __name__ == "__main__":
    sys.exit(main())
