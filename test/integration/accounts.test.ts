// Several accounts in the real VS Code: two sandboxes with different keys, secrets and seeds, one
// account each. What each sandbox holds is read with bare signed HTTP (test/unit/helpers/
// signedPost.ts) with that sandbox's own key, not through the extension.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Accounts, type Account } from '../../src/accounts/accounts';
import { SettingsState } from '../../src/config/settingsState';
import type { TestApi } from '../support/testApi';
import type { AccountNode, AppNode, BindingNode, MessageNode, Node } from '../../src/tree/nodes';
import type { NumberNode, NumbersNode } from '../../src/tree/numberNodes';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import { signedPost } from '../unit/helpers/signedPost';
import { activate, clearCredentials, configure, resetSettings, setCredentials, waitFor } from './helpers';

interface Page<T> {
  total: number;
  pages: number;
  records: T[];
}

/** Every record of a paged endpoint as the sandbox serves it to its own key. */
async function served<T>(sb: Sandbox, p: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const out: T[] = [];
  for (let current = 1; ; current++) {
    const reply = JSON.parse(await signedPost(sb, p, { current, size: 100, params })) as { status: string; data: Page<T> };
    assert.equal(String(reply.status), '0');
    out.push(...reply.data.records);
    if (current >= reply.data.pages) return out;
  }
}

const SECRET_KEY = (a: Account) => `laafficPns.credentials.${a.id}`;

