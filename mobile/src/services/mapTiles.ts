// The map at every zoom from the service's vector tiles (GET /api/v1/tiles/{z}/{x}/{y}.mvt, Mapbox
// Vector Tiles, extent 4096): from zoom 15 layer "spots" (a point per available spot: id, price in
// cents, spot_type, rating), below it layer "clusters" (a point per non-empty cell of a 16 x 16 grid
// over the tile: count, min_price in cents). Unlike the viewport search, tiles have no cap: every
// spot is in one. Which tiles a viewport needs, fetching them (anonymous, cached for the session) and
// decoding them into points with longitude and latitude.
import { VectorTile } from '@mapbox/vector-tile';
import createClient from 'openapi-fetch';
import { PbfReader } from 'pbf';

import type { paths } from '../types/api';
import type { Bounds } from '../types/map';
import { API_URL } from './config';
import { toApiError } from './errors';
import { TileCache } from './tileCache';

export const STREET_ZOOM = 15; // the service's: spots from here, clusters below
// Cluster tiles are asked 3 zooms above the map's: their 16 x 16 cells are then 128 to 256 pixels
// on screen, room for a cluster's marker (at 2 zooms, 64 pixels, neighbours overlapped); at the
// map's own zoom they would be 16 pixels.
const CLUSTER_ZOOM_OUT = 3;
// A click on a cluster zooms in until its cell is 512 pixels across, about a phone's screen: a cell
// of a tile at zoom z is a whole 256-pixel tile at z + 4 (16 = 2^4), 512 pixels at z + 5.
const CELL_SCREEN_ZOOM = 5;
export const MAX_TILES = 64; // a 1920 x 1080 window at street zoom needs 54
const MAX_LATITUDE = 85.0511287798; // web mercator's edge

export interface Tile {
  z: number;
  x: number;
  y: number;
}

export interface TileSpot {
  kind: 'spot';
  id: string;
  latitude: number;
  longitude: number;
  price: number; // hourly rate, cents
  spotType: string;
  rating: number;
}

export interface TileCluster {
  kind: 'cluster';
  key: string;
  latitude: number;
  longitude: number;
  count: number;
  minPrice: number; // lowest hourly rate in the cell, cents
  expansionZoom: number; // the map zoom at which the cluster's cell is 512 pixels across
}

export type TilePoint = TileSpot | TileCluster;

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

export function tileKey({ z, x, y }: Tile): string {
  return `${z}/${x}/${y}`;
}

function columnOf(longitude: number, z: number): number {
  return Math.floor(((longitude + 180) / 360) * 2 ** z); // may leave 0..2^z - 1 when the map is wrapped
}

function rowOf(latitude: number, z: number): number {
  const rad = (clamp(latitude, -MAX_LATITUDE, MAX_LATITUDE) * Math.PI) / 180;
  const row = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** z);
  return clamp(row, 0, 2 ** z - 1);
}

interface TileRange {
  z: number;
  west: number; // columns west..east (east may pass 2^z - 1: wrapped when listed)
  east: number;
  north: number; // rows north..south
  south: number;
}

// Longitudes past ±180 (a map panned across the antimeridian) wrap; a view wider than the world
// takes each column once.
function rangeOf(bounds: Bounds, z: number): TileRange {
  const n = 2 ** z;
  let west = columnOf(bounds.minLon, z);
  let east = columnOf(bounds.maxLon, z);
  if (east < west) east += n; // given as west > east: it crosses the antimeridian
  if (east - west + 1 >= n) {
    west = 0;
    east = n - 1;
  }
  return { z, west, east, north: rowOf(bounds.maxLat, z), south: rowOf(bounds.minLat, z) };
}

const countOf = (r: TileRange) => (r.east - r.west + 1) * (r.south - r.north + 1);

function tilesOf({ z, west, east, north, south }: TileRange): Tile[] {
  const n = 2 ** z;
  const tiles: Tile[] = [];
  for (let x = west; x <= east; x++) {
    for (let y = north; y <= south; y++) tiles.push({ z, x: ((x % n) + n) % n, y });
  }
  return tiles;
}

// The tiles at zoom `z` covering `bounds`, west to east, north to south.
export function coverTiles(bounds: Bounds, z: number): Tile[] {
  return tilesOf(rangeOf(bounds, z));
}

