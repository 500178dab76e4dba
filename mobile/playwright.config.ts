// The browser journeys (e2e/*.spec.ts): Debian's Chromium (never a downloaded browser) on the web
// build, against a real API. tests/mobile/test_e2e.py builds the app, starts the API with demo data
// and a static server, and runs `npx playwright test` with:
//   BASE_URL    where the web build is served
//   API_URL     the API the build talks to (the specs also call it directly to set things up)
//   SECRET_KEY  the API's signing key (the token-refresh journey forges an expired access token)
//   SCREENSHOTS=1  write a PNG of each screen to ../docs/screens/
import { defineConfig } from '@playwright/test';

// The browsers run in the demo city's time zone, as its drivers' phones would.
export const BROWSER_TIME_ZONE = 'America/Los_Angeles';

export default defineConfig({
  testDir: './e2e',
  outputDir: process.env.E2E_OUTPUT_DIR ?? 'test-results',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false, // the steps of one journey depend on each other; the spec files run in parallel
  workers: Number(process.env.E2E_WORKERS ?? 3),
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
  use: {
    baseURL: process.env.BASE_URL ?? 'http://127.0.0.1:8081',
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    hasTouch: false,
    locale: 'en-US',
    timezoneId: BROWSER_TIME_ZONE,
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--disable-dev-shm-usage'],
    },
  },
});
