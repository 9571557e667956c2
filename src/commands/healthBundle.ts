/**
 * What src/commands/health.ts require()s on the first Show Health: in the shipped bundles this
 * require is dist/health.js (scripts/build.mjs keeps it apart); the test bundles include it.
 */
export * from '../webview/health/index';
