// Runs the integration suite (out/test/integration/index) inside code-server + headless Chromium
// through VS Code's smoke-test driver, and resolves with the suite's exit code.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { launchBrowser } from './browser.mjs';
import { ensureCodeServer } from './cache.mjs';
import { startCodeServer } from './codeServer.mjs';
import { checkPrerequisites } from './prerequisites.mjs';
import { signalled } from './shutdown.mjs';
import { fmtMs, REPO_ROOT, say, VERBOSE } from './util.mjs';

const DEFAULT_TEST_TIMEOUT_MS = 10 * 60 * 1000;

/** An expected failure: printed as its message, without a stack. */
export class HarnessError extends Error {}

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
  /^Creation of workbench contribution '[^']*' took \d+ms/,
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
 * out/test/integration/index), settings, env, folder, locale (e.g. 'zh-cn': VS Code's display
 * language, see startCodeServer), vsix, timeoutMs, onLog(line).
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
          locale: opts.locale,
          vsix: opts.vsix,
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
    if (server && !VERBOSE && signalled() === null && existsSync(server.logFile)) {
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

