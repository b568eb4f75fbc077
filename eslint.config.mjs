import js from '@eslint/js';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypeScript from 'eslint-config-next/typescript';
import { defineConfig, globalIgnores } from 'eslint/config';

// Import sources reaching a top-level folder by the `@/` alias or by climbing with `../`. A bare `../server` is
// the sandbox's own server.ts, not the folder (server/ has no index.ts; sandbox/ has one).
const SERVER = { regex: '^(@/server(/|$)|(\\.\\./)+server/)', message: 'server/ code runs only in the console process; pure logic shared with the page or the sandbox belongs in lib/.' };
const SANDBOX = { regex: '^(@/|(\\.\\./)+)sandbox(/|$)', message: 'Only the sandbox itself and tests import sandbox/.' };
const COMPONENTS = { regex: '^(@/|(\\.\\./)+)components/', message: 'lib/ is plain logic and does not depend on the page.' };

/** Every server/ module opens with `import 'server-only'`, so a page or the sandbox that pulls it in fails to build. */
const serverOnlyFirst = {
  meta: { type: 'problem', messages: { missing: "A server/ module starts with `import 'server-only'`." } },
  create(context) {
    return {
      Program(program) {
        const first = program.body[0];
        if (first?.type !== 'ImportDeclaration' || first.source.value !== 'server-only' || first.specifiers.length > 0) {
          context.report({ node: first ?? program, messageId: 'missing' });
        }
      },
    };
  },
};

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
  {
    // A component may name the type of a console API response; it never runs server code.
    files: ['components/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ ...SERVER, allowTypeImports: true }] }] },
  },
  {
    files: ['sandbox/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [SERVER] }] },
  },
  {
    files: ['lib/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [SERVER, SANDBOX, COMPONENTS] }] },
  },
  {
    // Tests and their scaffolding start a sandbox to run against.
    files: ['app/**', 'server/**'],
    ignores: ['**/*.test.ts', '**/*.test.tsx', 'server/testing/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [SANDBOX] }] },
  },
  {
    // The replicas e2e spec loads the PostgreSQL scaffolding under Playwright, outside the react-server condition.
    files: ['server/**/*.ts'],
    ignores: ['**/*.test.ts', 'server/store/testing/**'],
    plugins: { watchdeck: { rules: { 'server-only-first': serverOnlyFirst } } },
    rules: { 'watchdeck/server-only-first': 'error' },
  },
  globalIgnores(['.next/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.sandbox/**', 'data/**', 'next-env.d.ts']),
]);
