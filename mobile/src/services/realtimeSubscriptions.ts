// Which spots the connection asks the server for: the ones screens watch (services/realtime.ts's
// EventBus), valid ids only, at most the server's max_spots (the most recent ones); the whole set
// in a new connection's first `subscribe`, then only what changed.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function desiredSpots(watched: string[], maxSpots: number): string[] {
  const valid = watched.filter((id) => UUID.test(id));
  return valid.slice(Math.max(valid.length - maxSpots, 0)); // the most recent ones
}

// What one connection told the server to watch.
export class SpotSubscriptions {
  private server = new Set<string>();
  private started = false; // the first subscribe was sent

  // A new connection: nothing asked yet.
  reset(): void {
    this.started = false;
    this.server = new Set();
  }

  // The spots of the connection's first `subscribe`.
  first(watched: string[], maxSpots: number): string[] {
    const spots = desiredSpots(watched, maxSpots);
    this.started = true;
    this.server = new Set(spots);
    return spots;
  }

  // What to unsubscribe from and subscribe to now (the server is taken to be told); null before
  // the first `subscribe`, which will ask for the whole set.
  diff(watched: string[], maxSpots: number): { removed: string[]; added: string[] } | null {
    if (!this.started) return null;
    const desired = new Set(desiredSpots(watched, maxSpots));
    const removed = [...this.server].filter((id) => !desired.has(id));
    const added = [...desired].filter((id) => !this.server.has(id));
    this.server = desired;
    return { removed, added };
  }
}
