// The spots map on phones: react-native-maps (Apple Maps / Google Maps); the markers are the
// service's map tiles or a given list (mapItems.ts, shared with the web map). The web build uses
// SpotMap.web.tsx instead.
import { useEffect, useRef, useState } from 'react';
import { StyleSheet, Text, View, type LayoutChangeEvent } from 'react-native';
import MapView, { Marker, type Region } from 'react-native-maps';

import { shortMoney } from '../format';
import { colors } from '../ui';
import { useMapItems, type Viewport } from './mapItems';
import { deltaForZoom, zoomForDelta } from '../../services/geo';
import type { Bounds, SpotMapProps } from '../../types/map';

const START_ZOOM = 14; // clusters (count, "from" price) show where the spots are; a tap on one goes to the street

const clusterSize = (count: number) => (count < 10 ? 32 : count < 100 ? 38 : 46);

function boundsOf(region: Region): Bounds {
  return {
    minLat: region.latitude - region.latitudeDelta / 2,
    maxLat: region.latitude + region.latitudeDelta / 2,
    minLon: region.longitude - region.longitudeDelta / 2,
    maxLon: region.longitude + region.longitudeDelta / 2,
  };
}

function regionAt(latitude: number, longitude: number, zoom: number, width: number): Region {
  const delta = deltaForZoom(zoom, width);
  return { latitude, longitude, latitudeDelta: delta, longitudeDelta: delta };
}

export function SpotMap({ center, fromTiles, spots, selectedId, onViewportChange, onSelectSpot, testID = 'map' }: SpotMapProps) {
  const mapRef = useRef<MapView>(null);
  const [width, setWidth] = useState(390);
  const [viewport, setViewport] = useState<Viewport | null>(null);
  const [initialRegion] = useState(() => regionAt(center.latitude, center.longitude, START_ZOOM, 390));
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    mapRef.current?.animateToRegion(regionAt(center.latitude, center.longitude, START_ZOOM, width), 400);
    // only when the center changes
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [center]);

  const report = (region: Region) => {
    const next = { bounds: boundsOf(region), zoom: zoomForDelta(region.longitudeDelta, width) };
    setViewport(next);
    onViewportChange(next.bounds, next.zoom);
  };

  const items = useMapItems(fromTiles, spots, viewport, selectedId);

  return (
    <View style={styles.container} testID={testID} onLayout={(e: LayoutChangeEvent) => setWidth(e.nativeEvent.layout.width || 390)}>
      <MapView
        ref={mapRef}
        style={StyleSheet.absoluteFill}
        initialRegion={initialRegion}
        onMapReady={() => report(initialRegion)}
        onRegionChangeComplete={report}
        showsUserLocation
        toolbarEnabled={false}
      >
        {items.map((item) =>
          item.kind === 'cluster' ? (
            <Marker
              key={item.key}
              coordinate={{ latitude: item.latitude, longitude: item.longitude }}
              tracksViewChanges={false}
              onPress={() => {
                const zoom = Math.max(item.expansionZoom, (viewport?.zoom ?? 0) + 1);
                mapRef.current?.animateToRegion(regionAt(item.latitude, item.longitude, zoom, width), 300);
              }}
            >
              <View style={styles.clusterBox} testID="map-cluster">
                <View style={[styles.cluster, { width: clusterSize(item.count), height: clusterSize(item.count) }]}>
                  <Text style={styles.clusterText}>{item.count}</Text>
                </View>
                <Text style={styles.clusterPrice}>from {shortMoney(item.minPrice)}</Text>
              </View>
            </Marker>
          ) : (
            <Marker
              key={`${item.key}-${item.spot.available}-${item.spot.id === selectedId}`}
              coordinate={{ latitude: item.spot.latitude, longitude: item.spot.longitude }}
              tracksViewChanges={false}
              zIndex={item.spot.id === selectedId ? 1000 : 1}
              onPress={() => onSelectSpot(item.spot.id)}
            >
              <View
                testID={`spot-marker-${item.spot.id}`}
                style={[styles.label, item.spot.id === selectedId && styles.selected, !item.spot.available && styles.unavailable]}
              >
                <Text style={styles.labelText}>{item.spot.label}</Text>
              </View>
            </Marker>
          ),
        )}
      </MapView>
    </View>
  );
}


const styles = StyleSheet.create({
  container: { flex: 1, minHeight: 300 },
  label: { backgroundColor: colors.primary, borderRadius: 14, paddingHorizontal: 8, paddingVertical: 5, borderWidth: 2, borderColor: '#fff' },
  unavailable: { backgroundColor: '#9e9ea4' },
  selected: { backgroundColor: colors.primaryDark },
  labelText: { color: '#fff', fontWeight: '600', fontSize: 13 },
  clusterBox: { alignItems: 'center', gap: 2 },
  cluster: { borderRadius: 999, backgroundColor: 'rgba(27,110,243,0.88)', borderWidth: 3, borderColor: '#fff', alignItems: 'center', justifyContent: 'center' },
  clusterText: { color: '#fff', fontWeight: '700', fontSize: 13 },
  clusterPrice: { backgroundColor: '#fff', color: colors.primaryDark, fontWeight: '600', fontSize: 11, borderRadius: 8, paddingHorizontal: 5, paddingVertical: 2, overflow: 'hidden' },
});
