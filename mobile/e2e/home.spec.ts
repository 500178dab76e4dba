// The Home tab: the map drawn from the service's vector tiles (clusters counting every spot when
// zoomed out, a marker per spot at street level that opens its spot), and the search filters.
import { expect, type Page, test } from '@playwright/test';

import { api, must, newAccount } from './api';
import { byId, goBack, idsOf, signIn, snap } from './helpers';

// The demo city with room around it: every spot of the journeys is in San Francisco.
const CITY = { min_lat: 37.6, min_lon: -122.6, max_lat: 37.95, max_lon: -122.3 };

async function spotsInCity(): Promise<number> {
  const answer = await api.GET('/api/v1/parking-spots/in-bounds', { params: { query: { ...CITY, limit: 1 } } });
  return Number(answer.response.headers.get('X-Total-Count'));
}

interface Drawn {
  id: string;
  count: number;
  x: number; // centre on the page
  y: number;
  box: { left: number; top: number; right: number; bottom: number };
}

// The markers drawn on the map (`selector`), those well inside the map's box apart.
async function drawn(page: Page, selector: string): Promise<{ all: Drawn[]; inside: Drawn[] }> {
  const map = await byId(page, 'map').boundingBox();
  const all = await page.locator(selector).evaluateAll((nodes) =>
    nodes.map((node) => {
      const { left, top, right, bottom } = node.getBoundingClientRect();
      return { id: node.getAttribute('data-testid') ?? '', count: Number(node.getAttribute('data-count')),
        x: (left + right) / 2, y: (top + bottom) / 2, box: { left, top, right, bottom } };
    }),
  );
  const inside = all.filter((m) => map && m.x > map.x + 40 && m.x < map.x + map.width - 40
    && m.y > map.y + 80 && m.y < map.y + map.height - 40);
  return { all, inside };
}

const overlap = (a: Drawn['box'], b: Drawn['box']) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

const countIn = (text: string) => Number(/\d+/.exec(text)?.[0] ?? NaN);

test('zoomed out, clusters count every spot of the city; at street level a marker opens its spot', async ({ page }) => {
  const account = await newAccount('renter', 'Morgan Map');
  await signIn(page, account.email, account.password);
  await expect(byId(page, 'home-screen')).toBeVisible();
  await expect(page.locator('[data-testid="map-cluster"]').first()).toBeVisible(); // the map opens on clusters

  // zoomed out over the whole city: the clusters' counts add up to its spots, as the toolbar says
  const before = await spotsInCity();
  expect(before).toBeGreaterThan(100);
  for (let i = 0; i < 3; i++) await page.locator('.leaflet-control-zoom-out').filter({ visible: true }).first().click();
  await expect(byId(page, 'spot-available-count')).toHaveText(/^\d+ spots in view$/);
  // another journey lists a spot and takes it off the market and back meanwhile: one at most apart
  await expect(async () => {
    const { all } = await drawn(page, '[data-testid="map-cluster"]');
    const counted = all.reduce((sum, cluster) => sum + cluster.count, 0);
    const after = await spotsInCity();
    expect(counted).toBeGreaterThanOrEqual(Math.min(before, after) - 1);
    expect(counted).toBeLessThanOrEqual(Math.max(before, after) + 1);
    expect(Math.abs(countIn(await byId(page, 'spot-available-count').innerText()) - counted)).toBeLessThanOrEqual(1);
    expect(all.length).toBeGreaterThan(1);
  }).toPass({ timeout: 15_000 });
  await expect(page.locator('[data-testid^="spot-marker-"]')).toHaveCount(0);

  // a click on a cluster zooms in on it, until the street shows each spot with its price
  const markers = page.locator('[data-testid^="spot-marker-"]').filter({ visible: true });
  for (let step = 0; step < 5 && (await markers.count()) === 0; step++) {
    let biggest: { x: number; y: number } | undefined;
    await expect(async () => {
      biggest = (await drawn(page, '[data-testid="map-cluster"]')).inside.sort((a, b) => b.count - a.count)[0];
      expect(biggest).toBeDefined();
    }).toPass({ timeout: 10_000 });
    await page.mouse.click(biggest!.x, biggest!.y);
    await page.waitForTimeout(800); // the zoom's animation
    await page.waitForLoadState('networkidle'); // then its tiles
  }
  await expect(markers.first()).toBeVisible();
  await expect(markers.first()).toHaveText(/^\$\d+(\.\d\d)?$/);

  // a marker of the map (one no other marker covers): its card, then its detail
  let spotId = '';
  await expect(async () => {
    const { all, inside } = await drawn(page, '[data-testid^="spot-marker-"]');
    spotId = inside.find((m) => all.every((other) => other.id === m.id || !overlap(m.box, other.box)))?.id ?? '';
    expect(spotId).not.toBe('');
  }).toPass({ timeout: 10_000 });
  const marker = byId(page, spotId);
  spotId = spotId.replace('spot-marker-', '');
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
});

test('the filters narrow the spots shown', async ({ page }) => {
  const account = await newAccount('renter', 'Fern Filter');
  await signIn(page, account.email, account.password);
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
