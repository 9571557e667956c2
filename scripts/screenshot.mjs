#!/usr/bin/env node
// Screenshots of the extension for the README, taken the way a person would use it:
//
//   npm run screenshot [-- --no-build] [--out DIR]
//
// Starts the same demo as `npm run demo` (scripts/demo.mjs: build + package, sandbox with demo
// data, code-server with the .vsix), opens it in headless Debian Chromium (scripts/vscode-host.mjs),
// and clicks through it:
//   welcome.png       the view's welcome before any credentials ("Try the Local Sandbox")
//   tree.png          after "Try the Local Sandbox": the apps, the first one expanded, a binding's tooltip
//   load-more.png     after clicking "Load more": the next page and the Load more node with its counts
//   context-menu.png  a binding's context menu with the copy actions
// into media/screenshots/. Any step that fails stops the run with exit code 1, says which step,
// and leaves a screenshot of the page at that moment in the temp folder. Everything started is
// stopped and removed on every exit path.
import { mkdirSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DemoError, installShutdown, startDemo } from './demo.mjs';
import { cleanupAll, launchBrowser, REPO_ROOT } from './vscode-host.mjs';

const VIEWPORT = { width: 1400, height: 900 };
/** Width of the side bar in the pictures: wide enough for "phone A ↔ phone B  middle · in 3 h". */
const SIDEBAR_WIDTH = 680;
const WAIT = 30_000;
/** Pages of 25 (the default is 50), so that one screen shows an app's page, its Load more node and the other apps. */
const PAGE_SIZE = 25;

function say(msg) {
  process.stdout.write(`[screenshot] ${msg}\n`);
}
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

class StepError extends Error {}

function parseArgs(argv) {
  const opts = { build: true, out: join(REPO_ROOT, 'media', 'screenshots') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--no-build') opts.build = false;
    else if (a === '--out') opts.out = resolve(argv[++i] ?? '');
    else if (a.startsWith('--out=')) opts.out = resolve(a.slice(6));
    else if (a === '-h' || a === '--help') opts.help = true;
    else throw new DemoError(`unknown option ${a}\nusage: npm run screenshot -- [--no-build] [--out DIR]`);
  }
  return opts;
}

/** The union of boxes (nulls ignored), grown by `pad`, kept inside the viewport. */
function union(boxes, pad = 0) {
  const bs = boxes.filter(Boolean);
  const x0 = Math.max(0, Math.min(...bs.map((b) => b.x)) - pad);
  const y0 = Math.max(0, Math.min(...bs.map((b) => b.y)) - pad);
  const x1 = Math.min(VIEWPORT.width, Math.max(...bs.map((b) => b.x + b.width)) + pad);
  const y1 = Math.min(VIEWPORT.height, Math.max(...bs.map((b) => b.y + b.height)) + pad);
  return { x: Math.floor(x0), y: Math.floor(y0), width: Math.ceil(x1 - x0), height: Math.ceil(y1 - y0) };
}

async function shoot(page, outDir, name, boxes) {
  const path = join(outDir, name);
  await page.screenshot({ path, clip: union(boxes), animations: 'disabled', caret: 'hide' });
  say(`wrote ${relative(REPO_ROOT, path)}`);
  return path;
}

