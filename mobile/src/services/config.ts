// Where the API is. EXPO_PUBLIC_API_URL (inlined at build time) wins; otherwise the app guesses:
// on the web, the page's own host on port 8000 (`make run` + `make mobile`); in Expo Go, the
// development machine's LAN address that Metro was reached at (the API then listens on the LAN,
// HOST=0.0.0.0), and localhost as a last resort.
import Constants from 'expo-constants';
import { Platform } from 'react-native';

const API_PORT = 8000;

function guessApiUrl(): string {
  if (Platform.OS === 'web' && typeof window !== 'undefined' && window.location) {
    return `${window.location.protocol}//${window.location.hostname}:${API_PORT}`;
  }
  const hostUri = Constants.expoConfig?.hostUri; // "192.168.1.20:8081" in Expo Go
  const host = hostUri ? hostUri.split(':')[0] : 'localhost';
  return `http://${host}:${API_PORT}`;
}

export const API_URL: string = (process.env.EXPO_PUBLIC_API_URL ?? '').replace(/\/$/, '') || guessApiUrl();

export const WS_URL: string = `${API_URL.replace(/^http/, 'ws')}/api/v1/ws`;

// Base-map tiles for the web map ({z}/{x}/{y} template). Empty: no base map, the spots and the pin
// still show and work, so the app needs no internet besides its API.
export const TILE_URL: string = process.env.EXPO_PUBLIC_TILE_URL ?? '';
export const TILE_ATTRIBUTION: string = process.env.EXPO_PUBLIC_TILE_ATTRIBUTION ?? '';

// Where the map opens when the device does not share its location: the demo city.
export const DEFAULT_REGION = { latitude: 37.7749, longitude: -122.4194 };
