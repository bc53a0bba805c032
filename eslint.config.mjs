// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'data/', '.stryker-tmp/', 'reports/', 'artifacts/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      // Tests read loosely typed JSON responses.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // One writer of order state: only the order store (and the tests that set up state) may reach its writes.
    files: ['src/**/*.ts'],
    ignores: ['src/order-store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/order-store/order-writes.port*', '**/order-store/sql/**'],
              message: 'Orders change only through OrderLifecycle (src/order-store/order-lifecycle.service.ts), which stores then publishes.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/dashboard/public/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
