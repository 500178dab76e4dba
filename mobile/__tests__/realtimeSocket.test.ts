// The real-time transport (services/realtimeSocket.ts) driven with a fake WebSocket and a manual
// clock: welcome -> auth -> subscribe, events reach the EventBus, resume with last_event_id after a
// reconnect, subscribe/unsubscribe diffs of the watched spots, token renewal and the close codes.
import type { Schemas } from '../src/services/api';
import { EventBus } from '../src/services/realtime';
import {
  CLOSE_ORIGIN,
  CLOSE_PING_TIMEOUT,
  CLOSE_TOKEN,
  PROTOCOL,
  RealtimeSocket,
  type Timers,
  type WebSocketLike,
} from '../src/services/realtimeSocket';

const SPOT_A = '5d2e7c44-1b0a-4f6e-8d3c-9a1b2c3d4e5f';
const SPOT_B = '6e3f8d55-2c1b-4a7f-9e4d-0b2c3d4e5f60';
const SPOT_C = '7f409e66-3d2c-4b80-8f5e-1c3d4e5f6071';
const BOOKING = '9c8b7a6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
const USER = '0b8f5c1e-3f9a-4c1d-9a57-2d1c7f0e4b11';
const URL_WS = 'ws://api.test/api/v1/ws';

class FakeSocket implements WebSocketLike {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  closedWith: { code?: number; reason?: string } | null = null;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeSocket.all.push(this);
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }

  // the server's side
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  says(message: object | string): void {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
  }

  welcome(maxSpots = 100, pingSeconds = 20): void {
    this.open();
    this.says({ type: 'welcome', max_spots: maxSpots, ping_seconds: pingSeconds } satisfies Schemas['WelcomeOut']);
  }

  subscribed(lastEventId: number, spots: string[] = []): void {
    this.says({ type: 'subscribed', spots, last_event_id: lastEventId, replayed: 0 } satisfies Schemas['SubscribedOut']);
  }

  closes(code: number, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }

  types(): unknown[] {
    return this.sent.map((m) => m.type);
  }
}

// A manual clock: timers run when the test advances time.
class Clock implements Timers {
  time = 1_800_000_000_000;
  private queue: { at: number; id: number; callback: () => void }[] = [];
  private next = 1;

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.queue.push({ at: this.time + ms, id, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.queue = this.queue.filter((t) => t.id !== handle);
  }

  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      this.queue.sort((a, b) => a.at - b.at || a.id - b.id);
      const due = this.queue[0];
      if (!due || due.at > until) break;
      this.queue.shift();
      this.time = due.at;
      due.callback();
    }
    this.time = until;
  }
}

const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function setup(options: { token?: string | null; renewTo?: string | null } = {}) {
  FakeSocket.all = [];
  const clock = new Clock();
  const bus = new EventBus();
  let token: string | null = options.token === undefined ? 'access-1' : options.token;
  const renew = jest.fn(async (failed: string) => {
    void failed;
    token = options.renewTo === undefined ? 'access-2' : options.renewTo;
    return token;
  });
  const socket = new RealtimeSocket({
    url: URL_WS,
    WebSocket: FakeSocket,
    bus,
    getToken: () => token,
    renew,
    timers: clock,
    now: () => clock.time,
  });
  const last = () => FakeSocket.all[FakeSocket.all.length - 1];
  return {
    socket, bus, clock, renew, last,
    setToken: (value: string | null) => {
      token = value;
    },
  };
}

