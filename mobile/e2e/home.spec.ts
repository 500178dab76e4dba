// The Home tab: a spot picked on the map by its marker, and the search filters.
import { expect, test } from '@playwright/test';

import { api, must, newAccount } from './api';
import { byId, goBack, idsOf, signIn, snap } from './helpers';

test('a marker opens its spot; the filters narrow the spots shown', async ({ page }) => {
  const account = await newAccount('renter', 'Morgan Map');
  await signIn(page, account.email, account.password);
  await expect(byId(page, 'home-screen')).toBeVisible();

  // a marker of the map: its card, then its detail
  const marker = page.locator('[data-testid^="spot-marker-"]').filter({ visible: true }).first();
  await expect(marker).toBeVisible();
  const spotId = ((await marker.getAttribute('data-testid')) ?? '').replace('spot-marker-', '');
  const spot = must(await api.GET('/api/v1/parking-spots/{spot_id}', { params: { path: { spot_id: spotId } } }), 'spot');
  await marker.click();
  await expect(byId(page, 'selected-spot')).toBeVisible();
  await expect(byId(page, 'selected-spot-title')).toHaveText(spot.title);
  await byId(page, 'open-spot').click();
  await expect(byId(page, 'spot-detail-screen')).toBeVisible();
  await expect(byId(page, 'spot-title')).toHaveText(spot.title);
  await expect(byId(page, 'spot-address')).toContainText(spot.address);
  await goBack(page);
  await expect(byId(page, 'home-screen')).toBeVisible();

  // filters: EV charging only
  await expect(page.getByTestId('spots-loading')).toHaveCount(0);
  const before = await byId(page, 'spot-available-count').innerText();
  await byId(page, 'filters-button').click();
  await expect(byId(page, 'filters-panel')).toBeVisible();
  await byId(page, 'filter-ev').click();
  await snap(page, 'filters');
  await byId(page, 'filters-apply').click();
  await expect(byId(page, 'filters-panel')).toHaveCount(0);
  await expect(byId(page, 'spot-available-count')).not.toHaveText(before);
  await expect(page.getByTestId('spots-loading')).toHaveCount(0);
  const filtered = await byId(page, 'spot-available-count').innerText();

  await byId(page, 'toggle-list').click();
  await expect(page.locator('[data-testid^="spot-row-"]').first()).toBeVisible();
  const shown = await idsOf(page, 'spot-row-');
  expect(shown.length).toBeGreaterThan(0);
  for (const id of shown.slice(0, 5)) {
    const listed = must(await api.GET('/api/v1/parking-spots/{spot_id}', { params: { path: { spot_id: id } } }), 'spot');
    expect(listed.has_ev_charging).toBe(true);
  }

  // cleared, every spot of the viewport is back (another journey may list one more meanwhile)
  await byId(page, 'filters-button').click();
  await byId(page, 'filters-clear').click();
  await expect(byId(page, 'spot-available-count')).not.toHaveText(filtered);
  await expect(page.getByTestId('spots-loading')).toHaveCount(0);
  const count = (text: string) => Number(/\d+/.exec(text)?.[0] ?? NaN);
  expect(count(await byId(page, 'spot-available-count').innerText())).toBeGreaterThanOrEqual(count(before));
});
