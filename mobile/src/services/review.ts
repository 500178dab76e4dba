// Reviews the renter writes (POST /reviews) and the ones already written (GET /users/me/reviews),
// which tell the Bookings tab whether a completed booking still waits for a review.
import { api, type Schemas } from './api';
import { unwrap } from './errors';

export type Review = Schemas['ReviewOut'];
export type ReviewCreate = Schemas['ReviewCreate'];

const PAGE_SIZE = 100;
const MAX_PAGES = 10;

export async function listMyReviews(): Promise<Review[]> {
  const all: Review[] = [];
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const answer = await api.GET('/api/v1/users/me/reviews', { params: { query: { page, page_size: PAGE_SIZE } } });
    const rows = unwrap(answer);
    all.push(...rows);
    const total = Number(answer.response.headers.get('X-Total-Count') ?? all.length);
    if (rows.length < PAGE_SIZE || all.length >= total) break;
  }
  return all;
}

export async function createReview(review: ReviewCreate): Promise<Review> {
  return unwrap(await api.POST('/api/v1/reviews', { body: review }));
}
