#!/usr/bin/env node
// One command to try the extension without a Laaffic account:
//
//   npm run demo [-- --port N] [--bindings N] [--sandbox-port N] [--no-build] [--log-requests]
//
// 1. runs `npm ci` when node_modules is missing or older than package-lock.json;
// 2. builds and packages the extension (`npm run package` -> dist-vsix/*.vsix);
// 3. starts the local Laaffic sandbox (dist/sandbox.js) with demo data on loopback;
// 4. starts code-server (VS Code in the browser, from the cache scripts/vscode-host.mjs fills)
//    with the .vsix installed and `laafficPns.baseUrl` pointing at the sandbox;
// 5. prints the URL to open and what to click; Ctrl-C / SIGTERM stop everything.
//
// No credentials are written anywhere: "Try the Local Sandbox" in the view's welcome reads the
// sandbox's fake demo key and secret from <sandbox>/__sandbox/info and stores them in VS Code's
// SecretStorage, exactly like real ones, and fills `laafficPns.apps` with the sandbox's apps.
//
// Also a library: `startDemo(options)` (used by scripts/screenshot.mjs).
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { startCodeServer } from './lib/codeServer.mjs';
import { checkNode, DependencyError, ensureDependencies } from './lib/deps.mjs';
import { checkPrerequisites } from './lib/prerequisites.mjs';
import { run } from './lib/run.mjs';
import { addCleanup, cleanupAll, installShutdown } from './lib/shutdown.mjs';
import { isMainModule, REPO_ROOT } from './lib/util.mjs';

const VSIX_DIR = join(REPO_ROOT, 'dist-vsix');
const SANDBOX_JS = join(REPO_ROOT, 'dist', 'sandbox.js');

export function say(msg) {
  process.stdout.write(`[demo] ${msg}\n`);
}
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** An expected failure: printed as its message only, exit code 1. */
export class DemoError extends Error {}

const asDemoError = (e) => {
  throw e instanceof DependencyError ? new DemoError(e.message) : e;
};

/** Runs a command in the repo (killed on every exit path, scripts/lib/shutdown.mjs); its output is
 * echoed (`echo`) or kept and shown only on failure. */
async function runStep(cmd, args, { echo = false, env = process.env } = {}) {
  try {
    return await run(cmd, args, { cwd: REPO_ROOT, env, echo });
  } catch (e) {
    if (e.output === undefined) throw new DemoError(`could not run ${cmd}: ${e.message}`);
    const tail = e.output.trimEnd().split('\n').slice(-30).join('\n');
    throw new DemoError(`\`${cmd} ${args.join(' ')}\` failed (${e.exitCode})${echo ? '' : `; its last lines:\n${tail}`}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Steps
// ---------------------------------------------------------------------------------------------

/** The newest .vsix in dist-vsix/ (or null). */
function newestVsix() {
  if (!existsSync(VSIX_DIR) || !statSync(VSIX_DIR).isDirectory()) return null;
  const files = readdirSync(VSIX_DIR)
    .filter((f) => f.endsWith('.vsix'))
    .map((f) => ({ path: join(VSIX_DIR, f), mtime: statSync(join(VSIX_DIR, f)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  return files[0]?.path ?? null;
}

/** `npm run package`; returns the path of the .vsix it wrote (also used by scripts/test-vsix.mjs). */
export async function buildAndPackage(log) {
  // `vsce package --out dist-vsix/` writes a FILE named dist-vsix (and then fails) when the
  // folder does not exist yet: make sure it is a folder first.
  if (existsSync(VSIX_DIR) && !statSync(VSIX_DIR).isDirectory()) {
    log(`${relative(REPO_ROOT, VSIX_DIR)} is a file (left by an earlier \`npm run package\`): replacing it with a folder`);
    rmSync(VSIX_DIR, { force: true });
  }
  mkdirSync(VSIX_DIR, { recursive: true });
  const t = Date.now();
  log('building and packaging the extension (`npm run package`) ...');
  const out = await runStep('npm', ['run', 'package']);
  const m = /Packaged:\s*(\S+\.vsix)/.exec(out);
  const vsix = m ? join(REPO_ROOT, m[1]) : newestVsix();
  if (!vsix || !existsSync(vsix)) throw new DemoError(`\`npm run package\` succeeded but no .vsix was found in ${VSIX_DIR}; its output:\n${out.trimEnd().split('\n').slice(-20).join('\n')}`);
  log(`packaged ${relative(REPO_ROOT, vsix)} in ${secs(Date.now() - t)}`);
  return vsix;
}

/** Fails with a clear message when something already listens on 127.0.0.1:port. */
function assertPortFree(port, flag) {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', (e) =>
      reject(new DemoError(e.code === 'EADDRINUSE' ? `port ${port} (${flag}) is already in use: pick another one, or leave ${flag} out for a free one.` : `cannot listen on 127.0.0.1:${port} (${flag}): ${e.message}`)),
    );
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolvePort()));
  });
}

