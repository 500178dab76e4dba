// The Profile tab of a new owner: edit the profile, change the password, list a spot with the map
// pin, set its opening hours and a blackout, take it off the market and back, the settings, log out.
import { expect, test } from '@playwright/test';

import { api, API_URL, bearer, login, must, newAccount, PASSWORD } from './api';
import { byId, goBack, localText, openTab, signIn, snap } from './helpers';

test('an owner edits the profile, changes the password, lists a spot, sets its hours and a blackout', async ({ page }) => {
  const account = await newAccount('owner', 'Olive Owner');
  await signIn(page, account.email, account.password);

  await openTab(page, 'profile', 'profile-screen');
  await expect(byId(page, 'profile-name')).toHaveText(account.name);
  await expect(byId(page, 'profile-email')).toHaveText(account.email);
  await expect(byId(page, 'profile-role')).toContainText(/owner/i);
  await snap(page, 'profile');

  // edit the profile
  await byId(page, 'profile-edit').click();
  await expect(byId(page, 'edit-profile-screen')).toBeVisible();
  await byId(page, 'edit-name').fill('Olive Q. Owner');
  await byId(page, 'edit-phone').fill('+1 415 555 0199');
  await byId(page, 'edit-save').click();
  await expect(byId(page, 'edit-saved')).toBeVisible();
  await snap(page, 'edit-profile');
  await openTab(page, 'profile', 'profile-screen');
  await expect(byId(page, 'profile-name')).toHaveText('Olive Q. Owner');

  // change the password: a wrong current one is refused with the service's detail
  await byId(page, 'profile-password').click();
  await expect(byId(page, 'change-password-screen')).toBeVisible();
  await byId(page, 'password-current').fill('not-my-password');
  await byId(page, 'password-new').fill('e2e-new-horse-battery');
  await byId(page, 'password-save').click();
  await expect(byId(page, 'password-error')).toHaveText('the current password is incorrect');
  await byId(page, 'password-current').fill(PASSWORD);
  await byId(page, 'password-save').click();
  await expect(byId(page, 'password-saved')).toBeVisible();
  await snap(page, 'change-password');
  const token = (await login(account.email, 'e2e-new-horse-battery')).access_token;

  // list a spot: the form, the pin on the map
  await openTab(page, 'profile', 'profile-screen');
  await byId(page, 'profile-my-spots').click();
  await expect(byId(page, 'my-spots-screen')).toBeVisible();
  await expect(byId(page, 'my-spots-empty')).toBeVisible();
  await byId(page, 'add-spot').click();
  await expect(byId(page, 'spot-editor-screen')).toBeVisible();
  await byId(page, 'spot-form-title').fill('Sunny driveway by Dolores Park');
  await byId(page, 'spot-form-description').fill('Wide driveway, easy to back into.');
  await byId(page, 'spot-form-type-driveway').click();
  await byId(page, 'spot-form-size-standard').click();
  await byId(page, 'spot-form-address').fill('3550 20th St');
  await byId(page, 'spot-form-city').fill('San Francisco');
  await byId(page, 'spot-form-state').fill('CA');
  await byId(page, 'spot-form-zip').fill('94110');
  const pin = byId(page, 'spot-form-pin');
  await pin.scrollIntoViewIfNeeded();
  await pin.click();
  await expect(byId(page, 'spot-form-pin-value')).toContainText(/\d+\.\d+/);
  await byId(page, 'spot-form-hourly').fill('4.50');
  await byId(page, 'spot-form-daily').fill('28');
  await byId(page, 'spot-form-ev').click();
  await byId(page, 'spot-form-instructions').fill('Park on the left side of the driveway.');
  await snap(page, 'spot-editor');
  await byId(page, 'spot-save').click();

  await expect(byId(page, 'my-spots-screen')).toBeVisible();
  const [spot] = must(await api.GET('/api/v1/parking-spots/mine', bearer(token)), 'my spots');
  expect(spot).toMatchObject({
    title: 'Sunny driveway by Dolores Park', spot_type: 'driveway', hourly_rate: 450, daily_rate: 2800,
    has_ev_charging: true, city: 'San Francisco',
  });
  await expect(byId(page, `my-spot-${spot.id}`)).toContainText('Sunny driveway by Dolores Park');
  await snap(page, 'my-spots');

  // its opening hours and a blackout
  await byId(page, `my-spot-${spot.id}`).click();
  await expect(byId(page, 'spot-editor-screen')).toBeVisible();
  await byId(page, 'spot-schedule').click();
  await expect(byId(page, 'spot-schedule-screen')).toBeVisible();
  await byId(page, 'hours-always-open').click();
  await byId(page, 'hours-save').click();
  await expect(byId(page, 'hours-saved')).toBeVisible();
  const from = new Date(Date.now() + 3 * 86_400_000);
  from.setUTCHours(17, 0, 0, 0);
  await byId(page, 'blackout-start').fill(localText(from));
  await byId(page, 'blackout-end').fill(localText(new Date(from.getTime() + 4 * 3_600_000)));
  await byId(page, 'blackout-reason').fill('resurfacing');
  await byId(page, 'blackout-add').click();
  await expect(page.locator('[data-testid^="blackout-"]').filter({ hasText: 'resurfacing' }).first()).toBeVisible();
  await snap(page, 'spot-schedule');

  // off the market and back
  await goBack(page);
  await expect(byId(page, 'spot-editor-screen')).toBeVisible();
  await byId(page, 'spot-deactivate').click();
  await expect(byId(page, 'spot-reactivate')).toBeVisible();
  await expect(byId(page, 'spot-state')).toContainText(/inactive/i);
  await byId(page, 'spot-reactivate').click();
  await expect(byId(page, 'spot-state')).toContainText(/active/i);
  await expect(byId(page, 'spot-state')).not.toContainText(/inactive/i);

  // the settings say which API this build talks to
  await openTab(page, 'profile', 'profile-screen');
  await byId(page, 'profile-settings').click();
  await expect(byId(page, 'settings-screen')).toBeVisible();
  await expect(byId(page, 'settings-api-url')).toContainText(API_URL);
  await expect(byId(page, 'settings-payments')).toBeVisible();
  await snap(page, 'settings');

  await openTab(page, 'profile', 'profile-screen');
  await byId(page, 'logout').click();
  await expect(byId(page, 'login-screen')).toBeVisible();
  await expect(byId(page, 'session-expired')).toHaveCount(0);
});
