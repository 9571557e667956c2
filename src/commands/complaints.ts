/**
 * The complaint desk's code, a bundle of its own (dist/complaints.js) that
 * src/commands/complaintsLazy.ts requires on first use: Find Calls by Number, Copy Summary for a
 * Ticket and the reading of a phone's calls across accounts. It bundles only its own files; every
 * other module it imports is the extension's own instance (scripts/build.mjs).
 */
export { findCallsByNumber } from './callsByNumber';
export { copyTicketSummary, ticketFromCallsPanel } from './ticket';
export { readPhoneCalls } from '../webview/callsByPhone';
