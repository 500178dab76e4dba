// What an owner does with their listings: list, create, change, take off the market and back,
// opening hours and blackouts, the bookings of their spots (cancel one: the renter gets all back)
// and the reviews of their spots (answer once).
import { api, type Schemas } from './api';
import { unwrap } from './errors';

export type Spot = Schemas['SpotOut'];
export type SpotCreate = Schemas['SpotCreate'];
export type SpotPatch = Schemas['SpotPatch'];
export type SpotModeration = Schemas['SpotModerationOut'];
export type OperatingHours = NonNullable<Schemas['SpotPatch']['operating_hours']>;
export type Blackout = Schemas['BlackoutOut'];
export type Booking = Schemas['BookingOut'];
export type BookingStatus = Booking['status'];
export type Cancelled = Schemas['CancelledOut'];
export type Review = Schemas['ReviewOut'];
export type SpotType = Spot['spot_type'];
export type VehicleSize = Spot['vehicle_size'];

export { SPOT_TYPES } from './parkingSpot'; // one list of the spot types, for search and listings
export const VEHICLE_SIZES: VehicleSize[] = ['motorcycle', 'compact', 'standard', 'large', 'oversized'];
export const BOOKING_STATUSES: BookingStatus[] = ['pending', 'confirmed', 'in_progress', 'completed', 'cancelled', 'refunded'];

const PAGE = 100; // the most the service gives per page

// Every listing of mine, inactive ones included (pages of 100 until a short one).
export async function listMySpots(): Promise<Spot[]> {
  const spots: Spot[] = [];
  for (let page = 1; ; page += 1) {
    const batch = unwrap(await api.GET('/api/v1/parking-spots/mine', { params: { query: { page, page_size: PAGE } } }));
    spots.push(...batch);
    if (batch.length < PAGE) return spots;
  }
}

export async function createSpot(body: SpotCreate): Promise<Spot> {
  return unwrap(await api.POST('/api/v1/parking-spots', { body }));
}

export async function updateSpot(spotId: string, body: SpotPatch): Promise<Spot> {
  return unwrap(await api.PATCH('/api/v1/parking-spots/{spot_id}', { params: { path: { spot_id: spotId } }, body }));
}

// DELETE takes the listing off the market for good on the renters' side (it stays in My spots,
// inactive, and can be reactivated); 409 while renters hold future bookings.
export async function removeSpot(spotId: string): Promise<void> {
  unwrap(await api.DELETE('/api/v1/parking-spots/{spot_id}', { params: { path: { spot_id: spotId } } }));
}

export async function deactivateSpot(spotId: string, reason: string | null): Promise<SpotModeration> {
  return unwrap(await api.POST('/api/v1/parking-spots/{spot_id}/deactivate', {
    params: { path: { spot_id: spotId } }, body: { reason },
  }));
}

export async function reactivateSpot(spotId: string): Promise<SpotModeration> {
  return unwrap(await api.POST('/api/v1/parking-spots/{spot_id}/reactivate', { params: { path: { spot_id: spotId } } }));
}

// Pause new bookings (or take them again) without deactivating; bookings already made stay.
export async function setAvailable(spotId: string, isAvailable: boolean): Promise<Schemas['AvailabilityOut']> {
  return unwrap(await api.PATCH('/api/v1/parking-spots/{spot_id}/availability', {
    params: { path: { spot_id: spotId } }, body: { is_available: isAvailable },
  }));
}

export async function setOperatingHours(spotId: string, hours: OperatingHours | null): Promise<Spot> {
  return updateSpot(spotId, { operating_hours: hours });
}

// The spot's blackouts that have not ended yet, soonest first, with the ids to lift them by.
export async function listBlackouts(spotId: string): Promise<Blackout[]> {
  return unwrap(await api.GET('/api/v1/parking-spots/{spot_id}/blackouts', { params: { path: { spot_id: spotId } } }));
}

export async function addBlackout(spotId: string, startsAt: Date, endsAt: Date, reason: string | null): Promise<Blackout> {
  return unwrap(await api.POST('/api/v1/parking-spots/{spot_id}/blackouts', {
    params: { path: { spot_id: spotId } },
    body: { starts_at: startsAt.toISOString(), ends_at: endsAt.toISOString(), reason },
  }));
}

export async function deleteBlackout(spotId: string, blackoutId: string): Promise<void> {
  unwrap(await api.DELETE('/api/v1/parking-spots/{spot_id}/blackouts/{blackout_id}', {
    params: { path: { spot_id: spotId, blackout_id: blackoutId } },
  }));
}

export interface BookingsPage {
  bookings: Booking[];
  total: number | null; // X-Total-Count
}

// Bookings of my spots, newest start first.
export async function ownerBookings(page: number, status?: BookingStatus): Promise<BookingsPage> {
  const answer = await api.GET('/api/v1/bookings/owner', { params: { query: { page, page_size: 50, status } } });
  const bookings = unwrap(answer);
  const header = answer.response.headers.get('X-Total-Count');
  return { bookings, total: header === null ? null : Number(header) };
}

export async function getBooking(bookingId: string): Promise<Booking> {
  return unwrap(await api.GET('/api/v1/bookings/{booking_id}', { params: { path: { booking_id: bookingId } } }));
}

export async function cancelBooking(bookingId: string, reason: string | null): Promise<Cancelled> {
  return unwrap(await api.POST('/api/v1/bookings/{booking_id}/cancel', {
    params: { path: { booking_id: bookingId } }, body: { reason },
  }));
}

// Every review of one spot (pages of 100).
export async function spotReviews(spotId: string): Promise<Review[]> {
  const reviews: Review[] = [];
  for (let page = 1; ; page += 1) {
    const batch = unwrap(await api.GET('/api/v1/parking-spots/{spot_id}/reviews', {
      params: { path: { spot_id: spotId }, query: { page, page_size: PAGE, sort: 'newest' } },
    }));
    reviews.push(...batch);
    if (batch.length < PAGE) return reviews;
  }
}

export async function respondToReview(reviewId: string, response: string): Promise<Review> {
  return unwrap(await api.POST('/api/v1/reviews/{review_id}/response', {
    params: { path: { review_id: reviewId } }, body: { response },
  }));
}
