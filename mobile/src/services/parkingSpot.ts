// The renter's side of parking spots and bookings: the map viewport, the search, a spot's detail,
// reviews, calendar, the price quote and booking. Every answer is typed by the generated client.
import type { paths } from '../types/api';
import { api, type Schemas } from './api';
import { unwrap } from './errors';

export type MapSpot = Schemas['MapSpotOut'];
export type SearchSpot = Schemas['SpotItemOut'];
export type Spot = Schemas['SpotOut'];
export type SpotType = Spot['spot_type'];
export type Review = Schemas['ReviewOut'];
export type ReviewSummary = Schemas['ReviewSummaryOut'];
export type Calendar = Schemas['CalendarOut'];
export type Quote = Schemas['QuoteOut'];
export type Booking = Schemas['BookingOut'];
export type BookingCreate = Schemas['BookingCreate'];

export const SPOT_TYPES: SpotType[] = ['indoor', 'outdoor', 'covered', 'garage', 'driveway', 'lot'];

export interface Listed<T> {
  items: T[];
  total: number;
}

function totalOf(response: Response, fallback: number): number {
  const header = response.headers.get('X-Total-Count');
  const total = header === null ? NaN : Number(header);
  return Number.isFinite(total) ? total : fallback;
}

export interface ViewportQuery {
  min_lat: number;
  min_lon: number;
  max_lat: number;
  max_lon: number;
  limit?: number;
}

export async function spotsInBounds(query: ViewportQuery): Promise<Listed<MapSpot>> {
  const answer = await api.GET('/api/v1/parking-spots/in-bounds', { params: { query } });
  const items = unwrap(answer);
  return { items, total: totalOf(answer.response, items.length) };
}

export type SearchQuery = NonNullable<paths['/api/v1/parking-spots']['get']['parameters']['query']>;

export async function searchSpots(query: SearchQuery): Promise<Listed<SearchSpot>> {
  const answer = await api.GET('/api/v1/parking-spots', { params: { query } });
  const items = unwrap(answer);
  return { items, total: totalOf(answer.response, items.length) };
}

export async function getSpot(spotId: string): Promise<Spot> {
  return unwrap(await api.GET('/api/v1/parking-spots/{spot_id}', { params: { path: { spot_id: spotId } } }));
}

export async function getReviewSummary(spotId: string): Promise<ReviewSummary> {
  return unwrap(await api.GET('/api/v1/parking-spots/{spot_id}/reviews/summary', { params: { path: { spot_id: spotId } } }));
}

export async function getReviews(spotId: string, page: number, pageSize = 10): Promise<Listed<Review>> {
  const answer = await api.GET('/api/v1/parking-spots/{spot_id}/reviews', {
    params: { path: { spot_id: spotId }, query: { page, page_size: pageSize } },
  });
  const items = unwrap(answer);
  return { items, total: totalOf(answer.response, items.length) };
}

export async function getCalendar(spotId: string, from: Date, to: Date): Promise<Calendar> {
  return unwrap(
    await api.GET('/api/v1/parking-spots/{spot_id}/availability', {
      params: { path: { spot_id: spotId }, query: { from: from.toISOString(), to: to.toISOString() } },
    }),
  );
}

export async function quoteBooking(spotId: string, start: Date, end: Date): Promise<Quote> {
  return unwrap(
    await api.POST('/api/v1/bookings/calculate-price', {
      body: { parking_spot_id: spotId, start_time: start.toISOString(), end_time: end.toISOString() },
    }),
  );
}

// `idempotencyKey`: one per booking attempt, reused when the same attempt is sent again.
export async function createBooking(body: BookingCreate, idempotencyKey: string): Promise<Booking> {
  return unwrap(await api.POST('/api/v1/bookings', { body, params: { header: { 'Idempotency-Key': idempotencyKey } } }));
}
