// The map tiles (src/services/mapTiles.ts): which tiles a viewport needs, decoding tiles the service
// really served (fixtures/tiles.json, checked against the service by tests/mobile/test_tile_fixtures.py)
// into points at the spots' positions, and loading them through a fake service at the fetch boundary
// with the session's cache.
import { distanceKm } from '../src/services/geo';
import {
  coverTiles,
  decodeTile,
  forgetTiles,
  loadTile,
  loadViewport,
  MAX_TILES,
  STREET_ZOOM,
  tilesForViewport,
  tileZoomFor,
  type TileCluster,
  type TileSpot,
} from '../src/services/mapTiles';
import type { Bounds } from '../src/types/map';
import fixtures from './fixtures/tiles.json';
import { error, FakeApi } from './helpers/fakeApi';

const [streetTile, clusterTile] = fixtures.tiles;
const bytesOf = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (byte) => parseInt(byte, 16));
const metres = (a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }) =>
  distanceKm(a, b) * 1000;

// around the Ferry Building: two zoom-15 tiles across, two down
const FERRY: Bounds = { minLat: 37.79, minLon: -122.4, maxLat: 37.8, maxLon: -122.39 };

describe('the tiles of a viewport', () => {
  test('at street zoom: the zoom-15 tiles under it, west to east, north to south', () => {
    expect(tilesForViewport(FERRY, 16.3)).toEqual([
      { z: 15, x: 5242, y: 12662 }, { z: 15, x: 5242, y: 12663 },
      { z: 15, x: 5243, y: 12662 }, { z: 15, x: 5243, y: 12663 },
    ]);
    expect(tilesForViewport(FERRY, STREET_ZOOM)).toEqual(tilesForViewport(FERRY, 19));
  });

  test('below street zoom: cluster tiles three zooms out, so clusters have room on screen', () => {
    expect([14.9, 14, 13, 11.5, 3, 2, 0].map(tileZoomFor)).toEqual([11, 11, 10, 8, 0, 0, 0]);
    expect(tilesForViewport(FERRY, 15 - 0.01)).toEqual([{ z: 11, x: 327, y: 791 }]);
  });

  test('a viewport that would take too many tiles gets fewer, larger ones (clusters)', () => {
    const california: Bounds = { minLat: 32.5, minLon: -124.4, maxLat: 42, maxLon: -114.1 };
    const tiles = tilesForViewport(california, 15);
    expect(tiles.length).toBeLessThanOrEqual(MAX_TILES);
    expect(tiles[0].z).toBeLessThan(STREET_ZOOM);
    expect(coverTiles(california, tiles[0].z + 1).length).toBeGreaterThan(MAX_TILES);
    expect(tilesForViewport(california, 8)).toEqual(coverTiles(california, 5)); // few enough: as asked
  });

  test('across the antimeridian and wider than the world, each tile once', () => {
    const fiji: Bounds = { minLat: -20, minLon: 179, maxLat: -15, maxLon: -179 };
    expect(coverTiles(fiji, 3).map(({ x }) => x)).toEqual([7, 0]);
    expect(coverTiles({ ...fiji, maxLon: 181 }, 3).map(({ x }) => x)).toEqual([7, 0]);
    const wide: Bounds = { minLat: -10, minLon: -300, maxLat: 10, maxLon: 300 };
    expect(coverTiles(wide, 1)).toEqual([
      { z: 1, x: 0, y: 0 }, { z: 1, x: 0, y: 1 }, { z: 1, x: 1, y: 0 }, { z: 1, x: 1, y: 1 },
    ]);
    expect(coverTiles({ minLat: -89, minLon: -10, maxLat: 89, maxLon: 10 }, 0)).toEqual([{ z: 0, x: 0, y: 0 }]);
  });
});

