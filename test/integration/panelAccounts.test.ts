// A details or calls panel reads only through the account of what it shows, whatever accounts
// come and go (Add Account, Try the Demo, Remove Account, Stop Demo); when that account goes,
// its panels close. Two sandboxes with different keys: each request is counted where it lands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Account } from '../../src/accounts/accounts';
import type { TestApi } from '../support/testApi';
import type { AccountNode, AppNode, BindingNode, Node } from '../../src/tree/nodes';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import { activate, clearCredentials, configure, resetSettings, setCredentials, waitFor } from './helpers';

/** What a panel can make a server do: read bindings, read calls, unbind. */
const READS = ['/v3/number/pns/queryBindPage', '/v3/number/record/queryPage', '/v3/number/pns/unbind'];

suite('Panels keep their account', () => {
  let sbA: Sandbox;
  let sbB: Sandbox;
  let ext: TestApi;

  const kids = (n?: Node) => ext.tree.getChildren(n);
  const apps = (ns: Node[]) => ns.filter((n): n is AppNode => n.kind === 'app');
  const bindings = (ns: Node[]) => ns.filter((n): n is BindingNode => n.kind === 'binding');
  const mainAccount = () => ext.accounts.all().find((a) => a.usesSettings);
  /** The requests of `sb` a panel could have caused, by path. */
  const reads = (sb: Sandbox, path?: string) => sb.requests.filter((r) => (path ? r.path === path : READS.includes(r.path))).length;
  /** An app node of `account` (under its node when there are several accounts) and its first bindings. */
  const appOf = async (account: Account) => {
    const app = await waitFor(`an app of ${account.name}`, async () => {
      const top = await kids();
      const node = top.find((n): n is AccountNode => n.kind === 'account' && n.account === account);
      return apps(node ? await kids(node) : top).find((a) => a.appId !== undefined);
    });
    await waitFor(`the view to reveal ${app.label}`, () => Promise.resolve(ext.treeView.reveal(app, { expand: true, focus: false, select: false })).then(() => true, () => false));
    const list = await waitFor(`the bindings of ${app.label}`, async () => {
      const b = bindings(await kids(app));
      return b.length ? b : undefined;
    });
    return { app, list };
  };
  const showCalls = async (app: AppNode) => {
    ext.ui.answer('Last 24 hours');
    await vscode.commands.executeCommand('laafficPns.showCallRecords', app);
  };

  suiteSetup(async () => {
    sbA = await startSandbox({ port: 0, seed: 71, bindingsPerApp: [12], apiKey: 'key-of-a', apiSecret: 'secret-of-a' });
    sbB = await startSandbox({ port: 0, seed: 72, bindingsPerApp: [9], apiKey: 'key-of-b', apiSecret: 'secret-of-b' });
    ext = await activate();
    assert.equal(ext.accounts.all().length, 1, 'the suite starts with the one account of the settings');
    await configure(ext, { baseUrl: sbA.url, apps: [{ appId: sbA.appIds[0], label: 'Rides A' }] });
    await setCredentials(sbA.apiKey, sbA.apiSecret);
    await vscode.commands.executeCommand('laafficPns.bindings.focus');
  });

  suiteTeardown(async () => {
    ext.ui.reset();
    ext.details.panel?.dispose();
    for (const k of ext.calls.keys()) ext.calls.panel(k)?.dispose();
    await vscode.commands.executeCommand('laafficPns.stopDemo');
    await clearCredentials();
    await resetSettings(['baseUrl', 'apps']);
    await sbA.close();
    await sbB.close();
  });

  test('opened with one account: Refresh, Calls and Unbind go to its server after Add Account and Try the Demo; when it is removed its panels close and nothing reaches another account', async () => {
    const a = mainAccount()!;
    const { app, list } = await appOf(a);
    const b = list[0];
    await vscode.commands.executeCommand('laafficPns.showBindingDetails', b);
    assert.equal(ext.details.binding?.bindId, b.record.bindId);
    assert.equal(ext.details.binding?.app.account, a.id, 'the account is recorded with one account too');
    await showCalls(app);
    const callsKey = `app:${sbA.appIds[0]}`;
    assert.ok(ext.calls.panel(callsKey), `no calls panel ${callsKey}: ${JSON.stringify(ext.calls.keys())}`);

    const bee = await ext.accounts.add({ name: 'Bee', baseUrl: sbB.url }, { apiKey: sbB.apiKey, apiSecret: sbB.apiSecret, origin: new URL(sbB.url).origin });
    await vscode.commands.executeCommand('laafficPns.tryDemo');
    await waitFor('the demo account', () => ext.accounts.all().find((x) => x.ephemeral));
    try {
      // Both panels still read through A: each action lands on A's sandbox, none on B's.
      const [a0, b0] = [reads(sbA), reads(sbB)];
      await ext.details.receive({ type: 'refresh' });
      await ext.details.receive({ type: 'loadCalls', window: '24h' });
      await ext.calls.receive(callsKey, { type: 'loadCalls', window: '24h' });
      ext.ui.answer('Unbind');
      await ext.details.receive({ type: 'unbind' });
      assert.equal(reads(sbA, '/v3/number/pns/unbind'), 1, 'the unbind went to A');
      assert.ok(reads(sbA, '/v3/number/pns/queryBindPage') > 0 && reads(sbA, '/v3/number/record/queryPage') > 0, 'the refresh and the calls went to A');
      assert.ok(reads(sbA) > a0);
      assert.equal(reads(sbB), b0, 'nothing of the panels reached B');

      // A goes: its panels close with it; what they could still be asked reaches no one.
      await ext.accounts.remove(a);
      assert.equal(ext.details.panel, undefined, 'the details panel of A\'s binding is still open');
      assert.equal(ext.calls.panel(callsKey), undefined, 'the calls panel of A\'s app is still open');
      await ext.details.receive({ type: 'refresh' });
      await ext.details.receive({ type: 'loadCalls', window: '24h' });
      await ext.calls.receive(callsKey, { type: 'loadCalls', window: '24h' });
      ext.ui.answer('Unbind');
      await ext.details.receive({ type: 'unbind' });
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(reads(sbB), b0, 'a panel of A read through B');
    } finally {
      ext.ui.reset();
      await vscode.commands.executeCommand('laafficPns.stopDemo');
      if (mainAccount()) await ext.accounts.remove(bee);
      else {
        // The settings account back, as a first start makes it (and B's secret gone with B).
        await ext.globalState.update('laafficPns.accounts', undefined);
        await ext.accounts.reload();
        await ext.secrets.delete(`laafficPns.credentials.${bee.id}`);
        await setCredentials(sbA.apiKey, sbA.apiSecret);
      }
    }
    assert.equal(ext.accounts.all().length, 1);
  });

  test('Stop Demo closes the demo\'s details and calls panels; the panels of the other account stay', async () => {
    await vscode.commands.executeCommand('laafficPns.tryDemo');
    const demo = await waitFor('the demo account', () => ext.accounts.all().find((x) => x.ephemeral));
    const a = mainAccount()!;
    const mine = await appOf(a);
    await showCalls(mine.app);
    const myKey = `a:${a.id}/app:${sbA.appIds[0]}`;
    assert.ok(ext.calls.panel(myKey), `no calls panel ${myKey}: ${JSON.stringify(ext.calls.keys())}`);
    const theirs = await appOf(demo);
    await vscode.commands.executeCommand('laafficPns.showBindingDetails', theirs.list[0]);
    assert.equal(ext.details.binding?.app.account, demo.id);
    await showCalls(theirs.app);
    const demoKey = `a:${demo.id}/app:${theirs.app.appId}`;
    assert.ok(ext.calls.panel(demoKey), `no calls panel ${demoKey}: ${JSON.stringify(ext.calls.keys())}`);

    await vscode.commands.executeCommand('laafficPns.stopDemo');
    assert.equal(ext.accounts.get(demo.id), undefined);
    assert.equal(ext.details.panel, undefined, 'the details panel of the demo\'s binding is still open');
    assert.equal(ext.calls.panel(demoKey), undefined, 'the calls panel of the demo\'s app is still open');
    assert.ok(ext.calls.panel(myKey), 'the calls panel of the other account closed too');
    ext.calls.panel(myKey)?.dispose();
  });
});
