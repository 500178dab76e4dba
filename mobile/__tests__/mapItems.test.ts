// What the maps draw (src/components/map/mapItems.ts, clusters.ts): tile points as markers with the
// screen's live availability, the selected spot always drawn, and a filtered search clustered with
// each cluster's lowest price. The session's tile cache (src/services/tileCache.ts).
import { shortMoney } from '../src/components/format';
import { buildIndex, clusterItems } from '../src/components/map/clusters';
import { tileItems, withSelected, type MapItem } from '../src/components/map/mapItems';
import type { TilePoint } from '../src/services/mapTiles';
import { TileCache } from '../src/services/tileCache';
import type { MapSpot } from '../src/types/map';

const A = '5d2e7c44-1b0a-4f6e-8d3c-9a1b2c3d4e5f';
const B = '6e3f8d55-2c1b-4a7f-9e4d-0b2c3d4e5f60';
const mapSpot = (id: string, latitude: number, longitude: number, price: number, available = true): MapSpot => ({
  id, latitude, longitude, price, label: shortMoney(price), available,
});

describe('map markers', () => {
  const points: TilePoint[] = [
    { kind: 'spot', id: A, latitude: 37.7955, longitude: -122.3937, price: 450, spotType: 'garage', rating: 4.5 },
    { kind: 'cluster', key: '12/655/1582@1', latitude: 37.8, longitude: -122.4, count: 7, minPrice: 300, expansionZoom: 16 },
  ];

  test('tile spots become spot markers priced from the tile, greyed when the screen knows them unavailable', () => {
    const items = tileItems(points, new Map());
    expect(items[0]).toEqual({ kind: 'spot', key: A, spot: mapSpot(A, 37.7955, -122.3937, 450) });
    expect(items[0].kind === 'spot' && items[0].spot.label).toBe('$4.50');
    expect(items[1]).toEqual({ ...points[1] });
    const booked = tileItems(points, new Map([[A, mapSpot(A, 37.7955, -122.3937, 450, false)]]));
    expect(booked[0].kind === 'spot' && booked[0].spot.available).toBe(false);
  });

  test('the selected spot is drawn even where the map shows clusters, and only once', () => {
    const elsewhere = mapSpot(B, 37.77, -122.42, 800);
    const clustersOnly = tileItems([points[1]], new Map());
    expect(withSelected(clustersOnly, [elsewhere], B).map((item) => item.key)).toEqual(['12/655/1582@1', B]);
    const items = tileItems(points, new Map());
    expect(withSelected(items, [mapSpot(A, 37.7955, -122.3937, 450)], A)).toBe(items);
    expect(withSelected(items, [], B)).toBe(items); // not known: nothing to draw
  });

  test('a filtered search is clustered where spots would overlap, each cluster with its lowest price', () => {
    const spots = [mapSpot(A, 37.7955, -122.3937, 450), mapSpot(B, 37.7956, -122.3938, 300),
      mapSpot('7f4a9e66-3d2c-4b8a-8f5e-1c2d3e4f5a61', 37.76, -122.45, 900)];
    const index = buildIndex(spots);
    const byId = new Map(spots.map((s) => [s.id, s]));
    const bounds = { minLat: 37.7, minLon: -122.5, maxLat: 37.85, maxLon: -122.35 };
    const far: MapItem[] = clusterItems(index, byId, bounds, 12);
    expect(far.filter((i) => i.kind === 'cluster').map((i) => i.kind === 'cluster' && [i.count, i.minPrice])).toEqual([[2, 300]]);
    expect(far.filter((i) => i.kind === 'spot')).toHaveLength(1);
    expect(clusterItems(index, byId, bounds, 18).every((i) => i.kind === 'spot')).toBe(true);
  });
});

describe('the tile cache', () => {
  test('keeps the most recently used entries up to its size', () => {
    const cache = new TileCache<number>(2, 60_000);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([1, undefined, 3]);
    expect(cache.size).toBe(2);
  });

  test('an entry older than its age limit is gone', () => {
    let now = 0;
    const cache = new TileCache<number>(10, 1000, () => now);
    cache.set('a', 1);
    now = 1000;
    expect(cache.get('a')).toBe(1);
    now = 1001;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
