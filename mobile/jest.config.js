// Unit tests (jest with the Expo preset): the stores, the refresh queue, the real-time transport and
// the map tiles. They run in Node with the network boundary (fetch, WebSocket) faked; `npm test`.
const { transformIgnorePatterns: [expoPackages, ...ignored] } = require('jest-expo/jest-preset');

/** @type {import('jest').Config} */
module.exports = {
  preset: 'jest-expo',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  // Playwright's specs live in e2e/ and run with `npm run e2e`, not here.
  testPathIgnorePatterns: ['/node_modules/', '/e2e/', '/dist/'],
  // The map's ES-module-only packages (vector-tile decoder, protobuf reader, supercluster): babel compiles them.
  transformIgnorePatterns: [expoPackages.replace('(?!(', '(?!(@mapbox/vector-tile|@mapbox/point-geometry|pbf|supercluster|kdbush|'), ...ignored],
  clearMocks: true,
  // A file's first test renders a whole screen cold (transforming and loading its modules): on a CI
  // machine busy with the rest of `make test` that once took longer than jest's default 5 s.
  testTimeout: 30000,
};
