// "Try the Demo" in a real VS Code: the sandbox shipped in the extension, started in the
// extension host and shown as an account of its own, "Demo", kept in memory only; Stop Demo
// removes it and closes its server. The user's own account here ("Main", the settings account)
// is a separate sandbox with other data and other credentials. What the demo's server holds is
// read with bare signed HTTP (test/unit/helpers/signedPost.ts), not through the tree.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Account } from '../../src/accounts/accounts';
import type { TestApi } from '../support/testApi';
import type { AccountNode, AppNode, BindingNode, Node } from '../../src/tree/nodes';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import { signedPost } from '../unit/helpers/signedPost';
import { activate, cfg, clearCredentials, configure, EXTENSION_ID, resetSettings, setCredentials, waitFor } from './helpers';

const SETTINGS = ['baseUrl', 'pageSize', 'apps'];
const OTHER_ORIGIN = 'https://pns.example.test';
const BUNDLE = path.join('dist', 'sandbox-host.js');
const DEMO_APPS = ['Demo app 1', 'Demo app 2', 'Demo app 3', 'All apps'];

/** GET with bare node:http: the HTTP status, or the error code (ECONNREFUSED). */
function get(url: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
  });
}

/** The files of the demo's sandbox bundle that Node has loaded in this extension host. */
const loadedBundles = (): string[] => Object.keys(require.cache).filter((f) => f.endsWith(`${path.sep}${BUNDLE}`));

/** What the demo's account holds in memory: where it sends requests and with which key. */
interface DemoKeys {
  account: Account;
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
}

