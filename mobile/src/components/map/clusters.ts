// Clustering shared by the phone map (react-native-maps) and the web map (Leaflet): supercluster
// groups the spots that would overlap at the current zoom; each map draws what comes out.
import { useMemo } from 'react';
import Supercluster from 'supercluster';

import type { Bounds, MapSpot } from '../../types/map';

export type MapItem =
  | { kind: 'spot'; key: string; spot: MapSpot }
  | { kind: 'cluster'; key: string; count: number; expansionZoom: number; latitude: number; longitude: number };

type SpotProps = { spotId: string };

const MAX_CLUSTER_ZOOM = 17; // from zoom 18 on every spot is drawn on its own

// radius in screen pixels: extent 256 matches the 256-pixel tiles of Leaflet and react-native-maps
export function buildIndex(spots: MapSpot[]): Supercluster<SpotProps> {
  const index = new Supercluster<SpotProps>({ radius: 56, extent: 256, maxZoom: MAX_CLUSTER_ZOOM, minPoints: 2 });
  index.load(
    spots.map((spot) => ({
      type: 'Feature' as const,
      properties: { spotId: spot.id },
      geometry: { type: 'Point' as const, coordinates: [spot.longitude, spot.latitude] },
    })),
  );
  return index;
}

export function clusterItems(
  index: Supercluster<SpotProps>,
  byId: Map<string, MapSpot>,
  bounds: Bounds,
  zoom: number,
): MapItem[] {
  const bbox: [number, number, number, number] = [bounds.minLon, bounds.minLat, bounds.maxLon, bounds.maxLat];
  const items: MapItem[] = [];
  for (const feature of index.getClusters(bbox, Math.round(zoom))) {
    const [longitude, latitude] = feature.geometry.coordinates;
    const props = feature.properties;
    if ('cluster' in props && props.cluster) {
      const clusterId = props.cluster_id;
      items.push({
        kind: 'cluster',
        key: `cluster-${clusterId}`,
        count: props.point_count,
        expansionZoom: Math.min(index.getClusterExpansionZoom(clusterId), MAX_CLUSTER_ZOOM + 1),
        latitude,
        longitude,
      });
    } else if ('spotId' in props) {
      const spot = byId.get(props.spotId);
      if (spot) items.push({ kind: 'spot', key: spot.id, spot });
    }
  }
  return items;
}

// The markers to draw for `spots` in the viewport `bounds` at `zoom` (null bounds: nothing yet).
export function useClusters(spots: MapSpot[], bounds: Bounds | null, zoom: number): MapItem[] {
  const index = useMemo(() => buildIndex(spots), [spots]);
  const byId = useMemo(() => new Map(spots.map((spot) => [spot.id, spot])), [spots]);
  return useMemo(() => (bounds ? clusterItems(index, byId, bounds, zoom) : []), [index, byId, bounds, zoom]);
}

// The selected spot is always drawn on its own, even when it would fall in a cluster.
export function withSelected(items: MapItem[], spots: MapSpot[], selectedId: string | null | undefined): MapItem[] {
  if (!selectedId || items.some((item) => item.kind === 'spot' && item.spot.id === selectedId)) return items;
  const spot = spots.find((candidate) => candidate.id === selectedId);
  return spot ? [...items, { kind: 'spot', key: spot.id, spot }] : items;
}
