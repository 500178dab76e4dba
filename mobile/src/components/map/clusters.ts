// Clustering of a given list of spots (a filtered search, which the map tiles cannot draw):
// supercluster groups the spots that would overlap at the current zoom, keeping the lowest price of
// each group. Without filters the markers come from the map tiles instead (mapItems.ts).
import Supercluster from 'supercluster';

import type { Bounds, MapSpot } from '../../types/map';

export type MapItem =
  | { kind: 'spot'; key: string; spot: MapSpot }
  | {
      kind: 'cluster';
      key: string;
      count: number;
      minPrice: number; // cents
      expansionZoom: number;
      latitude: number;
      longitude: number;
    };

type SpotProps = { spotId: string; price: number };
type ClusterProps = { minPrice: number };

const MAX_CLUSTER_ZOOM = 17; // from zoom 18 on every spot is drawn on its own

// radius in screen pixels: extent 256 matches the 256-pixel tiles of Leaflet and react-native-maps
export function buildIndex(spots: MapSpot[]): Supercluster<SpotProps, ClusterProps> {
  const index = new Supercluster<SpotProps, ClusterProps>({
    radius: 56, extent: 256, maxZoom: MAX_CLUSTER_ZOOM, minPoints: 2,
    map: (props) => ({ minPrice: props.price }),
    reduce: (into, props) => {
      into.minPrice = Math.min(into.minPrice, props.minPrice);
    },
  });
  index.load(
    spots.map((spot) => ({
      type: 'Feature' as const,
      properties: { spotId: spot.id, price: spot.price },
      geometry: { type: 'Point' as const, coordinates: [spot.longitude, spot.latitude] },
    })),
  );
  return index;
}

export function clusterItems(
  index: Supercluster<SpotProps, ClusterProps>,
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
        minPrice: props.minPrice,
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
