// Journey c: a renter books a window soon, checks in and out from the booking, reviews it once it is
// completed; the spot's owner answers the review from "Reviews to respond to" and the answer shows.
import { expect, test } from '@playwright/test';

import { api, bearer, must, newAccount, ownerOf, quarterWindow } from './api';
import { bookableSpotInList, byId, localText, openTab, signIn, snap } from './helpers';

test('check in, check out, review the completed booking; the owner responds', async ({ browser }) => {
  const account = await newAccount('renter', 'Casey Checkin');
  const context = await browser.newContext();
  const renter = await context.newPage();
  await signIn(renter, account.email, account.password);

  // A window that starts within the quarter hour (check-in opens 15 minutes before the start), on a
  // spot of an owner the booking journey leaves alone.
  const window = quarterWindow(1, 1);
  const spotId = await bookableSpotInList(renter, account.token, 'high', window);
  await byId(renter, `spot-row-${spotId}`).click();
  await byId(renter, 'open-spot').click();
  await expect(byId(renter, 'spot-detail-screen')).toBeVisible();
  await byId(renter, 'book-button').click();
  await byId(renter, 'book-start').fill(localText(window.start));
  await byId(renter, 'book-end').fill(localText(new Date(window.end_time)));
  await expect(byId(renter, 'quote-total')).toContainText('$');
  await byId(renter, 'confirm-booking').click();
  await expect(byId(renter, 'booking-confirmed')).toBeVisible();
  await byId(renter, 'go-to-booking').click();
  await expect(byId(renter, 'booking-detail-screen')).toBeVisible();
  const [booking] = must(
    await api.GET('/api/v1/bookings', { params: { query: { when: 'upcoming' } }, ...bearer(account.token) }),
    'my bookings',
  );
  expect(booking.parking_spot_id).toBe(spotId);

  // check-in opens 15 minutes before the start: at once, or (a start 15-16 minutes ahead) within a minute
  await expect(byId(renter, 'booking-status')).toHaveText('confirmed');
  await expect(async () => {
    await byId(renter, 'booking-check-in').click();
    await expect(byId(renter, 'booking-status')).toHaveText('in_progress', { timeout: 3_000 });
  }).toPass({ timeout: 75_000 });
  await expect(byId(renter, 'booking-check-out')).toBeVisible();
  await byId(renter, 'booking-check-out').click();
  await expect(byId(renter, 'booking-status')).toHaveText('completed');

  // a completed booking can be reviewed once
  await byId(renter, 'booking-review').click();
  await expect(byId(renter, 'write-review-screen')).toBeVisible();
  await byId(renter, 'review-rating-5').click();
  const comment = 'Easy to find, the gate code worked at once. Would park here again.';
  await byId(renter, 'review-comment').fill(comment);
  await snap(renter, 'review');
  await byId(renter, 'review-submit').click();
  await expect(byId(renter, 'booking-detail-screen')).toBeVisible();
  await expect(byId(renter, 'booking-reviewed')).toBeVisible();
  await expect(byId(renter, 'booking-review')).toHaveCount(0);
  const [review] = must(await api.GET('/api/v1/users/me/reviews', bearer(account.token)), 'my reviews');
  expect(review).toMatchObject({ booking_id: booking.id, overall_rating: 5, comment, owner_response: null });

  // the owner answers it
  const owner = await ownerOf(spotId);
  const ownerContext = await browser.newContext();
  const ownerPage = await ownerContext.newPage();
  await signIn(ownerPage, owner.email, owner.password);
  await byId(ownerPage, 'tab-profile').click();
  await byId(ownerPage, 'profile-owner-reviews').click();
  await expect(byId(ownerPage, 'owner-reviews-screen')).toBeVisible();
  await expect(byId(ownerPage, `owner-review-${review.id}`)).toBeVisible();
  await expect(byId(ownerPage, `owner-review-${review.id}`)).toContainText(comment);
  await byId(ownerPage, `respond-${review.id}`).click();
  const answer = 'Thank you, Casey! Glad the gate code worked.';
  await byId(ownerPage, `response-text-${review.id}`).fill(answer);
  await snap(ownerPage, 'owner-reviews');
  await byId(ownerPage, `response-submit-${review.id}`).click();
  await expect(byId(ownerPage, `response-${review.id}`)).toContainText(answer);
  await expect(byId(ownerPage, `respond-${review.id}`)).toHaveCount(0);

  const answered = must(
    await api.GET('/api/v1/reviews/{review_id}', { params: { path: { review_id: review.id } } }),
    'review',
  );
  expect(answered.owner_response).toBe(answer);

  // the spot's page shows the review with its answer
  await openTab(renter, 'home', 'home-screen');
  await byId(renter, `spot-row-${spotId}`).click();
  await byId(renter, 'open-spot').click();
  await expect(byId(renter, `review-${review.id}`)).toContainText(answer);

  await ownerContext.close();
  await context.close();
});
