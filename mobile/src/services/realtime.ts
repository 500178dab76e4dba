// The app's one WebSocket to /api/v1/ws (docs/realtime.md) and the events it delivers to screens.
// Screens call `realtime.on(type, handler)` (or the hook `useRealtimeEvent`) and
// `realtime.watchSpots(ids)` for the spots they show; both return a function that undoes them.
// The socket itself: realtimeSocket.ts (the transport, testable without React Native), started by
// stores/realtimeConnection.ts (imported once by App.tsx), which follows the signed-in session.
import { useEffect, useRef } from 'react';

import type { Schemas } from './api';

export interface RealtimeEvents {
  spot_availability: Schemas['SpotAvailabilityEvent'];
  new_review: Schemas['NewReviewEvent'];
  new_booking: Schemas['NewBookingEvent'];
  booking_update: Schemas['BookingUpdateEvent'];
  // sent when events were missed and are no longer kept: reload what you show over HTTP
  resync: Schemas['ResyncOut'];
}

export type RealtimeEventType = keyof RealtimeEvents;
type Handler<T extends RealtimeEventType> = (event: RealtimeEvents[T]) => void;

export class EventBus {
  private handlers = new Map<RealtimeEventType, Set<Handler<RealtimeEventType>>>();
  private watched = new Map<string, number>(); // spot id -> how many screens watch it
  private watchListeners = new Set<(spots: string[]) => void>();

  on<T extends RealtimeEventType>(type: T, handler: Handler<T>): () => void {
    const set = this.handlers.get(type) ?? new Set();
    this.handlers.set(type, set);
    set.add(handler as Handler<RealtimeEventType>);
    return () => set.delete(handler as Handler<RealtimeEventType>);
  }

  emit<T extends RealtimeEventType>(type: T, event: RealtimeEvents[T]): void {
    this.handlers.get(type)?.forEach((handler) => handler(event));
  }

  watchSpots(ids: string[]): () => void {
    const unique = [...new Set(ids)];
    unique.forEach((id) => this.watched.set(id, (this.watched.get(id) ?? 0) + 1));
    this.notifyWatch();
    return () => {
      unique.forEach((id) => {
        const count = (this.watched.get(id) ?? 1) - 1;
        if (count <= 0) this.watched.delete(id);
        else this.watched.set(id, count);
      });
      this.notifyWatch();
    };
  }

  get watchedSpots(): string[] {
    return [...this.watched.keys()];
  }

  // the transport learns here which spots to subscribe to
  onWatchChange(listener: (spots: string[]) => void): () => void {
    this.watchListeners.add(listener);
    return () => this.watchListeners.delete(listener);
  }

  private notifyWatch(): void {
    const spots = this.watchedSpots;
    this.watchListeners.forEach((listener) => listener(spots));
  }
}

export const realtime = new EventBus();

// Calls the latest `handler` for each event of `type` while the component is mounted.
export function useRealtimeEvent<T extends RealtimeEventType>(type: T, handler: Handler<T>): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler; // after render: refs are not written while rendering
  });
  useEffect(() => realtime.on(type, (event) => latest.current(event)), [type]);
}

// Watches `ids` (spot ids) while the component is mounted and they do not change.
export function useWatchedSpots(ids: string[]): void {
  const key = [...ids].sort().join(',');
  useEffect(() => realtime.watchSpots(key ? key.split(',') : []), [key]);
}
