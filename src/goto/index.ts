/**
 * Go to Binding: a bundle of its own, dist/goto.js, required on first use by src/commands/goto.ts
 * (which registers the command and hands over the extension's own modules in SHARED).
 */
export { goToBinding } from './goToBinding';
