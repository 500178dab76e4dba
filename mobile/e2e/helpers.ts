// What the journeys share: screenshots of each screen, signing in through the screens, finding a
// bookable spot in the Home tab's list.
import fs from 'node:fs';
import path from 'node:path';

import { expect, type Locator, type Page } from '@playwright/test';

import { BROWSER_TIME_ZONE } from '../playwright.config';
import { demoOwners, quarterWindow, quotes, spotOf } from './api';

const SCREENS = path.resolve(__dirname, '..', '..', 'docs', 'screens');

// docs/screens/<name>.png when SCREENSHOTS=1 (the README shows them).
export async function snap(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return;
  fs.mkdirSync(SCREENS, { recursive: true });
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`), animations: 'disabled' });
}

// 'YYYY-MM-DD HH:mm' on the browser's clock (its time zone: the demo city's), as the booking
// screen's fields take times.
export function localText(date: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: BROWSER_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit',
    minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(date);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

// The one visible element of `testId` (stacks and tabs keep earlier screens in the page, hidden).
export function byId(page: Page, testId: string): Locator {
  return page.getByTestId(testId).filter({ visible: true }).first();
}

// The header's back button of the screen shown (the web build keeps no browser history).
export async function goBack(page: Page): Promise<void> {
  const back = page.getByRole('link', { name: /, back$|^Go back$/ }).or(page.getByRole('button', { name: /^Go back$/ }));
  await back.filter({ visible: true }).first().click();
}

// Shows a tab's first screen: a tap switches to the tab, a second tap on it goes back to its top.
export async function openTab(page: Page, tab: 'home' | 'bookings' | 'profile', screen: string): Promise<void> {
  await byId(page, `tab-${tab}`).click();
  const first = byId(page, screen);
  await first.waitFor({ state: 'visible', timeout: 2_000 }).catch(() => byId(page, `tab-${tab}`).click());
  await expect(first).toBeVisible();
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/');
  await expect(byId(page, 'login-screen')).toBeVisible();
  await byId(page, 'login-email').fill(email);
  await byId(page, 'login-password').fill(password);
  await byId(page, 'login-submit').click();
  await expect(byId(page, 'tab-home')).toBeVisible();
}

// The ids carried by testIDs `<prefix><id>` on the page, in page order.
export async function idsOf(page: Page, prefix: string): Promise<string[]> {
  const values = await page.locator(`[data-testid^="${prefix}"]`).evaluateAll((nodes) =>
    nodes.map((n) => n.getAttribute('data-testid') ?? ''),
  );
  return [...new Set(values.map((v) => v.slice(prefix.length)))].filter((id) => /^[0-9a-f-]{36}$/.test(id));
}

// Journeys that run at the same time take spots of different demo owners, so that one owner's
// screens never show another journey's booking or review: owners whose id starts 0-7, or 8-f.
export type OwnerHalf = 'low' | 'high';

async function ownedBy(spotId: string, half: OwnerHalf): Promise<boolean> {
  const ownerId = (await spotOf(spotId)).owner_id;
  return (await demoOwners()).has(ownerId) && (parseInt(ownerId[0], 16) < 8) === (half === 'low');
}

// Opens the Home tab's list and returns the first spot (in list order) of an owner of `half` that
// the service would book for `window` (by default a span around the app's "soon": the first
// quarter hour 10 minutes ahead, for an hour), checked with a quote.
export async function bookableSpotInList(
  page: Page,
  token: string,
  half: OwnerHalf,
  window = quarterWindow(9, 2),
): Promise<string> {
  await openTab(page, 'home', 'home-screen');
  if (!(await byId(page, 'spot-list').isVisible())) await byId(page, 'toggle-list').click();
  await expect(byId(page, 'spot-list')).toBeVisible();
  await expect(page.locator('[data-testid^="spot-row-"]').first()).toBeVisible();
  for (const id of await idsOf(page, 'spot-row-')) {
    if ((await ownedBy(id, half)) && (await quotes(token, id, window))) return id;
  }
  throw new Error('no spot of the list can be booked soon');
}
