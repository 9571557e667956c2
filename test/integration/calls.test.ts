// The details panel's Calls section in the real VS Code against the sandbox over real HTTP:
// the calls the page shows are exactly the sandbox's calls of the binding's numbers, newest
// first; a recording is opened only after the modal is confirmed; a failing records query
// shows its error in the section.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Prompt, TestApi } from '../support/testApi';
import type { AppNode, BindingNode, Node } from '../../src/tree/nodes';
import type { ToWebview } from '../../src/shared/messages';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import { activate, clearCredentials, configure, extensionLog, resetSettings, setCredentials, waitFor } from './helpers';

type CallsMsg = Extract<ToWebview, { type: 'calls' }>;

suite('Calls', () => {
  let sb: Sandbox;
  let ext: TestApi;
  let appA: string;
  const bindings = (ns: Node[]) => ns.filter((n): n is BindingNode => n.kind === 'binding');
  const appNode = () => waitFor('the app', async () => ((await ext.tree.getChildren()) as AppNode[]).find((a) => a.appId === appA));
  // a binding's calls: those of its real phones (middle numbers are shared across the pool)
  const numbersOf = (b: BindingNode) => [b.record.phoneA, b.record.phoneB];
  const DAY = 86_400_000;
  /** The sandbox's calls of a binding in [from, to], newest first. */
  const expected = (b: BindingNode, from: number, to: number) => {
    const ns = numbersOf(b);
    return sb.callRecords(from, to).filter((r) => ns.includes(r.caller) || ns.includes(r.called) || ns.includes(r.number));
  };
  const lastCalls = (bindId: string) => [...ext.details.posted].reverse().find((m): m is CallsMsg => m.type === 'calls' && m.scope === bindId);
  /** The loaded bindings of the app, and the first one with a call (and a recording when asked) in the last `days`. */
  async function bindingWithCalls(days: number, recording = false): Promise<BindingNode> {
    ext.tree.refresh();
    const app = await appNode();
    const nodes = bindings(await ext.tree.getChildren(app));
    const to = Date.now();
    const b = nodes.find((n) => expected(n, to - days * DAY + 60_000, to - 60_000).some((r) => !recording || r.recordingFileUrl.startsWith('https://')));
    assert.ok(b, `none of the ${nodes.length} loaded bindings has a call${recording ? ' with a recording' : ''} in the last ${days} days`);
    return b;
  }

  suiteSetup(async () => {
    sb = await startSandbox({ port: 0, seed: 41, bindingsPerApp: [300] });
    appA = sb.appIds[0];
    ext = await activate();
    await configure(ext, { baseUrl: sb.url, pageSize: 100, apps: [{ appId: appA, label: 'Rides' }] });
    await setCredentials(sb.apiKey, sb.apiSecret);
  });

  suiteTeardown(async () => {
    sb.setFaults(undefined);
    ext.details.panel?.dispose();
    await clearCredentials();
    await resetSettings(['baseUrl', 'pageSize', 'apps', 'retries']);
    await sb.close();
  });

  test('Show Call Records… opens the panel and shows the binding\'s calls of the last 7 days: the sandbox\'s, newest first', async () => {
    const b = await bindingWithCalls(7);
    const id = b.record.bindId;
    ext.details.lastCallsRendered = undefined;
    ext.ui.reset();
    ext.ui.answer((p: Prompt) => p.items?.[0]?.label); // Enter on the first item: the default
    await vscode.commands.executeCommand('laafficPns.showCallRecords', b);
    assert.deepEqual(ext.ui.prompts[0]?.items?.map((i) => i.label), ['Last 7 days', 'Last 24 hours', 'Last 30 days', 'Custom…'], 'the windows offered');
    const shown = await waitFor('the page to show the calls', () => {
      const r = ext.details.lastCallsRendered;
      return r?.scope === id && r.state === 'calls' ? r : undefined;
    });
    assert.equal(ext.details.binding?.bindId, id);
    const msg = lastCalls(id);
    assert.ok(msg, 'no calls message was posted');
    assert.equal(msg.window, '7d');
    assert.equal(msg.to - msg.from, 7 * DAY);
    const want = expected(b, msg.from, msg.to).map((r) => r.callid);
    assert.ok(want.length > 0);
    assert.deepEqual(shown.callIds, want, 'the calls the page shows');
    assert.deepEqual(msg.calls.map((c) => c.callId), want);
    assert.equal(msg.scanned, sb.callRecords(msg.from, msg.to).length, 'every record of the window was scanned');
    assert.equal(msg.windows, 1);
    assert.match(shown.text, new RegExp(`Scanned ${msg.scanned.toLocaleString('en-US')} call records? in 1 window`));
    // Plain data only: nothing the page could load.
    assert.equal(JSON.stringify(msg).includes('://'), false, 'a URL was posted to the page');
    // Progress was posted as "pages done of total".
    assert.ok(ext.details.posted.some((m) => m.type === 'callsProgress' && m.scope === id));
  });

  test('the page\'s window select: 30 days is read again, and says so', async () => {
    const b = await bindingWithCalls(30);
    const id = b.record.bindId;
    await vscode.commands.executeCommand('laafficPns.showBindingDetails', b);
    await waitFor('the details', () => ext.details.lastRendered?.bindId === id);
    ext.details.lastCallsRendered = undefined; // only what the page renders from now on
    await ext.details.receive({ type: 'loadCalls', window: '30d' });
    // The page may still render the calls it showed before (the same binding, 7 days: showing it
    // again redraws them) after the 30-day ones were posted; its render of this window names it.
    const shown = await waitFor('the page to render the 30-day calls', () => {
      const r = ext.details.lastCallsRendered;
      const m = lastCalls(id);
      return r?.scope === id && r.state === 'calls' && m?.window === '30d' && /in the last 30 days/.test(r.text) ? r : undefined;
    });
    const msg = lastCalls(id)!;
    assert.equal(msg.to - msg.from, 30 * DAY);
    assert.deepEqual(shown.callIds, expected(b, msg.from, msg.to).map((r) => r.callid));
    assert.deepEqual(msg.calls.map((c) => c.callId), shown.callIds, 'the page shows what was posted for the 30 days');
  });

  test('each call says how it ended in plain words and, beside them, the vendor\'s own reason and SIP code', async () => {
    // The sandbox's reasons (src/sandbox/records.ts) and what they mean, written out here.
    const WORDS: Record<string, string> = {
      'Caller hung up': 'the caller hung up',
      'Called party hung up': 'the called party hung up',
      'Normal call clearing': 'ended normally',
      'No answer': 'no answer',
      'User busy': 'busy',
      'Caller cancelled': 'cancelled by the caller',
      'Call rejected': 'declined',
      'Called party unreachable': 'number not found',
      'Number not bound': 'number not found',
    };
    const b = await bindingWithCalls(30);
    const id = b.record.bindId;
    await vscode.commands.executeCommand('laafficPns.showBindingDetails', b);
    await waitFor('the details', () => ext.details.lastRendered?.bindId === id);
    ext.details.lastCallsRendered = undefined;
    await ext.details.receive({ type: 'loadCalls', window: '30d' });
    const shown = await waitFor('the page to render the 30-day calls', () => {
      const r = ext.details.lastCallsRendered;
      return r?.scope === id && r.state === 'calls' && /in the last 30 days/.test(r.text) ? r : undefined;
    });
    const all = new Map(sb.callRecords(Date.now() - 31 * DAY, Date.now()).map((r) => [r.callid, r]));
    assert.ok(shown.callIds.length > 0);
    assert.equal(shown.ended.length, shown.callIds.length, 'one "How it ended" per row');
    const hungUp = shown.callIds.filter((c) => /hung up/.test(all.get(c)!.hangupReason)).length;
    assert.ok(hungUp > 0, 'no call of this binding was hung up: the check below would prove little');
    shown.callIds.forEach((callId, i) => {
      const rec = all.get(callId)!;
      const words = WORDS[rec.hangupReason];
      assert.ok(words, `a reason this test does not know: ${rec.hangupReason}`);
      // What the real page put in the row: our words, then the vendor's reason and code as sent.
      assert.equal(shown.ended[i], `${words}as sent: “${rec.hangupReason}” · SIP ${rec.sipCode}`, `call ${callId}`);
    });
  });

  test('Open recording… asks first, naming the host; dismissed it opens nothing, confirmed it opens the https URL', async () => {
    const b = await bindingWithCalls(30, true);
    const id = b.record.bindId;
    await vscode.commands.executeCommand('laafficPns.showBindingDetails', b);
    await waitFor('the details', () => ext.details.lastRendered?.bindId === id);
    ext.details.lastCallsRendered = undefined; // only what the page renders from now on
    await ext.details.receive({ type: 'loadCalls', window: '30d' });
    await waitFor('the 30-day calls', () => ext.details.lastCallsRendered?.scope === id && ext.details.lastCallsRendered.state === 'calls' && lastCalls(id)?.window === '30d');
    const call = lastCalls(id)!.calls.find((c) => c.hasRecording);
    assert.ok(call, 'no call with a recording');
    const rec = sb.callRecords(Date.now() - 31 * DAY, Date.now()).find((r) => r.callid === call.callId)!;
    assert.match(rec.recordingFileUrl, /^https:\/\/records\.sandbox\.invalid\//);

    ext.ui.reset();
    ext.ui.answer(undefined); // Esc
    await ext.details.receive({ type: 'openRecording', callId: call.callId });
    const asked = ext.ui.prompts.at(-1);
    assert.ok(asked, 'nothing was asked');
    assert.equal(asked.kind, 'warning');
    assert.equal(asked.modal, true);
    assert.ok(asked.text.includes(call.callId), asked.text);
    assert.ok(asked.detail?.includes('records.sandbox.invalid'), `the modal does not name the host: ${asked.detail}`);
    assert.equal(ext.ui.opened.length, 0, 'openExternal was called although the modal was dismissed');
    await waitFor('the log line', () => extensionLog(ext).includes(`The recording of call ${call.callId} was not opened`));

    ext.ui.answer('Open Recording');
    await ext.details.receive({ type: 'openRecording', callId: call.callId });
    assert.deepEqual(ext.ui.opened.map((u) => u.toString(true)), [rec.recordingFileUrl]);

    // A call id the extension did not show asks nothing and opens nothing.
    ext.ui.reset();
    await ext.details.receive({ type: 'openRecording', callId: 'not-a-shown-call' });
    assert.equal(ext.ui.prompts.length, 0);
    assert.equal(ext.ui.opened.length, 0);
  });

  test('Cancel stops a load that hangs, and the section says it was cancelled', async () => {
    const b = await bindingWithCalls(7);
    const id = b.record.bindId;
    await vscode.commands.executeCommand('laafficPns.showBindingDetails', b);
    await waitFor('the details', () => ext.details.lastRendered?.bindId === id);
    sb.setFaults({ rate: 1, kinds: ['hang'], paths: ['/number/record/queryPage'] });
    try {
      ext.details.lastCallsRendered = undefined;
      const load = ext.details.receive({ type: 'loadCalls', window: '24h' });
      await waitFor('the section to say it is loading', () => ext.details.lastCallsRendered?.scope === id && ext.details.lastCallsRendered.state === 'loading');
      await ext.details.receive({ type: 'cancelCalls' });
      await load;
      const shown = await waitFor('the section to say cancelled', () => {
        const r = ext.details.lastCallsRendered;
        return r?.scope === id && r.state === 'cancelled' ? r : undefined;
      });
      assert.match(shown.text, /^Cancelled/);
      assert.deepEqual(shown.callIds, []);
    } finally {
      sb.setFaults(undefined);
    }
  });

  test('a failing records query shows its error, with the hint, in the section', async () => {
    await configure(ext, { retries: 0 });
    const b = await bindingWithCalls(7);
    const id = b.record.bindId;
    const recordQueries = () => sb.requests.filter((r) => r.path.endsWith('/number/record/queryPage')).length;
    const before = recordQueries();
    sb.setFaults({ rate: 1, kinds: ['http-500'], paths: ['/number/record/queryPage'] });
    try {
      ext.details.lastCallsRendered = undefined;
      ext.ui.answer('Last 7 days');
      await vscode.commands.executeCommand('laafficPns.showCallRecords', b);
      const shown = await waitFor('the error in the section', () => {
        const r = ext.details.lastCallsRendered;
        return r?.scope === id && r.state === 'error' ? r : undefined;
      });
      const err = [...ext.details.posted].reverse().find((m) => m.type === 'callsError');
      assert.ok(err && err.type === 'callsError');
      assert.equal(shown.text, err.text);
      assert.match(shown.text, /^Could not read the calls: /);
      assert.match(shown.text, /answered HTTP 500/);
      assert.match(shown.text, /Retrying in a moment may help\.$/, 'the hint is missing');
      // With retries 0 the first page is tried once.
      assert.equal(recordQueries() - before, 1, 'records queries sent');
      assert.deepEqual(shown.callIds, []);
    } finally {
      sb.setFaults(undefined);
      await resetSettings(['retries']);
    }
  });
});
