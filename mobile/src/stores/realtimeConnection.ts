// Starts the app's one WebSocket (services/realtimeSocket.ts) when the app starts — anonymous until
// someone signs in, so spot events reach the map from the first screen — and keeps it following
// the session: sign in / sign out (the auth store), a refreshed access token (checked every few
// seconds and before expiry), and the app coming back to the foreground (reconnect at once).
// App.tsx imports this module once.
import { AppState } from 'react-native';

import { useAuthStore } from './authStore';
import { session } from '../services/api';
import { WS_URL } from '../services/config';
import { realtime } from '../services/realtime';
import { RealtimeSocket } from '../services/realtimeSocket';

export const realtimeSocket = new RealtimeSocket({
  url: WS_URL,
  WebSocket,
  bus: realtime,
  getToken: () => session.accessToken,
  renew: (failed) => session.renew(failed),
  random: Math.random,
  log: __DEV__ ? (message) => console.log(message) : undefined,
});

useAuthStore.subscribe((state, previous) => {
  if (state.user?.id !== previous.user?.id || state.isAuthenticated !== previous.isAuthenticated) {
    realtimeSocket.sync();
  }
});

AppState.addEventListener('change', (state) => {
  if (state === 'active') realtimeSocket.reconnectNow();
});

realtimeSocket.start();
