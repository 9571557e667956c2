// Bind Numbers… in the real VS Code against the sandbox over real HTTP: the multi-step input,
// one request, the new binding in the tree (selected); an unknown outcome is said and not retried.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../support/testApi';
import type { AppNode, BindingNode } from '../../src/tree/nodes';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import { activate, clearCredentials, configure, extensionLog, resetSettings, setCredentials, waitFor } from './helpers';

suite('Bind', () => {
  let sb: Sandbox;
  let ext: TestApi;
  let appA: string;
  const bindRequests = () => sb.requests.filter((r) => r.path === '/v3/number/pns/bind');
  const appNode = () => waitFor('the app', async () => ((await ext.tree.getChildren()) as AppNode[]).find((a) => a.appId === appA));

  suiteSetup(async () => {
    sb = await startSandbox({ port: 0, seed: 29, bindingsPerApp: [12] });
    appA = sb.appIds[0];
    ext = await activate();
    await configure(ext, { baseUrl: sb.url, pageSize: 50, apps: [{ appId: appA, label: 'Rides' }] });
    await setCredentials(sb.apiKey, sb.apiSecret);
    await vscode.commands.executeCommand('laafficPns.bindings.focus');
  });

  suiteTeardown(async () => {
    ext.details.panel?.dispose();
    await clearCredentials();
    await resetSettings(['baseUrl', 'pageSize', 'apps', 'timeoutSeconds', 'retries']);
    await sb.close();
  });

  test('a new binding is made once, shown selected in the tree, and is what the sandbox holds', async () => {
    const app = await appNode();
    const before = bindRequests().length;
    ext.ui.reset();
    ext.ui.answer('+917000100001', '917000100002', 'AXB', 'Let Laaffic choose', '1 day');
    const result = (await vscode.commands.executeCommand('laafficPns.bind', app)) as { bindId: string; pnsNumberA: string };
    assert.ok(result?.bindId, 'no binding was made');
    assert.equal(bindRequests().length - before, 1);
    const held = sb.bindings(appA).find((b) => b.bindId === result.bindId);
    assert.ok(held, 'the sandbox has no such binding');
    assert.deepEqual([held.phoneA, held.phoneB, held.pnsNumberA], ['917000100001', '917000100002', result.pnsNumberA], 'the + is not sent');
    const selected = await waitFor('the new binding selected', () => (ext.treeView.selection[0] as BindingNode | undefined)?.record?.bindId === result.bindId);
    assert.ok(selected);
    const kinds = ext.ui.prompts.map((p) => p.kind);
    assert.deepEqual(kinds, ['inputBox', 'inputBox', 'quickPick', 'quickPick', 'quickPick']);
    assert.match(ext.ui.prompts[3].text, /Bind Numbers \(4\/6\)/);
    assert.ok(ext.ui.prompts[3].items?.some((i) => i.label === 'Let Laaffic choose'));
  });

  test('an invalid phone is refused before anything is sent', async () => {
    const app = await appNode();
    const before = bindRequests().length;
    ext.ui.reset();
    ext.ui.answer('12ab');
    // The test input refuses what the real box would refuse (its validateInput); the command stops.
    const r = await vscode.commands.executeCommand('laafficPns.bind', app);
    assert.equal(r, undefined);
    assert.equal(bindRequests().length, before);
    await waitFor('the refusal in the log', () => /"12ab" is rejected by the input box "Laaffic PNS: Bind Numbers \(1\/6\)": Digits with the country code/.test(extensionLog(ext)));
  });

  test('an unknown outcome (no answer in time) is said, not retried, and "Look for It" searches by phone A', async () => {
    const app = await appNode();
    await configure(ext, { timeoutSeconds: 1, retries: 3 });
    sb.setFaults({ rate: 1, kinds: ['hang'], paths: ['/number/pns/bind'] });
    const before = bindRequests().length;
    try {
      ext.ui.reset();
      ext.ui.answer('917000200001', '917000200002', 'AXXB', 'Let Laaffic choose', '1 hour', 'Look for It');
      await vscode.commands.executeCommand('laafficPns.bind', app);
      assert.equal(bindRequests().length - before, 1, 'the bind was sent again');
      const modal = ext.ui.prompts.find((p) => p.kind === 'warning');
      assert.ok(modal?.modal, JSON.stringify(ext.ui.prompts.map((p) => p.text)));
      assert.match(modal.text, /may or may not/i);
    } finally {
      sb.setFaults(undefined);
      await resetSettings(['timeoutSeconds', 'retries']);
    }
  });

  test('a bind carried out but its reply lost: "Look for It" finds it, though Load All had just cached the app\'s pages', async () => {
    const app = await appNode();
    // Load All reads the app through the page cache (pages of 100, as Look for It's search does).
    await vscode.commands.executeCommand('laafficPns.loadAll', app);
    const cache = app.account.connection.cache;
    assert.ok(cache.size > 0, 'Load All cached no page');
    sb.setFaults({ rate: 1, kinds: ['drop'], paths: ['/number/pns/bind'] });
    const before = bindRequests().length;
    try {
      ext.ui.reset();
      ext.ui.answer('917000500001', '917000500002', 'AXB', 'Let Laaffic choose', '1 hour', 'Look for It');
      const result = await vscode.commands.executeCommand('laafficPns.bind', app);
      assert.equal(bindRequests().length - before, 1, 'the bind was sent again');
      const made = sb.bindings(appA).filter((b) => b.phoneA === '917000500001');
      assert.equal(made.length, 1, 'the sandbox did not carry the bind out');
      assert.ok(ext.ui.prompts.some((p) => p.kind === 'warning' && p.modal), 'the unknown outcome was not said');
      assert.deepEqual(result, { found: [made[0].bindId] }, 'Look for It did not find the binding the server holds');
      // The attempt dropped every page cached before it (Find, Load All and Export read from the server next).
      assert.equal(cache.size, 0, 'pages cached before the bind are still there');
    } finally {
      sb.setFaults(undefined);
    }
  });
});