async function main(argv) {
  const started = Date.now();
  let opts;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`[screenshot] ${e.message}\n`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write('usage: npm run screenshot -- [--no-build] [--out DIR]\n  --no-build  reuse the last build (dist/sandbox.js, dist-vsix/*.vsix)\n  --out DIR   where the PNGs go (default media/screenshots)\n');
    return 0;
  }

  let demo = null;
  let browser = null;
  const stop = async () => {
    await browser?.close();
    await demo?.stop();
  };
  const shutdown = installShutdown({ log: say, stop });
  let current = 'start the demo';
  const step = async (what, fn) => {
    current = what;
    say(`${what} ...`);
    try {
      return await fn();
    } catch (e) {
      if (e instanceof StepError || e instanceof DemoError) throw e;
      throw new StepError(`step "${what}" failed: ${(e?.message ?? String(e)).split('\n')[0]}`);
    }
  };

  try {
    demo = await startDemo({ build: opts.build, browser: true, settings: { 'laafficPns.pageSize': PAGE_SIZE }, log: (l) => say(l) });
    say(`demo ready in ${secs(demo.readyMs)} at ${demo.baseUrl}`);
    mkdirSync(opts.out, { recursive: true });
    browser = await launchBrowser({ viewport: VIEWPORT });
    const { page } = browser;
    page.setDefaultTimeout(WAIT);

    const sidebar = page.locator('.part.sidebar');
    const activityItem = page.locator('.part.activitybar a.action-label[aria-label^="Laaffic PNS"]');
    const rows = sidebar.locator('.monaco-list-row[role="treeitem"]');
    const row = (text) => rows.filter({ hasText: text }).first();
    const bindingRows = sidebar.locator('.monaco-list-row[role="treeitem"][aria-label^="Binding "]');
    const loadMoreRow = rows.filter({ hasText: /Load more \(/ }).first();
    const parkMouse = () => page.mouse.move(VIEWPORT.width - 200, VIEWPORT.height / 2); // over the empty editor area

    await step('open the workbench', async () => {
      await page.goto(demo.url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
      await activityItem.waitFor({ state: 'visible', timeout: 90_000 });
    });

    await step('click "Laaffic PNS" in the activity bar', async () => {
      await activityItem.click();
      await sidebar.getByRole('button', { name: 'Try the Local Sandbox' }).waitFor({ state: 'visible' });
    });

    await step(`widen the side bar to ${SIDEBAR_WIDTH} px`, async () => {
      const sash = page.locator('.monaco-sash.vertical.primary-sidebar-sash');
      const box = await sash.boundingBox();
      const sb = await sidebar.boundingBox();
      if (!box || !sb) throw new Error('no side bar sash');
      const y = box.y + box.height / 2;
      await page.mouse.move(box.x + box.width / 2, y);
      await page.mouse.down();
      await page.mouse.move(sb.x + SIDEBAR_WIDTH, y, { steps: 8 });
      await page.mouse.up();
      await parkMouse();
      await page.waitForTimeout(300);
    });

    /** Activity bar + side bar + status bar, without the title bar above them. */
    const sidebarClip = async () => {
      const sb = await sidebar.boundingBox();
      const ab = await page.locator('.part.activitybar').boundingBox();
      const y = Math.max(0, Math.min(sb.y, ab?.y ?? sb.y) - 4);
      return { x: 0, y, width: sb.x + sb.width + 6, height: VIEWPORT.height - y };
    };

    await step('screenshot the welcome view', async () => {
      const last = sidebar.getByRole('button', { name: 'Try the Local Sandbox' });
      await last.waitFor({ state: 'visible' });
      const b = await last.boundingBox();
      const clip = await sidebarClip();
      const item = await activityItem.boundingBox(); // keep the view's own activity bar icon in the picture
      const bottom = Math.max(b.y + b.height, item.y + item.height) + 32;
      await shoot(page, opts.out, 'welcome.png', [{ ...clip, height: Math.min(VIEWPORT.height, bottom) - clip.y }]);
    });

    await step('click "Try the Local Sandbox"', async () => {
      await sidebar.getByRole('button', { name: 'Try the Local Sandbox' }).click();
      await parkMouse();
    });

    await step('wait for the demo apps in the tree', async () => {
      for (const name of ['Demo app 1', 'Demo app 2', 'Demo app 3', 'All apps']) await row(name).waitFor({ state: 'visible' });
    });

    await step('expand "Demo app 1" and wait for its first page of bindings', async () => {
      await row('Demo app 1').click();
      await bindingRows.nth(10).waitFor({ state: 'visible' });
      await row(/Demo app 1.*\d+ of [\d,]+/).waitFor({ state: 'visible' });
      await loadMoreRow.waitFor({ state: 'visible' });
      await parkMouse();
    });

    await step('hover a binding to show its tooltip, screenshot the tree', async () => {
      const target = bindingRows.nth(2);
      await target.locator('.label-name').hover();
      const hover = page.locator('.workbench-hover, .monaco-hover').filter({ hasText: 'Middle number' }).first();
      await hover.waitFor({ state: 'visible', timeout: 15_000 });
      await page.waitForTimeout(300); // let the hover finish laying out
      await shoot(page, opts.out, 'tree.png', [await sidebarClip(), await hover.boundingBox()]);
      await parkMouse();
      await hover.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
    });

    /** Scrolls the tree with the mouse wheel until `target` is on screen. */
    const scrollTo = async (target, dy) => {
      const sb = await sidebar.boundingBox();
      for (let i = 0; i < 60 && !(await target.isVisible()); i++) {
        await page.mouse.move(sb.x + sb.width / 2, sb.y + sb.height / 2);
        await page.mouse.wheel(0, dy);
        await page.waitForTimeout(120);
      }
      await target.waitFor({ state: 'visible' });
      await target.scrollIntoViewIfNeeded();
    };

    let before = null;
    await step('scroll down to "Load more" and click it', async () => {
      await scrollTo(loadMoreRow, 500);
      before = (await loadMoreRow.innerText()).match(/Load more \(([\d,]+) of ([\d,]+)\)/);
      if (!before) throw new Error(`unexpected Load more label: ${await loadMoreRow.innerText()}`);
      await loadMoreRow.click();
    });

    await step('wait for the next page, screenshot "Load more"', async () => {
      const loaded = Number(before[1].replace(/,/g, ''));
      const total = Number(before[2].replace(/,/g, ''));
      const next = Math.min(total, loaded * 2);
      const label = `Load more (${next.toLocaleString('en-US')} of ${before[2]})`;
      await scrollTo(rows.filter({ hasText: label }).first(), 500);
      await parkMouse();
      await page.waitForTimeout(400);
      await shoot(page, opts.out, 'load-more.png', [await sidebarClip()]);
    });

    await step('right-click a binding, screenshot its context menu', async () => {
      await page.keyboard.press('Home'); // the tree has the focus (Load more was clicked): back to the top
      await page.waitForTimeout(300);
      const sb = await sidebar.boundingBox();
      for (let i = 0; i < 40 && (await page.locator('.part.sidebar .monaco-scrollable-element').first().evaluate((e) => e.querySelector('.monaco-list-rows')?.style.top ?? '0px')) !== '0px'; i++) {
        await page.mouse.move(sb.x + sb.width / 2, sb.y + sb.height / 2);
        await page.mouse.wheel(0, -1000);
        await page.waitForTimeout(100);
      }
      await bindingRows.nth(3).waitFor({ state: 'visible' });
      await bindingRows.nth(3).locator('.label-name').click({ button: 'right' });
      const menu = page.locator('.monaco-menu').filter({ hasText: 'Copy Phone A' }).first();
      await menu.waitFor({ state: 'visible' });
      for (const item of ['Copy Phone B', 'Copy Middle Number A', 'Copy Middle Number B', 'Copy Bind Id']) {
        await menu.getByText(item, { exact: true }).waitFor({ state: 'visible' });
      }
      await page.waitForTimeout(300);
      await shoot(page, opts.out, 'context-menu.png', [await sidebarClip(), await menu.boundingBox()]);
      await page.keyboard.press('Escape');
    });

    say(`done in ${secs(Date.now() - started)} (demo ready after ${secs(demo.readyMs)}); PNGs in ${relative(REPO_ROOT, opts.out) || '.'}`);
    return 0;
  } catch (e) {
    if (shutdown.signalled() !== null) return shutdown.signalled();
    if (browser?.page) {
      try {
        const dir = mkdtempSync(join(tmpdir(), 'laaffic-pns-screenshot-failure-'));
        const path = join(dir, 'page.png');
        await browser.page.screenshot({ path, timeout: 5000 });
        say(`the page at the moment of failure: ${path}`);
      } catch {
        /* no picture then */
      }
    }
    if (e instanceof StepError || e instanceof DemoError || e?.constructor?.name === 'PrerequisiteError') {
      process.stderr.write(`\n[screenshot] ${e.message}\n`);
    } else {
      process.stderr.write(`\n[screenshot] failed during "${current}": ${e?.stack ?? e}\n`);
    }
    return 1;
  } finally {
    const t = Date.now();
    await stop().catch((e) => say(`cleanup: ${e?.message ?? e}`));
    await cleanupAll();
    if (shutdown.signalled() === null && demo) say(`stopped the browser, code-server and the sandbox in ${secs(Date.now() - t)}`);
  }
}

const isMain = (() => {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();
if (isMain) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
