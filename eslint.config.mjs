// ESLint flat config: `npm run lint`.
//   src/, test/   typescript-eslint's recommended rules, plus eqeqeq, no-console (src/ only, except
//                 the sandbox's CLI) and, type-aware, no-floating-promises / no-misused-promises
//                 (an unawaited promise in a command handler loses its error)
//   scripts/      @eslint/js recommended, Node globals
// and the boundaries (test/unit/imports.test.ts checks whole import chains):
//   the code that runs without VS Code (scripts/lib/boundaries.mjs) imports no 'vscode';
//   the panels' browser code (src/webview-ui/) and src/shared/ import only each other and the
//   extension's files that tsconfig.webview.json names: no package, no Node module.
import { readFileSync } from 'node:fs';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { VSCODE_FREE } from './scripts/lib/boundaries.mjs';

const pageShares = JSON.parse(readFileSync(new URL('tsconfig.webview.json', import.meta.url), 'utf8'))
  .include.filter((f) => !f.includes('*') && !/^src\/(webview-ui|shared)\//.test(f))
  .map((f) => f.replace(/^src\//, '').replace(/\.ts$/, '').replace(/\./g, '\\.'));

export default tseslint.config(
  {
    ignores: ['dist/**', 'out/**', 'dist-vsix/**', '.vscode-test/**', '.sandbox-tmp/**', 'node_modules/**', 'media/**'],
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      parserOptions: {
        // tsconfig.json for the extension and the tests. The panel's browser code is excluded
        // there (and, through `extends`, from tsconfig.webview.json too): it is linted with
        // tsconfig.webview.json's options (DOM lib) as a default-project file.
        projectService: {
          allowDefaultProject: ['src/webview-ui/*.ts'],
          defaultProject: 'tsconfig.webview.json',
          // The pages' files are more than the default 8 (the health dashboard added two).
          maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 24,
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/sandbox/bin.ts', 'src/sandbox/cli.ts'],
    rules: {
      'no-console': 'error',
    },
  },
  {
    files: VSCODE_FREE.map((p) => (p.endsWith('/') ? `${p}**/*.ts` : p)),
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'This code runs without VS Code (scripts/lib/boundaries.mjs).' }] }],
    },
  },
  {
    files: ['src/webview-ui/**/*.ts', 'src/shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{
          regex: `^(?!\\./|\\.\\./shared/|\\.\\./(${pageShares.join('|')})$)`,
          caseSensitive: true,
          message: 'The panels\' browser code imports only src/webview-ui/, src/shared/ and the files tsconfig.webview.json names.',
        }],
      }],
    },
  },
  {
    // The one package a page bundles: Chart.js, for the health dashboard's charts, in this file only.
    files: ['src/webview-ui/healthCharts.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{
          regex: `^(?!\\./|\\.\\./shared/|chart\\.js$|\\.\\./(${pageShares.join('|')})$)`,
          caseSensitive: true,
          message: 'The panels\' browser code imports only src/webview-ui/, src/shared/, the files tsconfig.webview.json names and (here) chart.js.',
        }],
      }],
    },
  },
  {
    files: ['test/**/*.ts'],
    languageOptions: { globals: { ...globals.mocha } },
  },
  {
    files: ['scripts/**/*.mjs', 'eslint.config.mjs'],
    extends: [js.configs.recommended],
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
);
