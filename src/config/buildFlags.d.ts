/**
 * Set by scripts/build.mjs (esbuild `define`): true in the development build and the tests'
 * bundles, false in the production build (the .vsix), where esbuild then drops the code it guards:
 * the test API (test/support/testApi.ts), the pages' reports to its probe, and what only the tests read.
 */
declare const LAAFFIC_PNS_TEST_BUILD: boolean;
