#!/usr/bin/env node
// The checks that need a person's view of the real workbench (part of `npm test`, after the
// integration suite; alone: `npm run test:ui`, after `npm run build`):
//
//   walkthrough  "Try the Local Sandbox" in the view's welcome (which also offers "Get
//                Started") connects and adds the sandbox's apps; "Laaffic PNS: Get Started" then
//                opens the walkthrough with steps 1 and 2 checked (done before VS Code had loaded
//                its walkthrough service) and 3 and 4 not; Find Binding by Number checks step 3
//                and opening the result step 4 while it is open. The check marks are VS Code's
//                own.
//   narrow       binding rows at a 300 px side bar are measured (the widths printed); at 520 px
//                none is cut with "…": phone A ↔ phone B and the expiry (the middle number is in
//                the tooltip).
//   axe          the details panel (Calls section and raw record open) has no axe-core
//                violation in Dark Modern, Light Modern and Dark High Contrast.
//   keyboard     in each theme Tab reaches every control of the panel in document order (Copy
//                buttons, Refresh, the Calls window, Load, recordings), each with a visible focus
//                ring; Enter and Space on Copy put the number on the clipboard and say "Copied";
//                Enter on Refresh refreshes and keeps the focus; Load keeps the focus in Calls;
//                Ctrl+C on a binding row of the view copies its bind id.
//   dashboard    Show Health from the palette: the page's CSP exactly as PanelPage writes it and
//                nothing refused by it, four charts painted each with its table; axe-core finds
//                no violation in the three themes and the charts are redrawn in each theme's colours.
//   panel        opened from All apps it names the binding's own app; choosing a window in the
//                dropdown loads it; a tab switch keeps Calls and Raw record open with the same calls
//                and sends nothing; Enter on Unbind's confirmation keeps the binding, choosing
//                "Unbind" unbinds it: a success banner, the countdown stopped, Unbind… disabled.
//
// Runs the sandbox (dist/sandbox.js), code-server with this folder as the development extension
// and headless Debian Chromium; everything is stopped on every exit path (scripts/lib/shutdown.mjs).
// Exit code 0 when every check passed, 1 otherwise (each failure is listed).
// (navigator, in page.evaluate(), is the browser's.)
/* global document -- used inside frame.evaluate(), which runs in the page */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { axeVersion, describeAxe, runAxe, webviewFrame } from './lib/axe.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { startCodeServer } from './lib/codeServer.mjs';
import { controls, focused, ringVisible, tabTo, tabWalk } from './lib/panelKeyboard.mjs';
import { addCleanup, cleanupAll, installShutdown } from './lib/shutdown.mjs';
import { isMainModule, REPO_ROOT } from './lib/util.mjs';
import { dragSidebarTo, THEMES, workbench } from './lib/workbench.mjs';

const WAIT = 30_000;
const WALKTHROUGH = 'laaffic-pns-tools.laaffic-pns-explorer#gettingStarted';
const STEPS = ['connect', 'apps', 'find', 'details'];

const say = (msg) => process.stdout.write(`[ui-check] ${msg}\n`);
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

class CheckError extends Error {}

/** A binding of the sandbox with recorded calls in the last 7 days (so the Calls table has rows and recording buttons). */
function bindingWithCalls(sandbox) {
  const to = Date.now();
  const calls = sandbox.callRecords(to - 7 * 86_400_000 + 60_000, to);
  const rec = new Map();
  for (const c of calls) {
    if (!c.recordingFileUrl) continue;
    for (const n of [c.caller, c.called]) rec.set(String(n), (rec.get(String(n)) ?? 0) + 1);
  }
  const digits = (v) => String(v).replace(/\D/g, '');
  const all = sandbox.bindings();
  // Phone A's digits must find exactly this binding, so Find shows one result.
  const unique = (b) => all.filter((x) => [x.phoneA, x.phoneB, x.pnsNumberA, x.pnsNumberB, x.bindId].some((v) => digits(v).includes(digits(b.phoneA)))).length === 1;
  const b = all.find((x) => (rec.get(String(x.phoneA)) ?? 0) + (rec.get(String(x.phoneB)) ?? 0) > 0 && unique(x));
  if (!b) throw new CheckError('the sandbox has no binding with a recorded call in the last 7 days');
  return { bindId: String(b.bindId), phoneA: String(b.phoneA), phoneB: String(b.phoneB) };
}

