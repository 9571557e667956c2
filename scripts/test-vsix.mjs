#!/usr/bin/env node
// The packaged extension, the way someone who installs the .vsix gets it:
//
//   npm run test:vsix          (part of `npm test`, after the integration suite)
//
// 1. `npm run package` (vsce) -> dist-vsix/*.vsix;
// 2. code-server with a fresh user-data-dir and extensions-dir, the .vsix installed with
//    `code-server --install-extension`: no development extension path (the repository is not
//    loaded), no test driver, no LAAFFIC_PNS_TEST, no sandbox running, default settings. The
//    installed folder must hold the demo's sandbox (dist/sandbox-host.js), the phone number
//    library (dist/phoneLib.js), the export's worker (dist/exportWorker.js) and the health dashboard
//    (dist/health.js, dist/webview/health.js), and no maps or sources; the .vsix's size is printed;
// 3. headless Chromium, used like a person: the activity bar item, "Try the Demo" in the view's
//    welcome, the demo apps with the "Demo" message, "Demo app 1" expanded; the rows must be the
//    first bindings of the demo's seeded data (computed from the sandbox's generator, no server:
//    out/test/vsix/expected.js), each row carrying its bind id (in its accessible name) and both
//    phone numbers in international format ("+" and the digits, read without the groups' spaces);
//    F1 > Show Health, "Demo app 1": the dashboard (dist/health.js, a lazy bundle on the
//    extension's own modules) counts every binding of the app in its expiry table;
// 4. "Stop Demo" in the view's title: the welcome ("Try the Demo") is back.
// With `--screenshot PATH` (or LAAFFIC_PNS_VSIX_SCREENSHOT=PATH) it also widens the side bar and
// saves a picture of the tree with the demo's bindings there, before Stop Demo (`npm run
// screenshot` uses this for media/screenshots/demo-installed.png, through runVsixCheck()).
// It prints mocha-style `1 passing` / `1 failing` lines (summed by .ci/run) and the wall time.
// A failure names the step and saves a picture of the page in the temp folder. Everything it
// starts (npm, code-server, Chromium) is stopped and its temp folders removed on every exit path.
import { mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { buildAndPackage } from './demo.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { startCodeServer } from './lib/codeServer.mjs';
import { checkPrerequisites } from './lib/prerequisites.mjs';
import { cleanupAll, installShutdown, signalled } from './lib/shutdown.mjs';
import { isMainModule, REPO_ROOT } from './lib/util.mjs';
import { dragSidebarTo, workbench } from './lib/workbench.mjs';

const EXTENSION_ID = 'laaffic-pns-tools.laaffic-pns-explorer';
const VIEWPORT = { width: 1280, height: 900 };
const WAIT = 30_000;
/** How many of the demo's first bindings must be in the tree (all fit on the screen). */
const CHECKED = 8;

function say(msg) {
  process.stdout.write(`[test-vsix] ${msg}\n`);
}
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
class StepError extends Error {}

/** Every file under `dir`, relative to it. */
function filesUnder(dir, prefix = '') {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(dir, join(prefix, e.name)) : [join(prefix, e.name)]));
}

/** `--screenshot PATH` (or LAAFFIC_PNS_VSIX_SCREENSHOT); throws on anything else. */
function parseArgs(argv) {
  const opts = { screenshot: process.env.LAAFFIC_PNS_VSIX_SCREENSHOT ? resolve(process.env.LAAFFIC_PNS_VSIX_SCREENSHOT) : null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--screenshot' && argv[i + 1]) opts.screenshot = resolve(argv[++i]);
    else if (a.startsWith('--screenshot=')) opts.screenshot = resolve(a.slice('--screenshot='.length));
    else throw new Error(`unknown option ${a}\nusage: npm run test:vsix [-- --screenshot PATH]`);
  }
  return opts;
}

/** Width of the side bar in the picture (as in scripts/screenshot.mjs). */
const SIDEBAR_WIDTH = 680;

/**
 * The whole check; returns the exit code. `vsix`: an already packaged .vsix to install (skips
 * `npm run package`); `screenshot`: where to save the picture of the demo's tree (or null).
 */
