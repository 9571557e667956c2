/**
 * Go to Binding and the results of a search (Find's too): a bundle of its own, dist/goto.js,
 * required on first use by src/commands/goto.ts (which registers Go to Binding and hands over the
 * extension's own modules in SHARED).
 */
export { goToBinding } from './goToBinding';
export { runSearch } from './results';
