// One WebSocket to /api/v1/ws kept open: opened with the protocol's subprotocol, its frames handed
// on, and when it closes, opened again after a backoff that grows (1 s … 30 s) until a connection
// works — never after 4403 (the origin is refused: retrying cannot help), and after 4401 once the
// owner renewed the token. It knows nothing of the messages: RealtimeSocket (realtimeSocket.ts) does.
import { CLOSE_ORIGIN, OPEN, PROTOCOL, type ClientMessage, type WebSocketConstructor, type WebSocketLike } from './realtimeProtocol';
import { TimerSlots, backoffDelay, type Timers } from './realtimeTiming';

export type RealtimeStatus = 'idle' | 'connecting' | 'open' | 'waiting' | 'refused' | 'stopped';

export interface TransportOptions {
  url: string;
  WebSocket: WebSocketConstructor;
  timers: Timers;
  random?: () => number; // spreads reconnects (see backoffDelay)
}

// What the transport tells its owner.
export interface TransportHooks {
  // A new socket is being opened: forget the last connection's state.
  opening(): void;
  message(data: unknown): void;
  // The socket is gone (it closed, or was dropped): stop what kept it alive.
  detached(): void;
  // It closed with `code`: what to do and wait for before reconnecting (renew the token), or null.
  beforeRetry(code: number): (() => Promise<unknown>) | null;
  log(message: string): void;
}

export class ReconnectingSocket {
  private ws: WebSocketLike | null = null;
  private _status: RealtimeStatus = 'idle';
  private readonly statusListeners = new Set<(status: RealtimeStatus) => void>();
  private attempt = 0; // reconnects since the last working connection
  private readonly timers: TimerSlots<'reconnect'>;

  constructor(
    private readonly options: TransportOptions,
    private readonly hooks: TransportHooks,
  ) {
    this.timers = new TimerSlots(options.timers);
  }

  get status(): RealtimeStatus {
    return this._status;
  }

  get connected(): boolean {
    return this.ws !== null;
  }

  onStatus(listener: (status: RealtimeStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  connect(): void {
    this.timers.clear('reconnect');
    this.hooks.opening();
    this.setStatus('connecting');
    let ws: WebSocketLike;
    try {
      ws = new this.options.WebSocket(this.options.url, [PROTOCOL]);
    } catch (error) {
      this.hooks.log(`cannot open the WebSocket: ${String(error)}`);
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.onmessage = (event) => {
      if (this.ws === ws) this.hooks.message(event.data);
    };
    ws.onclose = (event) => {
      if (this.ws === ws) this.closed(event.code, event.reason);
    };
    ws.onerror = () => undefined; // a close follows
  }

  // Connect now instead of waiting out the backoff.
  reconnectNow(): void {
    if (this._status !== 'waiting') return;
    this.timers.clear('reconnect');
    this.attempt = 0;
    this.connect();
  }

  // Close the socket and open a new one at once.
  restart(): void {
    this.drop(1000, 'reconnect');
    this.attempt = 0;
    this.connect();
  }

  // Close the socket and open a new one after the backoff (it went silent).
  abandon(code: number, reason: string): void {
    this.drop(code, reason);
    this.scheduleReconnect();
  }

  // The connection works: open, and the next drop starts the backoff again.
  established(): void {
    this.attempt = 0;
    this.setStatus('open');
  }

  stop(): void {
    this.timers.clear('reconnect');
    this.drop(1000, 'stopped');
    this.setStatus('stopped');
  }

  send(message: ClientMessage): void {
    if (this.ws && this.ws.readyState === OPEN) this.ws.send(JSON.stringify(message));
  }

  private detach(): void {
    this.ws = null;
    this.hooks.detached();
  }

  // Forget the current socket (its handlers no longer reach us) and close it.
  private drop(code: number, reason: string): void {
    const ws = this.ws;
    this.detach();
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

  private closed(code: number, reason: string): void {
    this.detach();
    this.hooks.log(`closed ${code} ${reason}`);
    if (this._status === 'stopped') return;
    if (code === CLOSE_ORIGIN) {
      this.setStatus('refused');
      return;
    }
    const wait = this.hooks.beforeRetry(code);
    if (wait) {
      this.setStatus('waiting');
      wait().then(
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
    const delay = backoffDelay(this.attempt, this.options.random);
    this.attempt += 1;
    this.timers.set('reconnect', delay, () => this.connect());
  }

  private setStatus(status: RealtimeStatus): void {
    if (status === this._status) return;
    this._status = status;
    this.statusListeners.forEach((listener) => listener(status));
  }
}