// The zoom of the tiles a map at `mapZoom` shows: 15 at street zoom and beyond (a zoom-15 tile holds
// every spot it covers; deeper tiles would only split them), below it 3 zooms out for clusters.
export function tileZoomFor(mapZoom: number): number {
  if (mapZoom >= STREET_ZOOM) return STREET_ZOOM;
  return clamp(Math.floor(mapZoom) - CLUSTER_ZOOM_OUT, 0, STREET_ZOOM - 1);
}

// The tiles of a viewport: at the zoom of tileZoomFor, or at lower zooms (clusters) while that
// takes more than `maxTiles` (a very large window).
export function tilesForViewport(bounds: Bounds, mapZoom: number, maxTiles = MAX_TILES): Tile[] {
  let range = rangeOf(bounds, tileZoomFor(mapZoom));
  while (countOf(range) > maxTiles && range.z > 0) {
    range = rangeOf(bounds, range.z >= STREET_ZOOM ? tileZoomFor(STREET_ZOOM - 1) : range.z - 1);
  }
  return tilesOf(range);
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

// The points of a tile's bytes, with longitude and latitude (the feature's tile-local position and
// the tile's address, by VectorTileFeature.toGeoJSON). Features of another shape are skipped.
export function decodeTile(bytes: ArrayBuffer | Uint8Array, tile: Tile): TilePoint[] {
  const { layers } = new VectorTile(new PbfReader(bytes));
  const points: TilePoint[] = [];
  const each = (name: string, take: (props: Record<string, unknown>, longitude: number, latitude: number) => void) => {
    const layer = layers[name];
    for (let i = 0; layer && i < layer.length; i++) {
      const feature = layer.feature(i).toGeoJSON(tile.x, tile.y, tile.z);
      if (feature.geometry.type !== 'Point') continue;
      const [longitude, latitude] = feature.geometry.coordinates;
      take(feature.properties ?? {}, longitude, latitude);
    }
  };
  each('spots', ({ id, price, spot_type, rating }, longitude, latitude) => {
    if (typeof id !== 'string' || !isNumber(price)) return;
    points.push({
      kind: 'spot', id, latitude, longitude, price,
      spotType: typeof spot_type === 'string' ? spot_type : '', rating: isNumber(rating) ? rating : 0,
    });
  });
  each('clusters', ({ count, min_price }, longitude, latitude) => {
    if (!isNumber(count) || !isNumber(min_price)) return;
    points.push({
      kind: 'cluster', key: `${tileKey(tile)}@${latitude.toFixed(6)},${longitude.toFixed(6)}`, latitude, longitude,
      count, minPrice: min_price, expansionZoom: Math.min(tile.z + CELL_SCREEN_ZOOM, 20),
    });
  });
  return points;
}

// Tiles are public: no Authorization header (HTTP caches may keep them), and fetch looked up at
// each call, not when the module loads.
const tilesClient = createClient<paths>({ baseUrl: API_URL, fetch: (request: Request) => fetch(request) });

const TILE_CACHE_SIZE = 256;
const TILE_MAX_AGE_MS = 5 * 60_000;
const cache = new TileCache<Promise<TilePoint[]>>(TILE_CACHE_SIZE, TILE_MAX_AGE_MS);

async function fetchTile(tile: Tile): Promise<TilePoint[]> {
  const answer = await tilesClient.GET('/api/v1/tiles/{z}/{x}/{y}.mvt', {
    params: { path: { z: tile.z, x: tile.x, y: String(tile.y) } },
    parseAs: 'arrayBuffer',
  });
  if (answer.data === undefined || !answer.response.ok) throw toApiError(answer.response.status, answer.error);
  return decodeTile(answer.data, tile);
}

// A tile's points, from the session's cache when it holds them; the same tile asked twice at once is
// fetched once, and a failed fetch is not kept (the next ask tries again).
export function loadTile(tile: Tile): Promise<TilePoint[]> {
  const key = tileKey(tile);
  const cached = cache.get(key);
  if (cached) return cached;
  const loading = fetchTile(tile);
  cache.set(key, loading);
  loading.catch(() => {
    if (cache.get(key) === loading) cache.delete(key);
  });
  return loading;
}

// The points of every tile of a viewport; a tile that failed is left out (the others still show).
export async function loadViewport(bounds: Bounds, mapZoom: number): Promise<TilePoint[]> {
  const answers = await Promise.allSettled(tilesForViewport(bounds, mapZoom).map(loadTile));
  return answers.flatMap((answer) => (answer.status === 'fulfilled' ? answer.value : []));
}

export function forgetTiles(): void {
  cache.clear();
}
