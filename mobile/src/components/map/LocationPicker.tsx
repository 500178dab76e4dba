// The owner's map pin on phones (react-native-maps): tap the map to place it, drag it to adjust.
import { useEffect, useRef } from 'react';
import { StyleSheet, View } from 'react-native';
import MapView, { Marker } from 'react-native-maps';

import { colors } from '../ui';
import type { LocationPickerProps } from '../../types/map';

const DELTA = 0.01;

export function LocationPicker({ value, center, onChange, testID = 'location-picker' }: LocationPickerProps) {
  const mapRef = useRef<MapView>(null);
  const start = value ?? center;

  useEffect(() => {
    if (!value) {
      mapRef.current?.animateToRegion({ ...center, latitudeDelta: DELTA, longitudeDelta: DELTA }, 300);
    }
  }, [value, center.latitude, center.longitude]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <View style={styles.container} testID={testID}>
      <MapView
        ref={mapRef}
        style={StyleSheet.absoluteFill}
        initialRegion={{ latitude: start.latitude, longitude: start.longitude, latitudeDelta: DELTA, longitudeDelta: DELTA }}
        onPress={(event) => onChange(event.nativeEvent.coordinate)}
        toolbarEnabled={false}
      >
        {value ? (
          <Marker
            coordinate={value}
            draggable
            pinColor={colors.danger}
            testID="location-pin"
            onDragEnd={(event) => onChange(event.nativeEvent.coordinate)}
          />
        ) : null}
      </MapView>
    </View>
  );
}


const styles = StyleSheet.create({
  container: { height: 300, borderRadius: 12, overflow: 'hidden' },
});