export async function runVsixCheck({ vsix: packaged = null, screenshot = null } = {}) {
  const started = Date.now();
  let server = null;
  let browser = null;
  let current = 'start';
  const stop = async () => {
    await browser?.close();
    await server?.stop();
  };
  installShutdown({ log: say, what: 'Chromium, code-server and npm', stop, watchParent: true, uncaught: true });
  const step = async (what, fn) => {
    current = what;
    const t = Date.now();
    try {
      const v = await fn();
      say(`${what}: ok (${secs(Date.now() - t)})`);
      return v;
    } catch (e) {
      if (e instanceof StepError) throw e;
      throw new StepError(`step "${what}" failed: ${(e?.message ?? String(e)).split('\n')[0]}`);
    }
  };

  try {
    checkPrerequisites({ browser: true });
    // A picture's folder that cannot be made fails now, not after code-server and Chromium ran.
    if (screenshot) await step(`make the folder of ${screenshot}`, () => mkdirSync(dirname(screenshot), { recursive: true }));
    const vsix = packaged ?? (await step('package the extension (npm run package)', () => buildAndPackage(say)));
    const expected = await step('compute the demo\'s seeded data (no server)', () => {
      const require = createRequire(import.meta.url);
      const { demoFirstBindings } = require(join(REPO_ROOT, 'out', 'test', 'vsix', 'expected.js'));
      return demoFirstBindings(CHECKED);
    });

    server = await step('install the .vsix into a fresh code-server and start it', async () => {
      const s = await startCodeServer({ vsix });
      const installed = readdirSync(s.extensionsDir).filter((d) => d.startsWith(`${EXTENSION_ID}-`));
      if (installed.length !== 1) throw new Error(`expected one ${EXTENSION_ID} in ${s.extensionsDir}, found: ${readdirSync(s.extensionsDir).join(', ') || 'nothing'}`);
      if (/extensionDevelopmentPath|extensionTestsPath/.test(decodeURIComponent(s.url))) throw new Error('the workbench URL loads a development extension');
      // What the .vsix shipped, as installed: the demo's sandbox, and no maps or sources.
      const dir = join(s.extensionsDir, installed[0]);
      const files = filesUnder(dir);
      for (const bundle of ['sandbox-host.js', 'phoneLib.js', 'exportWorker.js', 'complaints.js', 'health.js', 'writes.js', 'filterAll.js', 'goto.js', 'setup.js', 'pins.js', join('webview', 'health.js')]) {
        if (!files.includes(join('dist', bundle))) throw new Error(`the installed extension has no dist/${bundle}: ${files.join(', ')}`);
      }
      const stray = files.filter((f) => /\.map$|\.ts$|^(src|test|scripts|out|node_modules)\//.test(f));
      if (stray.length) throw new Error(`the .vsix ships ${stray.join(', ')}`);
      say(`${relative(REPO_ROOT, vsix)}: ${(statSync(vsix).size / 1024).toFixed(1)} KB; installed ${files.length} files, dist/sandbox-host.js ${(statSync(join(dir, 'dist', 'sandbox-host.js')).size / 1024).toFixed(1)} KB`);
      return s;
    });

    browser = await launchBrowser({ viewport: VIEWPORT });
    const { page } = browser;
    page.setDefaultTimeout(WAIT);
    const sidebar = page.locator('.part.sidebar');
    const activityItem = page.locator('.part.activitybar a.action-label[aria-label^="Laaffic PNS"]');
    const rows = sidebar.locator('.monaco-list-row[role="treeitem"]');
    const row = (text) => rows.filter({ hasText: text }).first();
    const tryDemo = sidebar.getByRole('button', { name: 'Try the Demo' });

    await step('open the workbench, click "Laaffic PNS" in the activity bar', async () => {
      await page.goto(server.url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
      await activityItem.waitFor({ state: 'visible', timeout: 90_000 });
      await activityItem.click();
      await tryDemo.waitFor({ state: 'visible' });
    });

    await step('click "Try the Demo": the demo apps appear, marked as the demo', async () => {
      await tryDemo.click();
      for (const name of ['Demo app 1', 'Demo app 2', 'Demo app 3', 'All apps']) await row(name).waitFor({ state: 'visible' });
      await sidebar.getByText(/^Demo data .*Stop Demo returns to your account/).waitFor({ state: 'visible' });
    });

    await step(`expand "Demo app 1": its first ${CHECKED} bindings are the demo's seeded data`, async () => {
      await row('Demo app 1').click();
      // The app's row, then its first page (more rows than checked), then "All apps" and the rest.
      await rows.nth(CHECKED + 1).waitFor({ state: 'visible' });
      await row(/Demo app 1.*\d+ of [\d,]+/).waitFor({ state: 'visible' });
      const shown = await rows.evaluateAll((els) => els.map((e) => ({ aria: e.getAttribute('aria-label') ?? '', text: e.textContent ?? '' })));
      for (const b of expected.bindings) {
        const r = shown.find((s) => s.aria.includes(b.bindId));
        if (!r) throw new Error(`no row for binding ${b.bindId}; rows: ${shown.map((s) => s.aria).join(' | ').slice(0, 400)}`);
        // The row shows the numbers in international format ("+91 74149 13233 ↔ +52 33 6047 2548"):
        // read without the groups' spaces, each phone is "+" and its digits (without the phone
        // number library, dist/phoneLib.js, they would be bare digits).
        const d = r.text.replace(/\s/g, '');
        if (!d.includes(`+${b.phoneA}`) || !d.includes(`+${b.phoneB}`)) throw new Error(`the row of binding ${b.bindId} does not show its phones +${b.phoneA} and +${b.phoneB}: "${r.text}"`);
      }
      const order = expected.bindings.map((b) => shown.findIndex((s) => s.aria.includes(b.bindId)));
      if (order.some((i, k) => k > 0 && i <= order[k - 1])) throw new Error(`the bindings are not in the vendor's order: rows ${order.join(', ')}`);
    });

    await step('F1 > "Laaffic PNS: Show Health", "Demo app 1": the dashboard (dist/health.js, loaded now) counts every binding of the app', async () => {
      const wb = workbench(page);
      await wb.runCommand('Laaffic PNS: Show Health');
      // A fresh install has the default account ("Main", no credentials) beside the demo's; Try the
      // Demo made the demo the active account, so the palette's command acts on it without asking.
      await wb.quickItem('Demo app 1').click();
      const health = page.frameLocator('iframe.webview.ready:visible').frameLocator('#active-frame');
      await health.locator('#t-expiry').waitFor({ state: 'visible', timeout: 60_000 });
      const cells = await health.locator('#t-expiry tbody tr td').allInnerTexts();
      const sum = cells.reduce((n, t) => n + Number(t.replace(/,/g, '')), 0);
      if (sum !== expected.total) throw new Error(`the dashboard counts ${sum} bindings in its expiry buckets; the demo's app has ${expected.total}`);
      await wb.runCommand('View: Close All Editors');
    });

    // ---- the picture for the README (only when asked: --screenshot PATH) ----------------------
    if (screenshot) {
      await step(`widen the side bar, save the tree with the demo's bindings to ${relative(REPO_ROOT, screenshot)}`, () => shootTree(page, sidebar, screenshot));
    }

    await step('click "Stop Demo" in the view\'s title: back to the welcome', async () => {
      await sidebar.hover();
      await sidebar.getByRole('button', { name: 'Stop Demo' }).click();
      await tryDemo.waitFor({ state: 'visible' });
      if (await row('Demo app 1').isVisible()) throw new Error('the demo apps are still shown');
    });

    say(`passed in ${secs(Date.now() - started)} (the .vsix, installed into a fresh code-server, ran Try the Demo and showed the demo's bindings)`);
    process.stdout.write(`\n  1 passing (${secs(Date.now() - started)})\n\n`);
    return 0;
  } catch (e) {
    if (signalled() !== null) return signalled();
    say(e instanceof StepError ? e.message : `failed during "${current}": ${e?.stack ?? e}`);
    if (browser) {
      const shot = join(mkdtempSync(join(tmpdir(), 'laaffic-pns-vsix-failure-')), 'page.png');
      await browser.page.screenshot({ path: shot }).then(() => say(`the page at that moment: ${shot}`), () => {});
    }
    if (server) say(`code-server's log was ${server.logFile} (removed now; LAAFFIC_PNS_VERBOSE=1 prints it)`);
    process.stdout.write(`\n  0 passing\n  1 failing\n\n`);
    return 1;
  } finally {
    await stop();
    await cleanupAll();
  }
}

/** Drags the side bar's sash to SIDEBAR_WIDTH, then saves activity bar + side bar + status bar. */
async function shootTree(page, sidebar, path) {
  if (!(await dragSidebarTo(page, sidebar, SIDEBAR_WIDTH))) throw new Error('no side bar sash');
  await page.mouse.move(VIEWPORT.width - 150, VIEWPORT.height / 2); // over the empty editor area: no hover
  await page.waitForTimeout(500);
  const wide = await sidebar.boundingBox();
  if (!wide || wide.width < SIDEBAR_WIDTH - 40) throw new Error(`the side bar is ${Math.round(wide?.width ?? 0)} px wide after the drag, not ~${SIDEBAR_WIDTH}`);
  mkdirSync(dirname(path), { recursive: true });
  const top = Math.max(0, wide.y - 4);
  await page.screenshot({ path, clip: { x: 0, y: top, width: Math.ceil(wide.x + wide.width + 6), height: VIEWPORT.height - top }, animations: 'disabled', caret: 'hide' });
  say(`wrote ${relative(REPO_ROOT, path)}`);
}

if (isMainModule(import.meta.url)) {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`[test-vsix] ${e.message}\n`);
    process.exit(2);
  }
  runVsixCheck(opts).then((code) => process.exit(code));
}
