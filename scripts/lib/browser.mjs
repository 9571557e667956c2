// Headless Debian Chromium through playwright-core (never a downloaded browser), on a fresh
// profile folder; close() (or any exit path) kills every Chromium process it started.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkPrerequisites, chromiumPath } from './prerequisites.mjs';
import { addCleanup, descendants, descendantsOfAll, killQuiet, waitGone, waitGoneSync } from './shutdown.mjs';
import { sleep } from './util.mjs';

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
