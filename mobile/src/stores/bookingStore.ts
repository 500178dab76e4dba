// The signed-in user's bookings as the Bookings tab shows them: the upcoming and past lists, each
// booking by id (the detail screen reads the same record, so a change shows in both), the spots
// they are for (title, time zone) and which bookings I reviewed already. Real-time events keep it
// current without a reload: `booking_update` changes a booking's status in place (then the booking
// is read again for what came with it, e.g. a refund), `new_booking` of mine adds it to its list,
// `resync` reloads what was loaded.
import { create } from 'zustand';

import {
  getBooking,
  getSpot,
  listMyBookings,
  type Booking,
  type BookingStatus,
  type CancelledBooking,
  type ExtendedBooking,
  type When,
} from '../services/booking';
import { messageOf } from '../services/errors';
import { realtime } from '../services/realtime';
import { listMyReviews, type Review } from '../services/review';
import { useAuthStore } from './authStore';

export interface SpotInfo {
  title: string;
  address: string | null;
  timezone: string | undefined; // undefined: unknown, times are shown in the device's zone
}

// What this device's own cancel answered (the percent is not part of a booking).
export interface CancelResult {
  percent: number;
  amount: number;
}

interface BookingState {
  byId: Record<string, Booking>;
  lists: Record<When, string[] | null>; // null: not loaded yet
  loading: Record<When, boolean>;
  errors: Record<When, string | null>;
  spots: Record<string, SpotInfo>;
  myReviews: Record<string, Review> | null; // by booking id; null: not loaded yet
  cancelResults: Record<string, CancelResult>;

  loadList: (when: When) => Promise<void>;
  loadBooking: (bookingId: string) => Promise<Booking>;
  put: (booking: Booking) => void;
  setStatus: (bookingId: string, status: BookingStatus) => void;
  ensureSpots: (spotIds: string[]) => void;
  loadMyReviews: () => Promise<void>;
  reviewed: (review: Review) => void;
  cancelled: (answer: CancelledBooking) => void;
  extended: (answer: ExtendedBooking, previousEnd: string) => void;
  reset: () => void;
}

const empty = () => ({
  byId: {} as Record<string, Booking>,
  lists: { upcoming: null, past: null } as Record<When, string[] | null>,
  loading: { upcoming: false, past: false },
  errors: { upcoming: null, past: null } as Record<When, string | null>,
  spots: {} as Record<string, SpotInfo>,
  myReviews: null as Record<string, Review> | null,
  cancelResults: {} as Record<string, CancelResult>,
});

// Upcoming soonest first, past latest first (as the service lists them).
function sortIds(ids: string[], byId: Record<string, Booking>, when: When): string[] {
  const start = (id: string) => Date.parse(byId[id]?.start_time ?? '');
  return [...ids].sort((a, b) => (when === 'upcoming' ? start(a) - start(b) : start(b) - start(a)));
}

const spotRequests = new Set<string>(); // spot ids being fetched

