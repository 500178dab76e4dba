// The app's one WebSocket to /api/v1/ws (docs/realtime.md): connect, sign in, subscribe to the
// watched spots, resume after a reconnect, keep the token fresh, and hand every event to the
// EventBus (services/realtime.ts). Plain TypeScript: the WebSocket constructor, the timers, the
// clock and the session are passed in, so jest drives it with a fake socket.
// This class speaks the protocol and wires the parts: messages in realtimeProtocol.ts, reconnects in
// realtimeTransport.ts, pings and token renewal in realtimeKeepAlive.ts, which spots to ask for in
// realtimeSubscriptions.ts, timers and delays in realtimeTiming.ts.
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
import { KeepAlive } from './realtimeKeepAlive';
import { CLOSE_PING_TIMEOUT, CLOSE_TOKEN, parseServerMessage, type WebSocketConstructor } from './realtimeProtocol';
import { SpotSubscriptions } from './realtimeSubscriptions';
import { TimerSlots, realTimers, type Timers } from './realtimeTiming';
import { ReconnectingSocket, type RealtimeStatus } from './realtimeTransport';

// what this module has always offered, wherever it lives now
export { CLOSE_ORIGIN, CLOSE_PING_TIMEOUT, CLOSE_TOKEN, CLOSE_TOO_MANY, PROTOCOL } from './realtimeProtocol';
export type { WebSocketConstructor, WebSocketLike } from './realtimeProtocol';
export { BACKOFF_FIRST_MS, BACKOFF_MAX_MS, MIN_RENEW_MS, backoffDelay, type Timers } from './realtimeTiming';
export type { RealtimeStatus } from './realtimeTransport';

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

export class RealtimeSocket {
  private readonly transport: ReconnectingSocket;
  private readonly keepAlive: KeepAlive;
  private readonly timers: TimerSlots<'watch'>;
  private unwatch: (() => void) | null = null;

  // this connection
  private welcomed = false;
  private connToken: string | null = null; // the token sent in `auth` (null: anonymous)
  private readonly spots = new SpotSubscriptions(); // what the server was told to watch
  private maxSpots = 100;
  private _userId: string | null = null;

  // across connections
  private _lastEventId: number | null = null;

  constructor(private readonly deps: RealtimeSocketDeps) {
    const timers = deps.timers ?? realTimers;
    this.timers = new TimerSlots(timers);
    this.transport = new ReconnectingSocket(
      { url: deps.url, WebSocket: deps.WebSocket, timers, random: deps.random },
      {
        opening: () => this.opening(),
        message: (data) => this.receive(data),
        detached: () => {
          this.welcomed = false;
          this.keepAlive.stop();
        },
        // expired or revoked: one refresh over HTTP (shared with the API client's), then reconnect
        // with the new token, or anonymously when the session is over
        beforeRetry: (code) => {
          const token = this.connToken;
          return code === CLOSE_TOKEN && token !== null ? () => deps.renew(token) : null;
        },
        log: (message) => this.log(message),
      },
    );
    this.keepAlive = new KeepAlive(timers, deps.now ?? Date.now, deps, {
      connected: () => this.transport.connected,
      token: () => this.connToken,
      ping: () => this.transport.send({ type: 'ping' }),
      lost: () => {
        this.log('no pong: reconnecting');
        this.transport.abandon(CLOSE_PING_TIMEOUT, 'ping_timeout');
      },
      sync: () => this.sync(),
    });
  }

  get status(): RealtimeStatus {
    return this.transport.status;
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
    return this.transport.onStatus(listener);
  }

  start(): void {
    if (this.status !== 'idle' && this.status !== 'stopped') return;
    this.unwatch = this.deps.bus.onWatchChange(() => this.scheduleWatchDiff());
    this.transport.connect();
  }

  stop(): void {
    this.unwatch?.();
    this.unwatch = null;
    this.timers.clear('watch');
    this.transport.stop();
  }

  // The signed-in user or the session's token may have changed: sign in, renew, or (signed out)
  // start again anonymously. Called when the auth store changes and every tokenCheckMs.
  sync(): void {
    if (!this.transport.connected || !this.welcomed) return; // `welcome` reads the token when it comes
    const token = this.deps.getToken();
    if (token === this.connToken) return;
    if (token === null) {
      this.transport.restart(); // signed out: nothing more as that user
      return;
    }
    this.sendAuth(token); // another user: the server answers auth_user_changed, then we restart
  }

  // Connect now instead of waiting out the backoff (the app came back to the foreground).
  reconnectNow(): void {
    this.transport.reconnectNow();
  }

  // A new connection: nothing of the last one carries over but the id to resume after.
  private opening(): void {
    this.welcomed = false;
    this.connToken = null;
    this._userId = null;
    this.spots.reset();
    this.keepAlive.alive();
  }

  // What the server sends.

  private receive(data: unknown): void {
    this.keepAlive.alive(); // any message shows the connection is alive
    const message = parseServerMessage(data);
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
        this.keepAlive.renewBefore(message.expires_at);
        break;
      case 'subscribed':
        this._lastEventId = message.last_event_id;
        this.transport.established(); // a working connection: the next drop starts the backoff again
        break;
      case 'resync':
        this._lastEventId = message.last_event_id;
        this.deps.bus.emit('resync', message);
        break;
      case 'error':
        this.log(`error ${message.code}: ${message.detail}`);
        if (message.code === 'auth_user_changed') this.transport.restart();
        break;
      case 'pong':
        break;
      case 'spot_availability':
      case 'new_review':
      case 'new_booking':
      case 'booking_update':
        this._lastEventId = message.id;
        this.deps.bus.emit(message.type, message);
        break;
    }
  }

  private welcome(message: Schemas['WelcomeOut']): void {
    this.welcomed = true;
    this.maxSpots = message.max_spots;
    const token = this.deps.getToken();
    if (token !== null) this.sendAuth(token); // before subscribe: the stream includes my bookings
    const spots = this.spots.first(this.deps.bus.watchedSpots, this.maxSpots);
    const subscribe: Schemas['SubscribeIn'] = { type: 'subscribe', spots };
    if (this._lastEventId !== null) subscribe.last_event_id = this._lastEventId;
    this.transport.send(subscribe);
    this.keepAlive.start(Math.max(message.ping_seconds, 1) * 1000);
  }

  private sendAuth(token: string): void {
    this.connToken = token;
    this.transport.send({ type: 'auth', token });
  }

  // The watched spots: changes that come together are sent as one diff.

  private scheduleWatchDiff(): void {
    if (this.timers.pending('watch')) return;
    this.timers.set('watch', this.deps.watchDebounceMs ?? 50, () => this.sendWatchDiff());
  }

  private sendWatchDiff(): void {
    if (!this.transport.connected) return;
    // null before the connection's first subscribe, which asks for the whole set
    const diff = this.spots.diff(this.deps.bus.watchedSpots, this.maxSpots);
    if (diff === null) return;
    // unsubscribe first: the room it makes is there when the subscribe arrives
    if (diff.removed.length > 0) this.transport.send({ type: 'unsubscribe', spots: diff.removed });
    if (diff.added.length > 0) this.transport.send({ type: 'subscribe', spots: diff.added });
  }

  private log(message: string): void {
    this.deps.log?.(`realtime: ${message}`);
  }
}
