// Keeping one connection alive and signed in: a ping every ping period (nothing back for a whole
// period: the network is gone without a close), the session's access token compared with the
// connection's every few seconds (a refresh over HTTP replaced it), and the connection's token
// renewed shortly before it expires (the server closes 4401 at expiry).
import { TimerSlots, renewalDelay, type Timers } from './realtimeTiming';

// What it needs of the session (RealtimeSocketDeps).
export interface KeepAliveSession {
  getToken(): string | null;
  renew(failed: string): Promise<string | null>;
  tokenCheckMs?: number;
  renewBeforeMs?: number;
}

// What it needs of the connection.
export interface KeepAliveLink {
  connected(): boolean;
  token(): string | null; // the token the connection signed in with (null: anonymous)
  ping(): void;
  lost(): void; // no answer for a whole ping period
  sync(): void; // bring the connection's token in line with the session's (RealtimeSocket.sync)
}

export class KeepAlive {
  private readonly timers: TimerSlots<'ping' | 'tokenCheck' | 'renew'>;
  private pingMs = 20000;
  private awaitingPong = false;

  constructor(
    timers: Timers,
    private readonly now: () => number,
    private readonly session: KeepAliveSession,
    private readonly link: KeepAliveLink,
  ) {
    this.timers = new TimerSlots(timers);
  }

  // Something came from the server (or a new connection starts): it is alive.
  alive(): void {
    this.awaitingPong = false;
  }

  // The connection was welcomed: ping every `pingMs`, compare tokens every tokenCheckMs.
  start(pingMs: number): void {
    this.pingMs = pingMs;
    this.schedulePing();
    this.scheduleTokenCheck();
  }

  // The connection is signed in until `expiresAt`: renew its token before then.
  renewBefore(expiresAt: string): void {
    this.timers.clear('renew');
    const delay = renewalDelay(expiresAt, this.now(), this.session.renewBeforeMs ?? 60000);
    if (delay === null) return;
    this.timers.set('renew', delay, () => {
      const token = this.link.token();
      if (!this.link.connected() || token === null) return;
      if (this.session.getToken() !== token) {
        this.link.sync(); // the API client refreshed already
        return;
      }
      this.session.renew(token).then(
        () => this.link.sync(),
        () => undefined, // unreachable service: at expiry the 4401 close tries again
      );
    });
  }

  // The connection is gone.
  stop(): void {
    this.timers.clear('ping');
    this.timers.clear('tokenCheck');
    this.timers.clear('renew');
  }

  private schedulePing(): void {
    this.timers.set('ping', this.pingMs, () => {
      if (!this.link.connected()) return;
      if (this.awaitingPong) {
        this.link.lost();
        return;
      }
      this.awaitingPong = true;
      this.link.ping();
      this.schedulePing();
    });
  }

  private scheduleTokenCheck(): void {
    this.timers.set('tokenCheck', this.session.tokenCheckMs ?? 5000, () => {
      if (!this.link.connected()) return;
      this.link.sync();
      if (this.link.connected()) this.scheduleTokenCheck();
    });
  }
}
