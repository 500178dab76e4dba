// Signing in and registering through the screens; the service's detail on a refused login.
import { expect, test } from '@playwright/test';

import { uniqueEmail } from './api';
import { byId, snap } from './helpers';

test('a wrong password shows the service’s detail; a new renter registers and lands on the map', async ({ page }) => {
  await page.goto('/');
  await expect(byId(page, 'login-screen')).toBeVisible();
  // the journeys' API has Google sign-in configured and Facebook not: only Google's button shows
  await expect(byId(page, 'oauth-google')).toBeVisible();
  await expect(byId(page, 'oauth-facebook')).toHaveCount(0);
  await snap(page, 'login');

  await byId(page, 'login-email').fill('nobody@e2e.parkingspots.dev');
  await byId(page, 'login-password').fill('not-the-password');
  await byId(page, 'login-submit').click();
  await expect(byId(page, 'login-error')).toHaveText('incorrect email or password');

  await byId(page, 'go-register').click();
  await expect(byId(page, 'register-screen')).toBeVisible();
  await byId(page, 'role-renter').click();
  await byId(page, 'register-name').fill('Robin Renter');
  await byId(page, 'register-email').fill(uniqueEmail('renter'));
  await byId(page, 'register-phone').fill('+1 415 555 0100');
  await byId(page, 'register-password').fill('short');
  await snap(page, 'register');
  await byId(page, 'register-submit').click();
  await expect(byId(page, 'register-error')).toContainText('password');

  await byId(page, 'register-password').fill('e2e-correct-horse-battery');
  await byId(page, 'register-submit').click();
  await expect(byId(page, 'home-screen')).toBeVisible();
  await expect(byId(page, 'tab-bookings')).toBeVisible();
});
