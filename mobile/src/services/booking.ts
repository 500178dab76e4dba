// The renter's bookings over HTTP (seed 4.4, Bookings tab): lists, one booking, its access code and
// the actions on it. Each call returns the service's answer or throws an ApiError (errors.ts).
import { api, type Schemas } from './api';
import { ApiError, unwrap } from './errors';

export type Booking = Schemas['BookingOut'];
export type BookingStatus = Booking['status'];
export type BookingAccess = Schemas['AccessOut'];
export type CancelledBooking = Schemas['CancelledOut'];
export type ExtendedBooking = Schemas['ExtendedOut'];
export type Spot = Schemas['SpotOut'];
export type When = 'upcoming' | 'past';

const PAGE_SIZE = 100; // the most the service gives per page
const MAX_PAGES = 10;

// Every booking of mine that has not ended (upcoming) or has (past), in the service's order.
export async function listMyBookings(when: When): Promise<Booking[]> {
  const all: Booking[] = [];
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const answer = await api.GET('/api/v1/bookings', { params: { query: { when, page, page_size: PAGE_SIZE } } });
    const rows = unwrap(answer);
    all.push(...rows);
    const total = Number(answer.response.headers.get('X-Total-Count') ?? all.length);
    if (rows.length < PAGE_SIZE || all.length >= total) break;
  }
  return all;
}

export async function getBooking(bookingId: string): Promise<Booking> {
  return unwrap(await api.GET('/api/v1/bookings/{booking_id}', { params: { path: { booking_id: bookingId } } }));
}

// The access code and instructions: only the renter of a confirmed (or started) booking gets them;
// null when the service says no (an owner, or a booking not confirmed yet / over).
export async function getAccess(bookingId: string): Promise<BookingAccess | null> {
  try {
    return unwrap(await api.GET('/api/v1/bookings/{booking_id}/access', { params: { path: { booking_id: bookingId } } }));
  } catch (error) {
    if (error instanceof ApiError && [403, 404, 409].includes(error.status)) return null;
    throw error;
  }
}

export async function cancelBooking(bookingId: string, reason?: string): Promise<CancelledBooking> {
  return unwrap(
    await api.POST('/api/v1/bookings/{booking_id}/cancel', {
      params: { path: { booking_id: bookingId } },
      body: { reason: reason?.trim() ? reason.trim() : null },
    }),
  );
}

export async function extendBooking(bookingId: string, endTime: Date): Promise<ExtendedBooking> {
  return unwrap(
    await api.POST('/api/v1/bookings/{booking_id}/extend', {
      params: { path: { booking_id: bookingId } },
      body: { end_time: endTime.toISOString() },
    }),
  );
}

export async function checkIn(bookingId: string): Promise<Booking> {
  return unwrap(await api.POST('/api/v1/bookings/{booking_id}/check-in', { params: { path: { booking_id: bookingId } } }));
}

export async function checkOut(bookingId: string): Promise<Booking> {
  return unwrap(await api.POST('/api/v1/bookings/{booking_id}/check-out', { params: { path: { booking_id: bookingId } } }));
}

// The spot a booking is for (its title and time zone); the service caches it.
export async function getSpot(spotId: string): Promise<Spot> {
  return unwrap(await api.GET('/api/v1/parking-spots/{spot_id}', { params: { path: { spot_id: spotId } } }));
}

// The rules the service applies (db: cancellation_refund, check_in_booking, check_out_booking,
// extend_booking), so the screen shows what is possible and what a cancel gives back before asking.

const HOUR = 3_600_000;
const CHECK_IN_OPENS_MS = 15 * 60_000;

export function canCancel(booking: Booking, now = Date.now()): boolean {
  return (booking.status === 'pending' || booking.status === 'confirmed') && now < Date.parse(booking.start_time);
}

// The percent of what was paid that a cancel now gives back: the owner (or an admin) 100 %; the
// renter 100 % up to 24 h before the start, 50 % later.
export function refundPercentNow(booking: Booking, byOwner: boolean, now = Date.now()): number {
  if (byOwner) return 100;
  return Date.parse(booking.start_time) - now >= 24 * HOUR ? 100 : 50;
}

export function isPaid(booking: Booking): boolean {
  return booking.payment_status === 'paid' || booking.payment_status === 'partially_refunded' || booking.payment_status === 'refunded';
}

// What a cancel now sends back, in cents (nothing when nothing was paid).
export function refundAmountNow(booking: Booking, byOwner: boolean, now = Date.now()): number {
  if (booking.payment_status !== 'paid') return 0;
  return Math.floor((booking.total_amount * refundPercentNow(booking, byOwner, now)) / 100);
}

// The percent a cancelled booking got, when it can be told from the booking alone: from the
// amounts when something was paid, else 100 when it was cancelled 24 h or more before the start
// (whoever cancelled); null when it depends on who cancelled.
export function refundPercentOf(booking: Booking): number | null {
  if (booking.refund_amount > 0 && booking.total_amount > 0) {
    return Math.round((booking.refund_amount * 100) / booking.total_amount);
  }
  if (booking.cancelled_at && Date.parse(booking.start_time) - Date.parse(booking.cancelled_at) >= 24 * HOUR) return 100;
  return null;
}

export function checkInOpensAt(booking: Booking): number {
  return Date.parse(booking.start_time) - CHECK_IN_OPENS_MS;
}

export function canCheckIn(booking: Booking, now = Date.now()): boolean {
  const ready = booking.status === 'confirmed' || (booking.status === 'in_progress' && !booking.checked_in_at);
  return ready && now >= checkInOpensAt(booking) && now < Date.parse(booking.end_time);
}

export function canCheckOut(booking: Booking): boolean {
  return booking.status === 'in_progress';
}

export function canExtend(booking: Booking): boolean {
  return booking.status === 'pending' || booking.status === 'confirmed' || booking.status === 'in_progress';
}
