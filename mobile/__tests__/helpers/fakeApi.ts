// The network boundary for store tests: a fake `fetch` that answers like the real service
// (shapes from openapi.json) and records every request. Stores and the API client run for real.
import type { Schemas } from '../../src/services/api';

export interface Recorded {
  method: string;
  path: string; // pathname and query, e.g. "/api/v1/users/me"
  authorization: string | null;
  idempotencyKey: string | null;
  body: unknown;
}

export type Handler = (call: Recorded) => Response | Promise<Response>;

export const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

export const noContent = (): Response => new Response(null, { status: 204 });

export const error = (status: number, detail: string, code: string): Response =>
  json({ detail, code } satisfies Schemas['ErrorOut'], status);

export class FakeApi {
  readonly calls: Recorded[] = [];
  private routes = new Map<string, Handler>();

  // `route` is "METHOD /path" with the path as sent, query included ("GET /api/v1/bookings?limit=50")
  // or without a query to match any query.
  on(route: string, handler: Handler): this {
    this.routes.set(route, handler);
    return this;
  }

  callsTo(route: string): Recorded[] {
    const [method, path] = route.split(' ');
    return this.calls.filter((c) => c.method === method && (c.path === path || c.path.split('?')[0] === path));
  }

  readonly fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
    const call: Recorded = {
      method: request.method,
      path: url.pathname + url.search,
      authorization: request.headers.get('Authorization'),
      idempotencyKey: request.headers.get('Idempotency-Key'),
      body: text ? (JSON.parse(text) as unknown) : undefined,
    };
    this.calls.push(call);
    const handler =
      this.routes.get(`${call.method} ${call.path}`) ?? this.routes.get(`${call.method} ${url.pathname}`);
    if (!handler) return error(404, `no fake route for ${call.method} ${call.path}`, 'not_found');
    return handler(call);
  });

  install(): void {
    globalThis.fetch = this.fetch as typeof fetch;
  }
}

export function user(overrides: Partial<Schemas['UserOut']> = {}): Schemas['UserOut'] {
  return {
    id: '0b8f5c1e-3f9a-4c1d-9a57-2d1c7f0e4b11',
    email: 'pat@example.com',
    full_name: 'Pat Example',
    phone_number: null,
    role: 'renter',
    is_active: true,
    is_verified: false,
    latitude: null,
    longitude: null,
    created_at: '2026-11-25T10:00:00Z',
    updated_at: '2026-11-25T10:00:00Z',
    ...overrides,
  };
}

export function tokenPair(n: number): Schemas['TokenPairOut'] {
  return { access_token: `access-${n}`, refresh_token: `refresh-${n}`, token_type: 'bearer' };
}

// The service's answer to a request whose bearer token is not `valid`.
export function requireToken(valid: () => string, answer: Handler): Handler {
  return (call) =>
    call.authorization === `Bearer ${valid()}`
      ? answer(call)
      : call.authorization === null
        ? error(401, 'not authenticated', 'not_authenticated')
        : error(401, 'token expired', 'token_expired');
}

export const SPOT_ID = '5d2e7c44-1b0a-4f6e-8d3c-9a1b2c3d4e5f';
export const OWNER_ID = '7a1f2e3d-4c5b-4a69-8877-665544332211';

export function mapSpot(overrides: Partial<Schemas['MapSpotOut']> = {}): Schemas['MapSpotOut'] {
  return {
    id: SPOT_ID,
    title: 'Covered spot by the Ferry Building',
    address: '1 Ferry Building',
    city: 'San Francisco',
    state: 'CA',
    latitude: 37.7955,
    longitude: -122.3937,
    hourly_rate: 500,
    daily_rate: 3000,
    monthly_rate: null,
    spot_type: 'garage',
    vehicle_size: 'standard',
    is_covered: true,
    has_ev_charging: false,
    is_available: true,
    average_rating: 4.5,
    total_reviews: 12,
    images: ['https://example.com/spot.jpg'],
    ...overrides,
  };
}

export function searchSpot(overrides: Partial<Schemas['SpotItemOut']> = {}): Schemas['SpotItemOut'] {
  return { ...mapSpot(), distance_km: 0.42, ...overrides };
}

export function spot(overrides: Partial<Schemas['SpotOut']> = {}): Schemas['SpotOut'] {
  return {
    ...mapSpot(),
    owner_id: OWNER_ID,
    description: null,
    zip_code: '94111',
    timezone: 'America/Los_Angeles',
    has_security: false,
    has_lighting: true,
    is_handicap_accessible: false,
    is_active: true,
    operating_hours: { mon: [['08:00', '18:00']] },
    total_bookings: 40,
    created_at: '2026-11-25T10:00:00Z',
    updated_at: '2026-11-25T10:00:00Z',
    ...overrides,
  };
}

export function booking(overrides: Partial<Schemas['BookingOut']> = {}): Schemas['BookingOut'] {
  return {
    id: '9c8b7a6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
    user_id: user().id,
    parking_spot_id: SPOT_ID,
    start_time: '2030-05-02T09:00:00Z',
    end_time: '2030-05-02T12:00:00Z',
    status: 'confirmed',
    subtotal: 1500,
    service_fee: 225,
    total_amount: 1725,
    owner_payout: 1500,
    refund_amount: 0,
    payment_status: 'paid',
    payment_intent_id: 'pi_3Example',
    amount_charged: 1725,
    amount_refunded: 0,
    refund_owed: 0,
    hold_expires_at: null,
    vehicle_plate: '7ABC123',
    vehicle_make: 'Toyota',
    vehicle_model: 'Prius',
    vehicle_color: 'blue',
    special_requests: null,
    cancellation_reason: null,
    cancelled_at: null,
    checked_in_at: null,
    checked_out_at: null,
    created_at: '2026-11-25T10:00:00Z',
    updated_at: '2026-11-25T10:00:00Z',
    ...overrides,
  };
}

// A list answer with the service's X-Total-Count header.
export const listed = (items: unknown[], total = items.length): Response =>
  new Response(JSON.stringify(items), {
    status: 200,
    headers: { 'Content-Type': 'application/json', 'X-Total-Count': String(total) },
  });

// Waits (a few turns of the event loop) until `check` holds; fails with its last error.
export async function until(check: () => void, turns = 50): Promise<void> {
  for (let turn = 0; ; turn++) {
    try {
      check();
      return;
    } catch (error) {
      if (turn >= turns) throw error;
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
    }
  }
}
