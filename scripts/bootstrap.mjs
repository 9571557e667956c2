#!/usr/bin/env node
// `npm test`'s pretest: on a fresh clone (or after package-lock.json changed) it runs `npm ci`
// first, exactly like `npm run demo` does, so that `npm test` works from nothing. Fast no-op
// otherwise. The code-server cache and Chromium are checked later by scripts/vscode-host.mjs.
import { checkNode, DependencyError, ensureDependencies } from './lib/deps.mjs';
import { installShutdown } from './lib/shutdown.mjs';

const log = (msg) => process.stdout.write(`[bootstrap] ${msg}\n`);
// Ctrl-C, SIGTERM or the death of `npm test` stop a running `npm ci` (its whole process group).
installShutdown({ log, what: 'npm ci', watchParent: true });
try {
  checkNode();
  await ensureDependencies(log);
} catch (e) {
  process.stderr.write(`[bootstrap] ${e instanceof DependencyError ? e.message : (e?.stack ?? e)}\n`);
  process.exit(1);
}
