// Unit tests (jest with the Expo preset): the stores, the refresh queue and the real-time transport.
// They run in Node with the network boundary (fetch, WebSocket) faked; `npm test`.
/** @type {import('jest').Config} */
module.exports = {
  preset: 'jest-expo',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  // Playwright's specs live in e2e/ and run with `npm run e2e`, not here.
  testPathIgnorePatterns: ['/node_modules/', '/e2e/', '/dist/'],
  clearMocks: true,
};
