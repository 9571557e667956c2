// Copy Summary for a Ticket in the real VS Code against the sandbox over real HTTP: from a
// binding's menu, the details panel's title bar and a call of the calls panel, the clipboard
// gets the bind id, the app (label and id), phones A and B (masked while masking is on unless
// "Full numbers" is picked), the middle numbers, the expiry in the vendor's zone and in UTC, the
// state and the last calls with their outcomes, as plain text or Markdown. Every expected value
// is computed here from the sandbox's own data.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../support/testApi';
import type { AppNode, BindingNode, Node } from '../../src/tree/nodes';
import { startSandbox, type Sandbox, type SandboxBinding, type SandboxCallRecord } from '../../src/sandbox/main';
import { activate, clearCredentials, configure, resetSettings, setCredentials, waitFor } from './helpers';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const digits = (s: string) => s.replace(/\D/g, '');
const pair = (x: string, y: string) => [digits(x), digits(y)].sort().join('|');
/** "2026-12-07 14:00:00" of an instant shifted by `minutes`. */
const wall = (ms: number, minutes: number) => new Date(ms + minutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');

suite('Copy Summary for a Ticket', () => {
  let sb: Sandbox;
  let ext: TestApi;
  let appId: string;
  let node: BindingNode;
  let truth: SandboxBinding;
  /** The binding's calls (its pair) in the last 7 days, newest first. */
  let calls: SandboxCallRecord[];

  const line = (text: string, label: string) => text.split('\n').find((l) => l.startsWith(`${label}: `)) ?? '';
  async function copy(arg: unknown, ...answers: string[]): Promise<string> {
    // The test API keeps the last 20 copies: a new one is a new last entry.
    const last = ext.copies.at(-1);
    ext.ui.reset();
    ext.ui.answer(...answers);
    await vscode.commands.executeCommand('laafficPns.copyTicketSummary', arg);
    const got = await waitFor('the summary on the clipboard', () => (ext.copies.at(-1) !== last ? ext.copies.at(-1) : undefined));
    assert.equal(await vscode.env.clipboard.readText(), got.copied, 'what the clipboard holds');
    return got.copied;
  }
  /** The fields every summary of the binding has, whatever the phones' form. */
  function checkBinding(text: string, full: boolean): void {
    assert.equal(line(text, 'Bind id'), `Bind id: ${truth.bindId}`);
    assert.equal(line(text, 'App'), `App: Rides (app id ${appId})`);
    const middle = line(text, 'Middle numbers');
    assert.ok(digits(middle).includes(digits(truth.pnsNumberA)), middle);
    assert.equal(line(text, 'Expiry'), `Expiry: ${wall(truth.expiresAt, 480)} +08:00 (vendor time) · ${wall(truth.expiresAt, 0)} UTC`);
    const left = truth.expiresAt - Date.now();
    assert.equal(line(text, 'State'), `State: ${left <= 0 ? 'Expired' : left <= 24 * HOUR ? 'Expiring soon' : 'Active'}`);
    for (const [label, p] of [['Phone A', truth.phoneA], ['Phone B', truth.phoneB]] as const) {
      const l = line(text, label);
      if (full) assert.equal(digits(l), digits(p), l);
      else assert.ok(l.includes('•') && !digits(l).includes(digits(p)), l);
    }
    if (!full) assert.ok(!digits(text).includes(digits(truth.phoneA)) && !digits(text).includes(digits(truth.phoneB)), 'a phone in full in a masked summary');
  }
  /** The calls: at most 5, newest first, each with its UTC time, outcome and the vendor's reason. */
  function checkCalls(text: string, want: SandboxCallRecord[]): void {
    const lines = text.split('\n').filter((l) => /^\d\. /.test(l));
    assert.equal(lines.length, Math.min(5, want.length), text);
    lines.forEach((l, i) => {
      const r = want[i];
      assert.ok(l.startsWith(`${i + 1}. ${wall(Number(r.startTime) * 1000, 0)} UTC · `), l);
      assert.ok(l.includes(`as sent: “${r.hangupReason}”, SIP ${String(r.sipCode)}`), l);
    });
  }

  suiteSetup(async () => {
    sb = await startSandbox({ port: 0, seed: 61, bindingsPerApp: [200] });
    appId = sb.appIds[0];
    ext = await activate();
    await configure(ext, { baseUrl: sb.url, pageSize: 100, apps: [{ appId, label: 'Rides' }] });
    await setCredentials(sb.apiKey, sb.apiSecret);
    const app = await waitFor('the app', async () => ((await ext.tree.getChildren()) as Node[]).find((a): a is AppNode => a.kind === 'app' && a.appId === appId));
    const nodes = await waitFor('its bindings', async () => {
      const list = ((await ext.tree.getChildren(app)) as Node[]).filter((n): n is BindingNode => n.kind === 'binding');
      return list.length ? list : undefined;
    });
    const now = Date.now();
    const week = sb.callRecords(now - 7 * DAY, now);
    const withCalls = nodes
      .map((n) => ({ n, calls: week.filter((r) => r.called !== '' && pair(r.caller, r.called) === pair(n.record.phoneA, n.record.phoneB)) }))
      .sort((a, b) => b.calls.length - a.calls.length)[0];
    assert.ok(withCalls && withCalls.calls.length > 0, 'no loaded binding has calls in the last 7 days');
    node = withCalls.n;
    calls = withCalls.calls;
    truth = sb.bindings().find((b) => b.bindId === node.record.bindId)!;
  });

  suiteTeardown(async () => {
    ext.ui.reset();
    ext.details.panel?.dispose();
    for (const k of ext.calls.keys()) ext.calls.panel(k)?.dispose();
    await clearCredentials();
    await resetSettings(['baseUrl', 'pageSize', 'apps', 'maskNumbers']);
    await sb.close();
  });

  test('from a binding\'s menu, masking on: plain text with masked phones, then with full numbers; the last calls of its last 7 days', async () => {
    await configure(ext, { maskNumbers: true });
    const masked = await copy(node, 'Plain text', 'Masked numbers');
    assert.deepEqual(ext.ui.prompts.map((p) => p.items?.map((i) => i.label)), [
      ['Plain text', 'Markdown'],
      ['Masked numbers', 'Full numbers'],
    ]);
    assert.ok(masked.startsWith(`Laaffic PNS: binding ${truth.bindId}\n`), masked);
    checkBinding(masked, false);
    checkCalls(masked, calls);
    assert.ok(masked.includes('Last calls (at most 5, from the last 7 days)'), masked);

    const full = await copy(node, 'Plain text', 'Full numbers');
    checkBinding(full, true);
    checkCalls(full, calls);
  });

  test('Markdown: a heading and escaped fields; with masking off no question about the numbers', async () => {
    await configure(ext, { maskNumbers: false });
    const md = await copy(node, 'Markdown');
    assert.equal(ext.ui.prompts.length, 1, 'asked about the numbers with masking off');
    assert.ok(md.startsWith(`## Laaffic PNS\\: binding ${truth.bindId}\n`), md);
    assert.ok(md.includes(`\n- **Bind id:** ${truth.bindId}\n`), md);
    assert.ok(md.includes(`\n- **App:** Rides \\(app id ${appId}\\)\n`), md);
    assert.ok(md.includes(`\n- **Expiry:** ${wall(truth.expiresAt, 480).replace(/[-:]/g, '\\$&')} \\+08\\:00 \\(vendor time\\)`), md);
  });

  test('from the details panel\'s title bar: the binding it shows', async () => {
    await configure(ext, { maskNumbers: false });
    await vscode.commands.executeCommand('laafficPns.showBindingDetails', node);
    await waitFor('the details panel', () => ext.details.binding?.bindId === truth.bindId);
    const text = await copy(undefined, 'Plain text');
    checkBinding(text, true);
    checkCalls(text, calls);
    ext.details.panel?.dispose();
  });

  test('from the calls panel of Find Calls by Number: a call\'s binding (its calls from the panel), and the phone', async () => {
    await configure(ext, { maskNumbers: false });
    ext.ui.reset();
    ext.calls.lastCallsRendered = undefined;
    ext.ui.answer(truth.phoneA, 'Last 7 days');
    await vscode.commands.executeCommand('laafficPns.findCallsByNumber');
    const key = await waitFor('the phone\'s calls panel', () => ext.calls.keys().find((k): k is string => typeof k === 'string' && k.startsWith('phone:')));
    await waitFor('its calls', () => (ext.calls.lastCallsRendered?.scope === key && ext.calls.lastCallsRendered.state === 'calls' ? true : undefined), 30_000);
    const msg = [...ext.calls.posted].reverse().find((p) => p.key === key && p.message.type === 'calls')!.message as Extract<(typeof ext.calls.posted)[number]['message'], { type: 'calls' }>;
    const linked = msg.calls.find((c) => typeof c.link === 'object');
    assert.ok(linked, 'no call of the phone is linked to its binding');
    const shownOfPair = msg.calls.filter((c) => pair(c.caller, c.called) === pair(truth.phoneA, truth.phoneB));
    // The test API keeps the last 20 copies: a new one is a new last entry.
    const before = ext.copies.at(-1);
    ext.ui.reset();
    ext.ui.answer('Plain text');
    await ext.calls.receive(key, { type: 'ticket', ref: linked.ref });
    const text = await waitFor('the call\'s summary', () => (ext.copies.at(-1) !== before ? ext.copies.at(-1)!.copied : undefined));
    checkBinding(text, true);
    assert.ok(text.includes('Last calls (at most 5, from the calls panel)'), text);
    assert.equal(text.split('\n').filter((l) => /^\d\. /.test(l)).length, Math.min(5, shownOfPair.length));

    const before2 = ext.copies.at(-1);
    ext.ui.reset();
    ext.ui.answer('Plain text');
    await ext.calls.receive(key, { type: 'ticket', ref: null });
    const phoneText = await waitFor('the phone\'s summary', () => (ext.copies.at(-1) !== before2 ? ext.copies.at(-1)!.copied : undefined));
    assert.ok(phoneText.startsWith('Laaffic PNS: calls of the phone '), phoneText);
    assert.equal(digits(phoneText.split('\n')[0]), digits(truth.phoneA));
    assert.ok(phoneText.includes(`Bind id: ${truth.bindId}\n`), phoneText);
    assert.equal(phoneText.split('\n').filter((l) => /^\d\. /.test(l)).length, Math.min(5, msg.calls.length));
  });

  test('Find Calls by Number… from a binding\'s menu asks phone A or B (masked as shown) and shows that phone\'s calls', async () => {
    await configure(ext, { maskNumbers: true });
    for (const k of ext.calls.keys()) ext.calls.panel(k)?.dispose();
    ext.ui.reset();
    ext.calls.lastCallsRendered = undefined;
    ext.calls.posted.length = 0;
    ext.ui.answer('Phone B', 'Last 7 days');
    await vscode.commands.executeCommand('laafficPns.findCallsByNumber', node);
    assert.deepEqual(ext.ui.prompts[0].items?.map((i) => i.label), ['Phone A', 'Phone B']);
    for (const i of ext.ui.prompts[0].items ?? []) assert.ok(i.description?.includes('•'), `${i.label} shown unmasked`);
    assert.equal(ext.ui.prompts.length, 2, 'one account: no question about accounts');
    const key = await waitFor('the phone\'s calls panel', () => ext.calls.keys().find((k): k is string => typeof k === 'string' && k.startsWith('phone:')));
    const shown = await waitFor('its calls', () => (ext.calls.lastCallsRendered?.scope === key && ext.calls.lastCallsRendered.state === 'calls' ? ext.calls.lastCallsRendered : undefined), 30_000);
    const msg = [...ext.calls.posted].reverse().find((p) => p.key === key && p.message.type === 'calls')!.message as { from: number; to: number };
    const want = sb.callRecords(msg.from, msg.to).filter((r) => digits(r.caller) === digits(truth.phoneB) || digits(r.called) === digits(truth.phoneB)).map((r) => r.callid);
    assert.ok(want.length > 0);
    assert.deepEqual([...shown.callIds].sort(), [...want].sort());
  });
});
