// Auto refresh (laafficPns.autoRefreshMinutes) in the real VS Code, against two sandboxes over
// real HTTP (two accounts, so that each sandbox's request log says which account was read). The
// test build lets a test shorten the auto refresh's minute (ext.autoRefresh.minuteMs); the
// setting itself is written as a user would.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Account } from '../../src/accounts/accounts';
import type { TestApi } from '../support/testApi';
import type { AppNode, MessageNode, Node } from '../../src/tree/nodes';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import { activate, clearCredentials, configure, resetSettings, setCredentials, sleep, waitFor } from './helpers';

suite('Auto refresh', () => {
  let sbA: Sandbox;
  let sbB: Sandbox;
  let ext: TestApi;
  let alpha: Account;
  let bravo: Account;

  const pages = (sb: Sandbox) => sb.requests.filter((r) => r.path.endsWith('/number/pns/queryBindPage')).length;
  const balances = (sb: Sandbox) => sb.requests.filter((r) => r.path.endsWith('/getBalance')).length;
  const app = (account: Account, appId: string) => waitFor(`app ${appId}`, () => ext.tree.appNodes(account).find((a) => a.appId === appId));
  const expand = async (a: AppNode) => {
    await ext.treeView.reveal(a, { expand: true, focus: false, select: false });
    await waitFor(`page 1 of ${a.label}`, async () => (await ext.tree.getChildren(a)).some((n: Node) => n.kind === 'binding'));
  };
  /** Sets the minute's length, then the setting: its change restarts the timer (no restart() here). */
  const every = async (minutes: number, minuteMs: number) => {
    ext.autoRefresh.minuteMs = minuteMs;
    await configure(ext, { autoRefreshMinutes: minutes });
  };

  suiteSetup(async () => {
    sbA = await startSandbox({ port: 0, seed: 5, bindingsPerApp: [1200, 20], apiKey: 'key-of-alpha', apiSecret: 'secret-of-alpha' });
    sbB = await startSandbox({ port: 0, seed: 6, bindingsPerApp: [30], apiKey: 'key-of-bravo', apiSecret: 'secret-of-bravo' });
    ext = await activate();
    await configure(ext, { baseUrl: sbA.url, pageSize: 10, searchConcurrency: 1, apps: [{ appId: sbA.appIds[0], label: 'Big' }, { appId: sbA.appIds[1], label: 'Small' }] });
    await setCredentials(sbA.apiKey, sbA.apiSecret);
    alpha = ext.accounts.all()[0];
    bravo = await ext.accounts.add({ name: 'Bravo', baseUrl: sbB.url, apps: [{ appId: sbB.appIds[0], label: 'Rides B' }] }, { apiKey: sbB.apiKey, apiSecret: sbB.apiSecret, origin: new URL(sbB.url).origin });
    await vscode.commands.executeCommand('laafficPns.bindings.focus');
    await waitFor('the view visible', () => ext.treeView.visible);
  });

  suiteTeardown(async () => {
    ext.autoRefresh.minuteMs = 60_000;
    await resetSettings(['autoRefreshMinutes']);
    ext.autoRefresh.restart();
    sbA.setFaults(undefined);
    sbB.setFaults(undefined);
    if (ext.accounts.get(bravo.id)) await ext.accounts.remove(bravo);
    await clearCredentials();
    await resetSettings(['baseUrl', 'pageSize', 'searchConcurrency', 'apps', 'retries']);
    await sbA.close();
    await sbB.close();
  });

  setup(async () => {
    await every(0, 60_000);
    sbA.setLatency(0);
    sbA.setFaults(undefined);
    sbB.setFaults(undefined);
    ext.ui.reset();
  });

  test('0 (the default) sends nothing, with the view visible and apps expanded', async () => {
    assert.equal(ext.settings().autoRefreshMinutes, 0);
    await expand(await app(bravo, sbB.appIds[0]));
    await expand(await app(alpha, sbA.appIds[1]));
    // A minute of 20 ms: were the timer on, 1.5 s would be 75 "minutes".
    await every(0, 20);
    const before = [sbA.requestCount, sbB.requestCount];
    await sleep(1500);
    assert.deepEqual([sbA.requestCount, sbB.requestCount], before, 'requests were sent while auto refresh is off');
  });

  test('on: each tick reads page 1 of each expanded app from the server (past the page cache) and the balance; an app not expanded is not read', async () => {
    const rides = await app(bravo, sbB.appIds[0]);
    const small = await app(alpha, sbA.appIds[1]);
    await expand(rides);
    await expand(small);
    // Big is loaded but never expanded in the view.
    const big = await app(alpha, sbA.appIds[0]);
    await ext.tree.getChildren(big);
    const bigModel = ext.tree.model(big);
    const smallModel = ext.tree.model(small);
    const before = { a: pages(sbA), b: pages(sbB), balance: balances(sbA) };
    await ext.autoRefresh.tick();
    await waitFor('the balance read again', () => balances(sbA) > before.balance);
    assert.equal(pages(sbB) - before.b, 1, 'page 1 of Rides B, once');
    assert.equal(pages(sbA) - before.a, 1, 'page 1 of Small, once; Big not at all');
    assert.notEqual(ext.tree.model(small), smallModel, 'Small was read again');
    assert.equal(ext.tree.model(big), bigModel, 'Big (not expanded) kept its list');

    // The timer, by itself: a minute of 150 ms.
    const b0 = pages(sbB);
    await every(1, 150);
    await waitFor('two more reads of Rides B', () => pages(sbB) - b0 >= 2, 15_000);
    assert.equal(ext.tree.model(big), bigModel, 'turning auto refresh on reloaded the tree');
  });

  test('nothing while a walk runs: a Load All of Big on a slow sandbox, no page-1 re-read of the other account meanwhile; it goes on after', async () => {
    await expand(await app(bravo, sbB.appIds[0]));
    const big = await app(alpha, sbA.appIds[0]);
    for (const a of ext.accounts.all()) a.connection.cache.clear();
    // 12 pages of 100, one at a time, each 150 ms late: about 2 s of walking.
    sbA.setLatency(150);
    const a0 = pages(sbA);
    const loading = vscode.commands.executeCommand('laafficPns.loadAll', big);
    await waitFor('the Load All under way', () => pages(sbA) > a0);
    const skipped0 = ext.autoRefresh.skipped;
    const during = { b: pages(sbB), balance: balances(sbA) };
    await every(1, 50);
    await loading;
    const after = { b: pages(sbB), balance: balances(sbA) };
    assert.deepEqual(after, during, 'auto refresh read during the walk');
    assert.ok(ext.autoRefresh.skipped > skipped0, 'no tick came during the walk: the test proves nothing');
    assert.equal(ext.tree.model(big).records.length, 1200, 'the walk loaded every binding');
    sbA.setLatency(0);
    await waitFor('auto refresh reads again after the walk', () => pages(sbB) > after.b, 15_000);
  });

  test('a hidden view gets no requests: ticks while another view is shown send nothing', async () => {
    await expand(await app(bravo, sbB.appIds[0]));
    await vscode.commands.executeCommand('workbench.view.explorer');
    try {
      await waitFor('the view hidden', () => !ext.treeView.visible);
      const before = [sbA.requestCount, sbB.requestCount];
      await every(1, 50);
      await ext.autoRefresh.tick();
      await sleep(1000);
      assert.deepEqual([sbA.requestCount, sbB.requestCount], before, 'requests were sent while the view was hidden');
    } finally {
      await vscode.commands.executeCommand('laafficPns.bindings.focus');
      await waitFor('the view visible again', () => ext.treeView.visible);
    }
  });

  test('a failing refresh shows on the app\'s node, with no notification', async () => {
    await configure(ext, { retries: 0 });
    const rides = await app(bravo, sbB.appIds[0]);
    await expand(rides);
    sbB.setFaults({ rate: 1, kinds: ['http-500'], paths: ['/number/pns/queryBindPage'] });
    await every(1, 100);
    const error = await waitFor('the error under Rides B', async () =>
      (await ext.tree.getChildren(await app(bravo, sbB.appIds[0]))).find((n): n is MessageNode => n.kind === 'message' && n.severity === 'error'),
    );
    assert.match(error.label, /500/);
    // More failing ticks: still no notification.
    const failed = pages(sbB);
    await waitFor('two more failing ticks', () => pages(sbB) - failed >= 2, 15_000);
    assert.deepEqual(ext.ui.prompts.map((p) => p.kind), [], 'a notification was shown');
  });
});
