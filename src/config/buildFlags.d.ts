/**
 * scripts/build.mjs's `define`: false in the production build (the .vsix), where esbuild then drops
 * the code it guards: the test API, the pages' reports to its probe, what only the tests read.
 */
declare const LAAFFIC_PNS_TEST_BUILD: boolean;
