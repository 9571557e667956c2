// The binding details webview in a real VS Code: the real page runs its script under the CSP
// and reports what it rendered (the test API's details probe); copy and refresh go through the
// same message handler the webview's messages reach.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../support/testApi';
import { activate, clearCredentials, configure, resetSettings, setCredentials, waitFor } from './helpers';
import type { AppNode, BindingNode, Node } from '../../src/tree/nodes';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';


suite('Binding details panel', () => {
  let sb: Sandbox;
  let ext: TestApi;
  let nodes: BindingNode[];

  suiteSetup(async () => {
    sb = await startSandbox({ port: 0, seed: 5, bindingsPerApp: [120] });
    ext = await activate();
    await configure(ext, { baseUrl: sb.url, pageSize: 50, apps: [{ appId: sb.appIds[0], label: 'Rides' }] });
    await setCredentials(sb.apiKey, sb.apiSecret);
    const app = await waitFor('app', async () => ((await ext.tree.getChildren()) as AppNode[]).find((a) => a.appId === sb.appIds[0]));
    nodes = await waitFor('bindings', async () => {
      const k = (await ext.tree.getChildren(app)).filter((n: Node): n is BindingNode => n.kind === 'binding');
      return k.length === 50 ? k : undefined;
    });
  });

  suiteTeardown(async () => {
    ext.details.panel?.dispose();
    await clearCredentials();
    await resetSettings(['baseUrl', 'pageSize', 'apps']);
    await sb.close();
  });

  test('opening a binding creates the panel, titled, and the page renders it', async () => {
    const b = nodes[0];
    await vscode.commands.executeCommand('laafficPns.showBindingDetails', b);
    const panel = ext.details.panel;
    assert.ok(panel, 'no panel');
    assert.equal(panel.viewType, 'laafficPns.details');
    assert.equal(panel.title, `Binding ${b.record.bindId}`);
    const r = await waitFor('the webview to render', () => (ext.details.lastRendered?.bindId === b.record.bindId ? ext.details.lastRendered : undefined));
    assert.equal(r.state, 'binding');
  });

  test('the HTML is locked down: CSP with a nonce, no inline script, no record data', () => {
    const html = ext.details.panel!.webview.html;
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    assert.match(csp, /^default-src 'none';/);
    const nonce = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    assert.ok(nonce && nonce.length >= 16, `no nonce in ${csp}`);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    assert.deepEqual(directives.get('script-src'), [`'nonce-${nonce}'`], 'scripts only by nonce');
    assert.deepEqual([...directives.keys()].sort(), ['default-src', 'font-src', 'img-src', 'script-src', 'style-src']);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0][1], new RegExp(`nonce="${nonce.replace(/[+/=]/g, '\\$&')}"`));
    assert.match(scripts[0][1], /src="[^"]+details\.js"/);
    assert.equal(scripts[0][2].trim(), '', 'inline script body');
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'inline event handler');
    const b = nodes[0].record;
    for (const v of [b.phoneA, b.phoneB, b.pnsNumberA, b.bindId, sb.apiSecret, sb.apiKey]) assert.ok(!html.includes(v), `HTML contains ${v}`);
    assert.equal(ext.details.panel!.webview.options.enableScripts, true);
  });

  test('a copy request from the webview puts the exact value on the clipboard and confirms it', async () => {
    const b = nodes[0].record;
    const cases: Array<[string, string]> = [
      ['phoneA', b.phoneA],
      ['phoneB', b.phoneB],
      ['pnsNumberA', b.pnsNumberA],
      ['pnsNumberB', b.pnsNumberB],
      ['bindId', b.bindId],
      ['json', JSON.stringify(b.raw, null, 2)],
    ];
    for (const [field, value] of cases) {
      await vscode.env.clipboard.writeText('sentinel');
      await ext.details.receive({ type: 'copy', field });
      assert.equal(await vscode.env.clipboard.readText(), value, field);
      assert.deepEqual(ext.details.posted[ext.details.posted.length - 1], { type: 'copied', field });
    }
    // Unknown or malformed messages are ignored.
    await vscode.env.clipboard.writeText('sentinel');
    await ext.details.receive({ type: 'copy', field: 'apiSecret' });
    await ext.details.receive({ type: 'evil' });
    await ext.details.receive('copy');
    assert.equal(await vscode.env.clipboard.readText(), 'sentinel');
  });

  test('opening a second binding reuses the panel and re-renders it', async () => {
    const first = ext.details.panel;
    const b = nodes[7];
    await vscode.commands.executeCommand('laafficPns.showBindingDetails', b);
    assert.equal(ext.details.panel, first, 'a second panel was created');
    assert.equal(first!.title, `Binding ${b.record.bindId}`);
    await waitFor('the second binding to render', () => ext.details.lastRendered?.bindId === b.record.bindId);
    assert.equal(ext.details.binding?.phoneB, b.record.phoneB);
  });

  test('Refresh re-reads the binding from the server', async () => {
    const b = nodes[7];
    const before = sb.requestCount;
    await ext.details.receive({ type: 'refresh' });
    assert.equal(sb.requestCount - before, 1, 'found on its own page with one request');
    const shown = ext.details.posted.filter((m) => m.type === 'show').pop();
    assert.ok(shown && shown.type === 'show' && shown.note?.startsWith('Refreshed'));
    assert.equal(shown.binding.bindId, b.record.bindId);
  });

  test('Refresh of a binding the sandbox has since unbound says it no longer exists', async () => {
    const b = nodes[7];
    assert.equal(sb.unbind(b.record.bindId), true);
    await ext.details.receive({ type: 'refresh' });
    const gone = ext.details.posted[ext.details.posted.length - 1];
    assert.equal(gone.type, 'gone');
    assert.match((gone as { text: string }).text, new RegExp(`Binding ${b.record.bindId} no longer exists: it is not among the 119 bindings of app Rides`));
    const r = await waitFor('the webview to show it is gone', () => (ext.details.lastRendered?.state === 'gone' && ext.details.lastRendered.bindId === b.record.bindId ? ext.details.lastRendered : undefined));
    // Not our unbind: said as an error; no countdown and no Unbind… for a binding that is gone.
    assert.deepEqual({ banner: r.facts?.banner, countdown: r.facts?.countdown, unbind: r.facts?.unbind }, { banner: 'error', countdown: 'This binding no longer exists.', unbind: false });
  });

  test('a refresh that fails says why, and keeps the panel', async () => {
    await vscode.commands.executeCommand('laafficPns.showBindingDetails', nodes[1]);
    sb.setFaults({ rate: 1, kinds: ['status-18'] });
    try {
      await ext.details.receive({ type: 'refresh' });
      const last = ext.details.posted[ext.details.posted.length - 1];
      assert.equal(last.type, 'error');
      assert.match((last as { text: string }).text, /Could not refresh: Laaffic API error -18/);
      assert.ok(ext.details.panel);
    } finally {
      sb.setFaults(undefined);
    }
  });

  test('opened from "All apps", the panel names the binding\'s own app (found through its middle number), not "All apps"', async () => {
    const all = await waitFor('the All apps node', async () => ((await ext.tree.getChildren()) as AppNode[]).find((a) => a.kind === 'app' && a.appId === undefined));
    const listed = await waitFor('bindings under All apps', async () => (await ext.tree.getChildren(all)).filter((n: Node): n is BindingNode => n.kind === 'binding'));
    const b = listed[4];
    const truth = sb.bindings(sb.appIds[0]).find((x) => x.bindId === b.record.bindId);
    assert.ok(truth, 'the sandbox lists this binding under its only app');
    await vscode.commands.executeCommand('laafficPns.showBindingDetails', b);
    const r = await waitFor('the page to name the app', () => {
      const x = ext.details.lastRendered;
      return x?.bindId === b.record.bindId && x.facts?.app === `Rides (${sb.appIds[0]})` ? x : undefined;
    });
    assert.equal(r.state, 'binding');
    assert.deepEqual(ext.details.binding?.app, { appId: sb.appIds[0], label: 'Rides', account: ext.accounts.first().id });
    // The page keeps the app too (a restore looks there), and Refresh finds the binding in it.
    assert.equal(r.saved?.appId, sb.appIds[0]);
    await ext.details.receive({ type: 'refresh' });
    const shown = ext.details.posted.filter((m) => m.type === 'show').pop();
    assert.ok(shown?.type === 'show' && shown.note?.startsWith('Refreshed') && shown.binding.app.appId === sb.appIds[0]);
  });

  test('the Calls section stays open with its calls after a tab switch: nothing is read again', async () => {
    const to = Date.now();
    const withCalls = nodes.find((n) => sb.callRecords(to - 7 * 86_400_000 + 60_000, to - 60_000).some((c) => [c.caller, c.called].some((x) => x === n.record.phoneA || x === n.record.phoneB)));
    assert.ok(withCalls, 'no loaded binding has a call in the last 7 days');
    const id = withCalls.record.bindId;
    await vscode.commands.executeCommand('laafficPns.showBindingDetails', withCalls);
    await waitFor('render', () => ext.details.lastRendered?.bindId === id);
    ext.details.lastCallsRendered = undefined;
    await ext.details.receive({ type: 'loadCalls', window: '30d' });
    const before = await waitFor('the calls', () => {
      const c = ext.details.lastCallsRendered;
      return c?.scope === id && c.state === 'calls' ? c : undefined;
    });
    assert.equal(before.open, true, 'the section is open with its calls');
    assert.ok(before.callIds.length > 0);
    const panel = ext.details.panel!;
    const requests = sb.requestCount;
    const file = path.join(os.tmpdir(), `laaffic-cover-calls-${process.pid}.txt`);
    fs.writeFileSync(file, 'cover');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc, { viewColumn: panel.viewColumn, preview: false });
    await waitFor('the panel to be hidden', () => !panel.visible);
    ext.details.lastCallsRendered = undefined;
    panel.reveal();
    const after = await waitFor('the reloaded page to draw its calls', () => {
      const c = ext.details.lastCallsRendered;
      return panel.visible && c?.scope === id && c.state === 'calls' ? c : undefined;
    });
    await new Promise((res) => setTimeout(res, 500)); // time for a load the page might start
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === doc.uri.toString());
    if (tab) await vscode.window.tabGroups.close(tab);
    assert.equal((ext.details.lastCallsRendered as typeof before | undefined)?.open, true, 'the Calls section closed after the tab switch');
    assert.equal(after.window, '30d', 'the window chosen');
    assert.deepEqual(after.callIds, before.callIds, 'the same calls');
    assert.equal(sb.requestCount, requests, 'the calls were read again');
  });

  test('hidden behind another editor and shown again, the panel renders the same binding', async () => {
    await vscode.commands.executeCommand('laafficPns.showBindingDetails', nodes[3]);
    await waitFor('render', () => ext.details.lastRendered?.bindId === nodes[3].record.bindId);
    const panel = ext.details.panel!;
    let renders = 0;
    const sub = ext.details.onDidRender((r) => r.bindId === nodes[3].record.bindId && renders++);
    try {
      const file = path.join(os.tmpdir(), `laaffic-cover-${process.pid}.txt`);
      fs.writeFileSync(file, 'cover');
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      await vscode.window.showTextDocument(doc, { viewColumn: panel.viewColumn, preview: false });
      await waitFor('the panel to be hidden', () => !panel.visible);
      panel.reveal();
      await waitFor('a fresh render after being shown again', () => panel.visible && renders > 0);
      const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === doc.uri.toString());
      if (tab) await vscode.window.tabGroups.close(tab);
      assert.equal(ext.details.panel, panel, 'the panel survived');
    } finally {
      sub.dispose();
    }
  });

  test('the page persists only the ids needed to re-fetch and how its sections were left, never a number or the record', async () => {
    const b = nodes[5];
    await vscode.commands.executeCommand('laafficPns.showBindingDetails', b);
    const r = await waitFor('the webview to render it', () =>
      ext.details.lastRendered?.bindId === b.record.bindId && ext.details.lastRendered.state === 'binding' ? ext.details.lastRendered : undefined,
    );
    // `saved` is exactly what the real page handed to setState (which VS Code stores on disk).
    const saved = r.saved as unknown as Record<string, unknown> | null;
    assert.ok(saved && typeof saved === 'object', `saved: ${JSON.stringify(saved)}`);
    // `ui`: how the sections were left (kept across a tab switch); the Calls window chosen earlier stays.
    const { ui, ...ids } = saved;
    assert.deepEqual(Object.keys(ids).sort(), ['account', 'appId', 'bindId', 'label', 'page', 'v']);
    assert.deepEqual(ids, { v: 1, bindId: b.record.bindId, appId: sb.appIds[0], page: b.page, label: 'Rides', account: ext.accounts.first().id });
    if (ui !== undefined) assert.deepEqual(ui, { raw: false, calls: { open: false, window: '30d', from: '', to: '' } }, 'another binding: its sections closed');
    const text = JSON.stringify(saved);
    for (const v of [b.record.phoneA, b.record.phoneB, b.record.pnsNumberA, b.record.pnsNumberB]) assert.ok(v && !text.includes(v), `saved state contains ${v}`);
  });

  test('after a reload, the serializer re-fetches the binding from the ids the page saved', async () => {
    const b = nodes[5];
    // What the page saved in the test above (checked there against the real page).
    const saved = { v: 1, bindId: b.record.bindId, appId: sb.appIds[0], page: b.page, label: 'Rides', account: ext.accounts.first().id };
    ext.details.panel?.dispose();
    // What VS Code does on reload: a panel of our view type, handed over with the saved state
    // (after a JSON round trip, as VS Code stores it).
    const before = sb.requestCount;
    const t0 = Date.now();
    const revived = vscode.window.createWebviewPanel('laafficPns.details', 'Binding', vscode.ViewColumn.Active, {});
    ext.details.lastRendered = undefined;
    ext.details.restore(revived, JSON.parse(JSON.stringify(saved)));
    assert.equal(ext.details.panel, revived);
    assert.equal(revived.title, `Binding ${b.record.bindId}`);
    assert.equal(revived.webview.options.enableScripts, true);
    await waitFor('the revived page to render the re-fetched binding', () => ext.details.lastRendered?.bindId === b.record.bindId && ext.details.lastRendered.state === 'binding');
    assert.ok(sb.requestCount > before, 'nothing was fetched from the sandbox');
    const view = ext.details.binding!;
    assert.ok(view.fetchedAt >= t0, 'the binding shown was not read after the restore');
    const truth = sb.bindings(sb.appIds[0]).find((x) => x.bindId === b.record.bindId)!;
    assert.deepEqual([view.phoneA, view.phoneB, view.pnsNumberA, view.pnsNumberB], [truth.phoneA, truth.phoneB, truth.pnsNumberA, truth.pnsNumberB]);
    assert.deepEqual(view.app, { appId: sb.appIds[0], label: 'Rides', account: ext.accounts.first().id });
    assert.equal(view.page, b.page);
    // The re-rendered page saves the same ids again.
    assert.deepEqual(ext.details.lastRendered!.saved, saved);
  });

  test('a restored binding that no longer exists (all apps) is searched for and reported gone', async () => {
    const gone = nodes[7].record.bindId; // unbound by an earlier test
    const panel = vscode.window.createWebviewPanel('laafficPns.details', 'Binding', vscode.ViewColumn.Active, {});
    ext.details.lastRendered = undefined;
    ext.details.restore(panel, { v: 1, bindId: gone, appId: null, page: 1, label: 'All apps', account: ext.accounts.first().id });
    const r = await waitFor('the page to say it is gone', () => ext.details.lastRendered);
    assert.equal(r.state, 'gone');
    assert.equal(r.bindId, gone);
    const last = ext.details.posted[ext.details.posted.length - 1];
    assert.equal(last.type, 'gone');
    assert.match((last as { text: string }).text, new RegExp(`Binding ${gone} no longer exists: it is not among the 119 bindings of any app of this API key`));
    assert.equal(ext.details.binding, undefined);
    panel.dispose();
  });

  test('a restored binding whose account id is missing (an older version) or no account\'s says the account was removed and reads nothing', async () => {
    const b = nodes[5];
    for (const account of [undefined, 'gone0001']) {
      const saved = { v: 1, bindId: b.record.bindId, appId: sb.appIds[0], page: b.page, label: 'Rides', ...(account ? { account } : {}) };
      const before = sb.requestCount;
      const earlier = new Set(ext.details.posted);
      const panel = vscode.window.createWebviewPanel('laafficPns.details', 'Binding', vscode.ViewColumn.Active, {});
      ext.details.lastRendered = undefined;
      ext.details.restore(panel, saved);
      const said = await waitFor(`what the panel says (${account})`, () => ext.details.posted.find((m) => !earlier.has(m) && m.type === 'error'));
      assert.match((said as { text: string }).text, /The account this binding belongs to was removed/);
      assert.equal((said as { final?: boolean }).final, true, 'the page offers no Try again: nothing can help');
      // Refresh and the Calls section say the same and read nothing either.
      await ext.details.receive({ type: 'refresh' });
      await ext.details.receive({ type: 'loadCalls', window: '24h' });
      await new Promise((res) => setTimeout(res, 150));
      assert.equal(sb.requestCount, before, `requests reached the only account's sandbox for ${JSON.stringify(saved)}`);
      assert.equal(ext.details.binding, undefined);
      panel.dispose();
    }
  });

  test('a restored state that is not exactly the saved ids shows the empty panel and fetches nothing', async () => {
    const b = nodes[5].record;
    const hostile: unknown[] = [
      { bindId: '1; rm', appId: 'x' },
      { bindId: '123', page: -1 },
      // The shape older versions saved, phone numbers and all.
      { binding: { bindId: b.bindId, phoneA: b.phoneA, phoneB: b.phoneB, pnsNumberA: b.pnsNumberA, pnsNumberB: b.pnsNumberB, app: { appId: sb.appIds[0], label: 'Rides' }, page: 1, rawJson: '{}' } },
      null,
      'a string',
      undefined,
      { v: 1, bindId: b.bindId, appId: 'two words', page: 1 },
      { v: 1, bindId: b.bindId, appId: sb.appIds[0], page: 1, phoneA: b.phoneA },
      { v: 2, bindId: b.bindId, appId: sb.appIds[0], page: 1 },
      { v: 1, bindId: '../../v3/unbind', appId: null, page: 1 },
      { v: 1, bindId: b.bindId, appId: null, page: 1.5 },
    ];
    for (const state of hostile) {
      const what = JSON.stringify(state) ?? String(state);
      const before = sb.requestCount;
      const t0 = Date.now();
      const earlier = new Set(ext.details.posted);
      const panel = vscode.window.createWebviewPanel('laafficPns.details', 'Binding', vscode.ViewColumn.Active, {});
      ext.details.lastRendered = undefined;
      ext.details.restore(panel, state);
      const r = await waitFor(`the empty page for ${what}`, () => ext.details.lastRendered);
      assert.equal(r.state, 'empty', what);
      assert.equal(ext.details.binding, undefined, what);
      // (The page's own texts, 'strings', come first on each 'ready': no binding data in them.)
      assert.deepEqual(ext.details.posted.filter((m) => !earlier.has(m) && m.type !== 'strings'), [{ type: 'empty' }], what);
      await new Promise((res) => setTimeout(res, 150));
      assert.equal(sb.requestCount, before, `requests reached the sandbox for ${what}: ${JSON.stringify(sb.requests.filter((q) => q.at >= t0))}`);
      // The page keeps nothing either.
      assert.equal(r.saved, null, what);
      panel.dispose();
    }
  });

  test('closing the panel and opening a binding again creates a fresh one', async () => {
    await vscode.commands.executeCommand('laafficPns.showBindingDetails', nodes[4]);
    const old = ext.details.panel!;
    old.dispose();
    assert.equal(ext.details.panel, undefined);
    await vscode.commands.executeCommand('laafficPns.showBindingDetails', nodes[2]);
    assert.ok(ext.details.panel && ext.details.panel !== old);
    await waitFor('render after reopening', () => ext.details.lastRendered?.bindId === nodes[2].record.bindId);
  });
});
