// The wire protocol of /api/v1/ws (docs/realtime.md): the subprotocol, the server's close codes,
// the messages each side sends (types from the OpenAPI document), reading a frame, and the
// WebSocket the transport needs (the browser's, React Native's and a test's all fit).
import type { Schemas } from './api';

export const PROTOCOL = 'parkingspots.v1';
export const OPEN = 1; // WebSocket.OPEN

// Close codes of the server (docs/realtime.md, "Limits and close codes").
export const CLOSE_TOKEN = 4401; // token_expired, token_revoked, token_invalid, token_wrong_type
export const CLOSE_ORIGIN = 4403; // origin_not_allowed: retrying cannot help
export const CLOSE_TOO_MANY = 4429; // too_many_connections
export const CLOSE_PING_TIMEOUT = 4000; // ours: the server answered no ping in time

// A handler property the browser's, React Native's and a test's WebSocket all satisfy (their event
// types differ; each passes at least what the transport reads).
type Listener<E> = { bivarianceHack(event: E): void }['bivarianceHack'];

export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: Listener<unknown> | null;
  onmessage: Listener<{ data: unknown }> | null;
  onclose: Listener<{ code: number; reason: string }> | null;
  onerror: Listener<unknown> | null;
}

export type WebSocketConstructor = new (url: string, protocols: string[]) => WebSocketLike;

export type ClientMessage = Schemas['AuthIn'] | Schemas['SubscribeIn'] | Schemas['UnsubscribeIn'] | Schemas['PingIn'];

export type ServerMessage =
  | Schemas['WelcomeOut']
  | Schemas['AuthenticatedOut']
  | Schemas['SubscribedOut']
  | Schemas['ResyncOut']
  | Schemas['ErrorFrameOut']
  | Schemas['PongOut']
  | Schemas['SpotAvailabilityEvent']
  | Schemas['NewReviewEvent']
  | Schemas['NewBookingEvent']
  | Schemas['BookingUpdateEvent'];

const SERVER_TYPES = new Set<string>([
  'welcome', 'authenticated', 'subscribed', 'resync', 'error', 'pong',
  'spot_availability', 'new_review', 'new_booking', 'booking_update',
]);

// A frame from the server as one of its messages; null when it is not one (not text, not JSON,
// or a type this client does not know).
export function parseServerMessage(data: unknown): ServerMessage | null {
  if (typeof data !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' && SERVER_TYPES.has(type) ? (value as ServerMessage) : null;
}