suite('Accounts', () => {
  let sbA: Sandbox;
  let sbB: Sandbox;
  let ext: TestApi;
  let accountB: Account | undefined;

  const kids = (n?: Node) => ext.tree.getChildren(n);
  const accountNodes = async () => (await kids()).filter((n): n is AccountNode => n.kind === 'account');
  const apps = (ns: Node[]) => ns.filter((n): n is AppNode => n.kind === 'app');
  const bindings = (ns: Node[]) => ns.filter((n): n is BindingNode => n.kind === 'binding');
  const messages = (ns: Node[]) => ns.filter((n): n is MessageNode => n.kind === 'message');
  const nodeOf = async (a: Account) => waitFor(`the node of ${a.name}`, async () => (await accountNodes()).find((n) => n.account === a));
  /** The bindings an app node lists once its first page has arrived. */
  const listed = async (app: AppNode) => waitFor(`the bindings of ${app.label}`, async () => {
    const ns = await kids(app);
    return bindings(ns).length || messages(ns).length ? ns : undefined;
  });
  const ids = (ns: Node[]) => bindings(ns).map((b) => b.record.bindId);
  const mainAccount = () => ext.accounts.all().find((a) => a.usesSettings)!;

  suiteSetup(async () => {
    // Different keys, secrets and seeds: each sandbox answers -1 to the other's key.
    sbA = await startSandbox({ port: 0, seed: 61, bindingsPerApp: [12, 4], apiKey: 'key-of-a', apiSecret: 'secret-of-a' });
    sbB = await startSandbox({ port: 0, seed: 62, bindingsPerApp: [9, 3], apiKey: 'key-of-b', apiSecret: 'secret-of-b' });
    ext = await activate();
    assert.equal(ext.accounts.all().length, 1, 'the suite starts with the one account of the settings');
    await configure(ext, { baseUrl: sbA.url, pageSize: 50, apps: [{ appId: sbA.appIds[0], label: 'Rides A' }] });
    await setCredentials(sbA.apiKey, sbA.apiSecret);
    await vscode.commands.executeCommand('laafficPns.bindings.focus');
  });

  suiteTeardown(async () => {
    ext.ui.reset();
    for (const a of ext.accounts.all()) if (!a.usesSettings && ext.accounts.all().length > 1) await ext.accounts.remove(a);
    await vscode.commands.executeCommand('laafficPns.forgetHostApprovals');
    await clearCredentials();
    await resetSettings(['baseUrl', 'pageSize', 'apps']);
    await sbA.close();
    await sbB.close();
  });

  test('one account looks as before accounts: its apps, "All apps" and Numbers at the top', async () => {
    const top = await waitFor('the apps', async () => {
      const ns = await kids();
      return ns.length ? ns : undefined;
    });
    assert.deepEqual(top.map((n) => String(ext.tree.getTreeItem(n).label)), ['Rides A', 'All apps', 'Numbers']);
    assert.equal((await accountNodes()).length, 0);
  });

  test('Add Account… adds a second account: the top level becomes the accounts, each with only its own apps, bindings and numbers', async () => {
    const before = ext.ui.prompts.length;
    // Name; a custom URL (not one of the brands), the URL; key and secret.
    ext.ui.answer('Sandbox B', 'Custom URL…', sbB.url, sbB.apiKey, sbB.apiSecret);
    accountB = (await vscode.commands.executeCommand('laafficPns.addAccount')) as Account;
    assert.ok(accountB, 'Add Account… returned no account');
    assert.deepEqual(ext.ui.prompts.slice(before).map((p) => p.text), ['Laaffic PNS: Add Account (1/4)', 'Laaffic PNS: Add Account (2/4)', 'Laaffic PNS: Add Account (2/4)', 'Laaffic PNS: Add Account (3/4)', 'Laaffic PNS: Add Account (4/4)']);
    // Its apps: added from its node (no question which account).
    const nodeB = await nodeOf(accountB);
    ext.ui.answer(sbB.appIds[0], 'Rides B');
    await vscode.commands.executeCommand('laafficPns.addApp', nodeB);
    await waitFor('the app of B', () => accountB!.apps().length === 1);
    assert.deepEqual(ext.settings().apps, [{ appId: sbA.appIds[0], label: 'Rides A' }], 'the settings account kept its apps');

    const [nA, nB] = await accountNodes();
    assert.equal(nA.account, mainAccount());
    assert.equal(nB.account, accountB);
    const itemA = ext.tree.getTreeItem(nA);
    const itemB = ext.tree.getTreeItem(nB);
    assert.deepEqual([itemA.label, itemA.description, itemB.label, itemB.description], ['Main', new URL(sbA.url).host, 'Sandbox B', new URL(sbB.url).host]);
    assert.equal(itemB.contextValue, 'laafficPns.account');
    assert.match(String(itemB.tooltip), new RegExp(`Base URL: ${sbB.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

    const underA = await kids(nA);
    const underB = await kids(nB);
    assert.deepEqual(underA.map((n) => String(ext.tree.getTreeItem(n).label)), ['Rides A', 'All apps', 'Numbers']);
    assert.deepEqual(underB.map((n) => String(ext.tree.getTreeItem(n).label)), ['Rides B', 'All apps', 'Numbers']);
    // Tree ids stay unique across accounts.
    const allIds = [...underA, ...underB].map((n) => ext.tree.getTreeItem(n).id);
    assert.equal(new Set(allIds).size, allIds.length, JSON.stringify(allIds));

    // Bindings: each app lists exactly what its own sandbox serves; the two sets do not meet.
    const truthA = (await served<{ bindId: string }>(sbA, '/number/pns/queryBindPage', { appId: sbA.appIds[0] })).map((r) => String(r.bindId));
    const truthB = (await served<{ bindId: string }>(sbB, '/number/pns/queryBindPage', { appId: sbB.appIds[0] })).map((r) => String(r.bindId));
    const everyB = (await served<{ bindId: string }>(sbB, '/number/pns/queryBindPage')).map((r) => String(r.bindId));
    assert.ok(!truthA.some((id) => everyB.includes(id)), 'the two sandboxes share bind ids: the check would prove nothing');
    assert.deepEqual(ids(await listed(apps(underA)[0])), truthA);
    assert.deepEqual(ids(await listed(apps(underB)[0])), truthB);
    assert.deepEqual(ids(await listed(apps(underB)[1])), everyB, '"All apps" of B is every binding of B\'s key');
    assert.equal(bindings(await listed(apps(underA)[0]))[0].app.account, mainAccount());
    // With several accounts an app row's spoken label names its account (A's 12 bindings; B's 9 + 3).
    assert.equal(ext.tree.getTreeItem(apps(underA)[0]).accessibilityInformation?.label, `app Rides A, app id ${sbA.appIds[0]}, account Main, 12 of 12 loaded`);
    assert.equal(ext.tree.getTreeItem(apps(underB)[1]).accessibilityInformation?.label, 'All apps: every app of this API key, account Sandbox B, 12 of 12 loaded');

    // Numbers: each account's Numbers node lists its own sandbox's middle numbers.
    for (const [under, sb] of [[underA, sbA], [underB, sbB]] as const) {
      const numbersNode = under.find((n): n is NumbersNode => n.kind === 'numbers')!;
      const listedNumbers = await waitFor('the numbers', async () => {
        const ns = (await kids(numbersNode)).filter((n): n is NumberNode => n.kind === 'number');
        return ns.length ? ns : undefined;
      });
      const truth = (await served<{ number: string }>(sb, '/number/queryPage')).map((r) => r.number);
      assert.deepEqual(listedNumbers.map((n) => n.number.number), truth.slice(0, listedNumbers.length));
    }
    // No request carried the other sandbox's key: every answer was a success.
    for (const sb of [sbA, sbB]) {
      const refused = sb.requests.filter((r) => r.path.startsWith('/v3/') && String(r.status) !== '0');
      assert.deepEqual(refused, [], `${sb.url} refused requests`);
    }
    // The second account's secret is in SecretStorage under its id, bound to its origin.
    assert.deepEqual(JSON.parse((await ext.secrets.get(SECRET_KEY(accountB)))!), { apiKey: sbB.apiKey, apiSecret: sbB.apiSecret, origin: new URL(sbB.url).origin });
    const stored = JSON.stringify(ext.globalState.get('laafficPns.accounts'));
    assert.ok(stored.includes(accountB.id) && !stored.includes(sbB.apiSecret) && !stored.includes(sbB.apiKey), 'the account list holds no credentials');
  });

  test('Export and Find from the palette act on the active account without asking which; Load All from an account\'s node asks only for its app; each covers only that account', async () => {
    assert.ok(accountB);
    await ext.accounts.setActive(accountB);
    const file = vscode.Uri.file(path.join(os.tmpdir(), `accounts-${process.pid}-${Date.now()}.json`));
    const before = ext.ui.prompts.length;
    ext.ui.answer('All apps', 'All bindings', file);
    const result = (await vscode.commands.executeCommand('laafficPns.exportBindings')) as { count: number };
    try {
      const asked = ext.ui.prompts.slice(before);
      assert.deepEqual(asked.filter((p) => p.placeHolder === 'Which account?'), [], 'asked which account');
      const rows = JSON.parse(fs.readFileSync(file.fsPath, 'utf8')) as Array<{ bindId: string }>;
      const everyB = (await served<{ bindId: string }>(sbB, '/number/pns/queryBindPage')).map((r) => String(r.bindId));
      assert.equal(result.count, everyB.length);
      assert.deepEqual(rows.map((r) => String(r.bindId)), everyB);
    } finally {
      fs.rmSync(file.fsPath, { force: true });
    }
    // Find from the palette: the active account (B), then where; only B's sandbox is searched.
    const target = sbB.bindings()[0];
    const digits = target.phoneA.slice(-6);
    const wanted = sbB.bindings().filter((b) => [b.phoneA, b.phoneB, b.pnsNumberA, b.pnsNumberB, b.bindId].some((v) => v.includes(digits))).map((b) => b.bindId);
    const aBefore = sbA.requestCount;
    let qp: vscode.QuickPick<vscode.QuickPickItem & { match?: { record: { bindId: string } } }> | undefined;
    const sub = ext.ui.onDidCreateQuickPick((q) => (qp = q as never));
    try {
      ext.ui.answer(digits, 'All apps');
      const done = vscode.commands.executeCommand('laafficPns.findBinding');
      const list = await waitFor('the search to finish', () => (qp && !qp.busy ? qp : undefined), 20_000);
      assert.deepEqual(list.items.map((i) => i.match?.record.bindId).sort(), [...wanted].sort());
      assert.match(list.title ?? '', /in All apps/);
      list.hide();
      await done;
    } finally {
      sub.dispose();
    }
    assert.equal(sbA.requestCount, aBefore, 'Find in B sent nothing to A');
    // Load All from an account's node: asks only which app of that account.
    const nA = await nodeOf(mainAccount());
    const asked = ext.ui.prompts.length;
    ext.ui.answer('Rides A');
    await vscode.commands.executeCommand('laafficPns.loadAll', nA);
    const q = ext.ui.prompts.slice(asked);
    assert.equal(q.length, 1);
    assert.deepEqual(q[0].items?.map((i) => i.label), ['All apps', 'Rides A']);
    const appA = apps(await kids(nA))[0];
    assert.equal(appA.list.hasMore, false);
    assert.equal(appA.list.records.length, sbA.bindingCount(sbA.appIds[0]));
  });

  test('the status bar shows the balance of the selected account, naming it', async () => {
    assert.ok(accountB);
    const truth = async (sb: Sandbox) => (JSON.parse(await signedPost(sb, '/getBalance')) as { balance: string }).balance;
    const [balA, balB] = [await truth(sbA), await truth(sbB)];
    assert.notEqual(balA, balB, 'both sandboxes have the same balance: the check would prove nothing');
    const appB = apps(await kids(await nodeOf(accountB)))[0];
    await ext.treeView.reveal(appB, { select: true, focus: false, expand: false });
    await waitFor('the balance of B', () => ext.balance.state.kind === 'ok' && ext.balance.state.balance.balance === balB);
    assert.equal(ext.balance.item.text, `$(credit-card) Sandbox B: ${balB}`);
    const appA = apps(await kids(await nodeOf(mainAccount())))[0];
    await ext.treeView.reveal(appA, { select: true, focus: false, expand: false });
    await waitFor('the balance of Main', () => ext.balance.state.kind === 'ok' && ext.balance.state.balance.balance === balA);
    assert.equal(ext.balance.item.text, `$(credit-card) Main: ${balA}`);
  });

  test('Show Call Records… on an app of the second account reads that account\'s calls, in a panel of its own', async () => {
    assert.ok(accountB);
    const appB = apps(await kids(await nodeOf(accountB)))[0];
    const key = `a:${accountB.id}/app:${sbB.appIds[0]}`;
    const queriesOfA = () => sbA.requests.filter((r) => r.path.endsWith('/number/record/queryPage')).length;
    const beforeA = queriesOfA();
    ext.ui.reset();
    ext.calls.lastCallsRendered = undefined;
    ext.ui.answer('Last 30 days');
    try {
      await vscode.commands.executeCommand('laafficPns.showCallRecords', appB);
      const shown = await waitFor('B\'s calls', () => {
        const r = ext.calls.lastCallsRendered;
        return r?.scope === key && r.state === 'calls' && /in the last 30 days/.test(r.text) ? r : undefined;
      }, 20_000);
      const msg = [...ext.calls.posted].reverse().find((p) => p.key === key && p.message.type === 'calls')!.message as { from: number; to: number };
      // B's own records of its app, newest first, computed here from B's sandbox.
      const want = sbB
        .callRecords(msg.from, msg.to)
        .filter((r) => r.appId === sbB.appIds[0])
        .sort((x, y) => Number(y.startTime) - Number(x.startTime) || (x.callid < y.callid ? 1 : x.callid > y.callid ? -1 : 0))
        .map((r) => r.callid)
        .slice(0, 500);
      assert.ok(want.length > 0, 'B has no calls of its app in 30 days: the test would prove nothing');
      assert.deepEqual(shown.callIds, want);
      assert.equal(ext.calls.panel(key)?.title, 'Calls · Sandbox B / app Rides B');
      assert.deepEqual(ext.calls.lastScopeRendered?.saved, { v: 1, kind: 'app', appId: sbB.appIds[0], label: 'Rides B', account: accountB.id });
      assert.equal(queriesOfA(), beforeA, 'a call records query went to the other account\'s server');
    } finally {
      for (const k of ext.calls.keys()) ext.calls.panel(k)?.dispose();
    }
  });

  test('trust per account: a base URL moved to an unapproved host is asked about once, naming it; the other account is not asked', async () => {
    assert.ok(accountB);
    let connections = 0;
    const tcp = net.createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
    const port = (tcp.address() as net.AddressInfo).port;
    const origin = `https://[::ffff:7f00:1]:${port}`;
    const shownHost = `\uff3b::ffff:7f00:1\uff3d:${port}`;
    try {
      ext.ui.reset();
      const nB = await nodeOf(accountB);
      ext.ui.answer(`${origin}/v3`);
      await vscode.commands.executeCommand('laafficPns.setAccountBaseUrl', nB);
      await waitFor('the new base URL', () => accountB!.baseUrl() === `${origin}/v3`);
      ext.ui.fallback = () => undefined; // the modal: dismissed
      ext.tree.refresh();
      const underB = await waitFor('B to say it was not sent', async () => {
        const ns = await kids(await nodeOf(accountB!));
        const app = apps(ns)[0];
        const m = app ? messages(await kids(app)) : [];
        return m.length ? m : undefined;
      });
      const asked = ext.ui.prompts.filter((p) => p.kind === 'warning' && p.modal);
      assert.equal(asked.length, 1, JSON.stringify(asked.map((p) => p.text)));
      assert.equal(asked[0].text, `Send your Laaffic API key (account “Sandbox B”) and signed requests to ${shownHost}?`);
      assert.match(asked[0].detail ?? '', /The base URL of account “Sandbox B” points at/);
      assert.equal(underB[0].label, `Not sent: [::ffff:7f00:1]:${port} is not approved`);
      assert.equal(connections, 0);
      assert.equal(accountB.approvals.get(origin), 'deny');
      assert.equal(mainAccount().approvals.get(origin), undefined, 'the answer is B\'s alone');
      // Main still works, unasked.
      const appA = apps(await kids(await nodeOf(mainAccount())))[0];
      ext.tree.refreshApp(appA);
      assert.ok(bindings(await listed(appA)).length > 0);
      assert.equal(ext.ui.prompts.filter((p) => p.kind === 'warning' && p.modal).length, 1);
    } finally {
      ext.ui.reset();
      await ext.accounts.setBaseUrl(accountB, sbB.url);
      await accountB.approvals.forget();
      await new Promise((r) => tcp.close(r));
    }
  });

  test('Rename Account… renames; Remove Account asks first, then deletes its secret, and one account looks as before', async () => {
    assert.ok(accountB);
    ext.ui.answer('Sandbox Bee');
    await vscode.commands.executeCommand('laafficPns.renameAccount', await nodeOf(accountB));
    assert.equal(accountB.name, 'Sandbox Bee');
    assert.equal(ext.tree.getTreeItem(await nodeOf(accountB)).label, 'Sandbox Bee');
    // A name another account has is refused by the input box (the test's input box throws, as
    // VS Code's would not accept it): the name stays.
    ext.ui.answer('main');
    await vscode.commands.executeCommand('laafficPns.renameAccount', await nodeOf(accountB));
    assert.equal(accountB.name, 'Sandbox Bee');

    const key = SECRET_KEY(accountB);
    assert.ok(await ext.secrets.get(key), 'B has a secret');
    // Dismissed: nothing changes.
    ext.ui.reset();
    await vscode.commands.executeCommand('laafficPns.removeAccount', await nodeOf(accountB));
    const modal = ext.ui.prompts.find((p) => p.kind === 'warning');
    assert.equal(modal?.text, 'Remove account Sandbox Bee?');
    assert.equal(modal?.modal, true);
    assert.ok(await ext.secrets.get(key));
    assert.equal(ext.accounts.all().length, 2);
    // Confirmed: the account, its secret and its apps are gone.
    ext.ui.answer('Remove Account');
    await vscode.commands.executeCommand('laafficPns.removeAccount', await nodeOf(accountB));
    assert.equal(await ext.secrets.get(key), undefined);
    assert.equal(ext.accounts.all().length, 1);
    assert.ok(!JSON.stringify(ext.globalState.get('laafficPns.accounts')).includes(accountB.id));
    const top = await waitFor('the single layout', async () => {
      const ns = await kids();
      return ns.length && ns[0].kind === 'app' ? ns : undefined;
    });
    assert.deepEqual(top.map((n) => String(ext.tree.getTreeItem(n).label)), ['Rides A', 'All apps', 'Numbers']);
    // The last account stays.
    ext.ui.reset();
    await vscode.commands.executeCommand('laafficPns.removeAccount');
    assert.equal(ext.accounts.all().length, 1);
    assert.equal(ext.ui.prompts.length, 0, 'nothing asked');
    accountB = undefined;
  });

  test('an in-memory account (addEphemeral) is shown with its own data and is never saved', async () => {
    let removed = 0;
    const demo = ext.accounts.addEphemeral({ name: 'Demo', baseUrl: sbB.url, apiKey: sbB.apiKey, apiSecret: sbB.apiSecret, apps: [{ appId: sbB.appIds[1], label: 'Demo app' }], onRemoved: () => void removed++ });
    try {
      assert.equal(demo.ephemeral, true);
      const node = await nodeOf(demo);
      assert.equal(ext.tree.getTreeItem(node).label, 'Demo');
      assert.equal(ext.tree.getTreeItem(node).contextValue, 'laafficPns.account.memory');
      const app = apps(await kids(node))[0];
      assert.deepEqual(ids(await listed(app)), sbB.bindings(sbB.appIds[1]).map((b) => b.bindId));
      assert.equal(await ext.secrets.get(SECRET_KEY(demo)), undefined, 'no secret stored');
      assert.ok(!JSON.stringify(ext.globalState.get('laafficPns.accounts')).includes(demo.id), 'not in the stored list');
      assert.equal((await mainAccount().credentials.get())?.apiKey, sbA.apiKey, 'the real credentials are untouched');
      // Remove Account from its node: asks, then it is gone and its owner is told.
      ext.ui.answer('Remove Account');
      await vscode.commands.executeCommand('laafficPns.removeAccount', node);
      assert.equal(removed, 1);
    } finally {
      if (ext.accounts.get(demo.id)) await ext.accounts.remove(demo);
    }
    assert.equal(ext.accounts.all().length, 1);
  });

  test('migration: the single-account layout (settings, old secret keys, host approvals) becomes one account on start, with nothing asked', async () => {
    // Lay out what version 0.1 stored: the key, secret and origin under the old keys, the host
    // approvals under the old key, no account list; the settings as they are (base URL, apps).
    await mainAccount().credentials.clear();
    await ext.secrets.store('laafficPns.apiKey', sbA.apiKey);
    await ext.secrets.store('laafficPns.apiSecret', sbA.apiSecret);
    await ext.secrets.store('laafficPns.origin', new URL(sbA.url).origin);
    await ext.globalState.update('laafficPns.hostApprovals', { 'https://old-proxy.example:8443': 'allow' });
    await ext.globalState.update('laafficPns.accounts', undefined);
    ext.ui.reset();
    const before = sbA.requestCount;

    await ext.accounts.reload(); // what activation does

    const [only] = ext.accounts.all();
    assert.equal(ext.accounts.all().length, 1);
    assert.equal(only.usesSettings, true);
    assert.equal(only.baseUrl(), sbA.url);
    assert.equal(only.approvals.get('https://old-proxy.example:8443'), 'allow', 'the approvals were kept');
    // The secret moved under the account's key; the old keys are gone.
    assert.deepEqual(JSON.parse((await ext.secrets.get(SECRET_KEY(only)))!), { apiKey: sbA.apiKey, apiSecret: sbA.apiSecret, origin: new URL(sbA.url).origin });
    for (const old of ['laafficPns.apiKey', 'laafficPns.apiSecret', 'laafficPns.origin']) assert.equal(await ext.secrets.get(old), undefined, old);
    assert.equal(ext.globalState.get('laafficPns.hostApprovals'), undefined);
    assert.deepEqual(ext.globalState.get('laafficPns.accounts'), { v: 1, accounts: [{ id: only.id, name: 'Main', settings: true, approvals: { 'https://old-proxy.example:8443': 'allow' } }] });
    // The tree works as before, with the moved credentials.
    ext.tree.refresh();
    const app = await waitFor('the app', async () => apps(await kids()).find((a) => a.appId === sbA.appIds[0]));
    const truth = (await served<{ bindId: string }>(sbA, '/number/pns/queryBindPage', { appId: sbA.appIds[0] })).map((r) => String(r.bindId));
    assert.deepEqual(ids(await listed(app)), truth);
    assert.ok(sbA.requests.slice(-(sbA.requestCount - before)).every((r) => String(r.status) === '0'), 'every request was accepted');
    assert.deepEqual(ext.ui.prompts, [], 'nothing was asked');
  });
});

suite('Accounts: Remove Account deletes the secret first', () => {
  test('when deleting its secret fails, the account stays listed and saved (never a secret without an account)', async () => {
    const ext = await activate();
    // The extension's own class over stores of this test: a globalState and a SecretStorage
    // whose delete can be made to fail (the real one cannot be).
    const data = new Map<string, unknown>();
    const memento = {
      keys: () => [...data.keys()],
      get: (k: string, d?: unknown) => (data.has(k) ? structuredClone(data.get(k)) : d),
      update: async (k: string, v: unknown) => void (v === undefined ? data.delete(k) : data.set(k, structuredClone(v))),
    } as unknown as vscode.Memento;
    const stored = new Map<string, string>();
    const changed = new vscode.EventEmitter<vscode.SecretStorageChangeEvent>();
    let failDelete = false;
    const secrets = {
      onDidChange: changed.event,
      keys: async () => [...stored.keys()],
      get: async (k: string) => stored.get(k),
      store: async (k: string, v: string) => void (stored.set(k, v), changed.fire({ key: k })),
      delete: async (k: string) => {
        if (failDelete) throw new Error('the keyring is locked');
        stored.delete(k);
        changed.fire({ key: k });
      },
    } as unknown as vscode.SecretStorage;
    const channel = vscode.window.createOutputChannel('Laaffic PNS remove-order test', { log: true });
    const settingsState = new SettingsState(channel);
    const accounts = new Accounts({ memento, secrets, settingsState, log: channel, ui: ext.ui });
    try {
      await accounts.ready;
      const bee = await accounts.add({ name: 'Bee', baseUrl: 'http://127.0.0.1:9/v3' }, { apiKey: 'key-of-bee', apiSecret: 'secret-of-bee', origin: 'http://127.0.0.1:9' });
      const key = `laafficPns.credentials.${bee.id}`;
      const listed = () => JSON.stringify(data.get('laafficPns.accounts') ?? null).includes(bee.id);
      assert.ok(stored.has(key) && listed());

      failDelete = true;
      await assert.rejects(accounts.remove(bee), /keyring is locked/);
      assert.ok(stored.has(key), 'the secret is still there');
      assert.ok(accounts.get(bee.id), 'so the account is still listed');
      assert.ok(listed(), 'and still saved');

      failDelete = false;
      await accounts.remove(bee);
      assert.equal(stored.has(key), false);
      assert.equal(accounts.get(bee.id), undefined);
      assert.equal(listed(), false);
    } finally {
      accounts.dispose();
      settingsState.dispose();
      changed.dispose();
      channel.dispose();
    }
  });
});
