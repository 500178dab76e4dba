// What both maps (SpotMap.tsx on phones, SpotMap.web.tsx) draw for a viewport: the markers of the
// service's map tiles (every spot at street zoom, clusters with their count and lowest price below
// it) or, for a given list of spots (a filtered search), those spots clustered here. The selected
// spot is always drawn on its own.
import { useEffect, useMemo, useState } from 'react';

import { shortMoney } from '../format';
import { loadViewport, type TilePoint } from '../../services/mapTiles';
import type { Bounds, MapSpot } from '../../types/map';
import { buildIndex, clusterItems, type MapItem } from './clusters';

export type { MapItem } from './clusters';

export interface Viewport {
  bounds: Bounds;
  zoom: number;
}

// Tile points as markers. A spot the screen knows (`known`, e.g. greyed live when it was just
// booked) is drawn as the screen knows it; the tile's price stays the label.
export function tileItems(points: TilePoint[], known: Map<string, MapSpot>): MapItem[] {
  return points.map((point): MapItem => {
    if (point.kind === 'cluster') return { ...point };
    const spot: MapSpot = {
      id: point.id, latitude: point.latitude, longitude: point.longitude, price: point.price,
      label: shortMoney(point.price), available: known.get(point.id)?.available ?? true,
    };
    return { kind: 'spot', key: point.id, spot };
  });
}

export function withSelected(items: MapItem[], spots: MapSpot[], selectedId: string | null | undefined): MapItem[] {
  if (!selectedId || items.some((item) => item.kind === 'spot' && item.spot.id === selectedId)) return items;
  const spot = spots.find((candidate) => candidate.id === selectedId);
  return spot ? [...items, { kind: 'spot', key: spot.id, spot }] : items;
}

// The tile points of the viewport (null: none wanted); the previous ones stay until the new ones
// are in, so markers do not blink while the map moves.
function useTilePoints(viewport: Viewport | null): TilePoint[] {
  const [points, setPoints] = useState<TilePoint[]>([]);
  useEffect(() => {
    if (!viewport) return undefined;
    let current = true;
    void loadViewport(viewport.bounds, viewport.zoom).then((next) => {
      if (current) setPoints(next);
    });
    return () => {
      current = false;
    };
  }, [viewport]);
  return points;
}

export function useMapItems(
  fromTiles: boolean,
  spots: MapSpot[],
  viewport: Viewport | null,
  selectedId: string | null | undefined,
): MapItem[] {
  const points = useTilePoints(fromTiles ? viewport : null);
  const known = useMemo(() => new Map(spots.map((spot) => [spot.id, spot])), [spots]);
  const index = useMemo(() => (fromTiles ? null : buildIndex(spots)), [fromTiles, spots]);
  return useMemo(() => {
    if (!viewport) return [];
    const items = index ? clusterItems(index, known, viewport.bounds, viewport.zoom) : tileItems(points, known);
    return withSelected(items, spots, selectedId);
  }, [index, points, known, spots, viewport, selectedId]);
}
