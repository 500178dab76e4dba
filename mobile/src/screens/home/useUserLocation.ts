// The device's position for the Home map. Phones ask for permission at once; the web only uses a
// permission the browser already gave (no prompt on page load) and asks when the user taps
// "My location". Refused, unavailable or slow: null, and the map stays on the chosen city.
import * as Location from 'expo-location';
import { useCallback, useEffect, useState } from 'react';
import { Platform } from 'react-native';

import type { LatLng } from '../../components/map/types';
import { useParkingSpotStore } from '../../stores/parkingSpotStore';

const TIMEOUT_MS = 8000;

export type LocateStatus = 'idle' | 'locating' | 'found' | 'refused' | 'unavailable';

async function position(): Promise<LatLng> {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS));
  const found = await Promise.race([Location.getCurrentPositionAsync({ accuracy: Location.Accuracy.Balanced }), timeout]);
  return { latitude: found.coords.latitude, longitude: found.coords.longitude };
}

export function useUserLocation(onFound: (location: LatLng) => void) {
  const [status, setStatus] = useState<LocateStatus>('idle');
  const setCurrentLocation = useParkingSpotStore((s) => s.setCurrentLocation);

  const locate = useCallback(
    async (ask: boolean) => {
      setStatus('locating');
      try {
        const permission = ask
          ? await Location.requestForegroundPermissionsAsync()
          : await Location.getForegroundPermissionsAsync();
        if (!permission.granted) {
          setStatus(ask ? 'refused' : 'idle');
          return;
        }
        const location = await position();
        setCurrentLocation(location);
        setStatus('found');
        onFound(location);
      } catch {
        setStatus('unavailable');
      }
    },
    [onFound, setCurrentLocation],
  );

  useEffect(() => {
    void locate(Platform.OS !== 'web');
    // once, on opening the Home tab
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return { status, locate: () => locate(true) };
}
