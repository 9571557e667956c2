/**
 * The writes (Bind, Unbind) and what guards and records them: a bundle of its own, dist/writes.js,
 * required on first use by src/commands/writes.ts (which registers the commands and hands over the
 * extension's own modules in SHARED).
 */
export { bindNumbers } from './bind';
export { unbindOne } from './unbind';
export { unbindSelected, unbindFiltered } from './bulkUnbind';
export { exportWriteHistory, showWriteHistory } from './historyView';
