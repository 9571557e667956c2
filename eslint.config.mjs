// ESLint flat config: `npm run lint`.
//   src/, test/   typescript-eslint's recommended rules, plus eqeqeq, no-console (src/ only, except
//                 the sandbox's CLI) and, type-aware, no-floating-promises / no-misused-promises
//                 (an unawaited promise in a command handler loses its error)
//   scripts/      @eslint/js recommended, Node globals
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
