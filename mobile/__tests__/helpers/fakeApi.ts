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
