// eslint 9 flat config: Expo's config plus no `any` anywhere (`npm run lint`, warnings fail it), and
// imports that run downward only: types <- services <- stores <- components <- screens <- navigation
// <- App.tsx (a screen may use navigation/types.ts for its props).
const { defineConfig } = require('eslint/config');
const expoConfig = require('eslint-config-expo/flat');
const globals = require('globals');

const LAYERS = ['types', 'services', 'stores', 'components', 'screens', 'navigation'];
const downwardOnly = LAYERS.slice(0, -1).map((layer, index) => ({
  target: `./src/${layer}`,
  from: LAYERS.slice(index + 1).map((above) => `./src/${above}`),
  except: layer === 'screens' ? ['./types.ts'] : [],
  message: `src/${layer} may import only the layers below it (${LAYERS.slice(0, index).join(', ') || 'none'}).`,
}));

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
      'import/no-restricted-paths': ['error', { zones: downwardOnly }],
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
