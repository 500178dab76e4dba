// The specs' own calls to the API (set-up and look-ups a user could not make from the screens:
// who owns a spot, an expired token), with the app's generated types.
import { createHmac, randomUUID } from 'node:crypto';

import createClient from 'openapi-fetch';

import type { components, paths } from '../src/types/api';

export type Schemas = components['schemas'];

export const API_URL = process.env.API_URL ?? 'http://127.0.0.1:8000';
export const SECRET_KEY = process.env.SECRET_KEY ?? '';
export const DEMO_PASSWORD = 'parkingspots-demo';
export const ADMIN_EMAIL = 'admin@demo.parkingspots.dev';
export const PASSWORD = 'e2e-correct-horse-battery';

export const api = createClient<paths>({ baseUrl: API_URL });

export const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

export function must<T>(answer: { data?: T; error?: unknown; response: Response }, what: string): T {
  if (answer.data === undefined) {
    throw new Error(`${what}: ${answer.response.status} ${JSON.stringify(answer.error)}`);
  }
  return answer.data;
}

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@e2e.parkingspots.dev`;
}

export async function login(email: string, password: string): Promise<Schemas['TokenPairOut']> {
  return must(await api.POST('/api/v1/auth/login', { body: { email, password } }), `login ${email}`);
}

export interface Account {
  email: string;
  password: string;
  name: string;
  token: string;
  user: Schemas['UserOut'];
}

export async function newAccount(role: 'renter' | 'owner', name: string): Promise<Account> {
  const email = uniqueEmail(role);
  const user = must(
    await api.POST('/api/v1/auth/register', { body: { email, password: PASSWORD, full_name: name, role } }),
    'register',
  );
  const { access_token } = await login(email, PASSWORD);
  return { email, password: PASSWORD, name, token: access_token, user };
}

// The demo city's owners (owner<N>@demo.parkingspots.dev, password parkingspots-demo) by id, from
// the admin's list: the journeys sign in as the owner of the spot they book. Spots listed by owners
// the journeys register themselves are not theirs to use.
let demoOwnersOnce: Promise<Map<string, Schemas['UserOut']>> | null = null;

export function demoOwners(): Promise<Map<string, Schemas['UserOut']>> {
  demoOwnersOnce ??= (async () => {
    const admin = (await login(ADMIN_EMAIL, DEMO_PASSWORD)).access_token;
    const owners = new Map<string, Schemas['UserOut']>();
    for (let page = 1; page < 100; page++) {
      const users = must(
        await api.GET('/api/v1/admin/users', { params: { query: { role: 'owner', page, page_size: 100 } }, ...bearer(admin) }),
        'admin users',
      );
      users.filter((u) => u.email.endsWith('@demo.parkingspots.dev')).forEach((u) => owners.set(u.id, u));
      if (users.length < 100) break;
    }
    return owners;
  })();
  return demoOwnersOnce;
}

export async function spotOf(spotId: string): Promise<Schemas['SpotOut']> {
  return must(await api.GET('/api/v1/parking-spots/{spot_id}', { params: { path: { spot_id: spotId } } }), 'spot');
}

export async function ownerOf(spotId: string): Promise<{ email: string; password: string; user: Schemas['UserOut'] }> {
  const spot = await spotOf(spotId);
  const owner = (await demoOwners()).get(spot.owner_id);
  if (!owner) throw new Error(`spot ${spotId} is not one of the demo city's owners`);
  return { email: owner.email, password: DEMO_PASSWORD, user: owner };
}

const QUARTER = 15 * 60_000;

// A window on the service's 15-minute grid starting at the first quarter hour at least
// `minutesAhead` from now (the app's "soon" is the first one 10 minutes ahead, for an hour).
export function quarterWindow(minutesAhead: number, hours: number): { start_time: string; end_time: string; start: Date } {
  const start = new Date(Math.ceil((Date.now() + minutesAhead * 60_000) / QUARTER) * QUARTER);
  const end = new Date(start.getTime() + hours * 3_600_000);
  return { start_time: start.toISOString(), end_time: end.toISOString(), start };
}

// Whether `spotId` takes a booking of this window (the service's own answer to a quote).
export async function quotes(token: string, spotId: string, window: { start_time: string; end_time: string }) {
  const answer = await api.POST('/api/v1/bookings/calculate-price', {
    body: { parking_spot_id: spotId, start_time: window.start_time, end_time: window.end_time },
    ...bearer(token),
  });
  return answer.data !== undefined;
}

// A token as the server signs them (HS256 with its SECRET_KEY), from `claims`.
function sign(claims: Record<string, unknown>): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  const signature = createHmac('sha256', SECRET_KEY).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
}

// The same access token (sub, type, ver, jti, iat) but expired a minute ago.
export function expired(accessToken: string): string {
  if (!SECRET_KEY) throw new Error('SECRET_KEY is not set: the harness passes the API its key');
  return sign({ ...claimsOf(accessToken), exp: Math.floor(Date.now() / 1000) - 60 });
}
