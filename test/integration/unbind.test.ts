// Unbind in the real VS Code against the sandbox over real HTTP: asks first, sends one request,
// the binding leaves the tree and the details panel says it is gone; -24 counts as done.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Prompt, TestApi } from '../support/testApi';
import type { AppNode, BindingNode, Node } from '../../src/tree/nodes';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import { activate, clearCredentials, configure, resetSettings, setCredentials, waitFor } from './helpers';

suite('Unbind', () => {
  let sb: Sandbox;
  let ext: TestApi;
  let appA: string;
  const bindings = (ns: Node[]) => ns.filter((n): n is BindingNode => n.kind === 'binding');
  const appNode = () => waitFor('the app', async () => ((await ext.tree.getChildren()) as AppNode[]).find((a) => a.appId === appA));
  const unbindRequests = () => sb.requests.filter((r) => r.path === '/v3/number/pns/unbind');

  suiteSetup(async () => {
    sb = await startSandbox({ port: 0, seed: 23, bindingsPerApp: [30] });
    appA = sb.appIds[0];
    ext = await activate();
    await configure(ext, { baseUrl: sb.url, pageSize: 10, apps: [{ appId: appA, label: 'Rides' }] });
    await setCredentials(sb.apiKey, sb.apiSecret);
  });

  suiteTeardown(async () => {
    ext.details.panel?.dispose();
    await clearCredentials();
    await resetSettings(['baseUrl', 'pageSize', 'apps']);
    await sb.close();
  });

  test('dismissing the confirmation changes nothing and sends nothing', async () => {
    ext.tree.refresh();
    const app = await appNode();
    const b = bindings(await ext.tree.getChildren(app))[2];
    ext.ui.reset();
    ext.ui.answer(undefined); // Esc
    await vscode.commands.executeCommand('laafficPns.unbind', b);
    const asked = ext.ui.prompts.at(-1)!;
    assert.equal(asked.text, `Unbind binding ${b.record.bindId}?`);
    assert.equal(asked.kind, 'quickPick');
    const detail = asked.items?.find((i) => i.label === 'Unbind')?.detail ?? '';
    // Numbers in international format (spaces between the groups).
    for (const n of [b.record.phoneA, b.record.phoneB, b.record.pnsNumberA]) assert.ok(detail.replace(/ /g, '').includes(`+${n}`), `the confirmation does not name ${n}: ${detail}`);
    assert.equal(unbindRequests().length, 0);
    assert.ok(sb.bindings(appA).some((x) => x.bindId === b.record.bindId));
    assert.ok(bindings(await ext.tree.getChildren(app)).some((x) => x.record.bindId === b.record.bindId));
  });

  test('Enter on the confirmation (its first, highlighted answer) keeps the binding: nothing is sent', async () => {
    ext.tree.refresh();
    const app = await appNode();
    const b = bindings(await ext.tree.getChildren(app))[3];
    for (const from of ['tree', 'panel'] as const) {
      ext.ui.reset();
      // Enter accepts the default: a quick pick's active item (its first, unless the user moves)
      // or a message's primary button (VS Code makes the first button the default one).
      ext.ui.answer((p: Prompt) => (p.items ? p.items[0] : p.buttons?.[0]));
      if (from === 'tree') await vscode.commands.executeCommand('laafficPns.unbind', b);
      else {
        await vscode.commands.executeCommand('laafficPns.showBindingDetails', b);
        await waitFor('the details', () => ext.details.lastRendered?.bindId === b.record.bindId);
        await ext.details.receive({ type: 'unbind' });
      }
      const asked = ext.ui.prompts.at(-1)!;
      assert.equal(asked.text, `Unbind binding ${b.record.bindId}?`, from);
      assert.equal(unbindRequests().length, 0, `${from}: an unbind reached the sandbox`);
      assert.ok(sb.bindings(appA).some((x) => x.bindId === b.record.bindId), from);
    }
    assert.ok(bindings(await ext.tree.getChildren(app)).some((x) => x.record.bindId === b.record.bindId));
  });

  test('confirmed: one request, the node leaves the tree, the details panel says it is gone; again: -24 is done', async () => {
    ext.tree.refresh();
    const app = await appNode();
    const before = bindings(await ext.tree.getChildren(app));
    const b = before[2];
    const id = b.record.bindId;
    await vscode.commands.executeCommand('laafficPns.showBindingDetails', b);
    await waitFor('the details', () => ext.details.lastRendered?.bindId === id);
    ext.ui.answer('Unbind');
    await vscode.commands.executeCommand('laafficPns.unbind', b);
    assert.deepEqual(unbindRequests().map((r) => r.status), ['0'], 'exactly one unbind, answered 0');
    assert.equal(sb.bindings(appA).some((x) => x.bindId === id), false, 'the sandbox still has it');
    const after = bindings(await ext.tree.getChildren(app));
    assert.deepEqual(after.map((x) => x.record.bindId), before.map((x) => x.record.bindId).filter((x) => x !== id));
    assert.equal(ext.tree.getTreeItem(app).description, `9 of 29`);
    const gone = await waitFor('the panel to say gone', () => (ext.details.lastRendered?.state === 'gone' && ext.details.lastRendered.bindId === id ? ext.details.lastRendered : undefined));
    // What the real page shows: the success as a success, no countdown, nothing left to unbind.
    assert.deepEqual({ banner: gone.facts?.banner, countdown: gone.facts?.countdown, unbind: gone.facts?.unbind }, { banner: 'success', countdown: 'This binding no longer exists.', unbind: false });

    // The panel still names it: its Unbind… again -> Laaffic answers -24, which counts as done.
    ext.ui.answer('Unbind');
    await ext.details.receive({ type: 'unbind' });
    await waitFor('the second request', () => unbindRequests().length === 2);
    assert.deepEqual(unbindRequests().map((r) => r.status), ['0', '-24']);
  });

  test('Mask Numbers and Show Numbers redraw an unbound binding still as gone: the success stays, nothing to unbind', async () => {
    const id = ext.details.binding?.bindId;
    assert.ok(id && ext.details.lastRendered?.state === 'gone' && ext.details.lastRendered.bindId === id, 'the panel of the binding unbound above');
    try {
      for (const command of ['laafficPns.maskNumbers', 'laafficPns.unmaskNumbers']) {
        ext.details.lastRendered = undefined;
        await vscode.commands.executeCommand(command);
        const r = await waitFor(`the page drawn again after ${command}`, () => (ext.details.lastRendered?.state === 'gone' ? ext.details.lastRendered : undefined));
        assert.equal(r.bindId, id);
        assert.deepEqual({ banner: r.facts?.banner, unbind: r.facts?.unbind }, { banner: 'success', unbind: false }, command);
      }
    } finally {
      await resetSettings(['maskNumbers']);
    }
  });

  test('a protected account: the last four digits of phone A must be typed; wrong ones or Esc send nothing, the right ones send one request', async () => {
    ext.tree.refresh();
    const app = await appNode();
    const b = bindings(await ext.tree.getChildren(app))[4];
    const last = b.record.phoneA.slice(-4);
    const wrong = last === '0000' ? '1111' : '0000';
    const before = unbindRequests().length;
    await ext.accounts.setProtection(app.account, 'protected');
    try {
      for (const typed of [wrong, undefined]) {
        ext.ui.reset();
        ext.ui.answer('Unbind', typed);
        await vscode.commands.executeCommand('laafficPns.unbind', b);
        const asked = ext.ui.prompts.at(-1)!;
        assert.equal(asked.kind, 'inputBox');
        assert.match(asked.text, new RegExp(`Unbind binding ${b.record.bindId}`));
      }
      assert.equal(unbindRequests().length, before, 'an unbind on a protected account went without the last four digits');
      assert.ok(sb.bindings(appA).some((x) => x.bindId === b.record.bindId));
      ext.ui.reset();
      ext.ui.answer('Unbind', last);
      await vscode.commands.executeCommand('laafficPns.unbind', b);
      assert.equal(unbindRequests().length - before, 1);
      assert.equal(sb.bindings(appA).some((x) => x.bindId === b.record.bindId), false);
    } finally {
      await ext.accounts.setProtection(app.account, 'none');
    }
  });

  test('a read-only account: Unbind refuses and says why, from the tree or the details panel, and sends nothing', async () => {
    ext.tree.refresh();
    const app = await appNode();
    const b = bindings(await ext.tree.getChildren(app))[5];
    const before = unbindRequests().length;
    await ext.accounts.setProtection(app.account, 'readOnly');
    try {
      for (const from of ['tree', 'panel'] as const) {
        ext.ui.reset();
        ext.ui.answer('Unbind', b.record.phoneA.slice(-4));
        if (from === 'tree') await vscode.commands.executeCommand('laafficPns.unbind', b);
        else {
          await vscode.commands.executeCommand('laafficPns.showBindingDetails', b);
          await waitFor('the details', () => ext.details.lastRendered?.bindId === b.record.bindId);
          await ext.details.receive({ type: 'unbind' });
          await waitFor('the refusal', () => ext.ui.prompts.length > 0);
        }
        assert.deepEqual(
          ext.ui.prompts.map((p) => [p.kind, p.text]),
          [['warning', `Unbind is not allowed: the account "${app.account.name}" is read-only. Nothing was sent. (Remove its read-only mark to write on it.)`]],
          from,
        );
      }
      assert.equal(unbindRequests().length, before);
      assert.ok(sb.bindings(appA).some((x) => x.bindId === b.record.bindId));
    } finally {
      await ext.accounts.setProtection(app.account, 'none');
    }
  });
});
