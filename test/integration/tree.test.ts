// The bindings explorer in a real VS Code, against the project's sandbox over real HTTP.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Prompt, TestApi } from '../support/testApi';
import { activate, cfg, clearCredentials, configure as configureFor, extensionLog, resetSettings, setCredentials, waitFor } from './helpers';
import type { Node, AppNode, BindingNode, LoadMoreNode, MessageNode } from '../../src/tree/nodes';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';



suite('Bindings explorer', () => {
  let sb: Sandbox;
  let ext: TestApi;
  let appA: string;

  const roots = async () => (await ext.tree.getChildren()).filter((n): n is AppNode => n.kind === 'app');
  const appNode = async (id: string | undefined) => waitFor(`app node ${id}`, async () => (await roots()).find((a) => a.appId === id));
  const children = (n: Node) => ext.tree.getChildren(n);
  const bindings = (ns: Node[]) => ns.filter((n): n is BindingNode => n.kind === 'binding');
  const messages = (ns: Node[]) => ns.filter((n): n is MessageNode => n.kind === 'message');

  const configure = (values: Record<string, unknown>) => configureFor(ext, values);

  suiteSetup(async () => {
    sb = await startSandbox({ port: 0, seed: 11, bindingsPerApp: [237, 0, 1200] });
    ext = await activate();
    appA = sb.appIds[0];
    await configure({ baseUrl: sb.url, pageSize: 50, timeoutSeconds: 15, apps: [{ appId: appA, label: 'Rides' }, { appId: sb.appIds[1] }] });
    await setCredentials(sb.apiKey, sb.apiSecret);
    await vscode.commands.executeCommand('laafficPns.bindings.focus');
  });

  suiteTeardown(async () => {
    await clearCredentials();
    await resetSettings(['baseUrl', 'pageSize', 'timeoutSeconds', 'apps']);
    await sb.close();
  });

  setup(() => {
    sb.setFaults(undefined);
    ext.tree.refresh();
  });

  test('roots are the configured apps and "All apps"', async () => {
    const r = await waitFor('roots', async () => ((await roots()).length === 3 ? roots() : undefined));
    assert.deepEqual(r.map((a) => a.label), ['Rides', sb.appIds[1], 'All apps']);
    assert.deepEqual(r.map((a) => a.appId), [appA, sb.appIds[1], undefined]);
  });

  test('expanding an app in the view requests page 1 once, and shows 50 bindings and Load more', async () => {
    const app = await appNode(appA);
    const before = sb.requestCount;
    await ext.treeView.reveal(app, { expand: true, focus: false, select: false });
    const kids = await waitFor('page 1', async () => {
      const k = await children(app);
      return bindings(k).length ? k : undefined;
    });
    assert.equal(sb.requestCount - before, 1, 'exactly one request for page 1, no prefetch');
    const req = sb.requests[sb.requests.length - 1];
    assert.equal(req.path, '/v3/number/pns/queryBindPage');
    const truth = sb.bindings(appA);
    assert.deepEqual(bindings(kids).map((b) => b.record.bindId), truth.slice(0, 50).map((b) => b.bindId));
    const more = kids[kids.length - 1] as LoadMoreNode;
    assert.equal(more.kind, 'loadMore');
    assert.equal(more.loaded, 50);
    assert.equal(more.total, 237);
    const item = ext.tree.getTreeItem(app);
    assert.equal(item.description, '50 of 237');
    const moreItem = ext.tree.getTreeItem(more);
    assert.equal(moreItem.label, 'Load more (50 of 237)');
  });

  test('a binding node shows numbers, middle numbers, expiry and state', async () => {
    const app = await appNode(appA);
    const [b] = bindings(await children(app));
    const item = ext.tree.getTreeItem(b);
    // The numbers in international format: '+', the same digits, in groups.
    const [shownA, shownB] = String(item.label).split(' ↔ ');
    for (const [shown, digits] of [[shownA, b.record.phoneA], [shownB, b.record.phoneB]]) {
      assert.match(shown, /^\+\d{1,3}( \d+)+$/);
      assert.equal(shown.replace(/\D/g, ''), digits);
    }
    // Only the expiry beside the numbers (a narrow side bar still shows it); the middle number is in the tooltip.
    assert.match(String(item.description), /^((in \d+ (d|h|min|s)( \d+ (h|min|s))?)|(expired \d+ (d|h|min|s)( \d+ (h|min|s))? ago)|(expiry unknown))$/, String(item.description));
    assert.equal(item.contextValue, 'laafficPns.binding');
    assert.equal(item.id, `app:${appA}/b:${b.record.bindId}`);
    assert.equal(item.command?.command, 'laafficPns.showBindingDetails');
    // The values are added as escaped text (spaces as &nbsp;, markdown characters backslashed).
    const tip = (item.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
    assert.ok(tip.includes(b.record.expireTime), `tooltip lacks ${b.record.expireTime}`);
    // Numbers in international format (spaces between the groups).
    for (const v of [b.record.phoneA, b.record.phoneB, b.record.pnsNumberA, b.record.pnsNumberB]) assert.ok(tip.replace(/ /g, '').includes(`+${v}`), `tooltip lacks ${v}`);
  });

  test('Load more appends the next page, once even when clicked twice', async () => {
    const app = await appNode(appA);
    await children(app);
    const before = sb.requestCount;
    const more = (await children(app)).find((n): n is LoadMoreNode => n.kind === 'loadMore');
    assert.ok(more);
    await Promise.all([vscode.commands.executeCommand('laafficPns.loadMore', more), vscode.commands.executeCommand('laafficPns.loadMore', more)]);
    assert.equal(sb.requestCount - before, 1);
    const kids = await children(app);
    assert.deepEqual(bindings(kids).map((b) => b.record.bindId), sb.bindings(appA).slice(0, 100).map((b) => b.bindId));
    assert.equal(ext.tree.getTreeItem(app).description, '100 of 237');
    // Walk to the end: no Load more after the last page, and every binding exactly once.
    for (let i = 0; i < 3; i++) {
      const m = (await children(app)).find((n): n is LoadMoreNode => n.kind === 'loadMore');
      assert.ok(m, `Load more missing after ${bindings(await children(app)).length}`);
      await vscode.commands.executeCommand('laafficPns.loadMore', m);
    }
    const all = await children(app);
    assert.equal(all.some((n) => n.kind === 'loadMore'), false);
    assert.deepEqual(bindings(all).map((b) => b.record.bindId), sb.bindings(appA).map((b) => b.bindId));
  });

  test('an app without bindings says so', async () => {
    const kids = await children(await appNode(sb.appIds[1]));
    assert.deepEqual(messages(kids).map((m) => m.label), ['No bindings in this app']);
  });

  test('"All apps" queries without an app id', async () => {
    const kids = await children(await appNode(undefined));
    const body = sb.requests[sb.requests.length - 1];
    assert.equal(body.path, '/v3/number/pns/queryBindPage');
    assert.equal(bindings(kids).length, 50);
    assert.equal(ext.tree.getTreeItem(await appNode(undefined)).description, `50 of ${(237 + 1200).toLocaleString('en-US')}`);
  });

  test('copy actions put the exact value on the clipboard', async () => {
    const [b] = bindings(await children(await appNode(appA)));
    const cases: Array<[string, string]> = [
      ['laafficPns.copyPhoneA', b.record.phoneA],
      ['laafficPns.copyPhoneB', b.record.phoneB],
      ['laafficPns.copyPnsNumberA', b.record.pnsNumberA],
      ['laafficPns.copyPnsNumberB', b.record.pnsNumberB],
      ['laafficPns.copyBindId', b.record.bindId],
    ];
    for (const [cmd, value] of cases) {
      await vscode.env.clipboard.writeText('sentinel');
      await vscode.commands.executeCommand(cmd, b);
      assert.equal(await vscode.env.clipboard.readText(), value, cmd);
    }
  });

  test('Copy Number… without a node asks for a binding, then a number', async () => {
    const kids = bindings(await children(await appNode(appA)));
    const target = kids[3].record;
    const asked = ext.ui.prompts.length;
    type Item = vscode.QuickPickItem & { record?: { bindId: string } };
    ext.ui.answer(
      (p: Prompt) => (p.items as Item[]).find((i) => i.record?.bindId === target.bindId),
      (p: Prompt) => p.items!.find((i) => i.label.replace(/ /g, '') === `+${target.phoneB}`),
    );
    await vscode.commands.executeCommand('laafficPns.copyNumber');
    const calls = ext.ui.prompts.length - asked;
    assert.equal(calls, 2);
    assert.equal(await vscode.env.clipboard.readText(), target.phoneB);
  });

  test('a vendor error shows an error node with Retry, and Retry recovers', async () => {
    sb.setFaults({ rate: 1, kinds: ['status-18'] });
    const app = await appNode(appA);
    const kids = await children(app);
    const [err] = messages(kids);
    assert.ok(err, 'no error node');
    assert.equal(err.severity, 'error');
    assert.match(err.label, /-18/);
    assert.equal(ext.tree.getTreeItem(err).contextValue, 'laafficPns.error');
    assert.equal(ext.tree.getTreeItem(err).command?.command, 'laafficPns.retry');
    sb.setFaults(undefined);
    await vscode.commands.executeCommand('laafficPns.retry', err);
    const after = await waitFor('bindings after retry', async () => {
      const k = await children(app);
      return bindings(k).length === 50 ? k : undefined;
    });
    assert.equal(messages(after).length, 0);
  });

  test('each automatic retry is logged', async () => {
    sb.setFaults({ rate: 1, kinds: ['http-503'] });
    try {
      const [m] = messages(await children(await appNode(appA)));
      assert.match(m.label, /503/);
      assert.match(m.label, /gave up after 3 attempts/);
    } finally {
      sb.setFaults(undefined);
    }
    // The output channel reaches its file asynchronously: wait for the lines.
    await waitFor('the retries in the log', () => /Retrying \/number\/pns\/queryBindPage in \d+ ms \(retry 2 of 2\) after PnsTransportError\(http 503\)/.test(extensionLog(ext)));
    assert.match(extensionLog(ext), /Retrying \/number\/pns\/queryBindPage in \d+ ms \(retry 1 of 2\) after PnsTransportError\(http 503\)/);
  });

  test('a skewed server clock (-16) is corrected once, logged, and kept', async () => {
    sb.setClockSkew(-600);
    try {
      const before = sb.requestCount;
      assert.equal(bindings(await children(await appNode(appA))).length, 50);
      const statuses = sb.requests.slice(before - sb.requestCount).map((r) => r.status);
      assert.deepEqual(statuses, ['-16', '0']);
      await waitFor('the clock correction in the log', () => /Laaffic's clock is (599|600|601) s behind this computer's; Timestamps are corrected/.test(extensionLog(ext)));
      ext.tree.refresh();
      const again = sb.requestCount;
      assert.equal(bindings(await children(await appNode(appA))).length, 50);
      assert.deepEqual(sb.requests.slice(again - sb.requestCount).map((r) => r.status), ['0'], 'the correction was not kept');
    } finally {
      sb.setClockSkew(0);
      await vscode.commands.executeCommand('laafficPns.refresh');
    }
  });

  test('a failing Load more keeps what was loaded and retries the next page', async () => {
    const app = await appNode(appA);
    await children(app);
    sb.setFaults({ rate: 1, kinds: ['http-502-html'] });
    const more = (await children(app)).find((n): n is LoadMoreNode => n.kind === 'loadMore');
    await vscode.commands.executeCommand('laafficPns.loadMore', more);
    let kids = await children(app);
    assert.equal(bindings(kids).length, 50);
    assert.match(messages(kids)[0].label, /502/);
    sb.setFaults(undefined);
    await vscode.commands.executeCommand('laafficPns.retry', messages(kids)[0]);
    kids = await children(app);
    assert.deepEqual(bindings(kids).map((b) => b.record.bindId), sb.bindings(appA).slice(0, 100).map((b) => b.bindId));
  });

  test('wrong credentials show the authentication hint and "Set credentials…"', async () => {
    await setCredentials(sb.apiKey, 'not-the-secret');
    try {
      const kids = await waitFor('auth error', async () => {
        const k = messages(await children(await appNode(appA)));
        return k.length ? k : undefined;
      });
      assert.match(kids[0].label, /Authentication failed \(status -1/);
      assert.equal(kids[1].command?.command, 'laafficPns.setCredentials');
    } finally {
      await setCredentials(sb.apiKey, sb.apiSecret);
    }
  });

  test('an unreachable server and a timeout show "Cannot reach" with Retry', async () => {
    const closed = "http://127.0.0.1:1/v3"; // nothing listens on port 1
    await configure({ baseUrl: closed });
    try {
      const [m] = messages(await children(await appNode(appA)));
      assert.equal(m.label, 'Cannot reach 127.0.0.1:1');
      assert.equal(m.command?.command, 'laafficPns.retry');
      await configure({ baseUrl: sb.url, timeoutSeconds: 1 });
      sb.setFaults({ rate: 1, kinds: ['hang'] });
      const [t] = messages(await children(await appNode(appA)));
      assert.equal(t.label, `Cannot reach ${sb.host}:${sb.port}`);
      assert.match(t.detail, /within 1 s/);
    } finally {
      sb.setFaults(undefined);
      await configure({ baseUrl: sb.url, timeoutSeconds: 15 });
    }
  });

  test('a bad base URL setting shows the problem and "Open settings…"', async () => {
    await configure({ baseUrl: 'http://example.com/v3' });
    try {
      const [m, fix] = messages(await children(await appNode(appA)));
      assert.match(m.label, /Refusing to send credentials over plain http/);
      assert.equal(fix.command?.command, 'workbench.action.openSettings');
    } finally {
      await configure({ baseUrl: sb.url });
    }
  });

  test('a settings change reloads the tree with the new page size', async () => {
    await configure({ pageSize: 20 });
    try {
      const kids = await children(await appNode(appA));
      assert.equal(bindings(kids).length, 20);
    } finally {
      await configure({ pageSize: 50 });
    }
  });

  test('one Set Credentials is one change: the connection and the tree reload once', async () => {
    const count = () => (extensionLog(ext).match(/Credentials changed: reloading the tree\./g) ?? []).length;
    const before = count();
    await setCredentials(sb.apiKey, sb.apiSecret);
    await waitFor('the change in the log', () => count() > before);
    await new Promise((r) => setTimeout(r, 500)); // SecretStorage's per-value events have arrived by now
    assert.equal(count() - before, 1);
  });

  test('credentials round-trip through SecretStorage and never reach settings or the log', async () => {
    await clearCredentials();
    await waitFor('empty tree without credentials', async () => (await roots()).length === 0);
    assert.equal(ext.tree.hasCredentials, false);
    await setCredentials(sb.apiKey, sb.apiSecret);
    await waitFor('tree back with credentials', async () => (await roots()).length === 3);
    const kids = await children(await appNode(appA));
    assert.equal(bindings(kids).length, 50);
    // The request carried the stored key (the sandbox checked the signature made with the secret).
    assert.equal(sb.requests[sb.requests.length - 1].status, '0');
    // Nothing the extension writes may contain the secret: no setting in any scope, and no
    // file on the extension host's side (logs, state, settings) under the user-data folder.
    for (const key of Object.keys(ext.settings())) {
      const seen = JSON.stringify(cfg().inspect(key) ?? {});
      assert.ok(!seen.includes(sb.apiSecret) && !seen.includes(sb.apiKey), `laafficPns.${key} holds a credential`);
    }
    const userData = path.resolve(ext.globalStorageUri.fsPath, '..', '..', '..');
    const hits: string[] = [];
    let ourLog = '';
    const scan = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) scan(p);
        else if (e.isFile() && fs.statSync(p).size < 20_000_000) {
          const text = fs.readFileSync(p, 'latin1');
          if (text.includes(sb.apiSecret)) hits.push(p);
          if (text.includes('Credentials saved to secret storage')) ourLog = p;
        }
      }
    };
    scan(userData);
    assert.deepEqual(hits, [], `the secret was written to ${hits.join(', ')}`);
    // The scan did cover the output channel's log file (so an empty result means something).
    assert.ok(ourLog, `the extension's log file is not under ${userData}`);
    assert.match(fs.readFileSync(ourLog, 'utf8'), /POST \/number\/pns\/queryBindPage → HTTP 200, status 0 \(\d+ ms\)/);
  });
});
