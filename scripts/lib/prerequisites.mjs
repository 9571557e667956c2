// What the launcher needs from the machine; missing pieces fail at once with the apt-get line.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot, CODE_SERVER_VERSION, COMPLETE_MARKER } from './paths.mjs';

export class PrerequisiteError extends Error {}

/** Finds the programs/headers that a cold code-server build needs; returns the missing packages. */
export function missingBuildPrerequisites() {
  const missing = [];
  const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
  if (!has('g++') || !has('make') || !has('cc')) missing.push('build-essential');
  if (!has('python3')) missing.push('python3');
  // The `kerberos` native module (in code-server's lib/vscode) includes <gssapi/gssapi.h>,
  // <gssapi/gssapi_krb5.h> and links -lkrb5 -lgssapi_krb5: all from libkrb5-dev.
  if (!existsSync('/usr/include/gssapi/gssapi.h') || !existsSync('/usr/include/gssapi/gssapi_krb5.h')) missing.push('libkrb5-dev');
  return missing;
}

/** Path to the Chromium binary (env CHROMIUM_PATH or /usr/bin/chromium), or null. */
export function chromiumPath() {
  const p = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  return existsSync(p) ? p : null;
}

export function failMissing(packages, why) {
  const line = `sudo apt-get install -y ${packages.join(' ')}`;
  throw new PrerequisiteError(`missing prerequisites: ${why}.\nInstall them with:\n\n    ${line}\n`);
}

/**
 * Throws (with the exact apt-get line) unless everything needed is there: Chromium when `browser`,
 * and the build tools when code-server is not in the cache yet. Never skips silently.
 */
export function checkPrerequisites({ browser = true } = {}) {
  const missing = [];
  const why = [];
  if (browser && !chromiumPath()) {
    missing.push('chromium');
    why.push(`no Chromium at ${process.env.CHROMIUM_PATH || '/usr/bin/chromium'} (set CHROMIUM_PATH for another one)`);
  }
  if (!existsSync(join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`, COMPLETE_MARKER))) {
    const build = missingBuildPrerequisites();
    if (build.length) {
      missing.push(...build);
      why.push(`code-server ${CODE_SERVER_VERSION} is not in the cache (${cacheRoot()}) yet and its native modules must be built (g++, make, python3, krb5/gssapi headers)`);
    }
  }
  if (missing.length) failMissing(missing, why.join('; '));
}
