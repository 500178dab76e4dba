// Phones keep the refresh token in the platform's secure storage (Keychain / Keystore) so a
// restarted app stays signed in. The access token lives in memory only (session.ts).
import * as SecureStore from 'expo-secure-store';

const KEY = 'parkingspots.refresh_token';

export const tokenStorage = {
  load: (): Promise<string | null> => SecureStore.getItemAsync(KEY),
  save: (refreshToken: string): Promise<void> => SecureStore.setItemAsync(KEY, refreshToken),
  clear: (): Promise<void> => SecureStore.deleteItemAsync(KEY),
};
