// Type-checked against the client openapi-typescript generates from /docs/openapi.json
// (tests/core/test_typescript_client.py): every success answer has a real type, parameters have
// theirs (a latitude is a number), and a client reads the fields it needs.
import type { components, paths } from "./schema";

type Json<R> = R extends { content: { "application/json": infer B } } ? B
  : R extends { content: { "text/plain": infer T } } ? T  // /metrics: Prometheus text
  : R extends { content: { "application/vnd.mapbox-vector-tile": unknown } } ? ArrayBuffer : never;  // map tiles: bytes
type Success<Op> = Op extends { responses: infer R } ? Json<R[Extract<keyof R, 200 | 201 | 202>]> : never;
type Method = "get" | "post" | "put" | "patch" | "delete";
type IsUntyped<T> = [T] extends [never] ? true : unknown extends T ? true : false;

// The operations whose success body is untyped (never or unknown), by name; 204s have no body.
type Untyped = {
  [P in keyof paths]: {
    [M in Method]: paths[P][M] extends { responses: infer R }
      ? 204 extends keyof R ? never : IsUntyped<Success<paths[P][M]>> extends true ? `${M} ${P & string}` : never
      : never;
  }[Method];
}[keyof paths];
export const everyAnswerIsTyped: [Untyped] extends [never] ? true : { untyped: Untyped } = true;

type Spot = Success<paths["/api/v1/parking-spots/{spot_id}"]["get"]>;
type SearchItem = Success<paths["/api/v1/parking-spots"]["get"]>[number];
type SearchQuery = NonNullable<paths["/api/v1/parking-spots"]["get"]["parameters"]["query"]>;
type Quote = Success<paths["/api/v1/bookings/calculate-price"]["post"]>;
type BookingIn = paths["/api/v1/bookings"]["post"]["requestBody"]["content"]["application/json"];
type Booking = Success<paths["/api/v1/bookings"]["post"]>;
type Tokens = Success<paths["/api/v1/auth/login"]["post"]>;
type ApiError = components["schemas"]["ErrorOut"];

export const nearTheFerryBuilding: SearchQuery = { latitude: 37.7955, longitude: -122.3937, radius_km: 2,
                                                   has_ev_charging: true, spot_type: "garage", page_size: 20 };

export function label(spot: Spot): string {
  return `${spot.title}, ${spot.city}: $${(spot.hourly_rate / 100).toFixed(2)}/h, ${spot.average_rating} stars`;
}

export function distance(item: SearchItem): string {
  return item.distance_km === null ? item.city : `${item.distance_km.toFixed(1)} km`;
}

export function breakdown(quote: Quote): number {
  return quote.subtotal + quote.service_fee - quote.total + quote.tiers.hourly_hours;
}

export const request: BookingIn = { parking_spot_id: "5d2e7c44-1b0a-4f6e-8d3c-9a1b2c3d4e5f",
                                    start_time: "2030-05-02T09:00:00Z", end_time: "2030-05-02T12:00:00Z" };

export function summary(booking: Booking, tokens: Tokens, error?: ApiError): string {
  const status: "pending" | "confirmed" | "in_progress" | "completed" | "cancelled" | "refunded" = booking.status;
  return `${status} ${booking.total_amount} ${tokens.token_type} ${error?.code ?? ""}`;
}

// The WebSocket /api/v1/ws has no HTTP operation; its messages are components (tag realtime).
type Subscribe = components["schemas"]["SubscribeIn"];
type BookingUpdate = components["schemas"]["BookingUpdateEvent"];
export const resumeAfter41: Subscribe = { type: "subscribe", spots: [], last_event_id: 41 };
export const bookingStatus = (event: BookingUpdate): string => `${event.booking_id} is ${event.status} (#${event.id})`;
