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
  price: number; // hourly rate, cents
  label: string; // shown on the marker, e.g. "$4"
  available: boolean;
}

export interface SpotMapProps {
  center: LatLng; // where the map opens (and moves to when it changes)
  // fromTiles: the markers are the service's map tiles (every spot at street zoom, clusters with
  // counts below it); `spots` then only says which are unavailable now and where the selected one is.
  // Otherwise the markers are `spots` (e.g. a filtered search), clustered when dense.
  fromTiles: boolean;
  spots: MapSpot[];
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
