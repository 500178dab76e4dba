// When the real-time transport acts: the reconnect backoff, when to renew the connection's token,
// and named one-shot timers (reconnect, ping, token check, renewal, watch debounce) over a Timers
// the caller passes in, so jest drives them with a manual clock.

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const BACKOFF_FIRST_MS = 1000;
export const MIN_RENEW_MS = 30000;
export const BACKOFF_MAX_MS = 30000;

// The wait before reconnect number `attempt` (0 first): 1 s, 2 s, 4 s, … 30 s, spread by ±25 %
// with `random` (0..1) so that clients dropped together do not all come back together.
export function backoffDelay(attempt: number, random?: () => number): number {
  const delay = Math.min(BACKOFF_FIRST_MS * 2 ** attempt, BACKOFF_MAX_MS);
  return random ? Math.round(delay * (0.75 + 0.5 * random())) : delay;
}

// How long until a token expiring at `expiresAt` is renewed, `renewBeforeMs` ahead of its expiry;
// null when the time cannot be read. At least MIN_RENEW_MS: a device clock far ahead of the
// server's must not renew in a loop (behind, the 4401 close at expiry renews and the stream
// resumes from the last event).
export function renewalDelay(expiresAt: string, now: number, renewBeforeMs: number): number | null {
  const expires = Date.parse(expiresAt);
  if (Number.isNaN(expires)) return null;
  return Math.max(expires - now - renewBeforeMs, MIN_RENEW_MS);
}

// One pending timeout per name: setting a name replaces its pending one; a timeout has left its
// slot by the time its callback runs (so the callback may set it again).
export class TimerSlots<Name extends string> {
  private readonly handles = new Map<Name, unknown>();

  constructor(private readonly timers: Timers) {}

  set(name: Name, ms: number, callback: () => void): void {
    this.clear(name);
    const handle = this.timers.setTimeout(() => {
      this.handles.delete(name);
      callback();
    }, ms);
    this.handles.set(name, handle);
  }

  pending(name: Name): boolean {
    return this.handles.has(name);
  }

  clear(name: Name): void {
    if (this.handles.has(name)) this.timers.clearTimeout(this.handles.get(name));
    this.handles.delete(name);
  }
}
