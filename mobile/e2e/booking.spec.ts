// Journeys a and b: a new renter finds a spot on the map of the demo city, gets a quote with the fee
// breakdown, books it and sees it in Bookings; the spot's owner, who has "Bookings of my spots" open
// in another browser, sees the booking arrive live and cancels it; the renter's open booking turns
// cancelled live, with the refund.
import { expect, test } from '@playwright/test';

import { api, bearer, login, must, ownerOf, PASSWORD, uniqueEmail } from './api';
import { bookableSpotInList, byId, openTab, signIn, snap } from './helpers';

test('book a spot found on the map; the owner sees it live and cancels; the renter sees it cancelled live', async ({
  browser,
}) => {
  const renterContext = await browser.newContext();
  const renter = await renterContext.newPage();

  // a) register a renter through the screens
  const email = uniqueEmail('renter');
  await renter.goto('/');
  await byId(renter, 'go-register').click();
  await byId(renter, 'role-renter').click();
  await byId(renter, 'register-name').fill('Riley Renter');
  await byId(renter, 'register-email').fill(email);
  await byId(renter, 'register-password').fill(PASSWORD);
  await byId(renter, 'register-submit').click();

  // the map of the demo city with its spots
  await expect(byId(renter, 'home-screen')).toBeVisible();
  await expect(byId(renter, 'city-san-francisco')).toBeVisible();
  await expect(byId(renter, 'map')).toBeVisible();
  await expect(renter.locator('[data-testid^="spot-marker-"], [data-testid^="map-cluster"]').first()).toBeVisible();
  await expect(byId(renter, 'spot-available-count')).toHaveText(/\d/);
  await snap(renter, 'home-map');

  // a spot of the list that takes a booking soon (of an owner the check-in journey leaves alone)
  const token = (await login(email, PASSWORD)).access_token;
  const spotId = await bookableSpotInList(renter, token, 'low');
  await expect(byId(renter, `spot-distance-${spotId}`)).toBeVisible();
  await snap(renter, 'home-list');

  // b) the owner of that spot opens the bookings of their spots before the renter books
  const owner = await ownerOf(spotId);
  const ownerContext = await browser.newContext();
  const ownerPage = await ownerContext.newPage();
  await signIn(ownerPage, owner.email, owner.password);
  await openTab(ownerPage, 'profile', 'profile-screen');
  await expect(byId(ownerPage, 'profile-role')).toContainText(/owner/i);
  await byId(ownerPage, 'profile-owner-bookings').click();
  await expect(byId(ownerPage, 'owner-bookings-screen')).toBeVisible();
  await expect(byId(ownerPage, 'new-booking-banner')).toHaveCount(0);

  // the spot's detail
  await byId(renter, `spot-row-${spotId}`).click();
  await expect(byId(renter, 'selected-spot')).toBeVisible();
  await byId(renter, 'open-spot').click();
  await expect(byId(renter, 'spot-detail-screen')).toBeVisible();
  await expect(byId(renter, 'spot-title')).not.toBeEmpty();
  await expect(byId(renter, 'spot-address')).not.toBeEmpty();
  await expect(byId(renter, 'spot-price')).toContainText('$');
  await expect(byId(renter, 'spot-amenities')).toBeVisible();
  await expect(byId(renter, 'spot-hours')).toBeVisible();
  await expect(byId(renter, 'spot-rating')).toBeVisible();
  await expect(byId(renter, 'spot-calendar')).toBeVisible();
  await snap(renter, 'spot-detail');

  // pick a window soon: the live quote with the fee breakdown
  await byId(renter, 'book-button').click();
  await expect(byId(renter, 'book-screen')).toBeVisible();
  await byId(renter, 'book-quick-soon').click();
  await byId(renter, 'vehicle-plate').fill('7E2E123');
  await expect(byId(renter, 'quote')).toBeVisible();
  await expect(byId(renter, 'quote-subtotal')).toContainText('$');
  await expect(byId(renter, 'quote-fee')).toContainText('$');
  await expect(byId(renter, 'quote-total')).toContainText('$');
  await expect(byId(renter, 'payments-not-configured')).toBeVisible(); // no Stripe keys in this run
  await snap(renter, 'book-quote');
  const quotedTotal = await byId(renter, 'quote-total').innerText();

  await byId(renter, 'confirm-booking').click();
  await expect(byId(renter, 'booking-confirmed')).toBeVisible();
  await snap(renter, 'booking-confirmed');
  const [booking] = must(
    await api.GET('/api/v1/bookings', { params: { query: { when: 'upcoming' } }, ...bearer(token) }),
    'my bookings',
  );
  expect(booking).toMatchObject({ parking_spot_id: spotId, status: 'confirmed', vehicle_plate: '7E2E123' });
  // what the quote showed is what was booked
  expect(quotedTotal).toContain((booking.total_amount / 100).toFixed(2));
  await expect(byId(renter, 'booking-confirmed')).toContainText((booking.total_amount / 100).toFixed(2));

  // the owner's screen shows it at once, without a reload
  await expect(byId(ownerPage, 'new-booking-banner')).toBeVisible();
  await expect(byId(ownerPage, `owner-booking-${booking.id}`)).toBeVisible();
  await expect(byId(ownerPage, `owner-booking-status-${booking.id}`)).toHaveText('confirmed');
  await snap(ownerPage, 'owner-bookings');

  // the renter goes to the booking, and finds it in Bookings, upcoming
  await byId(renter, 'go-to-booking').click();
  await expect(byId(renter, 'booking-detail-screen')).toBeVisible();
  await expect(byId(renter, 'booking-status')).toHaveText('confirmed');
  await openTab(renter, 'bookings', 'bookings-screen');
  await byId(renter, 'bookings-upcoming').click();
  await expect(byId(renter, `booking-row-${booking.id}`)).toBeVisible();
  await expect(byId(renter, `booking-status-${booking.id}`)).toHaveText('confirmed');
  await snap(renter, 'bookings');

  await byId(renter, `booking-row-${booking.id}`).click();
  await expect(byId(renter, 'booking-detail-screen')).toBeVisible();
  await expect(byId(renter, 'booking-status')).toHaveText('confirmed');
  await expect(byId(renter, 'booking-window')).not.toBeEmpty();
  await expect(byId(renter, 'booking-total')).toContainText((booking.total_amount / 100).toFixed(2));
  await expect(byId(renter, 'booking-access-code')).toBeVisible();
  await expect(byId(renter, 'booking-cancel')).toBeVisible();
  await snap(renter, 'booking-detail');

  // the owner cancels; the renter's open detail follows live, with the refund
  await byId(ownerPage, `owner-cancel-${booking.id}`).click();
  await byId(ownerPage, 'owner-cancel-confirm').click();
  await expect(byId(ownerPage, `owner-booking-status-${booking.id}`)).toHaveText('cancelled');

  await expect(byId(renter, 'booking-status')).toHaveText('cancelled');
  await expect(byId(renter, 'booking-refund')).toBeVisible();
  const cancelled = must(
    await api.GET('/api/v1/bookings/{booking_id}', { params: { path: { booking_id: booking.id } }, ...bearer(token) }),
    'booking',
  );
  expect(cancelled.status).toBe('cancelled');
  // the owner cancelled: 100 % of what was paid (nothing was: payments are off in this run)
  await expect(byId(renter, 'booking-refund')).toContainText(`$${((cancelled.refund_amount ?? 0) / 100).toFixed(2)}`);
  await snap(renter, 'booking-cancelled');
  await openTab(renter, 'bookings', 'bookings-screen');
  await expect(byId(renter, `booking-status-${booking.id}`)).toHaveText('cancelled');

  await ownerContext.close();
  await renterContext.close();
});
