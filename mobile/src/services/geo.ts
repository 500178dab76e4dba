// Map arithmetic without a map library (the store and both maps use it).
import type { LatLng } from '../types/map';

// Zoom level (web-mercator tiles) that shows `longitudeDelta` degrees across `widthPx` pixels.
export function zoomForDelta(longitudeDelta: number, widthPx: number): number {
  return Math.log2((360 * widthPx) / (256 * Math.max(longitudeDelta, 1e-6)));
}

export function deltaForZoom(zoom: number, widthPx: number): number {
  return (360 * widthPx) / (256 * 2 ** zoom);
}

// Great-circle distance in kilometres (for in-bounds results, which carry no distance).
export function distanceKm(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}
