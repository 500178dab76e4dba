// The one API client: types and paths generated from the service's OpenAPI document
// (src/types/api.d.ts, `npm run gen:api`), calls made with openapi-fetch. openapi-fetch rather than
// axios: it takes the generated `paths` type as is, so every path, parameter, body and answer is
// checked by the compiler with no generator to run beyond openapi-typescript and no hand-written
// response type; it is a 6 kB wrapper around fetch, which React Native and browsers both have.
import * as Crypto from 'expo-crypto';
import createClient from 'openapi-fetch';

import type { components, paths } from '../types/api';
import { API_URL } from './config';
import { Session, type RefreshResult } from './session';
import { tokenStorage } from './tokenStorage';

export type Schemas = components['schemas'];

const plainFetch = (request: Request): Promise<Response> => fetch(request);

// Refresh goes around the signing fetch: a refused refresh must not start another refresh.
const refreshClient = createClient<paths>({ baseUrl: API_URL, fetch: plainFetch });

async function refresh(refreshToken: string): Promise<RefreshResult> {
  const { data, response } = await refreshClient.POST('/api/v1/auth/refresh', {
    body: { refresh_token: refreshToken },
  });
  if (data) return { accessToken: data.access_token, refreshToken: data.refresh_token };
  if (response.status === 401 || response.status === 422) return 'refused';
  throw new Error(`refresh answered ${response.status}`);
}

const endedListeners = new Set<() => void>();

export function onSessionEnded(listener: () => void): () => void {
  endedListeners.add(listener);
  return () => endedListeners.delete(listener);
}

export const session = new Session({
  refresh,
  persist: (token) => (token === null ? tokenStorage.clear() : tokenStorage.save(token)),
  onEnded: () => endedListeners.forEach((listener) => listener()),
});

export const api = createClient<paths>({ baseUrl: API_URL, fetch: session.authorizedFetch(plainFetch) });

// Spends a stored refresh token at start-up (the app was restarted or the tab reloaded).
export async function resumeSession(): Promise<boolean> {
  const stored = await tokenStorage.load();
  if (!stored) return false;
  let result: RefreshResult;
  try {
    result = await refresh(stored);
  } catch {
    return false;
  }
  if (result === 'refused') {
    await tokenStorage.clear();
    return false;
  }
  await session.start(result);
  return true;
}

// One per booking attempt: a retried request with the same key gets the first answer back.
export function newIdempotencyKey(): string {
  return Crypto.randomUUID();
}
