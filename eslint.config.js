// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'var/**', 'bench/results/**', 'e2e/screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Command-line programs print to the terminal on purpose.
    files: ['scripts/**', 'bench/**', 'sim/src/main.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // Browser tests must wait for events, never for time.
    files: ['e2e/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { property: 'waitForTimeout', message: 'Wait for an event or a locator instead.' },
      ],
    },
  },
  // Architecture: roles share the platform and the core, never each other's insides; the core does no I/O.
  ...boundaries({
    core: { others: ['platform', 'server', 'workers', 'media', 'sim', 'web', 'bench', 'e2e'], io: true },
    platform: { others: ['server', 'workers', 'media', 'sim', 'web', 'bench', 'e2e'] },
    server: { others: ['workers', 'media', 'sim', 'web', 'bench', 'e2e'] },
    workers: { others: ['server', 'media', 'sim', 'web', 'bench', 'e2e'] },
    media: { others: ['server', 'workers', 'sim', 'web', 'bench', 'e2e'] },
    sim: { others: ['server', 'workers', 'media', 'web', 'bench', 'e2e'] },
    web: { others: ['platform', 'server', 'workers', 'media', 'sim', 'bench', 'e2e'] },
  }),
  prettier,
);

/** One no-restricted-imports block per workspace: which @pkk packages (and, for core, Node's I/O) it may not import. */
function boundaries(rules) {
  const io = [
    'node:fs',
    'node:fs/promises',
    'node:net',
    'node:http',
    'node:https',
    'node:child_process',
    'node:dgram',
    'pg',
    'ioredis',
    'bullmq',
    'kysely',
    'express',
    'socket.io',
  ];
  return Object.entries(rules).map(([ws, r]) => ({
    files: [`${ws}/src/**/*.{ts,tsx}`],
    ignores: r.io ? ['core/src/**/*.test.ts', 'core/src/testing.ts'] : [],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: r.io
            ? io.map((name) => ({ name, message: 'core is pure: no I/O (do it in platform or a role)' }))
            : [],
          patterns: [
            {
              group: r.others.flatMap((o) => [`@pkk/${o}`, `@pkk/${o}/*`]),
              message: `${ws} may not import that workspace: share code through @pkk/core or @pkk/platform`,
            },
            {
              group: ['../../*/src/*', '../../../*/src/*'],
              message: 'import another workspace by its @pkk name',
            },
          ],
        },
      ],
    },
  }));
}
