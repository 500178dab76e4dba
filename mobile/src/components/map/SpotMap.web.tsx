// The spots map on the web: Leaflet through react-leaflet (react-native-maps has no web support).
// The markers are the service's map tiles or a given list (mapItems.ts). No base-map tiles are
// needed: without TILE_URL a local grid is drawn and the markers still work.
import type L from 'leaflet';
import { useEffect, useMemo, useRef, useState } from 'react';
import { StyleSheet, View } from 'react-native';
import { MapContainer, Marker, useMap, useMapEvents } from 'react-leaflet';

import { TILE_URL } from '../../services/config';
import { AutoResize, BaseLayer, clusterIcon, containerStyle, spotIcon } from './leafletParts.web';
import { useMapItems, type MapItem, type Viewport } from './mapItems';
import type { Bounds, MapSpot, SpotMapProps } from '../../types/map';

const START_ZOOM = 14; // clusters (count, "from" price) show where the spots are; a tap on one goes to the street

function boundsOf(map: L.Map): Bounds {
  const b = map.getBounds();
  return { minLat: b.getSouth(), minLon: b.getWest(), maxLat: b.getNorth(), maxLon: b.getEast() };
}

function ViewportWatcher({ onChange }: { onChange: (viewport: Viewport) => void }) {
  // a hidden map (another screen on top) has no size and no viewport worth reporting
  const report = () => {
    const size = map.getSize();
    if (size.x > 0 && size.y > 0) onChange({ bounds: boundsOf(map), zoom: map.getZoom() });
  };
  const map = useMapEvents({ moveend: report });
  useEffect(() => {
    map.whenReady(report);
    // once, when the map is ready
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map]);
  return null;
}

// Moves the map when the `center` prop is a new value (a city chip, the user's location).
function Recenter({ center }: { center: SpotMapProps['center'] }) {
  const map = useMap();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    map.setView([center.latitude, center.longitude], Math.max(map.getZoom(), 13));
  }, [map, center]);
  return null;
}

function SpotMarker({ spot, selected, onSelect }: { spot: MapSpot; selected: boolean; onSelect: (id: string) => void }) {
  const icon = useMemo(
    () => spotIcon(spot.id, spot.label, spot.available, selected),
    [spot.id, spot.label, spot.available, selected],
  );
  return (
    <Marker
      position={[spot.latitude, spot.longitude]}
      icon={icon}
      zIndexOffset={selected ? 1000 : spot.available ? 100 : 0}
      eventHandlers={{ click: () => onSelect(spot.id) }}
      title={spot.label}
    />
  );
}

// A click zooms in on the cluster (at least one zoom level).
function ClusterMarker({ cluster }: { cluster: Extract<MapItem, { kind: 'cluster' }> }) {
  const map = useMap();
  const { latitude, longitude, count, minPrice, expansionZoom } = cluster;
  const icon = useMemo(() => clusterIcon(count, minPrice), [count, minPrice]);
  return (
    <Marker
      position={[latitude, longitude]}
      icon={icon}
      zIndexOffset={500}
      eventHandlers={{ click: () => map.setView([latitude, longitude], Math.max(expansionZoom, map.getZoom() + 1)) }}
    />
  );
}

interface MarkersProps {
  fromTiles: boolean;
  spots: MapSpot[];
  viewport: Viewport | null;
  selectedId?: string | null;
  onSelect: (id: string) => void;
}

function Markers({ fromTiles, spots, viewport, selectedId, onSelect }: MarkersProps) {
  const items = useMapItems(fromTiles, spots, viewport, selectedId);
  return (
    <>
      {items.map((item) =>
        item.kind === 'cluster' ? (
          <ClusterMarker key={item.key} cluster={item} />
        ) : (
          <SpotMarker key={item.key} spot={item.spot} selected={item.spot.id === selectedId} onSelect={onSelect} />
        ),
      )}
    </>
  );
}

export function SpotMap({ center, fromTiles, spots, selectedId, onViewportChange, onSelectSpot, testID = 'map' }: SpotMapProps) {
  const [viewport, setViewport] = useState<Viewport | null>(null);
  const report = useRef(onViewportChange);
  useEffect(() => {
    report.current = onViewportChange;
  });
  const onChange = useMemo(
    () => (next: Viewport) => {
      setViewport(next);
      report.current(next.bounds, next.zoom);
    },
    [],
  );

  return (
    <View style={styles.container} testID={testID}>
      <MapContainer
        center={[center.latitude, center.longitude]}
        zoom={START_ZOOM}
        style={containerStyle}
        attributionControl={!!TILE_URL}
      >
        <BaseLayer />
        <AutoResize />
        <ViewportWatcher onChange={onChange} />
        <Recenter center={center} />
        <Markers fromTiles={fromTiles} spots={spots} viewport={viewport} selectedId={selectedId} onSelect={onSelectSpot} />
      </MapContainer>
    </View>
  );
}


const styles = StyleSheet.create({
  container: { flex: 1, minHeight: 400, position: 'relative', overflow: 'hidden' },
});