suite('Try the Demo', () => {
  let real: Sandbox;
  let ext: TestApi;
  let realApps: Array<{ appId: string; label: string }>;

  const kids = (n?: Node) => ext.tree.getChildren(n);
  const label = (n: Node) => String(ext.tree.getTreeItem(n).label);
  const apps = (ns: Node[]) => ns.filter((n): n is AppNode => n.kind === 'app');
  const accountNodes = (ns: Node[]) => ns.filter((n): n is AccountNode => n.kind === 'account');
  const bindings = (ns: Node[]) => ns.filter((n): n is BindingNode => n.kind === 'binding');
  const main = () => ext.accounts.all().find((a) => a.usesSettings)!;
  const demoAccount = () => ext.accounts.all().find((a) => a.ephemeral);
  /** The labels at the top of the tree. */
  const top = async () => (await kids()).map(label);
  /** Waits until the top of the tree is exactly `want`. */
  const topIs = (want: string[]) => waitFor(`the top of the tree to be ${want.join(', ')}`, async () => JSON.stringify(await top()) === JSON.stringify(want));
  /** The app nodes of an account's node (several accounts shown). */
  const appsUnder = async (account: Account) => {
    const node = await waitFor(`the node of ${account.name}`, async () => accountNodes(await kids()).find((n) => n.account === account));
    return waitFor(`the apps of ${account.name}`, async () => {
      const a = apps(await kids(node));
      return a.length ? a : undefined;
    });
  };
  /** The first page of an app, as the tree shows it after expanding it in the view. */
  const firstPage = async (app: AppNode) => {
    // The view reveals a node only once it has drawn the layout the node belongs to (it may
    // still be redrawing after the accounts changed): retried until it has.
    await waitFor(`the view to reveal ${app.label}`, () => Promise.resolve(ext.treeView.reveal(app, { expand: true, focus: false, select: false })).then(() => true, () => false));
    return waitFor(`the bindings of ${app.label}`, async () => {
      const b = bindings(await kids(app));
      return b.length ? b.map((n) => n.record.bindId) : undefined;
    });
  };
  /** The first page of an app of the demo's server, as it answers its own key over signed HTTP. */
  const served = async (demo: DemoKeys, appId: string) => {
    const reply = await signedPost({ url: demo.baseUrl, apiKey: demo.apiKey, apiSecret: demo.apiSecret }, '/number/pns/queryBindPage', { current: 1, size: 50, params: { appId } });
    const ids = [...reply.matchAll(/"bindId":"?(\d+)/g)].map((m) => m[1]);
    assert.equal(ids.length, 50, reply.slice(0, 200));
    return ids;
  };
  /** What the demo must leave alone: the stored accounts and credentials, the user settings, the host approvals. */
  const userState = async () =>
    JSON.stringify({
      credentials: (await main().credentials.get()) ?? null,
      accounts: ext.globalState.get('laafficPns.accounts') ?? null,
      baseUrl: cfg().inspect('baseUrl')?.globalValue ?? null,
      apps: cfg().inspect('apps')?.globalValue ?? null,
      approvals: main().approvals.list(),
    });
  const tryDemo = async (): Promise<DemoKeys> => {
    await vscode.commands.executeCommand('laafficPns.tryDemo');
    const account = await waitFor('the demo account', demoAccount);
    const creds = await account.credentials.get();
    assert.ok(creds, 'the demo account has no credentials');
    return { account, baseUrl: account.baseUrl(), apiKey: creds.apiKey, apiSecret: creds.apiSecret };
  };
  const stopDemo = () => vscode.commands.executeCommand('laafficPns.stopDemo');

  suiteSetup(async () => {
    real = await startSandbox({ port: 0, seed: 7, bindingsPerApp: [80, 20], apiKey: 'real-key-7', apiSecret: 'real-secret-7' });
    ext = await activate();
    realApps = [{ appId: real.appIds[0], label: 'Real app' }];
    await configure(ext, { baseUrl: real.url, pageSize: 50, apps: realApps });
    await setCredentials(real.apiKey, real.apiSecret);
    await main().approvals.set(OTHER_ORIGIN, 'deny');
    await vscode.commands.executeCommand('laafficPns.bindings.focus');
  });

  suiteTeardown(async () => {
    await stopDemo();
    await main().approvals.forget(OTHER_ORIGIN);
    await clearCredentials();
    await resetSettings(SETTINGS);
    await real.close();
  });

  teardown(async () => {
    ext.ui.reset();
    await stopDemo();
    ext.ui.reset();
    if (!(await main().credentials.get())) await setCredentials(real.apiKey, real.apiSecret);
  });

  test('activation does not load the demo\'s sandbox; Try the Demo loads it from the extension\'s folder', async () => {
    assert.deepEqual(loadedBundles(), [], 'dist/sandbox-host.js was loaded before Try the Demo');
    await tryDemo();
    const dir = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    assert.deepEqual(loadedBundles(), [path.join(dir, BUNDLE)]);
  });

  test('with a real account, the demo is a second account "Demo" beside it, with the demo server\'s data; nothing of the user\'s changes', async () => {
    const before = await userState();
    await topIs(['Real app', 'All apps', 'Numbers']);
    const realFirst = await firstPage(apps(await kids())[0]);
    assert.deepEqual(realFirst, real.bindings(realApps[0].appId, 0, 50).map((b) => b.bindId));
    const realSeen = real.requestCount;

    const demo = await tryDemo();
    assert.equal(demo.account.name, 'Demo');
    assert.equal(new URL(demo.baseUrl).hostname, '127.0.0.1');
    assert.notEqual(demo.apiKey, real.apiKey);
    await topIs(['Main', 'Demo']);
    const demoApps = await appsUnder(demo.account);
    assert.deepEqual(demoApps.map((a) => a.label), DEMO_APPS);
    assert.deepEqual((await appsUnder(main())).map((a) => a.label), ['Real app', 'All apps']);
    assert.equal(ext.treeView.description, 'Demo — local sandbox');
    assert.match(String(ext.treeView.message), /^The Demo account holds demo data .*Stop Demo removes it\./);

    // The tree's first page of Demo app 1 is what the demo server answers its own credentials.
    assert.deepEqual(await firstPage(demoApps[0]), await served(demo, demo.account.apps()[0].appId));
    // The user's account still shows its own server's data.
    assert.deepEqual(await firstPage((await appsUnder(main()))[0]), realFirst);

    // Every request the user's server got meanwhile carried the user's key (another key is answered -1).
    assert.ok(real.requests.slice(-(real.requestCount - realSeen)).every((r) => String(r.status) === '0'), 'a request with the demo\'s key went to the user\'s server');
    assert.equal(await userState(), before, 'the demo changed the stored accounts or credentials, the settings or the host approvals');
    assert.ok(!JSON.stringify(ext.globalState.get('laafficPns.accounts')).includes(demo.account.id), 'the demo account was saved');
    assert.equal(await ext.secrets.get(`laafficPns.credentials.${demo.account.id}`), undefined, 'the demo\'s key was stored');
  });

  test('without real credentials the demo alone fills the tree, marked "Demo"; Set Credentials brings the real account back beside it', async () => {
    await clearCredentials();
    await topIs([]);
    const demo = await tryDemo();
    await topIs([...DEMO_APPS, 'Numbers']);
    assert.equal(ext.treeView.description, 'Demo — local sandbox');
    assert.match(String(ext.treeView.message), /^Demo data .*Stop Demo returns to your account\./);
    const demoApp = apps(await kids())[0];
    assert.deepEqual(await firstPage(demoApp), await served(demo, demo.account.apps()[0].appId));
    // The status bar shows the demo's balance, not a read of the account without credentials left spinning.
    const shown = await waitFor('the demo\'s balance in the status bar', () => (ext.balance.account === demo.account && ext.balance.state.kind === 'ok' ? ext.balance.item.text : undefined));
    assert.match(shown, /^\$\(credit-card\) Demo: /);

    // Set Credentials asks no account question (the demo's credentials are not the user's to set) and keeps the demo.
    ext.ui.reset();
    await setCredentials(real.apiKey, real.apiSecret);
    assert.deepEqual(ext.ui.prompts.filter((p) => p.kind === 'quickPick').map((p) => p.text), [], 'an account was asked for');
    assert.equal((await main().credentials.get())?.apiKey, real.apiKey);
    assert.equal(demoAccount(), demo.account, 'Set Credentials ended the demo');
    assert.equal((await demo.account.credentials.get())?.apiKey, demo.apiKey, 'the demo\'s key changed');
    await topIs(['Main', 'Demo']);
    assert.match(String(ext.treeView.message), /^The Demo account holds demo data/);
  });

  test('Stop Demo removes the account and closes its server (connection refused); the user\'s account is shown as before', async () => {
    const before = await userState();
    const demo = await tryDemo();
    await topIs(['Main', 'Demo']);
    const origin = new URL(demo.baseUrl).origin;
    assert.equal(await get(`${origin}/v3/getBalance`), 200);
    await stopDemo();
    assert.equal(demoAccount(), undefined);
    assert.equal(ext.accounts.all().length, 1);
    assert.equal(await get(`${origin}/v3/getBalance`), 'ECONNREFUSED');
    await topIs(['Real app', 'All apps', 'Numbers']);
    assert.equal(ext.treeView.description, undefined);
    assert.equal(ext.treeView.message, undefined);
    assert.deepEqual(await firstPage(apps(await kids())[0]), real.bindings(realApps[0].appId, 0, 50).map((b) => b.bindId));
    assert.equal(await userState(), before);
  });

  test('Remove Account on the Demo account ends the demo as Stop Demo does; the user\'s last saved account stays', async () => {
    const demo = await tryDemo();
    // Beside the demo, the user's only saved account is still the last one: not removed, not even asked.
    const mainNode = await waitFor('the Main node', async () => accountNodes(await kids()).find((n) => n.account === main()));
    ext.ui.reset();
    await vscode.commands.executeCommand('laafficPns.removeAccount', mainNode);
    assert.deepEqual(ext.ui.prompts, [], 'Remove Account asked about the last saved account');
    assert.ok(main(), 'the last saved account was removed');
    const node = await waitFor('the Demo node', async () => accountNodes(await kids()).find((n) => n.account === demo.account));
    assert.equal(ext.tree.getTreeItem(node).contextValue, 'laafficPns.account.memory');
    ext.ui.answer('Remove Account');
    await vscode.commands.executeCommand('laafficPns.removeAccount', node);
    assert.equal(demoAccount(), undefined);
    assert.equal(await get(`${new URL(demo.baseUrl).origin}/v3/getBalance`), 'ECONNREFUSED');
    await topIs(['Real app', 'All apps', 'Numbers']);
    assert.equal(ext.treeView.description, undefined);
    // Try the Demo starts a new one afterwards (the old one is really gone).
    const again = await tryDemo();
    assert.notEqual(again.account, demo.account);
  });

  test('each start draws a new key, secret and port; Try the Demo while it runs starts nothing new', async () => {
    const a = await tryDemo();
    await vscode.commands.executeCommand('laafficPns.tryDemo');
    assert.equal(demoAccount(), a.account, 'a second Try the Demo replaced the running demo');
    assert.equal(ext.accounts.all().filter((x) => x.ephemeral).length, 1);
    await stopDemo();
    const b = await tryDemo();
    assert.notEqual(b.apiKey, a.apiKey);
    assert.notEqual(b.apiSecret, a.apiSecret);
    assert.notEqual(b.baseUrl, a.baseUrl);
  });

  test('Add App on the Demo account changes the demo\'s apps, not laafficPns.apps', async () => {
    const demo = await tryDemo();
    const node = await waitFor('the Demo node', async () => accountNodes(await kids()).find((n) => n.account === demo.account));
    ext.ui.answer('Extra123', 'Extra');
    await vscode.commands.executeCommand('laafficPns.addApp', node);
    await waitFor('the added app', async () => (await appsUnder(demo.account)).some((a) => a.label === 'Extra'));
    assert.deepEqual((await appsUnder(demo.account)).map((a) => a.label), ['Demo app 1', 'Demo app 2', 'Demo app 3', 'Extra', 'All apps']);
    assert.deepEqual(cfg().inspect('apps')?.globalValue, realApps);
    await stopDemo();
    await topIs(['Real app', 'All apps', 'Numbers']);
  });
});