export async function main() {
  const started = Date.now();
  const sandboxJs = join(REPO_ROOT, 'dist', 'sandbox.js');
  if (!existsSync(join(REPO_ROOT, 'dist', 'extension.js')) || !existsSync(sandboxJs)) {
    process.stderr.write('[ui-check] dist/ is missing: run `npm run build` first\n');
    return 1;
  }
  const shutdown = installShutdown({ log: say, what: 'the browser, code-server and the sandbox', watchParent: true });
  const failures = [];
  const failed = (msg) => {
    failures.push(msg);
    say(`  FAILED: ${msg}`);
  };
  let current = 'start';
  const step = async (what, fn) => {
    current = what;
    say(`${what} ...`);
    const t = Date.now();
    try {
      await fn();
    } catch (e) {
      throw e instanceof CheckError ? e : new CheckError(`"${what}" failed: ${(e?.message ?? String(e)).split('\n')[0]}`);
    }
    say(`  (${secs(Date.now() - t)})`);
  };
  const fail = (msg) => {
    throw new CheckError(`"${current}" failed: ${msg}`);
  };

  let browser = null;
  try {
    const { startSandbox } = createRequire(import.meta.url)(sandboxJs);
    const sandbox = await startSandbox({ host: '127.0.0.1', port: 0, bindings: 600, seed: 42 });
    addCleanup({ name: 'sandbox', run: () => sandbox.close() });
    const server = await startCodeServer({ extensionDevelopmentPath: REPO_ROOT, settings: { 'laafficPns.baseUrl': sandbox.url } });
    browser = await launchBrowser({ viewport: { width: 1400, height: 900 } });
    const { page } = browser;
    page.setDefaultTimeout(WAIT);
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseUrl });
    const wb = workbench(page, { fail });
    const sidebar = page.locator('.part.sidebar');
    const editor = page.locator('.part.editor');
    const stepDone = (id) => editor.locator(`[data-done-step-id="${WALKTHROUGH}#${id}"]`);
    const checked = async () => Object.fromEntries(await Promise.all(STEPS.map(async (s) => [s, (await stepDone(s).getAttribute('aria-checked')) === 'true'])));
    const waitChecked = async (ids) => {
      for (const id of ids) {
        await stepDone(id).and(page.locator('[aria-checked="true"]')).waitFor({ state: 'attached' }).catch(async () => fail(`step "${id}" is not checked (steps: ${JSON.stringify(await checked())})`));
      }
    };
    const target = bindingWithCalls(sandbox);

    await step('open the workbench and the Laaffic PNS view', async () => {
      await page.goto(server.url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
      const item = page.locator('.part.activitybar a.action-label[aria-label^="Laaffic PNS"]');
      await item.waitFor({ state: 'visible', timeout: 90_000 });
      await item.click();
    });

    await step('walkthrough: "Try the Local Sandbox" in the welcome view (it offers "Get Started" too)', async () => {
      await sidebar.getByRole('button', { name: 'Get Started' }).waitFor({ state: 'visible' });
      await sidebar.getByRole('button', { name: 'Try the Local Sandbox' }).click();
      await sidebar.locator('.monaco-list-row[role="treeitem"]').filter({ hasText: 'Demo app 1' }).first().waitFor({ state: 'visible' });
    });

    await step('walkthrough: F1 > "Laaffic PNS: Get Started": steps 1 and 2 checked, 3 and 4 not', async () => {
      await wb.runCommand('Laaffic PNS: Get Started');
      await editor.getByText('Get started with Laaffic PNS Explorer').first().waitFor({ state: 'visible' });
      for (const s of STEPS) await stepDone(s).waitFor({ state: 'attached' });
      await waitChecked(['connect', 'apps']);
      const now = await checked();
      if (now.find || now.details) fail(`steps checked before they were done: ${JSON.stringify(now)}`);
      say(`  ${STEPS.length} steps: ${JSON.stringify(now)}`);
    });

    await step(`walkthrough: Find Binding by Number with phone A of binding ${target.bindId}, open the result`, async () => {
      await wb.runCommand('Laaffic PNS: Find Binding by Number');
      await wb.quickInput.locator('.quick-input-title', { hasText: 'Find Binding by Number' }).waitFor({ state: 'visible' });
      await page.keyboard.type(target.phoneA, { delay: 10 });
      await page.keyboard.press('Enter');
      await wb.quickItem('All apps').click();
      const done = wb.quickInput.locator('.quick-input-title', { hasText: /1 found in [\d,]+ bindings/ });
      await done.waitFor({ state: 'visible', timeout: 60_000 }).catch(async () => fail(`the search did not end with one result (title: ${await wb.quickInput.locator('.quick-input-title').innerText().catch(() => '?')})`));
      await waitChecked(['find']);
      if ((await checked()).details) fail('"Open a binding\'s details" was checked before any details were opened');
      await wb.quickRows.filter({ hasText: `bind id ${target.bindId} ` }).first().click();
      await editor.locator('.tab').filter({ hasText: `Binding ${target.bindId}` }).first().waitFor({ state: 'visible' });
    });

    await step('walkthrough: step 4 is checked once the details are open', async () => {
      await editor.locator('.tab').filter({ hasText: 'Welcome' }).first().click();
      await waitChecked(['details']);
      say(`  all ${STEPS.length} steps checked: ${JSON.stringify(await checked())}`);
      await editor.locator('.tab').filter({ hasText: `Binding ${target.bindId}` }).first().click();
    });

    let frame = await webviewFrame(page, { ready: '#badge' });
    await step('details panel: open "Calls" (last 7 days) and "Raw record"', async () => {
      await frame.locator('#calls summary').click();
      await frame.locator('#calls-status', { hasText: /Scanned [\d,]+ call/ }).waitFor({ state: 'visible' });
      const rows = await frame.locator('tr[data-call-id]').count();
      const recordings = await frame.locator('button[data-call]').count();
      if (!rows || !recordings) fail(`the Calls table has ${rows} row(s) and ${recordings} recording button(s); the sandbox has recorded calls for this binding`);
      await frame.locator('details.raw summary').click();
      await frame.locator('details.raw[open] pre').waitFor({ state: 'visible' });
      say(`  ${rows} call(s), ${recordings} with a recording`);
    });

    await step('details panel: opened from "All apps", the App row names the binding\'s own app', async () => {
      const app = frame.locator('#app-value');
      await app.filter({ hasText: /^Demo app \d+ \(\S+\)$/ }).waitFor({ state: 'visible', timeout: 15_000 }).catch(async () => fail(`the App row says ${JSON.stringify(await app.innerText().catch(() => '?'))}`));
      const own = sandbox.appIds.find((id) => sandbox.bindings(id).some((b) => String(b.bindId) === target.bindId));
      const text = await app.innerText();
      if (!own || !text.endsWith(`(${own})`)) fail(`the App row says ${JSON.stringify(text)}; binding ${target.bindId} belongs to app ${own}`);
      say(`  App: ${text}`);
    });

    await step('details panel: choosing "Last 30 days" in the Window dropdown loads those calls at once', async () => {
      const before = sandbox.requests.length;
      await frame.locator('#calls-window').selectOption('30d');
      await frame.locator('#calls-status', { hasText: /in the last 30 days.*Scanned [\d,]+ call/ }).waitFor({ state: 'visible', timeout: 30_000 }).catch(async () => fail(`after choosing 30 days the section says ${JSON.stringify(await frame.locator('#calls-status').innerText().catch(() => '?'))}`));
      if (sandbox.requests.length <= before) fail('choosing a window sent no request to the sandbox');
      say(`  loaded (${sandbox.requests.length - before} request(s)), no "Load again" needed`);
    });

    await step('details panel: after a tab switch Calls and Raw record are still open, with the same calls, nothing read again', async () => {
      const ids = () => frame.locator('tr[data-call-id]').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-call-id')));
      const shown = await ids();
      const status = await frame.locator('#calls-status').innerText();
      const before = sandbox.requests.length;
      await editor.locator('.tab').filter({ hasText: 'Welcome' }).first().click();
      await page.waitForTimeout(500);
      await editor.locator('.tab').filter({ hasText: `Binding ${target.bindId}` }).first().click();
      frame = await webviewFrame(page, { ready: '#badge' });
      await frame.locator('#calls[open] tr[data-call-id]').first().waitFor({ state: 'visible', timeout: 15_000 }).catch(() => fail('the Calls section is closed (or empty) after the tab switch'));
      if (!(await frame.locator('details.raw').evaluate((e) => e.open))) fail('the Raw record section is closed after the tab switch');
      if (JSON.stringify(await ids()) !== JSON.stringify(shown)) fail('other calls are shown after the tab switch');
      if ((await frame.locator('#calls-window').inputValue()) !== '30d') fail('the Window went back to its default after the tab switch');
      await page.waitForTimeout(1000); // time for a load the page might start
      if (sandbox.requests.length !== before) fail(`the tab switch sent ${sandbox.requests.length - before} request(s) to the sandbox`);
      if ((await frame.locator('#calls-status').innerText()) !== status) fail('the Calls status changed after the tab switch');
      say(`  ${shown.length} call(s) still shown, both sections open, 0 requests`);
    });

    const axeResults = [];
    for (const [theme, wbClass, wvClass] of THEMES) {
      await step(`${theme}: axe-core ${axeVersion()} on the details panel`, async () => {
        await wb.switchTheme(theme, wbClass);
        frame = await webviewFrame(page, { ready: `body.${wvClass} #badge` });
        await page.waitForTimeout(300); // the page restyles after the workbench
        const r = await runAxe(frame);
        axeResults.push([theme, r]);
        for (const line of describeAxe(`  ${theme}`, r)) say(line);
        if (r.violations.length) failed(`${theme}: ${r.violations.length} axe violation(s): ${r.violations.map((v) => v.id).join(', ')}`);
      });

      await step(`${theme}: Tab reaches every control of the panel in order, with a visible focus ring`, async () => {
        const expected = await controls(frame);
        const walked = await tabWalk(page, frame, 'h1');
        const keys = (l) => l.map((x) => x.key).join(' > ');
        if (keys(walked) !== keys(expected)) failed(`${theme}: Tab order ${keys(walked)}\n    expected (document order) ${keys(expected)}`);
        for (const k of ['refresh', 'copy-phoneA', 'copy-phoneB', 'copy-pnsNumberA', 'copy-pnsNumberB', 'copy-bindId', 'copy-json', 'calls', 'calls-window', 'calls-load', 'raw']) {
          if (!walked.some((w) => w.key === k)) failed(`${theme}: Tab never reaches "${k}"`);
        }
        if (!walked.some((w) => w.key.startsWith('rec-'))) failed(`${theme}: Tab reaches no "Open recording…" button`);
        const invisible = walked.filter((w) => !ringVisible(w.ring));
        for (const w of invisible) failed(`${theme}: no visible focus ring on "${w.name}" (${w.ring.style} ${w.ring.width}px, contrast ${w.ring.ratio.toFixed(1)}:1)`);
        const ratios = walked.map((w) => w.ring.ratio);
        say(`  ${walked.length} controls reached by Tab in document order; focus ring contrast ${Math.min(...ratios).toFixed(1)}–${Math.max(...ratios).toFixed(1)}:1`);
      });
    }

    await step('keyboard: Enter on "Copy Phone A", Space on "Copy Phone B": "Copied" and the clipboard', async () => {
      const announce = frame.locator('#announce');
      for (const [key, field, phone] of [['Enter', 'phoneA', target.phoneA], ['Space', 'phoneB', target.phoneB]]) {
        await tabTo(page, frame, 'h1', `copy-${field}`);
        await page.evaluate((t) => navigator.clipboard.writeText(t), `before ${key} ${Date.now()}`);
        await announce.evaluate((e) => (e.textContent = ''));
        await page.keyboard.press(key === 'Space' ? ' ' : key);
        await frame.locator(`[data-copied="${field}"]`, { hasText: 'Copied' }).waitFor({ state: 'visible', timeout: 5000 }).catch(() => fail(`${key} on Copy ${field}: no "Copied" next to it`));
        await announce.filter({ hasText: 'Copied to the clipboard.' }).waitFor({ state: 'attached', timeout: 5000 }).catch(() => fail(`${key} on Copy ${field}: the live region did not say "Copied to the clipboard."`));
        const clip = await page.evaluate(() => navigator.clipboard.readText());
        if (clip !== phone) fail(`${key} on Copy ${field}: the clipboard holds ${JSON.stringify(clip.slice(0, 60))}, not ${phone}`);
        const f = await focused(frame);
        if (f?.key !== `copy-${field}`) fail(`${key} on Copy ${field}: the focus moved to ${f?.key ?? 'nowhere'}`);
        say(`  ${key} on Copy ${field}: "Copied", the live region said so, the clipboard holds ${phone}`);
      }
    });

    await step('keyboard: Enter on "Refresh" refreshes and keeps the focus on it', async () => {
      await tabTo(page, frame, 'h1', 'refresh');
      const before = sandbox.requests.length;
      await page.keyboard.press('Enter');
      await frame.locator('#status', { hasText: 'Refreshed from the server just now.' }).waitFor({ state: 'visible', timeout: 15_000 }).catch(() => fail('no "Refreshed from the server just now." after Enter on Refresh'));
      if (sandbox.requests.length <= before) fail('Enter on Refresh sent no request to the sandbox');
      const f = await focused(frame);
      if (f?.key !== 'refresh') fail(`after the refresh the focus is on ${f?.key ?? 'nothing'}, not Refresh`);
      say(`  refreshed (${sandbox.requests.length - before} request(s)); the focus stayed on Refresh`);
    });

    await step('keyboard: Space on "Load again" reloads the calls and the focus comes back to it', async () => {
      await tabTo(page, frame, 'h1', 'calls-load');
      // Blank the status line first: only a new render of the section writes it again.
      await frame.locator('#calls-status').evaluate((e) => (e.textContent = ''));
      const before = sandbox.requests.length;
      await page.keyboard.press(' ');
      await frame.locator('#calls-status', { hasText: /Scanned [\d,]+ call/ }).waitFor({ state: 'visible' });
      await frame.locator('#calls-load:not([disabled])').waitFor({ state: 'visible' });
      if (sandbox.requests.length <= before) fail('Space on Load again sent no request to the sandbox');
      const f = await focused(frame);
      if (f?.key !== 'calls-load') fail(`after loading the focus is on ${f?.key ?? 'nothing'}, not on Load again`);
      say(`  reloaded (${sandbox.requests.length - before} request(s)); the focus is back on Load again`);
    });

    await step('keyboard: Enter on the "Calls" heading closes and opens the section', async () => {
      await tabTo(page, frame, 'h1', 'calls');
      await page.keyboard.press('Enter');
      if (await frame.locator('#calls').evaluate((e) => e.open)) fail('Enter did not close the Calls section');
      await page.keyboard.press('Enter');
      if (!(await frame.locator('#calls').evaluate((e) => e.open))) fail('Enter did not open the Calls section again');
    });

    await step('keyboard: Ctrl+C on a binding row of the view puts its bind id on the clipboard', async () => {
      const rows = sidebar.locator('.monaco-list-row[role="treeitem"]');
      const app = rows.filter({ hasText: 'Demo app 1' }).first();
      // A click selects the app row (and opens or closes it); the arrow keys then move as a person's would.
      await app.click();
      if ((await app.getAttribute('aria-expanded')) !== 'true') await page.keyboard.press('ArrowRight');
      await rows.filter({ has: page.locator(':scope[aria-label^="binding "]') }).first().waitFor({ state: 'visible' });
      await page.keyboard.press('ArrowDown');
      const row = sidebar.locator('.monaco-list-row.focused[role="treeitem"]');
      const name = (await row.getAttribute('aria-label')) ?? '';
      const bindId = /^binding (\d+):/.exec(name)?.[1];
      if (!bindId) fail(`ArrowDown from "Demo app 1" focused ${JSON.stringify(name.slice(0, 80))}, not a binding`);
      if (!sandbox.bindings().some((b) => String(b.bindId) === bindId)) fail(`the focused row names bind id ${bindId}, which the sandbox does not have`);
      await page.evaluate((t) => navigator.clipboard.writeText(t), `before Ctrl+C ${Date.now()}`);
      await page.keyboard.press('Control+C');
      const copied = async () => (await page.evaluate(() => navigator.clipboard.readText())) === bindId;
      for (let i = 0; i < 50 && !(await copied()); i++) await page.waitForTimeout(100);
      if (!(await copied())) fail(`Ctrl+C on the row of binding ${bindId}: the clipboard holds ${JSON.stringify((await page.evaluate(() => navigator.clipboard.readText())).slice(0, 60))}`);
      say(`  Ctrl+C on the row of binding ${bindId}: the clipboard holds ${bindId}`);
    });

    await step('Unbind…: Enter on the confirmation keeps the binding; choosing "Unbind" unbinds it, and the panel says so as a success', async () => {
      const unbinds = () => sandbox.requests.filter((r) => r.path.endsWith('/number/pns/unbind')).length;
      const confirm = wb.quickInput.locator('.quick-input-title', { hasText: `Unbind binding ${target.bindId}?` });
      await frame.locator('button.unbind').click();
      await confirm.waitFor({ state: 'visible' });
      await page.keyboard.press('Enter');
      await confirm.waitFor({ state: 'hidden' });
      await page.waitForTimeout(500);
      if (unbinds() !== 0 || !sandbox.bindings().some((b) => String(b.bindId) === target.bindId)) fail('Enter on the confirmation unbound the binding');
      await frame.locator('button.unbind').click();
      await confirm.waitFor({ state: 'visible' });
      await wb.quickItem('Unbind').click();
      const banner = frame.locator('#gone');
      await banner.waitFor({ state: 'visible', timeout: 15_000 }).catch(() => fail('the panel does not say the binding was unbound'));
      if (unbinds() !== 1) fail(`${unbinds()} unbind request(s) for one confirmed unbind`);
      if (!(await banner.evaluate((e) => e.classList.contains('success')))) fail(`the unbind is said as ${await banner.getAttribute('class')}, not as a success`);
      // Not in the error colours: its background is not the theme's error background.
      const [bg, errorBg] = await banner.evaluate((e) => {
        const view = e.ownerDocument.defaultView;
        const probe = e.ownerDocument.createElement('p');
        probe.className = 'banner error';
        e.ownerDocument.body.appendChild(probe);
        const out = [view.getComputedStyle(e).backgroundColor, view.getComputedStyle(probe).backgroundColor];
        probe.remove();
        return out;
      });
      if (bg === errorBg) fail(`the success has the error banner's background (${bg})`);
      if (!(await frame.locator('button.unbind').isDisabled())) fail('Unbind… can still be pressed for a binding that is gone');
      const countdown = await frame.locator('#countdown').innerText();
      await page.waitForTimeout(2200);
      if ((await frame.locator('#countdown').innerText()) !== countdown || /expire/i.test(countdown)) fail(`the countdown still runs after the unbind: ${JSON.stringify(countdown)}`);
      say(`  Enter kept it; "Unbind" sent 1 request; banner "${(await banner.innerText()).trim()}" (background ${bg}, an error's ${errorBg}); countdown "${countdown}"; Unbind… disabled`);
    });

    await step('health dashboard: Show Health on "Demo app 1" from the palette draws its charts under the page\'s CSP', async () => {
      // Whatever the CSP refuses is said on the console (of any frame): nothing may be.
      const refused = [];
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text().slice(0, 200));
      });
      await wb.runCommand('Laaffic PNS: Show Health');
      await wb.quickItem('Demo app 1').click();
      await editor.locator('.tab').filter({ hasText: 'Health: Demo app 1' }).first().waitFor({ state: 'visible' });
      frame = await webviewFrame(page, { ready: '#t-expiry', timeout: 60_000 });
      const page1 = await frame.evaluate(() => ({
        csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
        canvases: [...document.querySelectorAll('canvas')].map((c) => {
          const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let painted = 0;
          for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++;
          return { id: c.id, w: c.width, h: c.height, painted, table: !!document.getElementById(`t-${c.id.replace(/^c-|Chart$/g, '')}`) };
        }),
      }));
      // The CSP exactly as PanelPage writes it: nothing loosened for the charts.
      if (!/^default-src 'none'; style-src [^;]+; img-src [^;]+; font-src [^;]+; script-src 'nonce-[A-Za-z0-9+/=]+'$/.test(page1.csp)) fail(`the dashboard's CSP is ${JSON.stringify(page1.csp)}`);
      await page.waitForTimeout(500);
      if (refused.length) fail(`the CSP refused: ${refused.join(' | ')}`);
      if (page1.canvases.length !== 4) fail(`${page1.canvases.length} chart(s) drawn, 4 expected`);
      for (const c of page1.canvases) if (!c.w || !c.h || c.painted < 50 || !c.table) fail(`chart ${c.id}: ${c.w}x${c.h}, ${c.painted} painted pixels, table beside it: ${c.table}`);
      say(`  CSP ${page1.csp.replace(/nonce-[^']+/, 'nonce-…')}; ${page1.canvases.map((c) => `${c.id} ${c.w}x${c.h}`).join(', ')}`);
    });

    let lastCharts = null;
    for (const [theme, wbClass, wvClass] of THEMES) {
      await step(`${theme}: axe-core ${axeVersion()} on the health dashboard; its charts take the theme's colours`, async () => {
        await wb.switchTheme(theme, wbClass);
        frame = await webviewFrame(page, { ready: `body.${wvClass} #t-expiry` });
        await page.waitForTimeout(500); // the page restyles after the workbench, then redraws its charts
        const r = await runAxe(frame);
        axeResults.push([`${theme} (dashboard)`, r]);
        for (const line of describeAxe(`  ${theme} (dashboard)`, r)) say(line);
        if (r.violations.length) failed(`${theme}: ${r.violations.length} axe violation(s) in the dashboard: ${r.violations.map((v) => v.id).join(', ')}`);
        const charts = await frame.evaluate(() => [...document.querySelectorAll('canvas')].map((c) => c.toDataURL()).join('|'));
        if (lastCharts !== null && charts === lastCharts) failed(`${theme}: the charts were not redrawn in the theme's colours`);
        lastCharts = charts;
      });
    }

    say(`axe-core ${axeVersion()}: ${axeResults.map(([t, r]) => `${t} ${r.violations.length} violation(s) / ${r.rulesApplied} of ${r.rulesRun} rules`).join('; ')}`);
    // Last: dragging the side bar's sash must not disturb the other checks.
    await step('narrow side bar: binding rows show phone A, phone B and the expiry, nothing cut with "…", at a side bar of 520 px (measured at 300 px too)', async () => {
      const before = (await sidebar.boundingBox())?.width ?? 0;
      // Each binding row shown: its texts, the width they need and the width they have.
      const measure = () =>
        sidebar.locator('.monaco-list-row[role="treeitem"][aria-label^="binding "]').evaluateAll((rows) =>
          rows.slice(0, 12).map((r) => {
            const box = r.querySelector('.monaco-icon-label-container') ?? r.querySelector('.monaco-icon-label');
            const text = (sel) => r.querySelector(sel)?.textContent ?? '';
            // The width the label and description take laid out (their boxes run on past a cut).
            const first = r.querySelector('.label-name')?.getBoundingClientRect();
            const last = (r.querySelector('.label-description') ?? r.querySelector('.label-name'))?.getBoundingClientRect();
            const width = first && last ? Math.ceil(last.right - first.left) : 0;
            return { name: text('.label-name'), description: text('.label-description'), width, scroll: box?.scrollWidth ?? 0, client: box?.clientWidth ?? 0, aria: r.getAttribute('aria-label') ?? '' };
          }),
        );
      const at = async (width) => {
        if (!(await dragSidebarTo(page, sidebar, width))) fail('no side bar sash');
        const got = Math.round((await sidebar.boundingBox())?.width ?? 0);
        if (Math.abs(got - width) > 12) fail(`the side bar is ${got} px wide after the drag, not ~${width}`);
        await page.waitForTimeout(300);
        return measure();
      };
      try {
        const narrow = await at(300);
        if (narrow.length === 0) fail('no binding row is shown');
        const need = Math.max(...narrow.map((r) => Math.max(r.scroll, r.width)));
        const has = Math.min(...narrow.map((r) => r.client));
        say(`  at a 300 px side bar: ${narrow.length} rows need up to ${need} px of text, have ${has} px (${narrow.filter((r) => r.scroll > r.client).length} cut): ${JSON.stringify(`${narrow[0].name} ${narrow[0].description}`)}`);
        const rows = await at(520);
        for (const row of rows) {
          const bindId = /^binding (\d+):/.exec(row.aria)?.[1];
          const b = sandbox.bindings().find((x) => String(x.bindId) === bindId);
          if (!b) fail(`a binding row names bind id ${bindId}, which the sandbox does not have`);
          const [a, bb] = row.name.split('↔').map((x) => x.replace(/\D/g, ''));
          if (a !== String(b.phoneA).replace(/\D/g, '') || bb !== String(b.phoneB).replace(/\D/g, '')) fail(`the row says ${JSON.stringify(row.name)}, not phone A ↔ phone B of binding ${bindId}`);
          if (!/^(in \d|expired \d|expiry unknown)/.test(row.description)) fail(`the row's description ${JSON.stringify(row.description)} is not the expiry`);
          // Text is drawn cut, with an ellipsis, only when it overflows its box.
          if (row.scroll > row.client) fail(`at 520 px the row ${JSON.stringify(`${row.name} ${row.description}`)} needs ${row.scroll} px but has ${row.client} px: it is cut with "…"`);
        }
        say(`  at a 520 px side bar: ${rows.length} rows, none cut (text up to ${Math.max(...rows.map((r) => r.width))} px; the least spare room: ${Math.min(...rows.map((r) => r.client - r.width))} px)`);
      } finally {
        if (before) await dragSidebarTo(page, sidebar, Math.round(before));
      }
    });

    if (failures.length) {
      say(`${failures.length} check(s) failed:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
      return 1;
    }
    say(`all checks passed in ${secs(Date.now() - started)}`);
    return 0;
  } catch (e) {
    if (shutdown.signalled() !== null) return shutdown.signalled();
    process.stderr.write(`\n[ui-check] ${e instanceof CheckError ? e.message : e?.stack ?? e}\n`);
    if (failures.length) process.stderr.write(`[ui-check] and before that:\n${failures.map((f) => `  - ${f}`).join('\n')}\n`);
    if (browser?.page) await browser.page.screenshot({ path: join(REPO_ROOT, 'out', 'ui-check-failure.png'), timeout: 5000 }).then(() => say('the page at the moment of failure: out/ui-check-failure.png'), () => {});
    return 1;
  } finally {
    const t = Date.now();
    await cleanupAll();
    say(`stopped the browser, code-server and the sandbox in ${secs(Date.now() - t)}; total ${secs(Date.now() - started)}`);
  }
}

if (isMainModule(import.meta.url)) {
  main().then((code) => process.exit(code));
}
