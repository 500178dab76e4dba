// The map components' contract (components/map/): SpotMap.tsx (phones: react-native-maps) and SpotMap.web.tsx (web:
// Leaflet) implement the same props, as do LocationPicker.tsx / LocationPicker.web.tsx.

export interface LatLng {
  latitude: number;
  longitude: number;
}

export interface Bounds {
  minLat: number;
  minLon: number;
  maxLat: number;
  maxLon: number;
}

export interface MapSpot extends LatLng {
  id: string;
  label: string; // shown on the marker, e.g. "$4"
  available: boolean;
}

export interface SpotMapProps {
  center: LatLng; // where the map opens (and moves to when it changes)
  spots: MapSpot[]; // drawn as markers, clustered when dense
  selectedId?: string | null;
  onViewportChange: (bounds: Bounds, zoom: number) => void; // after the user pans or zooms (and once at start)
  onSelectSpot: (id: string) => void;
  testID?: string;
}

export interface LocationPickerProps {
  value: LatLng | null; // the pin, or none yet
  center: LatLng; // where the map opens when there is no pin
  onChange: (value: LatLng) => void; // tap / click on the map, or drag the pin
  testID?: string;
}
