/**
 * Filter All Pages, a bundle of its own (dist/filterAll.js) that src/commands/filter.ts requires
 * on first use: the read of every page through the tree filter and what the app shows of it. It
 * bundles only its own files; every other module it imports is the extension's own instance
 * (scripts/build.mjs, LAZY).
 */
export { filterAllCommand } from './run';