describe('decoding the service\'s tiles', () => {
  test('a street tile: one point per spot at its position, with its id, price, type and rating', () => {
    const points = decodeTile(bytesOf(streetTile.hex), streetTile) as TileSpot[];
    expect(points.map((p) => p.id).sort()).toEqual(streetTile.spots);
    for (const point of points) {
      const spot = fixtures.spots.find((s) => s.id === point.id)!;
      expect(point).toMatchObject({ kind: 'spot', price: spot.price, spotType: spot.spot_type, rating: spot.rating });
      expect(metres(point, spot)).toBeLessThan(1); // a tile unit at zoom 15 here is 0.24 m
    }
  });

  test('a cluster tile: one point per cell with its count and lowest price, at its spots\' mean', () => {
    const expected = clusterTile.clusters ?? [];
    const points = decodeTile(bytesOf(clusterTile.hex), clusterTile) as TileCluster[];
    const sorted = [...points].sort((a, b) => a.count - b.count);
    expect(expected).toHaveLength(2);
    expect(sorted.map(({ count, minPrice }) => ({ count, min_price: minPrice }))).toEqual(
      expected.map(({ count, min_price }) => ({ count, min_price })),
    );
    sorted.forEach((point, i) => {
      expect(point.kind).toBe('cluster');
      expect(metres(point, expected[i])).toBeLessThan(8); // a tile unit at zoom 11 here is 3.8 m
      expect(point.expansionZoom).toBe(16); // a cell of a zoom-11 tile is a zoom-15 tile: 512 pixels at 16
    });
    expect(points.reduce((sum, p) => sum + p.count, 0)).toBe(fixtures.spots.length);
    expect(new Set(points.map((p) => p.key)).size).toBe(points.length);
  });

  test('an empty tile (its layer without features, as the service sends it) has no points', () => {
    const layer = [0x78, 0x02, 0x0a, 0x05, ...Array.from('spots', (c) => c.charCodeAt(0)), 0x28, 0x80, 0x20];
    expect(decodeTile(new Uint8Array([0x1a, layer.length, ...layer]), { z: 15, x: 0, y: 0 })).toEqual([]);
  });
});

describe('loading tiles', () => {
  const STREET = `GET /api/v1/tiles/15/${streetTile.x}/${streetTile.y}.mvt`;
  const mvt = (hex: string) => () =>
    new Response(bytesOf(hex), { headers: { 'Content-Type': 'application/vnd.mapbox-vector-tile' } });
  let service: FakeApi;

  beforeEach(() => {
    forgetTiles();
    service = new FakeApi();
    service.install();
  });

  test('anonymously, and once per tile for the session', async () => {
    service.on(STREET, mvt(streetTile.hex));
    const first = await loadTile(streetTile);
    const [again, atOnce] = await Promise.all([loadTile(streetTile), loadTile({ ...streetTile })]);
    expect(first).toHaveLength(3);
    expect(again).toBe(first);
    expect(atOnce).toBe(first);
    expect(service.callsTo(STREET)).toHaveLength(1);
    expect(service.calls[0].authorization).toBeNull();
    forgetTiles();
    await loadTile(streetTile);
    expect(service.callsTo(STREET)).toHaveLength(2);
  });

  test('a viewport gets the points of every tile that answered; a failed tile is asked again', async () => {
    let down = true;
    service
      .on(`GET /api/v1/tiles/11/${clusterTile.x}/${clusterTile.y}.mvt`, mvt(clusterTile.hex))
      .on(STREET, () => (down ? error(503, 'Try again', 'unavailable') : mvt(streetTile.hex)()))
      .on('GET /api/v1/tiles/15/5242/12662.mvt', mvt(streetTile.hex))
      .on('GET /api/v1/tiles/15/5242/12663.mvt', mvt(streetTile.hex))
      .on('GET /api/v1/tiles/15/5243/12662.mvt', mvt(streetTile.hex));
    expect(await loadViewport(FERRY, 14.5)).toHaveLength(2); // the zoom-11 tile's two clusters
    expect(await loadViewport(FERRY, 16)).toHaveLength(9); // three tiles of three (the fake's), one down
    down = false;
    expect(await loadViewport(FERRY, 16)).toHaveLength(12);
    expect(service.callsTo(STREET)).toHaveLength(2);
    expect(service.calls).toHaveLength(6);
  });
});
