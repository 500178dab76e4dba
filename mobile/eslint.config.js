// eslint 9 flat config: Expo's config plus no `any` anywhere (`npm run lint`, warnings fail it).
const { defineConfig } = require('eslint/config');
const expoConfig = require('eslint-config-expo/flat');
const globals = require('globals');

module.exports = defineConfig([
  expoConfig,
  {
    // built output, reports and the generated client (src/types/api.d.ts: `npm run gen:api`)
    ignores: ['dist/*', '.expo/*', 'playwright-report/*', 'test-results/*', 'src/types/api.d.ts'],
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['__tests__/**'],
    languageOptions: { globals: { ...globals.jest, ...globals.node } },
  },
  {
    files: ['e2e/**', 'playwright.config.ts', '*.config.js'],
    languageOptions: { globals: globals.node },
  },
]);
