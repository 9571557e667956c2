// "Try the Demo" in a real VS Code: the sandbox shipped in the extension, started in the
// extension host, shown instead of the user's account without touching it; Stop Demo closes it.
// The user's own account here is a separate sandbox with other data and other credentials.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/testApi';
import type { AppNode, BindingNode, Node } from '../../src/tree/nodes';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import { signedPost } from '../unit/helpers/signedPost';
import { activate, cfg, clearCredentials, configure, EXTENSION_ID, resetSettings, setCredentials, waitFor } from './helpers';

const SETTINGS = ['baseUrl', 'pageSize', 'apps'];
const OTHER_ORIGIN = 'https://pns.example.test';
const BUNDLE = path.join('dist', 'sandbox-host.js');

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

suite('Try the Demo', () => {
  let real: Sandbox;
  let ext: TestApi;
  let realApps: Array<{ appId: string; label: string }>;

  const roots = async () => (await ext.tree.getChildren()).filter((n): n is AppNode => n.kind === 'app');
  const labels = async () => (await roots()).map((a) => a.label);
  const bindings = (ns: Node[]) => ns.filter((n): n is BindingNode => n.kind === 'binding');
  /** The first page of an app, as the tree shows it after expanding it in the view. */
  const firstPage = async (label: string) => {
    const app = await waitFor(`app ${label}`, async () => (await roots()).find((a) => a.label === label));
    await ext.treeView.reveal(app, { expand: true, focus: false, select: false });
    return waitFor(`the bindings of ${label}`, async () => {
      const b = bindings(await ext.tree.getChildren(app));
      return b.length ? b.map((n) => n.record.bindId) : undefined;
    });
  };
  /** What the demo must leave alone: the stored credentials, the user settings, the host approvals. */
  const userState = async () =>
    JSON.stringify({
      credentials: (await ext.credentials.get()) ?? null,
      baseUrl: cfg().inspect('baseUrl')?.globalValue ?? null,
      apps: cfg().inspect('apps')?.globalValue ?? null,
      approvals: ext.connection.approvals.list(),
    });
  const tryDemo = async () => {
    await vscode.commands.executeCommand('laafficPns.tryDemo');
    return waitFor('the demo', () => ext.connection.demo);
  };
  const stopDemo = () => vscode.commands.executeCommand('laafficPns.stopDemo');

  suiteSetup(async () => {
    real = await startSandbox({ port: 0, seed: 7, bindingsPerApp: [80, 20], apiKey: 'real-key-7', apiSecret: 'real-secret-7' });
    ext = await activate();
    realApps = [{ appId: real.appIds[0], label: 'Real app' }];
    await configure(ext, { baseUrl: real.url, pageSize: 50, apps: realApps });
    await setCredentials(real.apiKey, real.apiSecret);
    await ext.connection.approvals.set(OTHER_ORIGIN, 'deny');
    await vscode.commands.executeCommand('laafficPns.bindings.focus');
  });

  suiteTeardown(async () => {
    await stopDemo();
    await ext.connection.approvals.forget(OTHER_ORIGIN);
    await clearCredentials();
    await resetSettings(SETTINGS);
    await real.close();
  });

  teardown(async () => {
    ext.ui.reset();
    await stopDemo();
  });

  test('activation does not load the demo\'s sandbox; Try the Demo loads it from the extension\'s folder', async () => {
    assert.deepEqual(loadedBundles(), [], 'dist/sandbox-host.js was loaded before Try the Demo');
    await tryDemo();
    const dir = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    assert.deepEqual(loadedBundles(), [path.join(dir, BUNDLE)]);
  });

  test('shows the demo\'s apps and bindings, marked "Demo"; the user\'s credentials, settings and approvals stay as they were', async () => {
    const before = await userState();
    await firstPage('Real app'); // the real account is shown first
    const realRequests = real.requestCount;

    const demo = await tryDemo();
    assert.deepEqual(await waitFor('the demo apps', async () => ((await labels())[0] === 'Demo app 1' ? labels() : undefined)), ['Demo app 1', 'Demo app 2', 'Demo app 3', 'All apps']);
    assert.equal(ext.treeView.description, 'Demo — local sandbox');
    assert.match(String(ext.treeView.message), /^Demo data .*Stop Demo returns to your account\./);
    assert.equal(new URL(demo.baseUrl).hostname, '127.0.0.1');

    // The tree's first page of Demo app 1 is what the demo server answers its own credentials.
    const shown = await firstPage('Demo app 1');
    const reply = await signedPost({ url: demo.baseUrl, apiKey: demo.apiKey, apiSecret: demo.apiSecret }, '/number/pns/queryBindPage', { current: 1, size: 50, params: { appId: demo.apps[0].appId } });
    const served = [...reply.matchAll(/"bindId":"?(\d+)/g)].map((m) => m[1]);
    assert.equal(served.length, 50, reply.slice(0, 200));
    assert.deepEqual(shown, served);

    assert.equal(real.requestCount, realRequests, 'a request of the demo went to the user\'s server');
    assert.equal(await userState(), before, 'the demo changed the stored credentials, the settings or the host approvals');
  });

  test('Stop Demo closes the demo\'s server (connection refused) and shows the user\'s account again', async () => {
    const before = await userState();
    const demo = await tryDemo();
    const origin = new URL(demo.baseUrl).origin;
    assert.equal(await get(`${origin}/v3/getBalance`), 200);
    await stopDemo();
    assert.equal(ext.connection.demo, undefined);
    assert.equal(await get(`${origin}/v3/getBalance`), 'ECONNREFUSED');
    assert.deepEqual(await waitFor('the real apps', async () => ((await labels())[0] === 'Real app' ? labels() : undefined)), ['Real app', 'All apps']);
    assert.equal(ext.treeView.description, undefined);
    assert.equal(ext.treeView.message, undefined);
    assert.deepEqual(await firstPage('Real app'), real.bindings(realApps[0].appId, 0, 50).map((b) => b.bindId));
    assert.equal(await userState(), before);
  });

  test('each start draws a new key, secret and port; Try the Demo while it runs starts nothing new', async () => {
    const a = await tryDemo();
    await vscode.commands.executeCommand('laafficPns.tryDemo');
    assert.equal(ext.connection.demo, a, 'a second Try the Demo replaced the running demo');
    await stopDemo();
    const b = await tryDemo();
    assert.notEqual(b.apiKey, a.apiKey);
    assert.notEqual(b.apiSecret, a.apiSecret);
    assert.notEqual(b.baseUrl, a.baseUrl);
  });

  test('Add App during the demo changes the demo\'s apps, not laafficPns.apps', async () => {
    await tryDemo();
    ext.ui.answer('Extra123', 'Extra');
    await vscode.commands.executeCommand('laafficPns.addApp');
    assert.deepEqual(await waitFor('the added app', async () => ((await labels()).includes('Extra') ? labels() : undefined)), ['Demo app 1', 'Demo app 2', 'Demo app 3', 'Extra', 'All apps']);
    assert.deepEqual(cfg().inspect('apps')?.globalValue, realApps);
    await stopDemo();
    assert.deepEqual(await waitFor('the real apps', async () => ((await labels())[0] === 'Real app' ? labels() : undefined)), ['Real app', 'All apps']);
  });

  test('Set Credentials during the demo ends it and works on the user\'s account', async () => {
    const demo = await tryDemo();
    await setCredentials(real.apiKey, real.apiSecret);
    assert.equal(ext.connection.demo, undefined);
    assert.equal(await get(`${new URL(demo.baseUrl).origin}/v3/getBalance`), 'ECONNREFUSED');
    assert.deepEqual((await ext.credentials.get())?.apiKey, real.apiKey);
    assert.deepEqual(await waitFor('the real apps', async () => ((await labels())[0] === 'Real app' ? labels() : undefined)), ['Real app', 'All apps']);
  });
});