describe('the real-time transport', () => {
  test('after welcome it signs in with auth, then subscribes to the watched spots', () => {
    const { socket, bus, last } = setup();
    bus.watchSpots([SPOT_A, 'not-a-uuid', SPOT_B]);
    socket.start();
    expect(FakeSocket.all).toHaveLength(1);
    expect(last().url).toBe(URL_WS);
    expect(last().protocols).toEqual([PROTOCOL]);
    expect(socket.status).toBe('connecting');
    expect(last().sent).toEqual([]); // nothing before welcome

    last().welcome();
    expect(last().sent).toEqual([
      { type: 'auth', token: 'access-1' },
      { type: 'subscribe', spots: [SPOT_A, SPOT_B] }, // no last_event_id on a first connection
    ]);
    last().says({ type: 'authenticated', user_id: USER, role: 'renter', expires_at: '2030-05-02T09:00:00Z' });
    last().subscribed(57, [SPOT_A, SPOT_B]);
    expect(socket.status).toBe('open');
    expect(socket.userId).toBe(USER);
    expect(socket.lastEventId).toBe(57);
  });

  test('signed out it subscribes anonymously, without auth', () => {
    const { socket, last } = setup({ token: null });
    socket.start();
    last().welcome();
    expect(last().sent).toEqual([{ type: 'subscribe', spots: [] }]);
  });

  test('the watched spots beyond max_spots are cut to the most recent ones', () => {
    const { socket, bus, last } = setup();
    bus.watchSpots([SPOT_A, SPOT_B, SPOT_C]);
    socket.start();
    last().welcome(2);
    expect(last().sent[1]).toEqual({ type: 'subscribe', spots: [SPOT_B, SPOT_C] });
  });

  test('every event reaches the bus, in order, and moves last_event_id; other frames do not', () => {
    const { socket, bus, last } = setup();
    const seen: unknown[] = [];
    bus.on('spot_availability', (e) => seen.push(e));
    bus.on('new_booking', (e) => seen.push(e));
    bus.on('booking_update', (e) => seen.push(e));
    bus.on('new_review', (e) => seen.push(e));
    bus.on('resync', (e) => seen.push(e));
    socket.start();
    last().welcome();
    last().subscribed(40);

    const events = [
      { type: 'spot_availability', id: 41, at: '2030-05-02T09:00:00Z', spot_id: SPOT_A, is_available: false },
      { type: 'new_booking', id: 42, at: '2030-05-02T09:00:01Z', booking_id: BOOKING, spot_id: SPOT_A },
      { type: 'booking_update', id: 43, at: '2030-05-02T09:00:02Z', booking_id: BOOKING, spot_id: SPOT_A,
        status: 'cancelled' },
      { type: 'new_review', id: 44, at: '2030-05-02T09:00:03Z', review_id: USER, spot_id: SPOT_A, rating: 5 },
    ];
    for (const event of events) last().says(event);
    last().says('not json');
    last().says({ type: 'something_new', id: 99 });
    last().says({ type: 'pong' });
    last().says({ type: 'error', code: 'too_many_spots', detail: 'a connection watches at most 100 spots' });
    expect(seen).toEqual(events);
    expect(socket.lastEventId).toBe(44);

    last().says({ type: 'resync', last_event_id: 120 });
    expect(seen[seen.length - 1]).toEqual({ type: 'resync', last_event_id: 120 });
    expect(socket.lastEventId).toBe(120);
  });

  test('after a drop it reconnects with backoff and resumes from the last event id', () => {
    const { socket, bus, clock, last } = setup();
    bus.watchSpots([SPOT_A]);
    socket.start();
    last().welcome();
    last().subscribed(57, [SPOT_A]);
    last().says({ type: 'new_booking', id: 58, at: '2030-05-02T09:00:00Z', booking_id: BOOKING, spot_id: SPOT_A });

    last().closes(1006, 'network');
    expect(socket.status).toBe('waiting');
    clock.advance(999);
    expect(FakeSocket.all).toHaveLength(1);
    clock.advance(1);
    expect(FakeSocket.all).toHaveLength(2);

    last().welcome();
    expect(last().sent).toEqual([
      { type: 'auth', token: 'access-1' },
      { type: 'subscribe', spots: [SPOT_A], last_event_id: 58 },
    ]);
  });

  test('failed connections back off 1 s, 2 s, 4 s …; a working one starts the backoff again', () => {
    const { socket, clock, last } = setup();
    socket.start();
    const gaps: number[] = [];
    for (let i = 0; i < 4; i++) {
      const count = FakeSocket.all.length;
      last().closes(1006);
      const before = clock.time;
      while (FakeSocket.all.length === count) clock.advance(100);
      gaps.push(clock.time - before);
    }
    expect(gaps).toEqual([1000, 2000, 4000, 8000]);

    last().welcome();
    last().subscribed(1);
    last().closes(1006);
    const before = clock.time;
    const count = FakeSocket.all.length;
    while (FakeSocket.all.length === count) clock.advance(100);
    expect(clock.time - before).toBe(1000);
  });

  test('watch changes are sent as one subscribe/unsubscribe diff', () => {
    const { socket, bus, clock, last } = setup();
    const stopA = bus.watchSpots([SPOT_A]);
    socket.start();
    last().welcome();
    last().subscribed(1, [SPOT_A]);
    expect(last().sent).toHaveLength(2);

    // a screen leaves (A) while another comes (B, C): one diff after the debounce
    stopA();
    const stopBC = bus.watchSpots([SPOT_B, SPOT_C]);
    expect(last().sent).toHaveLength(2);
    clock.advance(50);
    expect(last().sent.slice(2)).toEqual([
      { type: 'unsubscribe', spots: [SPOT_A] },
      { type: 'subscribe', spots: [SPOT_B, SPOT_C] },
    ]);

    // two screens watching the same spot: it stays until both are gone
    const stopB = bus.watchSpots([SPOT_B]);
    stopBC();
    clock.advance(50);
    expect(last().sent.slice(4)).toEqual([{ type: 'unsubscribe', spots: [SPOT_C] }]);
    stopB();
    clock.advance(50);
    expect(last().sent.slice(5)).toEqual([{ type: 'unsubscribe', spots: [SPOT_B] }]);

    // nothing changed: nothing sent
    const stop = bus.watchSpots([SPOT_A]);
    stop();
    clock.advance(50);
    expect(last().sent).toHaveLength(6);
  });

  test('a watch change before welcome is part of the first subscribe, not a diff', () => {
    const { socket, bus, clock, last } = setup();
    socket.start();
    bus.watchSpots([SPOT_C]);
    clock.advance(50);
    expect(last().sent).toEqual([]);
    last().welcome();
    expect(last().sent[1]).toEqual({ type: 'subscribe', spots: [SPOT_C] });
  });

  test('closed for its token (4401) it renews once and reconnects with the new token', async () => {
    const { socket, clock, renew, last } = setup();
    socket.start();
    last().welcome();
    last().subscribed(10);
    last().closes(CLOSE_TOKEN, 'token_expired');
    await flush();
    expect(renew).toHaveBeenCalledTimes(1);
    expect(renew).toHaveBeenCalledWith('access-1');
    clock.advance(1000);
    last().welcome();
    expect(last().sent).toEqual([
      { type: 'auth', token: 'access-2' },
      { type: 'subscribe', spots: [], last_event_id: 10 },
    ]);
  });

  test('closed for its token when the session is over it reconnects anonymously', async () => {
    const { socket, clock, last } = setup({ renewTo: null });
    socket.start();
    last().welcome();
    last().closes(CLOSE_TOKEN, 'token_revoked');
    await flush();
    clock.advance(1000);
    last().welcome();
    expect(last().types()).toEqual(['subscribe']);
  });

  test('a refused origin (4403) is final: no reconnect', () => {
    const { socket, clock } = setup();
    socket.start();
    FakeSocket.all[0].closes(CLOSE_ORIGIN, 'origin_not_allowed');
    expect(socket.status).toBe('refused');
    clock.advance(120_000);
    expect(FakeSocket.all).toHaveLength(1);
  });

  test("a token refreshed over HTTP is sent on the same connection; signing out reconnects anonymously", () => {
    const { socket, clock, setToken, last } = setup();
    socket.start();
    last().welcome();
    last().subscribed(5);

    setToken('access-9');
    clock.advance(5000); // the periodic token check
    expect(FakeSocket.all).toHaveLength(1);
    expect(last().sent[last().sent.length - 1]).toEqual({ type: 'auth', token: 'access-9' });

    setToken(null);
    socket.sync(); // the auth store changed
    expect(FakeSocket.all).toHaveLength(2);
    expect(FakeSocket.all[0].closedWith).toEqual({ code: 1000, reason: 'reconnect' });
    last().welcome();
    expect(last().sent).toEqual([{ type: 'subscribe', spots: [], last_event_id: 5 }]);
  });

  test('another user signing in on the connection (auth_user_changed) starts a new connection', () => {
    const { socket, last } = setup();
    socket.start();
    last().welcome();
    last().says({ type: 'error', code: 'auth_user_changed', detail: 'a connection serves one user' });
    expect(FakeSocket.all).toHaveLength(2);
  });

  test('the token is renewed a minute before it expires', async () => {
    const { socket, clock, renew, last } = setup();
    socket.start();
    last().welcome(100, 3600);
    const expires = new Date(clock.time + 5 * 60_000).toISOString();
    last().says({ type: 'authenticated', user_id: USER, role: 'renter', expires_at: expires });
    clock.advance(4 * 60_000 - 1);
    expect(renew).not.toHaveBeenCalled();
    clock.advance(1);
    expect(renew).toHaveBeenCalledWith('access-1');
    await flush();
    expect(last().sent[last().sent.length - 1]).toEqual({ type: 'auth', token: 'access-2' });
    expect(FakeSocket.all).toHaveLength(1);
  });

  test('pings every ping_seconds; a silent server is dropped (4000) and reconnected', () => {
    const { socket, clock, last } = setup();
    socket.start();
    const first = last();
    first.welcome(100, 20);
    clock.advance(20_000);
    expect(first.sent[first.sent.length - 1]).toEqual({ type: 'ping' });
    first.says({ type: 'pong' });
    clock.advance(20_000);
    expect(first.types().filter((t) => t === 'ping')).toHaveLength(2);
    clock.advance(20_000); // no answer to the second ping
    expect(first.closedWith).toEqual({ code: CLOSE_PING_TIMEOUT, reason: 'ping_timeout' });
    expect(socket.status).toBe('waiting');
    clock.advance(1000);
    expect(FakeSocket.all).toHaveLength(2);
  });

  test('stop closes the socket and nothing reconnects', () => {
    const { socket, bus, clock, last } = setup();
    socket.start();
    last().welcome();
    socket.stop();
    expect(last().closedWith).toEqual({ code: 1000, reason: 'stopped' });
    expect(socket.status).toBe('stopped');
    bus.watchSpots([SPOT_A]);
    clock.advance(120_000);
    expect(FakeSocket.all).toHaveLength(1);
  });
});
