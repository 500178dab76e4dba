// The web build keeps the refresh token in sessionStorage: it survives a reload of the tab but not
// closing it, and is never shared with other tabs or sent with requests (unlike a cookie). The
// access token lives in memory only (session.ts). Storage can be unavailable (private mode): then
// the session simply lasts as long as the page.
const KEY = 'parkingspots.refresh_token';

function storage(): Storage | null {
  try {
    return typeof window !== 'undefined' ? window.sessionStorage : null;
  } catch {
    return null;
  }
}

export const tokenStorage = {
  load: async (): Promise<string | null> => storage()?.getItem(KEY) ?? null,
  save: async (refreshToken: string): Promise<void> => storage()?.setItem(KEY, refreshToken),
  clear: async (): Promise<void> => storage()?.removeItem(KEY),
};
