// Starts code-server (VS Code's web workbench and Node extension host) on loopback, with every
// folder private and temporary; stop() (or any exit path) kills its process group.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureCodeServer } from './cache.mjs';
import { installStubLanguagePack } from './languagePack.mjs';
import { cleanEnv, run } from './run.mjs';
import { addCleanup, killTree, killTreeSync } from './shutdown.mjs';
import { fmtMs, say, sleep, VERBOSE } from './util.mjs';

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

export const DEFAULT_SETTINGS = {
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
 *   locale                 display language, e.g. 'zh-cn': `--locale` plus a stub language pack
 *                          (scripts/lib/languagePack.mjs; --locale alone leaves 'en'), so that
 *                          vscode.env.language is the locale and extensions' package.nls and
 *                          l10n bundles of that language are used; VS Code itself stays English
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

    const locale = opts.locale && !/^en(-|$)/i.test(opts.locale) ? opts.locale.toLowerCase() : undefined;
    if (locale) {
      const t = Date.now();
      const id = await installStubLanguagePack({ locale, node: cs.node, codeServerEntry: cs.codeServerEntry, commonArgs: common, env, workDir: tmpDir, userDataDir, extensionsDir });
      say(`installed the stub language pack ${id} (display language ${locale}) in ${fmtMs(Date.now() - t)}`);
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
      ...(locale ? ['--locale', locale] : []),
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
