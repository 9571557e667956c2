// Pinned bindings in the real VS Code, against the sandbox over real HTTP: Pin Binding, the
// Pinned node (first; at the top with one account, under each account with several), the ids
// kept in globalState (never a phone), a pin read again from the sandbox after a reload, a pin
// whose binding was unbound, the cap, and a removed account's pins.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../support/testApi';
import type { AppNode, BindingNode, MessageNode, Node } from '../../src/tree/nodes';
import { PinStore } from '../../src/tree/pins';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import { activate, clearCredentials, configure, resetSettings, setCredentials, waitFor } from './helpers';

const KEY = 'laafficPns.pins';

suite('Pins', () => {
  let sb: Sandbox;
  let ext: TestApi;

  const pages = (s: Sandbox) => s.requests.filter((r) => r.path.endsWith('/number/pns/queryBindPage')).length;
  const roots = () => ext.tree.getChildren();
  const kids = (n: Node) => ext.tree.getChildren(n);
  const app = async (id: string) => waitFor(`app ${id}`, async () => (await roots()).find((n): n is AppNode => n.kind === 'app' && n.appId === id));
  const bindings = (ns: Node[]) => ns.filter((n): n is BindingNode => n.kind === 'binding');
  const digits = (s: string) => s.replace(/\D/g, '');
  const stored = () => ext.globalState.get<Record<string, unknown>>(KEY);

  suiteSetup(async () => {
    sb = await startSandbox({ port: 0, seed: 23, bindingsPerApp: [260, 30] });
    ext = await activate();
    await ext.globalState.update(KEY, undefined);
    await configure(ext, { baseUrl: sb.url, pageSize: 20, apps: [{ appId: sb.appIds[0], label: 'Rides' }, { appId: sb.appIds[1], label: 'Food' }] });
    await setCredentials(sb.apiKey, sb.apiSecret);
    await vscode.commands.executeCommand('laafficPns.bindings.focus');
  });

  suiteTeardown(async () => {
    await ext.globalState.update(KEY, undefined);
    await clearCredentials();
    await resetSettings(['baseUrl', 'pageSize', 'apps']);
    await sb.close();
  });

  test('Pin Binding: a Pinned node comes first at the top (one account); only ids are kept; after a reload the pin is read again from the sandbox and drawn as a binding', async () => {
    assert.equal((await roots()).some((n) => n.kind === 'pinned'), false, 'no Pinned node without pins');
    // A binding on page 3 (pageSize 20) of Rides.
    const rides = await app(sb.appIds[0]);
    let list = bindings(await kids(rides));
    while (list.length < 50) {
      await ext.tree.model(rides).loadMore();
      list = bindings(await kids(rides));
    }
    const b = list[45];
    const original = ext.tree.getTreeItem(b);
    await vscode.commands.executeCommand('laafficPns.pinBinding', b);

    const account = ext.accounts.all()[0];
    assert.deepEqual(stored(), { [account.id]: [{ appId: sb.appIds[0], bindId: b.record.bindId }] }, 'only the app id and the bind id are kept');
    for (const phone of [b.record.phoneA, b.record.phoneB]) assert.ok(!JSON.stringify(stored()).includes(digits(phone)), 'a phone was stored');

    // What activation does: the accounts and the pins read again from storage, a new tree state.
    await ext.accounts.reload();
    assert.deepEqual(new PinStore(ext.globalState).list(ext.accounts.all()[0].id), [{ appId: sb.appIds[0], bindId: b.record.bindId }]);
    for (const a of ext.accounts.all()) a.connection.cache.clear();
    ext.tree.refresh();

    const top = await roots();
    assert.equal(top[0].kind, 'pinned', `the Pinned node is first: ${top.map((n) => n.kind).join(', ')}`);
    const pinnedItem = ext.tree.getTreeItem(top[0]);
    assert.equal(pinnedItem.label, 'Pinned');
    assert.equal(pinnedItem.description, '1');
    const before = pages(sb);
    const shown = await kids(top[0]);
    assert.ok(pages(sb) > before, 'the pin was not read again from the sandbox');
    assert.equal(shown.length, 1);
    const [again] = bindings(shown);
    assert.ok(again, `a binding node: ${shown.map((n) => n.kind).join(', ')}`);
    const item = ext.tree.getTreeItem(again);
    const truth = sb.bindings(sb.appIds[0]).find((x) => String(x.bindId) === b.record.bindId)!;
    const [a, bb] = String(item.label).split(' ↔ ').map(digits);
    assert.deepEqual([a, bb], [digits(String(truth.phoneA)), digits(String(truth.phoneB))]);
    assert.equal(item.label, original.label, 'the same label as in its app');
    assert.equal(item.contextValue, 'laafficPns.binding', 'the same menus as in its app');
    assert.equal(item.command?.command, 'laafficPns.showBindingDetails');
    assert.notEqual(item.id, original.id, 'an id of its own (its app lists it too)');
    // Read once: drawn again, it is not read again until the pins change or Refresh.
    const after = pages(sb);
    await kids(top[0]);
    assert.equal(pages(sb), after);
  });

  test('a pin whose binding was unbound at the sandbox says it no longer exists; Unpin removes it and the Pinned node goes with the last pin', async () => {
    const account = ext.accounts.all()[0];
    await ext.globalState.update(KEY, undefined);
    const food = await app(sb.appIds[1]);
    const [b] = bindings(await kids(food));
    await vscode.commands.executeCommand('laafficPns.pinBinding', b);
    assert.ok(sb.unbind(b.record.bindId), 'unbound at the sandbox');
    for (const a of ext.accounts.all()) a.connection.cache.clear();
    ext.tree.pinsChanged();
    const pinned = await waitFor('the Pinned node', async () => (await roots()).find((n) => n.kind === 'pinned'));
    const [gone] = (await kids(pinned)) as MessageNode[];
    const item = ext.tree.getTreeItem(gone);
    assert.equal(item.label, `binding ${b.record.bindId} — no longer exists`);
    assert.equal(item.contextValue, 'laafficPns.pinGone');
    assert.equal(item.command?.command, 'laafficPns.unpinBinding');
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    assert.deepEqual(new PinStore(ext.globalState).list(account.id), []);
    await waitFor('the Pinned node gone', async () => !(await roots()).some((n) => n.kind === 'pinned'));
  });

  test('Pin Binding from the details panel\'s title (no node): pins the binding the panel shows', async () => {
    const account = ext.accounts.all()[0];
    await ext.globalState.update(KEY, undefined);
    const [, b] = bindings(await kids(await app(sb.appIds[1])));
    await vscode.commands.executeCommand('laafficPns.showBindingDetails', b);
    try {
      await waitFor('the panel showing it', () => ext.details.binding?.bindId === b.record.bindId);
      await vscode.commands.executeCommand('laafficPns.pinBinding');
      assert.deepEqual(new PinStore(ext.globalState).list(account.id), [{ appId: sb.appIds[1], bindId: b.record.bindId }]);
    } finally {
      ext.details.panel?.dispose();
      await ext.globalState.update(KEY, undefined);
    }
  });

  test('at most 100 pins per account: Pin Binding refuses the 101st', async () => {
    const account = ext.accounts.all()[0];
    await ext.globalState.update(KEY, undefined);
    const store = new PinStore(ext.globalState);
    await store.set(account.id, Array.from({ length: 100 }, (_, i) => ({ appId: sb.appIds[1], bindId: `9${i}` })));
    assert.equal(store.list(account.id).length, 100);
    const [b] = bindings(await kids(await app(sb.appIds[1])));
    await vscode.commands.executeCommand('laafficPns.pinBinding', b);
    const list = new PinStore(ext.globalState).list(account.id);
    assert.equal(list.length, 100);
    assert.ok(!list.some((p) => p.bindId === b.record.bindId), 'the 101st pin was kept');
    await ext.globalState.update(KEY, undefined);
  });

  test('several accounts: each has its own Pinned node first; removing an account removes its pins', async () => {
    const sbB = await startSandbox({ port: 0, seed: 24, bindingsPerApp: [15] });
    try {
      const bravo = await ext.accounts.add({ name: 'Bravo', baseUrl: sbB.url, apps: [{ appId: sbB.appIds[0], label: 'Rides B' }] }, { apiKey: sbB.apiKey, apiSecret: sbB.apiSecret, origin: new URL(sbB.url).origin });
      const appB = await waitFor('Rides B', () => ext.tree.appNodes(bravo).find((a) => a.appId === sbB.appIds[0]));
      const [b] = bindings(await kids(appB));
      await vscode.commands.executeCommand('laafficPns.pinBinding', b);
      const accountNode = await waitFor('Bravo\'s node', async () => (await roots()).find((n) => n.kind === 'account' && n.account === bravo));
      const under = await kids(accountNode);
      assert.equal(under[0].kind, 'pinned', `Bravo's Pinned node is first: ${under.map((n) => n.kind).join(', ')}`);
      const before = pages(sbB);
      const [again] = bindings(await kids(under[0]));
      assert.equal(again?.record.bindId, b.record.bindId);
      assert.ok(pages(sbB) > before, 'read from Bravo\'s sandbox');
      assert.equal((await roots()).some((n) => n.kind === 'pinned'), false, 'no Pinned node at the top with several accounts');
      await ext.accounts.remove(bravo);
      await waitFor('Bravo\'s pins gone', () => !(bravo.id in (stored() ?? {})));
    } finally {
      await sbB.close();
    }
  });
});