function loadSandboxModule() {
  if (!existsSync(SANDBOX_JS)) throw new DemoError(`${SANDBOX_JS} is missing: run \`npm run build\` (or drop --no-build).`);
  const require = createRequire(import.meta.url);
  return require(SANDBOX_JS);
}

// ---------------------------------------------------------------------------------------------
// startDemo
// ---------------------------------------------------------------------------------------------

/**
 * Starts the whole demo and resolves once code-server answers. Options:
 *   port          code-server port (default: a free one)
 *   sandboxPort   sandbox port (default: a free one)
 *   bindings      total demo bindings over the sandbox's 3 apps (default 2500)
 *   build         false: reuse dist/sandbox.js and the newest dist-vsix/*.vsix
 *   browser       true: also require Chromium (checked before anything is built)
 *   logRequests   print one line per sandbox request
 *   settings      extra user settings (e.g. { 'laafficPns.pageSize': 25 }); none by default
 *   log           (line) => void
 * opts.locale (e.g. 'zh-cn') starts VS Code in that display language (a stub language pack).
 * Returns { url, baseUrl, sandbox, codeServer, vsix, readyMs, stop() }. stop() is idempotent;
 * everything is also registered with scripts/lib/shutdown.mjs (signals, the parent's death, exit).
 */
export async function startDemo(opts = {}) {
  const log = opts.log ?? say;
  const started = Date.now();
  const bindings = opts.bindings ?? 2500;
  let sandbox = null;
  let codeServer = null;
  let stopping = null;
  let closeSandbox = null;

  const stop = () =>
    (stopping ??= (async () => {
      const errors = [];
      try {
        await codeServer?.stop();
      } catch (e) {
        errors.push(e);
      }
      try {
        await closeSandbox?.();
      } catch (e) {
        errors.push(e);
      }
      await cleanupAll();
      if (errors.length) throw errors[0];
    })());

  try {
    await Promise.resolve().then(checkNode).catch(asDemoError);
    // Fails in a second with the exact apt-get line (build tools for a cold code-server install;
    // Chromium only for the screenshots). The demo itself needs no browser on this machine.
    checkPrerequisites({ browser: !!opts.browser });
    await ensureDependencies(log).catch(asDemoError);

    let vsix;
    if (opts.build === false) {
      vsix = newestVsix();
      if (!vsix) throw new DemoError(`--no-build: no .vsix in ${VSIX_DIR}; run without --no-build once.`);
      log(`reusing ${relative(REPO_ROOT, vsix)} and dist/sandbox.js (--no-build)`);
    } else {
      vsix = await buildAndPackage(log);
    }

    const { startSandbox } = loadSandboxModule();
    if (opts.sandboxPort) await assertPortFree(opts.sandboxPort, '--sandbox-port');
    if (opts.port) await assertPortFree(opts.port, '--port');
    const t = Date.now();
    try {
      sandbox = await startSandbox({
        host: '127.0.0.1',
        port: opts.sandboxPort ?? 0,
        bindings,
        seed: 42,
        log: opts.logRequests ? (line) => log(`sandbox: ${line}`) : undefined,
      });
    } catch (e) {
      throw e instanceof RangeError ? new DemoError(`the sandbox refused its options: ${e.message}`) : e;
    }
    closeSandbox = addCleanup({ name: 'sandbox', run: () => sandbox.close() }).run;
    log(`sandbox with ${bindings} demo bindings in ${sandbox.appIds.length} apps listens on ${sandbox.url} (started in ${secs(Date.now() - t)})`);

    // Only where the API is, so that "Try the Local Sandbox" needs no typing. No credentials, and
    // no apps: the command fills those in, so the welcome flow is what a user sees.
    // laafficPns.baseUrl is an `application` setting: it counts only in the user settings (never
    // in a workspace's or the remote "Machine" settings), which is where code-server keeps them.
    codeServer = await startCodeServer({ vsix, port: opts.port, locale: opts.locale, settings: { ...(opts.settings ?? {}), 'laafficPns.baseUrl': sandbox.url } });
    const readyMs = Date.now() - started;
    return { url: codeServer.url, baseUrl: codeServer.baseUrl, sandbox, codeServer, vsix, bindings, readyMs, stop };
  } catch (e) {
    await stop().catch(() => {});
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------------------------

const USAGE = `usage: npm run demo -- [--port N] [--bindings N] [--sandbox-port N] [--no-build] [--log-requests]

  --port N           port of code-server (VS Code in the browser); default: a free one
  --bindings N       demo bindings in the sandbox, spread over 3 apps; default 2500
  --sandbox-port N   port of the local Laaffic sandbox; default: a free one
  --no-build         reuse the last build (dist/sandbox.js, dist-vsix/*.vsix)
  --log-requests     print every request the extension makes to the sandbox
`;

export function parseArgs(argv) {
  const opts = { build: true };
  const int = (flag, v, min, max) => {
    if (v === undefined || !/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
      throw new DemoError(`${flag} needs a whole number from ${min} to ${max} (got ${v ?? 'nothing'})\n\n${USAGE}`);
    }
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    let [flag, value] = argv[i].split(/=(.*)/s, 2);
    const next = () => (value !== undefined ? value : argv[++i]);
    switch (flag) {
      case '--port':
        opts.port = int(flag, next(), 1, 65535);
        break;
      case '--sandbox-port':
        opts.sandboxPort = int(flag, next(), 1, 65535);
        break;
      case '--bindings':
        opts.bindings = int(flag, next(), 0, 1_000_000);
        break;
      case '--no-build':
        opts.build = false;
        break;
      case '--log-requests':
        opts.logRequests = true;
        break;
      case '-h':
      case '--help':
        opts.help = true;
        break;
      default:
        throw new DemoError(`unknown option ${argv[i]}\n\n${USAGE}`);
    }
  }
  return opts;
}

function banner(demo) {
  const info = `${new URL(demo.sandbox.url).origin}/__sandbox/info`;
  const lines = [
    '',
    '  Laaffic PNS Explorer demo is running.',
    '',
    `  1. Open            ${demo.url}`,
    `                     (short form: ${demo.baseUrl}/ — any modern browser on this machine)`,
    '  2. Click           "Laaffic PNS" in the activity bar (left edge)',
    '  3. Click           "Try the Local Sandbox" in the view',
    '                     -> it stores the demo key and secret in VS Code\'s secret storage and',
    `                        adds the sandbox's ${demo.sandbox.appIds.length} apps; expand one to browse its bindings.`,
    '',
    `  Sandbox API        ${demo.sandbox.url}   (already set: laafficPns.baseUrl in the user settings)`,
    `  Demo credentials   Api-Key ${demo.sandbox.apiKey} / Api-Secret ${demo.sandbox.apiSecret}   (fake, local only; also at ${info})`,
    `  Demo apps          ${demo.sandbox.appIds.map((id) => `${id} (${demo.sandbox.bindings(id).length})`).join(', ')}`,
    '',
    `  Ready in ${secs(demo.readyMs)}.  Ctrl-C stops everything (code-server, the sandbox, temp folders).`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(argv) {
  let opts;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`[demo] ${e.message}\n`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(USAGE);
    return 0;
  }

  let demo = null;
  // Ctrl-C / SIGTERM / SIGHUP, and the parent's death, stop everything and exit: the build steps,
  // code-server, the sandbox and their temp folders (scripts/lib/shutdown.mjs).
  const shutdown = installShutdown({ log: say, what: 'code-server and the sandbox', stop: () => demo?.stop(), watchParent: true });
  process.on('exit', (code) => {
    if (shutdown.signalled() !== null || demo) process.stdout.write(`[demo] stopped (exit code ${code}); nothing left running\n`);
  });

  try {
    demo = await startDemo(opts);
  } catch (e) {
    if (shutdown.signalled() !== null) return shutdown.signalled();
    await cleanupAll();
    if (e instanceof DemoError || e?.constructor?.name === 'PrerequisiteError') process.stderr.write(`\n[demo] ${e.message}\n`);
    else process.stderr.write(`\n[demo] failed: ${e?.stack ?? e}\n`);
    return 1;
  }
  if (shutdown.signalled() !== null) {
    await demo.stop().catch(() => {});
    return shutdown.signalled();
  }
  banner(demo);
  const code = await demo.codeServer.exited; // normally never: Ctrl-C exits in the handler
  if (shutdown.signalled() !== null) return shutdown.signalled();
  say(`code-server exited on its own (${code}); stopping the sandbox. Its log was ${demo.codeServer.logFile}`);
  await demo.stop().catch(() => {});
  return 1;
}

if (isMainModule(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
