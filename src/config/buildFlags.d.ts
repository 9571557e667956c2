/** scripts/build.mjs's `define`: false in the production build, which then drops the test API it guards. */
declare const LAAFFIC_PNS_TEST_BUILD: boolean;
