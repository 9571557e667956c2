// The repo's own npm dependencies: `npm ci` when node_modules is missing or older than
// package-lock.json. Used by `npm run demo` and by `npm test` (its pretest, scripts/bootstrap.mjs),
// so both work on a fresh clone. Node built-ins only: it runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './run.mjs';
import { REPO_ROOT } from './util.mjs';

/** An expected failure (old Node, no npm, npm ci failed): print its message only. */
export class DependencyError extends Error {}

/** Node >= 20.19 (package.json "engines") and npm on PATH, or a DependencyError. */
export function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    throw new DependencyError(`Node ${process.versions.node} is too old: the repo needs Node >= 20.19 (see "engines" in package.json). Install a current Node 20, 22 or 24 LTS.`);
  }
  if (spawnSync('npm', ['--version'], { stdio: 'ignore' }).status !== 0) {
    throw new DependencyError('npm is not on PATH: install Node.js with its npm.');
  }
}

/** Why `npm ci` is needed ('node_modules is missing', …), or null when node_modules is current. */
export function dependenciesStale() {
  const lock = join(REPO_ROOT, 'package-lock.json');
  const installed = join(REPO_ROOT, 'node_modules', '.package-lock.json');
  if (!existsSync(installed)) return 'node_modules is missing';
  if (existsSync(lock) && statSync(lock).mtimeMs > statSync(installed).mtimeMs) return 'package-lock.json is newer than node_modules';
  return null;
}

/** Runs `npm ci` (output echoed) when dependenciesStale(); resolves true when it did. */
export async function ensureDependencies(log) {
  const why = dependenciesStale();
  if (!why) return false;
  const t = Date.now();
  log(`${why}: running \`npm ci\` (needs the npm registry; about a minute) ...`);
  try {
    await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: REPO_ROOT, echo: true });
  } catch (e) {
    throw new DependencyError(e.output === undefined ? `could not run npm: ${e.message}` : `\`npm ci\` failed (${e.exitCode}); see its output above`);
  }
  log(`npm ci done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return true;
}
