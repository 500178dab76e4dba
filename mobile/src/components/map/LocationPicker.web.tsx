// The owner's map pin on the web (Leaflet): click the map to place it, drag it to adjust. Works with
// no base-map tiles (a local grid is drawn unless TILE_URL is set).
import type L from 'leaflet';
import { useEffect, useMemo, useRef } from 'react';
import { StyleSheet, View } from 'react-native';
import { MapContainer, Marker, useMap, useMapEvents } from 'react-leaflet';

import { TILE_URL } from '../../services/config';
import { AutoResize, BaseLayer, containerStyle, pinIcon } from './leafletParts.web';
import type { LatLng, LocationPickerProps } from '../../types/map';

function ClickToPlace({ onChange }: { onChange: (value: LatLng) => void }) {
  useMapEvents({ click: (event) => onChange({ latitude: event.latlng.lat, longitude: event.latlng.lng }) });
  return null;
}

// Follows `center` while there is no pin (e.g. the owner picked a city); a pin set from outside is
// brought into view.
function FollowView({ value, center }: { value: LatLng | null; center: LatLng }) {
  const map = useMap();
  useEffect(() => {
    if (!value) map.setView([center.latitude, center.longitude]);
  }, [map, value, center.latitude, center.longitude]);
  useEffect(() => {
    if (value && !map.getBounds().contains([value.latitude, value.longitude])) map.panTo([value.latitude, value.longitude]);
  }, [map, value]);
  return null;
}

export function LocationPicker({ value, center, onChange, testID = 'location-picker' }: LocationPickerProps) {
  const icon = useMemo(() => pinIcon(), []);
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });
  const handlers = useMemo(
    () => ({
      dragend: (event: L.LeafletEvent) => {
        const position = (event.target as L.Marker).getLatLng();
        latest.current({ latitude: position.lat, longitude: position.lng });
      },
    }),
    [],
  );
  const start = value ?? center;

  return (
    <View style={styles.container} testID={testID}>
      <MapContainer center={[start.latitude, start.longitude]} zoom={15} style={containerStyle} attributionControl={!!TILE_URL}>
        <BaseLayer />
        <AutoResize />
        <ClickToPlace onChange={(next) => latest.current(next)} />
        <FollowView value={value} center={center} />
        {value ? <Marker position={[value.latitude, value.longitude]} icon={icon} draggable eventHandlers={handlers} /> : null}
      </MapContainer>
    </View>
  );
}


const styles = StyleSheet.create({
  container: { height: 300, minHeight: 300, position: 'relative', overflow: 'hidden', borderRadius: 12 },
});