export const useBookingStore = create<BookingState>()((set, get) => ({
  ...empty(),

  loadList: async (when) => {
    set((state) => ({ loading: { ...state.loading, [when]: true }, errors: { ...state.errors, [when]: null } }));
    try {
      const rows = await listMyBookings(when);
      set((state) => {
        const byId = { ...state.byId };
        rows.forEach((row) => (byId[row.id] = row));
        return { byId, lists: { ...state.lists, [when]: rows.map((row) => row.id) } };
      });
      get().ensureSpots(rows.map((row) => row.parking_spot_id));
    } catch (error) {
      set((state) => ({ errors: { ...state.errors, [when]: messageOf(error) } }));
    } finally {
      set((state) => ({ loading: { ...state.loading, [when]: false } }));
    }
  },

  loadBooking: async (bookingId) => {
    const booking = await getBooking(bookingId);
    get().put(booking);
    get().ensureSpots([booking.parking_spot_id]);
    return booking;
  },

  put: (booking) => set((state) => ({ byId: { ...state.byId, [booking.id]: booking } })),

  setStatus: (bookingId, status) =>
    set((state) => {
      const booking = state.byId[bookingId];
      if (!booking || booking.status === status) return {};
      return { byId: { ...state.byId, [bookingId]: { ...booking, status } } };
    }),

  ensureSpots: (spotIds) => {
    const missing = [...new Set(spotIds)].filter((id) => !get().spots[id] && !spotRequests.has(id));
    missing.forEach((id) => {
      spotRequests.add(id);
      getSpot(id)
        .then(
          (spot): SpotInfo => ({ title: spot.title, address: `${spot.address}, ${spot.city}`, timezone: spot.timezone }),
          // a spot taken down is not shown to renters any more: the booking still is
          (): SpotInfo => ({ title: 'Parking spot', address: null, timezone: undefined }),
        )
        .then((info) => set((state) => ({ spots: { ...state.spots, [id]: info } })))
        .finally(() => spotRequests.delete(id));
    });
  },

  loadMyReviews: async () => {
    const reviews = await listMyReviews();
    const byBooking: Record<string, Review> = {};
    reviews.forEach((review) => (byBooking[review.booking_id] = review));
    set({ myReviews: byBooking });
  },

  // (not loaded yet: the next load includes it)
  reviewed: (review) =>
    set((state) => (state.myReviews === null ? {} : { myReviews: { ...state.myReviews, [review.booking_id]: review } })),

  cancelled: (answer) => {
    const { refund_percent: percent, refund_status, ...booking } = answer;
    set((state) => ({
      byId: { ...state.byId, [booking.id]: booking },
      cancelResults: { ...state.cancelResults, [booking.id]: { percent, amount: booking.refund_amount } },
    }));
  },

  // The extended booking; with payments on, a paid booking's extension waits for its payment. The
  // booking read back says so in pending_extension; the extend answer says it in its own fields.
  extended: (answer, previousEnd) => {
    const { amount_due: amount, extension_id: extensionId, payment_due_by: dueBy, ...booking } = answer;
    const pending = extensionId && dueBy
      ? { id: extensionId, amount, payment_due_by: dueBy, previous_end: previousEnd }
      : booking.pending_extension;
    set((state) => ({ byId: { ...state.byId, [booking.id]: { ...booking, pending_extension: pending } } }));
  },

  reset: () => set(empty()),
}));

// Live updates.

function myUserId(): string | null {
  return useAuthStore.getState().user?.id ?? null;
}

const latestEvent = new Map<string, number>(); // booking id -> id of the newest event about it

realtime.on('booking_update', (event) => {
  const store = useBookingStore.getState();
  if (!store.byId[event.booking_id]) return; // not one this device shows
  store.setStatus(event.booking_id, event.status);
  latestEvent.set(event.booking_id, event.id);
  // read it again for what came with the change (refund, check-in time, payment status); when a
  // newer event came meanwhile, its own read wins
  getBooking(event.booking_id)
    .then((booking) => {
      if (latestEvent.get(booking.id) === event.id) useBookingStore.getState().put(booking);
    })
    .catch(() => undefined);
});

realtime.on('new_booking', (event) => {
  const store = useBookingStore.getState();
  const me = myUserId();
  if (me === null || store.byId[event.booking_id]) return;
  if (store.lists.upcoming === null && store.lists.past === null) return; // loaded when the tab opens
  getBooking(event.booking_id)
    .then((booking) => {
      if (booking.user_id !== me) return; // a booking of my spot: the owner's screens show those
      const when: When = Date.parse(booking.end_time) > Date.now() ? 'upcoming' : 'past';
      useBookingStore.setState((state) => {
        const byId = { ...state.byId, [booking.id]: booking };
        const list = state.lists[when];
        const lists = list && !list.includes(booking.id)
          ? { ...state.lists, [when]: sortIds([...list, booking.id], byId, when) }
          : state.lists;
        return { byId, lists };
      });
      useBookingStore.getState().ensureSpots([booking.parking_spot_id]);
    })
    .catch(() => undefined);
});

realtime.on('resync', () => {
  const store = useBookingStore.getState();
  if (myUserId() === null) return;
  (['upcoming', 'past'] as const).forEach((when) => {
    if (store.lists[when] !== null) void store.loadList(when);
  });
});

// Another user (or nobody) signed in: forget the previous one's bookings.
useAuthStore.subscribe((state, previous) => {
  if (state.user?.id !== previous.user?.id) useBookingStore.getState().reset();
});
