// The transport of the app's one WebSocket to /api/v1/ws (docs/realtime.md): connect, sign in,
// subscribe to the watched spots, resume after a reconnect, keep the token fresh, and hand every
// event to the EventBus (services/realtime.ts). Plain TypeScript: the WebSocket constructor, the
// timers, the clock and the session are passed in, so jest drives it with a fake socket.
//
// Signing in: with the `auth` message after `welcome`, not with a `bearer.<token>` subprotocol.
// The message works the same on phones and in browsers; it signs in an anonymous connection and
// renews the token of a signed-in one without reconnecting (the subprotocol can do neither: a new
// token would need a new connection); and the token never travels in the handshake's
// Sec-WebSocket-Protocol header, which proxies and load balancers log more often than frames.
// `auth` is sent before the first `subscribe` on the same connection, and the server handles a
// connection's messages in order, so the stream includes the user's bookings from its start.
import type { Schemas } from './api';
import type { RealtimeEventType, RealtimeEvents } from './realtime';

export const PROTOCOL = 'parkingspots.v1';
const OPEN = 1; // WebSocket.OPEN

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

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

// What the transport needs of services/realtime.ts's EventBus.
export interface EventSink {
  emit<T extends RealtimeEventType>(type: T, event: RealtimeEvents[T]): void;
  readonly watchedSpots: string[];
  onWatchChange(listener: (spots: string[]) => void): () => void;
}

export interface RealtimeSocketDeps {
  url: string;
  WebSocket: WebSocketConstructor;
  bus: EventSink;
  // The session's current access token (null: signed out).
  getToken(): string | null;
  // A fresh access token after `failed` was refused or is about to expire (session.renew): null
  // when the session is over. Rejects when the service cannot be reached.
  renew(failed: string): Promise<string | null>;
  timers?: Timers;
  now?: () => number;
  // Spreads reconnects (0..1); without it the backoff is exactly 1 s, 2 s, 4 s, … 30 s.
  random?: () => number;
  // How often the session's access token is compared with the connection's (a refresh over HTTP
  // replaced it): cheap, a string comparison.
  tokenCheckMs?: number;
  // Renew the connection's token this long before it expires (the server closes 4401 at expiry).
  renewBeforeMs?: number;
  // Watch changes that come together (a screen leaves, another comes) are sent as one diff.
  watchDebounceMs?: number;
  log?: (message: string) => void;
}

export type RealtimeStatus = 'idle' | 'connecting' | 'open' | 'waiting' | 'refused' | 'stopped';

type ClientMessage = Schemas['AuthIn'] | Schemas['SubscribeIn'] | Schemas['UnsubscribeIn'] | Schemas['PingIn'];

type ServerMessage =
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const BACKOFF_FIRST_MS = 1000;
export const MIN_RENEW_MS = 30000;
export const BACKOFF_MAX_MS = 30000;

export function backoffDelay(attempt: number, random?: () => number): number {
  const delay = Math.min(BACKOFF_FIRST_MS * 2 ** attempt, BACKOFF_MAX_MS);
  return random ? Math.round(delay * (0.75 + 0.5 * random())) : delay;
}

