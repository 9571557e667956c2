// The Calls section's custom window in the real VS Code against the sandbox over real HTTP:
// Show Call Records… → Custom… with dates typed in local time reads exactly the sandbox's calls
// of that window; the page's custom window clamps an end in the future and reaches past what
// Laaffic keeps (three 31-day queries, said); a window that cannot be read is refused in the
// section in words, without a request. Expected windows are computed here from the typed
// text (the Date constructor: local time) and expected calls from the sandbox's own records.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../support/testApi';
import type { AppNode, BindingNode, Node } from '../../src/tree/nodes';
import type { ToWebview } from '../../src/shared/messages';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import { activate, clearCredentials, configure, extensionLog, resetSettings, setCredentials, waitFor } from './helpers';

type CallsMsg = Extract<ToWebview, { type: 'calls' }>;
const DAY = 86_400_000;
const p2 = (n: number) => String(n).padStart(2, '0');
/** "YYYY-MM-DD" and "YYYY-MM-DD HH:MM" of a local Date, as a user would type them. */
const dayText = (d: Date) => `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}`;
const minuteText = (d: Date) => `${dayText(d)} ${p2(d.getHours())}:${p2(d.getMinutes())}`;

suite('Calls: custom window', () => {
  let sb: Sandbox;
  let ext: TestApi;
  let appA: string;
  const recordQueries = () => sb.requests.filter((r) => r.path.endsWith('/number/record/queryPage')).length;
  /** The sandbox's calls of a binding's phones in [from, to], newest first. */
  const expected = (b: BindingNode, from: number, to: number) => {
    const ns = [b.record.phoneA, b.record.phoneB];
    return sb.callRecords(from, to).filter((r) => ns.includes(r.caller) || ns.includes(r.called) || ns.includes(r.number));
  };
  const lastCalls = (bindId: string) => [...ext.details.posted].reverse().find((m): m is CallsMsg => m.type === 'calls' && m.scope === bindId);
  async function loadedBindings(): Promise<BindingNode[]> {
    ext.tree.refresh();
    const app = await waitFor('the app', async () => ((await ext.tree.getChildren()) as AppNode[]).find((a) => a.appId === appA));
    return ((await ext.tree.getChildren(app)) as Node[]).filter((n): n is BindingNode => n.kind === 'binding');
  }
  async function openDetails(b: BindingNode): Promise<void> {
    await vscode.commands.executeCommand('laafficPns.showBindingDetails', b);
    await waitFor('the details', () => ext.details.lastRendered?.bindId === b.record.bindId);
  }
  const rendered = (id: string, state: string) =>
    waitFor(`the section to show ${state}`, () => {
      const r = ext.details.lastCallsRendered;
      return r?.scope === id && r.state === state ? r : undefined;
    }, 20_000);

  suiteSetup(async () => {
    sb = await startSandbox({ port: 0, seed: 41, bindingsPerApp: [300] });
    appA = sb.appIds[0];
    ext = await activate();
    await configure(ext, { baseUrl: sb.url, pageSize: 100, apps: [{ appId: appA, label: 'Rides' }] });
    await setCredentials(sb.apiKey, sb.apiSecret);
  });

  suiteTeardown(async () => {
    ext.ui.reset();
    ext.details.panel?.dispose();
    await clearCredentials();
    await resetSettings(['baseUrl', 'pageSize', 'apps', 'maskNumbers']);
    await sb.close();
  });

  test('Show Call Records… → Custom…: the typed local window, exactly the sandbox\'s calls of it', async () => {
    const now = Date.now();
    const start = new Date(now - 25 * DAY);
    const fromDate = new Date(start.getFullYear(), start.getMonth(), start.getDate()); // a date alone: 00:00
    const end = new Date(now - 5 * DAY);
    const toDate = new Date(end.getFullYear(), end.getMonth(), end.getDate(), end.getHours(), end.getMinutes());
    const [from, to] = [fromDate.getTime(), toDate.getTime()];
    // A binding with calls inside the window and others outside it (in the last 60 days), so a
    // wrong window shows other calls.
    const b = (await loadedBindings()).find((n) => {
      const inside = expected(n, from, to).map((r) => r.callid);
      return inside.length > 0 && expected(n, now - 60 * DAY, now).some((r) => !inside.includes(r.callid));
    });
    assert.ok(b, 'no loaded binding has calls both inside and outside the window');
    const id = b.record.bindId;
    const want = expected(b, from, to).map((r) => r.callid);

    ext.ui.reset();
    ext.details.lastCallsRendered = undefined;
    ext.ui.answer('Custom…', dayText(fromDate), minuteText(toDate));
    await vscode.commands.executeCommand('laafficPns.showCallRecords', b);
    assert.deepEqual(ext.ui.prompts.map((p) => p.kind), ['quickPick', 'inputBox', 'inputBox']);
    assert.deepEqual(ext.ui.prompts[0].items?.map((i) => i.label), ['Last 7 days', 'Last 24 hours', 'Last 30 days', 'Custom…']);
    const shown = await rendered(id, 'calls');
    const msg = lastCalls(id);
    assert.ok(msg, 'no calls message was posted');
    assert.equal(msg.window, 'custom');
    assert.equal(msg.from, from, 'the start as typed, in local time');
    assert.equal(msg.to, to, 'the end as typed, in local time');
    assert.deepEqual(msg.notes, []);
    assert.deepEqual(shown.callIds, want, 'the calls the page shows');
    assert.equal(msg.scanned, sb.callRecords(from, to).length, 'every record of the window was scanned');
    assert.equal(msg.windows, 1);
    assert.equal(msg.reachesPastRetention, false);
    // The page writes the window in words.
    assert.match(shown.text, /^(No calls|[\d,]+ calls?) from .+ to .+ \(\d+ days[^)]*\)(, newest first)?\. Scanned /);
  });

  test('Show Call Records… → Custom…: an end typed before the start is refused by the box with the reason; nothing is read', async () => {
    const b = (await loadedBindings())[0];
    const before = recordQueries();
    const posted = ext.details.posted.length;
    ext.ui.reset();
    ext.ui.answer('Custom…', '2026-01-10 12:00', '2026-01-09');
    await vscode.commands.executeCommand('laafficPns.showCallRecords', b);
    // TestUserInput does what VS Code does: an answer the box's check refuses is not accepted (it says why).
    await waitFor('the refusal in the log', () => extensionLog(ext).includes('The start of the window must come before its end'));
    ext.ui.reset();
    ext.ui.answer('Custom…', '2026-02-30', '');
    await vscode.commands.executeCommand('laafficPns.showCallRecords', b);
    await waitFor('the refusal in the log', () => extensionLog(ext).includes('2026-02-30 is not a day of the calendar: February 2026 has 28 days.'));
    assert.equal(recordQueries(), before, 'records were queried');
    assert.equal(ext.details.posted.slice(posted).some((m) => m.type === 'callsProgress' || m.type === 'calls'), false);
  });

  test('the page\'s custom window: an end in the future becomes now (said), 92 days reach past what Laaffic keeps (3 queries, said)', async () => {
    const now = Date.now();
    const from = Math.floor((now - 92 * DAY) / 1000) * 1000;
    const b = (await loadedBindings()).find((n) => expected(n, from, now).length > 0);
    assert.ok(b);
    const id = b.record.bindId;
    await openDetails(b);
    ext.details.lastCallsRendered = undefined;
    const sent = Date.now();
    await ext.details.receive({ type: 'loadCalls', window: 'custom', from, to: now + 3 * DAY });
    const shown = await rendered(id, 'calls');
    const after = Date.now();
    const msg = lastCalls(id)!;
    assert.equal(msg.window, 'custom');
    assert.equal(msg.from, from);
    assert.ok(msg.to >= sent && msg.to <= after + 1000, `the end ${new Date(msg.to).toISOString()} is not "now"`);
    assert.deepEqual(msg.notes, ['The end you picked is in the future, so the window ends now.']);
    assert.equal(msg.windows, 3, '92 days are three queries of at most 31 days');
    assert.equal(msg.reachesPastRetention, true);
    assert.deepEqual(shown.callIds, expected(b, msg.from, msg.to).map((r) => r.callid));
    assert.equal(msg.scanned, sb.callRecords(msg.from, msg.to).length);
    assert.match(shown.text, /The end you picked is in the future, so the window ends now\./);
    assert.match(shown.text, /in 3 windows of at most 31 days\. The window reaches further back than Laaffic keeps call records \(about 2 months\)/);
  });

  test('a custom window that cannot be read says why in the section and sends no request', async () => {
    const b = (await loadedBindings())[1];
    const id = b.record.bindId;
    await openDetails(b);
    const now = Math.floor(Date.now() / 1000) * 1000; // whole seconds: the lengths below are exact
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['start after end', { from: now - 2 * DAY, to: now - 3 * DAY }, /^The start of the window must come before its end: pick an earlier start or a later end\.$/],
      ['longer than 93 days', { from: now - 120 * DAY, to: now - DAY }, /^The window is 119 days long; at most 93 days are read at once .*Pick a start and an end at most 93 days apart\.$/],
      ['a start in the future', { from: now + DAY, to: now + 2 * DAY }, /^The window starts in the future, so it can have no calls yet: pick a start before now\.$/],
      ['a start that is text', { from: 'last week', to: now }, /^The start of the window is missing or not a date and time: enter it, e\.g\. 2026-11-01 or 2026-11-01 14:00\.$/],
      ['no end (NaN posts as null)', { from: now - DAY, to: null }, /^The end of the window is missing or not a date and time/],
      ['a huge end', { from: now - DAY, to: 1e300 }, /^The end of the window is not a date from 2000 to 2099: pick a date in that range\.$/],
    ];
    const before = recordQueries();
    for (const [what, w, text] of cases) {
      ext.details.lastCallsRendered = undefined;
      await ext.details.receive({ type: 'loadCalls', window: 'custom', ...w });
      const shown = await rendered(id, 'error');
      assert.match(shown.text, text, what);
      assert.deepEqual(shown.callIds, [], what);
      const err = [...ext.details.posted].reverse().find((m) => m.type === 'callsError');
      assert.ok(err?.type === 'callsError' && err.window === 'custom' && err.text === shown.text, what);
    }
    assert.equal(recordQueries(), before, 'a refused window was queried');
    // The section still works: a good window after the refusals.
    ext.details.lastCallsRendered = undefined;
    await ext.details.receive({ type: 'loadCalls', window: 'custom', from: now - 10 * DAY, to: now - DAY });
    const ok = await rendered(id, 'calls');
    assert.deepEqual(ok.callIds, expected(b, lastCalls(id)!.from, lastCalls(id)!.to).map((r) => r.callid));
    assert.ok(recordQueries() > before);
  });

  test('Mask Numbers: the custom window\'s calls reach the page masked (Show Call Records… → Custom…, the page\'s Apply, a replay), Copy still copies the real number', async () => {
    const now = Date.now();
    const start = new Date(now - 20 * DAY);
    const fromDate = new Date(start.getFullYear(), start.getMonth(), start.getDate());
    const b = (await loadedBindings()).find((n) => expected(n, fromDate.getTime(), now).length > 0);
    assert.ok(b, 'no loaded binding has calls in the last 20 days');
    const id = b.record.bindId;
    const phones = [b.record.phoneA, b.record.phoneB];
    /** The phones (digits) in `text` in any form: spaces, NBSP, dashes and '+' ignored. */
    const leaks = (text: string) => phones.filter((p) => text.replace(/[\s\u00a0+-]/g, '').includes(p));
    const mark = new Set(ext.details.posted);
    const since = () => ext.details.posted.filter((m) => !mark.has(m));
    await vscode.commands.executeCommand('laafficPns.maskNumbers');
    await waitFor('masking on', () => ext.settings().maskNumbers);
    try {
      // The command's custom window (typed dates; an empty end is now).
      ext.ui.reset();
      ext.details.lastCallsRendered = undefined;
      ext.ui.answer('Custom…', dayText(fromDate), '');
      await vscode.commands.executeCommand('laafficPns.showCallRecords', b);
      await rendered(id, 'calls');
      const viaCommand = lastCalls(id)!;
      assert.equal(viaCommand.window, 'custom');
      assert.ok(viaCommand.calls.length > 0, 'no calls were shown');
      for (const c of viaCommand.calls) {
        assert.match(c.caller, /^\+\d{1,3} \d{0,2}•+( \d{1,4})?$/, `caller ${c.caller}`);
        assert.match(c.called, /^\+\d{1,3} \d{0,2}•+( \d{1,4})?$/, `called ${c.called}`);
      }
      // The page's Apply with an end in the future: its note, and the calls, masked too.
      ext.details.lastCallsRendered = undefined;
      await ext.details.receive({ type: 'loadCalls', window: 'custom', from: fromDate.getTime(), to: now + 2 * DAY });
      await rendered(id, 'calls');
      assert.equal(lastCalls(id)!.notes.length, 1);
      const sent = JSON.stringify(since());
      assert.ok(since().some((m) => m.type === 'calls'), 'no calls message was posted');
      assert.deepEqual(leaks(sent), [], 'a full phone A or B reached the page');
      assert.deepEqual(leaks(ext.details.panel!.webview.html), []);
      // Copy from the page still gives the real number.
      await ext.details.receive({ type: 'copy', field: 'phoneB' });
      assert.equal(await vscode.env.clipboard.readText(), b.record.phoneB);
    } finally {
      await vscode.commands.executeCommand('laafficPns.unmaskNumbers');
      await waitFor('masking off', () => !ext.settings().maskNumbers);
    }
    // Shown again: the page is sent the same calls with the full numbers (so the check above could fail).
    const replay = await waitFor('the calls sent again in full', () => {
      const m = lastCalls(id);
      return m && !mark.has(m) && leaks(JSON.stringify(m)).length > 0 ? m : undefined;
    });
    assert.equal(replay.window, 'custom');
  });
});
