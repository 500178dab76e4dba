// The device's position for the Home map. Phones ask for permission at once; the web only uses a
// permission the browser already gave (no prompt on page load) and asks when the user taps
// "My location". Refused, unavailable or slow: no position, and the map stays on the chosen city.
import * as Location from 'expo-location';
import { useEffect, useRef, useState } from 'react';
import { Platform } from 'react-native';

import type { LatLng } from '../../types/map';
import { useParkingSpotStore } from '../../stores/parkingSpotStore';

const TIMEOUT_MS = 8000;

export type LocateStatus = 'idle' | 'locating' | 'found' | 'refused' | 'unavailable';

async function position(): Promise<LatLng> {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS));
  const found = await Promise.race([Location.getCurrentPositionAsync({ accuracy: Location.Accuracy.Balanced }), timeout]);
  return { latitude: found.coords.latitude, longitude: found.coords.longitude };
}

// `ask`: request the permission (a prompt) rather than only use one already given
async function find(ask: boolean, onFound: (location: LatLng) => void): Promise<LocateStatus> {
  try {
    const permission = ask ? await Location.requestForegroundPermissionsAsync() : await Location.getForegroundPermissionsAsync();
    if (!permission.granted) return ask ? 'refused' : 'idle';
    const location = await position();
    useParkingSpotStore.getState().setCurrentLocation(location);
    onFound(location);
    return 'found';
  } catch {
    return 'unavailable';
  }
}

export function useUserLocation(onFound: (location: LatLng) => void) {
  const [status, setStatus] = useState<LocateStatus>('locating');
  const latest = useRef(onFound);
  useEffect(() => {
    latest.current = onFound;
  });

  useEffect(() => {
    let mounted = true;
    void find(Platform.OS !== 'web', (location) => latest.current(location)).then((next) => mounted && setStatus(next));
    return () => {
      mounted = false;
    };
  }, []);

  const locate = async () => {
    setStatus('locating');
    setStatus(await find(true, (location) => latest.current(location)));
  };

  return { status, locate };
}
