import js from '@eslint/js';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypeScript from 'eslint-config-next/typescript';
import { defineConfig, globalIgnores } from 'eslint/config';

export default defineConfig([
  js.configs.recommended,
  ...nextVitals,
  ...nextTypeScript,
  {
    rules: {
      // A leading underscore names what is left out on purpose (a rest sibling dropped, an argument a signature requires).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    rules: {
      // It reports where the React Compiler would skip a component; the compiler is not enabled here.
      'react-hooks/incompatible-library': 'off',
    },
  },
  {
    // Server, sandbox, scripts and tests are not React: a function named `use…` there is not a hook.
    files: ['server/**', 'sandbox/**', 'scripts/**', 'bench/**', 'e2e/**', 'test/**', 'lib/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    // `module` in tests is the route module being imported, not CommonJS's.
    files: ['**/*.test.ts'],
    rules: { '@next/next/no-assign-module-variable': 'off' },
  },
  globalIgnores(['.next/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.sandbox/**', 'data/**', 'next-env.d.ts']),
]);
