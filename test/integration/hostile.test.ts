// What a hostile or broken server can send, in the real VS Code over real HTTP (a loopback server
// that answers queryBindPage as each test says): a record nested 10,000 levels deep is listed and
// its details open; an app holds at most laafficPns.loadAllMaxBindings bindings and says so; Find
// stops at 10,000 matches and says so in its quick pick.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../support/testApi';
import type { AppNode, BindingNode, LoadMoreNode, MessageNode, Node } from '../../src/tree/nodes';
import { envelope, json, startRawServer, vendorRecord, type RawServer } from '../unit/helpers/rawServer';
import { activate, clearCredentials, configure, resetSettings, setCredentials, sleep, waitFor } from './helpers';

const APP = 'hostileApp';
const DEEP = 10_000;

suite('Hostile server', () => {
  let raw: RawServer;
  let ext: TestApi;
  /** The text of the page asked for (current, size). */
  let serve: (q: { current: number; size: number }) => string;
  const pageOf = (list: Record<string, unknown>[]) => (q: { current: number; size: number }) =>
    JSON.stringify(envelope({ total: list.length, size: q.size, current: q.current, records: list.slice((q.current - 1) * q.size, q.current * q.size) }));
  const pageRequests = () => raw.requests.filter((r) => r.url.endsWith('/number/pns/queryBindPage')).length;
  const appNode = () => waitFor('the app', async () => ((await ext.tree.getChildren()) as AppNode[]).find((a) => a.appId === APP));
  const bindings = (ns: Node[]) => ns.filter((n): n is BindingNode => n.kind === 'binding');
  /** The app's children once its first page is in (a fresh model after refresh). */
  const freshChildren = async () => {
    ext.tree.refresh();
    const app = await appNode();
    return { app, kids: await waitFor('the first page', async () => ((await ext.tree.getChildren(app)).some((n) => n.kind === 'binding') ? ext.tree.getChildren(app) : undefined)) };
  };

  suiteSetup(async () => {
    raw = await startRawServer((req, res) => {
      if (req.url.endsWith('/number/pns/queryBindPage')) return json(res, serve(JSON.parse(req.body) as { current: number; size: number }));
      json(res, envelope(null));
    });
    serve = pageOf([]);
    ext = await activate();
    await configure(ext, { baseUrl: raw.url, pageSize: 50, apps: [{ appId: APP, label: 'Hostile' }] });
    await setCredentials('hostile-key', 'hostile-secret-8k2');
    await vscode.commands.executeCommand('laafficPns.bindings.focus');
  });

  suiteTeardown(async () => {
    ext.details.panel?.dispose();
    await clearCredentials();
    await resetSettings(['baseUrl', 'pageSize', 'apps', 'loadAllMaxBindings']);
    await raw.close();
  });

  test('a record nested 10,000 levels deep is listed, and its details open with the raw JSON cut at 64 levels', async () => {
    const deep = JSON.stringify(envelope({ total: 2, records: [vendorRecord(0), vendorRecord(1, { extra: '@DEEP@' })] }));
    serve = () => deep.replace('"@DEEP@"', '['.repeat(DEEP) + ']'.repeat(DEEP)); // text: JSON.stringify could not write it
    const { kids } = await freshChildren();
    const shown = bindings(kids);
    assert.deepEqual(shown.map((b) => b.record.bindId), ['1000', '1001']);
    await vscode.commands.executeCommand('laafficPns.showBindingDetails', shown[1]);
    const r = await waitFor('the panel to render the deep binding', () => (ext.details.lastRendered?.bindId === '1001' ? ext.details.lastRendered : undefined));
    assert.equal(r.state, 'binding');
    const sent = ext.details.posted.filter((m) => m.type === 'show').pop() as { binding: { rawJson: string } } | undefined;
    assert.ok(sent, 'no binding was posted to the page');
    const extra = (JSON.parse(sent.binding.rawJson) as { extra: unknown }).extra;
    // The record is level 1: its `extra` keeps levels 2..64, the 65th is the placeholder.
    assert.equal(JSON.stringify(extra), `${'['.repeat(63)}"… nested too deep"${']'.repeat(63)}`);
    ext.details.panel?.dispose();
  });

  test('an app holds at most laafficPns.loadAllMaxBindings bindings: Load more stops there and the tree says so', async () => {
    const list = Array.from({ length: 250 }, (_, i) => vendorRecord(i));
    serve = pageOf(list);
    await configure(ext, { loadAllMaxBindings: 100, pageSize: 30 });
    try {
      let { app, kids } = await freshChildren();
      for (let i = 0; i < 3; i++) {
        const more = kids.find((n): n is LoadMoreNode => n.kind === 'loadMore');
        assert.ok(more, `no Load more after ${bindings(kids).length} bindings`);
        await vscode.commands.executeCommand('laafficPns.loadMore', more);
        kids = await ext.tree.getChildren(app);
      }
      // Pages of 30: the fourth brings it to 120, of which the first 100 are kept.
      assert.deepEqual(bindings(kids).map((b) => b.record.bindId), list.slice(0, 100).map((r) => String(r.bindId)));
      assert.equal(kids.some((n) => n.kind === 'loadMore'), false, 'Load more is still offered');
      const note = kids.find((n): n is MessageNode => n.kind === 'message');
      assert.ok(note, 'the tree does not say why it stopped');
      assert.match(note.label, /The first 100 bindings are loaded, the most one app holds \(laafficPns\.loadAllMaxBindings\)/);
      const asked = pageRequests();
      app = await appNode();
      await vscode.commands.executeCommand('laafficPns.loadAll', app);
      assert.equal(bindings(await ext.tree.getChildren(app)).length, 100, 'Load All went past the cap');
      assert.ok(pageRequests() - asked <= 2, 'Load All read more pages than the cap needs');
    } finally {
      await resetSettings(['loadAllMaxBindings']);
      await configure(ext, { pageSize: 50 });
    }
  });

  test('Find stops at 10,000 matches and its quick pick says that only those are shown', async () => {
    // 25,000 bindings of one phone A: every one matches an exact search for it.
    const list = Array.from({ length: 25_000 }, (_, i) => vendorRecord(i, { phoneA: '915550001234' }));
    serve = pageOf(list);
    const app = await appNode();
    let qp: vscode.QuickPick<vscode.QuickPickItem> | undefined;
    const sub = ext.ui.onDidCreateQuickPick((q) => (qp = q));
    const before = pageRequests();
    try {
      ext.ui.answer('+91 555 000 1234');
      const done = vscode.commands.executeCommand('laafficPns.findBinding', app);
      const pick = await waitFor('the quick pick', () => qp);
      await waitFor('the search to end', () => !pick.busy, 60_000);
      assert.match(pick.title ?? '', /the first 10,000 matches/);
      assert.match(pick.placeholder ?? '', /Only the first 10,000 matches are shown: narrow the search/);
      assert.equal(pick.items.length, 10_000);
      await sleep(300);
      const asked = pageRequests() - before;
      assert.ok(asked >= 100 && asked <= 100 + 16, `${asked} pages were read for 10,000 matches at 100 a page`);
      pick.hide();
      await done;
    } finally {
      sub.dispose();
    }
  });
});
