// Rapid clicks, settings and credential changes mid-load, and hiding the view mid-load must
// leave the tree consistent: no duplicated or lost nodes, no stuck spinner.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../support/testApi';
import { activate, cfg, clearCredentials, configure, GLOBAL as G, resetSettings, setCredentials, sleep, waitFor } from './helpers';
import type { AppNode, BindingNode, LoadMoreNode, Node } from '../../src/tree/nodes';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';


suite('Tree consistency under concurrency', () => {
  let sb: Sandbox;
  let ext: TestApi;
  let appA: string;
  const appNode = async () => waitFor('app', async () => ((await ext.tree.getChildren()) as AppNode[]).find((a) => a.appId === appA));
  const bindings = (ns: Node[]) => ns.filter((n): n is BindingNode => n.kind === 'binding');
  const truthIds = (n: number) => sb.bindings(appA).slice(0, n).map((b) => b.bindId);

  /** Children once nothing is loading any more; asserts the invariants on the way. */
  async function settled(app: AppNode): Promise<Node[]> {
    const kids = await waitFor('the tree to settle', async () => {
      await sleep(50);
      const k = await ext.tree.getChildren(app);
      const spinning = k.some((n) => n.kind === 'loadMore' && (n as LoadMoreNode).loading) || ext.tree.getTreeItem(app).description === 'loading…';
      return spinning ? undefined : k;
    });
    const ids = bindings(kids).map((b) => b.record.bindId);
    assert.equal(new Set(ids).size, ids.length, 'duplicated binding nodes');
    return kids;
  }

  suiteSetup(async () => {
    sb = await startSandbox({ port: 0, seed: 8, bindingsPerApp: [400] });
    appA = sb.appIds[0];
    ext = await activate();
    await configure(ext, { baseUrl: sb.url, pageSize: 50, apps: [{ appId: appA, label: 'Rides' }] });
    await setCredentials(sb.apiKey, sb.apiSecret);
  });

  suiteTeardown(async () => {
    await clearCredentials();
    await resetSettings(['baseUrl', 'pageSize', 'apps']);
    await sb.close();
  });

  setup(async () => {
    sb.setLatency(0);
    ext.tree.refresh();
  });

  test('ten rapid clicks on Load more fetch one page, once', async () => {
    const app = await appNode();
    await ext.tree.getChildren(app);
    sb.setLatency(150);
    const more = (await ext.tree.getChildren(app)).find((n): n is LoadMoreNode => n.kind === 'loadMore')!;
    const before = sb.requestCount;
    await Promise.all(Array.from({ length: 10 }, () => vscode.commands.executeCommand('laafficPns.loadMore', more)));
    const kids = await settled(app);
    assert.equal(sb.requestCount - before, 1);
    assert.deepEqual(bindings(kids).map((b) => b.record.bindId), truthIds(100));
  });

  test('rapid Refresh while pages load ends with page 1, once', async () => {
    sb.setLatency(120);
    const app = await appNode();
    const loads: Array<Thenable<unknown>> = [];
    for (let i = 0; i < 5; i++) {
      loads.push(ext.tree.getChildren(app));
      await vscode.commands.executeCommand('laafficPns.refreshApp', app);
      await sleep(30);
    }
    await Promise.allSettled(loads);
    const kids = await settled(await appNode());
    assert.deepEqual(bindings(kids).map((b) => b.record.bindId), truthIds(50));
    assert.equal(kids.filter((k) => k.kind === 'loadMore').length, 1);
  });

  test('a settings change while a page loads: the old answer is dropped, the new page size wins', async () => {
    sb.setLatency(300);
    const app = await appNode();
    const pending = ext.tree.getChildren(app);
    await sleep(50);
    await cfg().update('pageSize', 20, G);
    await waitFor('page size 20', () => ext.settings().pageSize === 20);
    await pending;
    sb.setLatency(0);
    const kids = await settled(await appNode());
    assert.deepEqual(bindings(kids).map((b) => b.record.bindId), truthIds(20));
    await cfg().update('pageSize', 50, G);
    await waitFor('page size 50', () => ext.settings().pageSize === 50);
  });

  test('new credentials while a page loads: nothing from the old load survives', async () => {
    sb.setLatency(300);
    const app = await appNode();
    const pending = ext.tree.getChildren(app);
    await sleep(50);
    await setCredentials(sb.apiKey, 'wrong-secret');
    await pending;
    sb.setLatency(0);
    const kids = await settled(await appNode());
    assert.equal(bindings(kids).length, 0, 'bindings loaded with the old credentials are still shown');
    assert.match((kids[0] as { label: string }).label, /Authentication failed/);
    await setCredentials(sb.apiKey, sb.apiSecret);
    const ok = await settled(await appNode());
    assert.deepEqual(bindings(ok).map((b) => b.record.bindId), truthIds(50));
  });

  test('hiding the view mid-load and showing it again leaves no spinner and no gap', async () => {
    await vscode.commands.executeCommand('laafficPns.bindings.focus');
    const app = await appNode();
    await ext.tree.getChildren(app);
    sb.setLatency(300);
    const more = (await ext.tree.getChildren(app)).find((n): n is LoadMoreNode => n.kind === 'loadMore')!;
    const load = vscode.commands.executeCommand('laafficPns.loadMore', more);
    await sleep(50);
    await vscode.commands.executeCommand('workbench.view.explorer');
    await load;
    await vscode.commands.executeCommand('laafficPns.bindings.focus');
    const kids = await settled(app);
    assert.deepEqual(bindings(kids).map((b) => b.record.bindId), truthIds(100));
    const m = kids.find((n): n is LoadMoreNode => n.kind === 'loadMore');
    assert.ok(m && !m.loading && m.loaded === 100);
  });
});
