// Journey d: the seed's refresh flow in the browser. The login answer is intercepted and its access
// token replaced by the same token expired (signed with the API's key): the app's next call gets
// 401 token_expired, refreshes exactly once, and the screens show the user's data. With the
// refresh token revoked as well (logged out from elsewhere), the refresh is refused and the app
// lands on the login screen saying the session ended.
import { expect, test, type Page, type Request } from '@playwright/test';

import { api, claimsOf, expired, newAccount } from './api';
import { byId, openTab, snap } from './helpers';

// Intercepts the app's login: the real answer with its access token expired, after `meanwhile`.
async function expireAtLogin(page: Page, meanwhile: (pair: { refresh_token: string }) => Promise<void> = async () => undefined) {
  await page.route('**/api/v1/auth/login', async (route) => {
    const response = await route.fetch();
    const pair = (await response.json()) as { access_token: string; refresh_token: string; token_type: string };
    const stale = expired(pair.access_token);
    const claims = claimsOf(stale);
    expect(claims).toMatchObject({ ...claimsOf(pair.access_token), exp: claims.exp });
    expect(claims.exp as number).toBeLessThan(Date.now() / 1000);
    await meanwhile(pair);
    await route.fulfill({ response, json: { ...pair, access_token: stale } });
  });
}

function countRefreshes(page: Page): Request[] {
  const refreshes: Request[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/api/v1/auth/refresh')) refreshes.push(request);
  });
  return refreshes;
}

async function submitLogin(page: Page, email: string, password: string) {
  await page.goto('/');
  await byId(page, 'login-email').fill(email);
  await byId(page, 'login-password').fill(password);
  await byId(page, 'login-submit').click();
}

test('an expired access token is refreshed once and the screens show the data', async ({ page }) => {
  const account = await newAccount('renter', 'Toby Token');
  const refreshes = countRefreshes(page);
  const expiredAnswers: string[] = [];
  page.on('response', async (response) => {
    if (response.status() !== 401) return;
    const body = (await response.json().catch(() => ({}))) as { code?: string };
    expiredAnswers.push(body.code ?? '');
  });
  await expireAtLogin(page);

  await submitLogin(page, account.email, account.password);
  await expect(byId(page, 'home-screen')).toBeVisible();
  await openTab(page, 'profile', 'profile-screen');
  await expect(byId(page, 'profile-name')).toHaveText(account.name);
  await expect(byId(page, 'profile-email')).toHaveText(account.email);

  expect(expiredAnswers).toContain('token_expired');
  expect(refreshes).toHaveLength(1);
  const answer = await refreshes[0].response();
  expect(answer?.status()).toBe(200);

  // the new token keeps working: other screens load without another refresh
  await openTab(page, 'bookings', 'bookings-screen');
  await expect(byId(page, 'bookings-empty')).toBeVisible();
  expect(refreshes).toHaveLength(1);
});

test('a refused refresh ends the session: back to the login screen, which says so', async ({ page }) => {
  const account = await newAccount('renter', 'Rory Revoked');
  const refreshes = countRefreshes(page);
  // logged out from elsewhere: the refresh token the app is about to get is revoked
  await expireAtLogin(page, async ({ refresh_token }) => {
    const { response } = await api.POST('/api/v1/auth/logout', { body: { refresh_token } });
    expect(response.status).toBe(204);
  });

  await submitLogin(page, account.email, account.password);
  await expect(byId(page, 'session-expired')).toBeVisible();
  await expect(byId(page, 'login-screen')).toBeVisible();
  await expect(byId(page, 'tab-home')).toHaveCount(0);
  expect(refreshes).toHaveLength(1);
  expect((await refreshes[0].response())?.status()).toBe(401);
  await snap(page, 'session-expired');
});
