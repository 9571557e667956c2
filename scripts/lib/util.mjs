// Small helpers shared by the launcher modules (scripts/lib/*) and the scripts that use them.
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** LAAFFIC_PNS_VERBOSE=1: show code-server's log, the browser console and the filtered noise. */
export const VERBOSE = process.env.LAAFFIC_PNS_VERBOSE === '1';

/** Prints a launcher line (prefixed so it stands apart from mocha's report). */
export function say(msg) {
  process.stdout.write(`[vscode-host] ${msg}\n`);
}

export function fmtMs(ms) {
  return ms >= 60_000 ? `${(ms / 60_000).toFixed(1)} min (${Math.round(ms / 1000)} s)` : `${(ms / 1000).toFixed(1)} s`;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** True when the module at `moduleUrl` (its import.meta.url) is the script node was started with. */
export function isMainModule(moduleUrl) {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}