function parse(data: unknown): ServerMessage | null {
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

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class RealtimeSocket {
  private readonly timers: Timers;
  private readonly now: () => number;
  private ws: WebSocketLike | null = null;
  private _status: RealtimeStatus = 'idle';
  private statusListeners = new Set<(status: RealtimeStatus) => void>();
  private unwatch: (() => void) | null = null;

  // this connection
  private welcomed = false;
  private started = false; // the first subscribe was sent
  private connToken: string | null = null; // the token sent in `auth` (null: anonymous)
  private serverSpots = new Set<string>(); // what the server was told to watch
  private maxSpots = 100;
  private pingMs = 20000;
  private awaitingPong = false;
  private _userId: string | null = null;

  // across connections
  private _lastEventId: number | null = null;
  private attempt = 0;

  private reconnectTimer: unknown = null;
  private pingTimer: unknown = null;
  private tokenTimer: unknown = null;
  private renewTimer: unknown = null;
  private watchTimer: unknown = null;

  constructor(private readonly deps: RealtimeSocketDeps) {
    this.timers = deps.timers ?? realTimers;
    this.now = deps.now ?? Date.now;
  }

  get status(): RealtimeStatus {
    return this._status;
  }

  // The id to resume after (the last event, or the last `subscribed`/`resync`).
  get lastEventId(): number | null {
    return this._lastEventId;
  }

  // Who the connection is signed in as (from `authenticated`), null when anonymous.
  get userId(): string | null {
    return this._userId;
  }

  onStatus(listener: (status: RealtimeStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  start(): void {
    if (this._status !== 'idle' && this._status !== 'stopped') return;
    this.unwatch = this.deps.bus.onWatchChange(() => this.scheduleWatchDiff());
    this.connect();
  }

  stop(): void {
    this.unwatch?.();
    this.unwatch = null;
    this.clear('reconnectTimer');
    this.clear('watchTimer');
    this.drop(1000, 'stopped');
    this.setStatus('stopped');
  }

  // The signed-in user or the session's token may have changed: sign in, renew, or (signed out)
  // start again anonymously. Called when the auth store changes and every tokenCheckMs.
  sync(): void {
    if (!this.ws || !this.welcomed) return; // `welcome` reads the token when it comes
    const token = this.deps.getToken();
    if (token === this.connToken) return;
    if (token === null) {
      this.restart(); // signed out: nothing more as that user
      return;
    }
    this.sendAuth(token); // another user: the server answers auth_user_changed, then we restart
  }

  // Connect now instead of waiting out the backoff (the app came back to the foreground).
  reconnectNow(): void {
    if (this._status !== 'waiting') return;
    this.clear('reconnectTimer');
    this.attempt = 0;
    this.connect();
  }

  // Connection life.

  private connect(): void {
    this.clear('reconnectTimer');
    this.welcomed = false;
    this.started = false;
    this.connToken = null;
    this._userId = null;
    this.serverSpots = new Set();
    this.awaitingPong = false;
    this.setStatus('connecting');
    let ws: WebSocketLike;
    try {
      ws = new this.deps.WebSocket(this.deps.url, [PROTOCOL]);
    } catch (error) {
      this.log(`cannot open the WebSocket: ${String(error)}`);
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.onmessage = (event) => {
      if (this.ws === ws) this.receive(event.data);
    };
    ws.onclose = (event) => {
      if (this.ws === ws) this.closed(event.code, event.reason);
    };
    ws.onerror = () => undefined; // a close follows
  }

  // Forget the current socket (its handlers no longer reach us) and close it.
  private drop(code: number, reason: string): void {
    const ws = this.ws;
    this.ws = null;
    this.welcomed = false;
    this.clear('pingTimer');
    this.clear('tokenTimer');
    this.clear('renewTimer');
    if (!ws) return;
    ws.onmessage = null;
    ws.onclose = null;
    ws.onerror = null;
    ws.onopen = null;
    try {
      ws.close(code, reason);
    } catch {
      // already closed
    }
  }

  private restart(): void {
    this.drop(1000, 'reconnect');
    this.attempt = 0;
    this.connect();
  }

  private closed(code: number, reason: string): void {
    const token = this.connToken;
    this.ws = null;
    this.welcomed = false;
    this.clear('pingTimer');
    this.clear('tokenTimer');
    this.clear('renewTimer');
    this.log(`closed ${code} ${reason}`);
    if (this._status === 'stopped') return;
    if (code === CLOSE_ORIGIN) {
      this.setStatus('refused');
      return;
    }
    if (code === CLOSE_TOKEN && token !== null) {
      // expired or revoked: one refresh over HTTP (shared with the API client's), then reconnect
      // with the new token, or anonymously when the session is over
      this.setStatus('waiting');
      this.deps.renew(token).then(
        () => this.scheduleReconnect(),
        () => this.scheduleReconnect(),
      );
      return;
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this._status === 'stopped') return;
    this.setStatus('waiting');
    const delay = backoffDelay(this.attempt, this.deps.random);
    this.attempt += 1;
    this.clear('reconnectTimer');
    this.reconnectTimer = this.timers.setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delay);
  }

  // What the server sends.

  private receive(data: unknown): void {
    this.awaitingPong = false; // any message shows the connection is alive
    const message = parse(data);
    if (message === null) {
      this.log('a message that is not one of the protocol');
      return;
    }
    switch (message.type) {
      case 'welcome':
        this.welcome(message);
        break;
      case 'authenticated':
        this._userId = message.user_id;
        this.scheduleRenewal(message.expires_at);
        break;
      case 'subscribed':
        this._lastEventId = message.last_event_id;
        this.attempt = 0; // a working connection: the next drop starts the backoff again
        this.setStatus('open');
        break;
      case 'resync':
        this._lastEventId = message.last_event_id;
        this.deps.bus.emit('resync', message);
        break;
      case 'error':
        this.log(`error ${message.code}: ${message.detail}`);
        if (message.code === 'auth_user_changed') this.restart();
        break;
      case 'pong':
        break;
      case 'spot_availability':
        this._lastEventId = message.id;
        this.deps.bus.emit('spot_availability', message);
        break;
      case 'new_review':
        this._lastEventId = message.id;
        this.deps.bus.emit('new_review', message);
        break;
      case 'new_booking':
        this._lastEventId = message.id;
        this.deps.bus.emit('new_booking', message);
        break;
      case 'booking_update':
        this._lastEventId = message.id;
        this.deps.bus.emit('booking_update', message);
        break;
    }
  }

  private welcome(message: Schemas['WelcomeOut']): void {
    this.welcomed = true;
    this.maxSpots = message.max_spots;
    this.pingMs = Math.max(message.ping_seconds, 1) * 1000;
    const token = this.deps.getToken();
    if (token !== null) this.sendAuth(token); // before subscribe: the stream includes my bookings
    const spots = this.desiredSpots();
    const subscribe: Schemas['SubscribeIn'] = { type: 'subscribe', spots };
    if (this._lastEventId !== null) subscribe.last_event_id = this._lastEventId;
    this.send(subscribe);
    this.started = true;
    this.serverSpots = new Set(spots);
    this.schedulePing();
    this.scheduleTokenCheck();
  }

  private sendAuth(token: string): void {
    this.connToken = token;
    this.send({ type: 'auth', token });
  }

  // Keeping the connection alive and signed in.

  private schedulePing(): void {
    this.clear('pingTimer');
    this.pingTimer = this.timers.setTimeout(() => {
      this.pingTimer = null;
      if (!this.ws) return;
      if (this.awaitingPong) {
        // nothing came back for a whole ping period: the network is gone without a close
        this.log('no pong: reconnecting');
        this.drop(CLOSE_PING_TIMEOUT, 'ping_timeout');
        this.scheduleReconnect();
        return;
      }
      this.awaitingPong = true;
      this.send({ type: 'ping' });
      this.schedulePing();
    }, this.pingMs);
  }

  private scheduleTokenCheck(): void {
    const every = this.deps.tokenCheckMs ?? 5000;
    this.clear('tokenTimer');
    this.tokenTimer = this.timers.setTimeout(() => {
      this.tokenTimer = null;
      if (!this.ws) return;
      this.sync();
      if (this.ws) this.scheduleTokenCheck();
    }, every);
  }

  private scheduleRenewal(expiresAt: string): void {
    this.clear('renewTimer');
    const expires = Date.parse(expiresAt);
    if (Number.isNaN(expires)) return;
    // at least MIN_RENEW_MS: a device clock far ahead of the server's must not renew in a loop
    // (behind, the 4401 close at expiry renews and the stream resumes from the last event)
    const delay = Math.max(expires - this.now() - (this.deps.renewBeforeMs ?? 60000), MIN_RENEW_MS);
    this.renewTimer = this.timers.setTimeout(() => {
      this.renewTimer = null;
      const token = this.connToken;
      if (!this.ws || token === null) return;
      if (this.deps.getToken() !== token) {
        this.sync(); // the API client refreshed already
        return;
      }
      this.deps.renew(token).then(
        () => this.sync(),
        () => undefined, // unreachable service: at expiry the 4401 close tries again
      );
    }, delay);
  }

  // The watched spots.

  private desiredSpots(): string[] {
    const valid = this.deps.bus.watchedSpots.filter((id) => UUID.test(id));
    return valid.slice(Math.max(valid.length - this.maxSpots, 0)); // the most recent ones
  }

  private scheduleWatchDiff(): void {
    if (this.watchTimer !== null) return;
    this.watchTimer = this.timers.setTimeout(() => {
      this.watchTimer = null;
      this.sendWatchDiff();
    }, this.deps.watchDebounceMs ?? 50);
  }

  private sendWatchDiff(): void {
    if (!this.ws || !this.started) return; // the next `welcome` subscribes to the whole set
    const desired = new Set(this.desiredSpots());
    const removed = [...this.serverSpots].filter((id) => !desired.has(id));
    const added = [...desired].filter((id) => !this.serverSpots.has(id));
    // unsubscribe first: the room it makes is there when the subscribe arrives
    if (removed.length > 0) this.send({ type: 'unsubscribe', spots: removed });
    if (added.length > 0) this.send({ type: 'subscribe', spots: added });
    this.serverSpots = desired;
  }

  // Helpers.

  private send(message: ClientMessage): void {
    if (this.ws && this.ws.readyState === OPEN) this.ws.send(JSON.stringify(message));
  }

  private clear(name: 'reconnectTimer' | 'pingTimer' | 'tokenTimer' | 'renewTimer' | 'watchTimer'): void {
    if (this[name] !== null) this.timers.clearTimeout(this[name]);
    this[name] = null;
  }

  private setStatus(status: RealtimeStatus): void {
    if (status === this._status) return;
    this._status = status;
    this.statusListeners.forEach((listener) => listener(status));
  }

  private log(message: string): void {
    this.deps.log?.(`realtime: ${message}`);
  }
}
