// Find, filter, sort, Load all and export in a real VS Code, against the sandbox.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../support/testApi';
import { activate, clearCredentials, configure, resetSettings, setCredentials, sleep, waitFor } from './helpers';
import type { AppNode, BindingNode, Node } from '../../src/tree/nodes';
import { startSandbox, type Sandbox, type SandboxBinding } from '../../src/sandbox/main';
import { parseCsv } from '../unit/helpers/csv';

suite('Find, filter, sort, load all, export', () => {
  let sb: Sandbox;
  let ext: TestApi;
  let appA: string;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'laaffic-export-'));
  const truth = () => sb.bindings(appA);
  const appNode = async (id: string | undefined) => waitFor(`app ${id}`, async () => ((await ext.tree.getChildren()) as AppNode[]).find((a) => a.appId === id));
  const bindings = (ns: Node[]) => ns.filter((n): n is BindingNode => n.kind === 'binding');
  const matches = (b: SandboxBinding, digits: string) => [b.phoneA, b.phoneB, b.pnsNumberA, b.pnsNumberB, b.bindId].some((v) => v.includes(digits));

  /** Runs Find through the real quick pick (from the app's menu: the app is the argument); returns it once the search started. */
  async function find(app: AppNode, text: string): Promise<{ qp: vscode.QuickPick<vscode.QuickPickItem & { match?: { record: { bindId: string } } }>; done: Thenable<unknown> }> {
    let qp: unknown;
    const sub = ext.ui.onDidCreateQuickPick((q) => (qp = q));
    try {
      ext.ui.answer(text);
      const done = vscode.commands.executeCommand('laafficPns.findBinding', app);
      await waitFor('the quick pick', () => qp);
      return { qp: qp as never, done };
    } finally {
      sub.dispose();
    }
  }

  /** Runs Export from the app's menu: which bindings, then the file. */
  function exportTo(app: AppNode, which: 'all' | 'loaded', file: vscode.Uri): Thenable<{ count: number }> {
    ext.ui.answer(which === 'all' ? 'All bindings' : 'Loaded bindings only', file);
    return vscode.commands.executeCommand('laafficPns.exportBindings', app) as Thenable<{ count: number }>;
  }

  suiteSetup(async () => {
    sb = await startSandbox({ port: 0, seed: 21, bindingsPerApp: [640, 90] });
    appA = sb.appIds[0];
    ext = await activate();
    await configure(ext, { baseUrl: sb.url, pageSize: 50, apps: [{ appId: appA, label: 'Rides' }, { appId: sb.appIds[1], label: 'Food' }] });
    await setCredentials(sb.apiKey, sb.apiSecret);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('laafficPns.clearFilter');
    await vscode.commands.executeCommand('laafficPns.sortByVendorOrder');
    ext.details.panel?.dispose();
    await clearCredentials();
    await resetSettings(['baseUrl', 'pageSize', 'apps']);
    await sb.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  setup(() => {
    sb.setFaults(undefined);
    sb.setLatency(0);
  });

  test('Find Binding by Number streams every match into the quick pick; picking one opens its details and reveals it', async () => {
    await vscode.commands.executeCommand('laafficPns.bindings.focus');
    const loadedApp = await appNode(appA);
    await ext.treeView.reveal(loadedApp, { expand: true, focus: false, select: false });
    await waitFor('page 1 in the tree', async () => bindings(await ext.tree.getChildren(loadedApp)).length === 50);
    const target = truth()[13]; // on the loaded page, so picking it also reveals it in the tree
    const digits = target.phoneB.slice(-7);
    const typed = `+${digits.slice(0, 3)} ${digits.slice(3, 5)}-${digits.slice(5)}`; // odd formatting on purpose
    const expected = truth().filter((b) => matches(b, digits)).map((b) => b.bindId).sort();
    const { qp, done } = await find(await appNode(appA), typed);
    await waitFor('the search to finish', () => !qp.busy);
    const ids = qp.items.map((i) => i.match?.record.bindId).filter((x): x is string => !!x);
    assert.deepEqual([...ids].sort(), expected);
    assert.equal(new Set(ids).size, ids.length, 'a match listed twice');
    assert.match(qp.title ?? '', new RegExp(`${expected.length} found in 640 bindings`));
    const item = qp.items.find((i) => i.match?.record.bindId === target.bindId)!;
    // Setting the active item reaches the workbench asynchronously; accept only once it has
    // (otherwise "accept" may take another row on a busy machine).
    qp.activeItems = [item];
    await sleep(300);
    qp.activeItems = [item];
    await sleep(100);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await done;
    await waitFor('details of the picked binding', () => ext.details.lastRendered?.bindId === target.bindId);
    await waitFor('the binding selected in the tree', () => (ext.treeView.selection[0] as BindingNode | undefined)?.record?.bindId === target.bindId);
    // An export right after the search reuses its pages: no request at all.
    const before = sb.requestCount;
    const res = await exportTo(await appNode(appA), 'all', vscode.Uri.file(path.join(tmp, 'after-search.csv')));
    assert.equal(res.count, 640);
    assert.equal(sb.requestCount - before, 0, 'the export refetched pages the search had just read');
  });

  test('Find with -15 throttling and 5xx errors still finds exactly the matches', async () => {
    await vscode.commands.executeCommand('laafficPns.refresh'); // drop cached pages: fetch for real
    sb.setFaults({ rate: 0.5, kinds: ['status-15', 'http-503', 'http-429'] });
    const digits = truth()[10].pnsNumberA;
    const expected = truth().filter((b) => matches(b, digits)).map((b) => b.bindId).sort();
    const before = sb.requestCount;
    const { qp, done } = await find(await appNode(appA), digits);
    await waitFor('the search to finish', () => !qp.busy, 60_000);
    sb.setFaults(undefined);
    const ids = qp.items.map((i) => i.match?.record.bindId).filter((x): x is string => !!x).sort();
    assert.deepEqual(ids, expected, `${qp.title} / ${qp.items.map((i) => i.label).join(' | ')}`);
    assert.ok(Object.values(sb.faultCounts).reduce((a, b) => a + b, 0) > 0, `no fault was injected: ${JSON.stringify(sb.faultCounts)} ${sb.requestCount - before} requests`);
    qp.hide();
    await done;
  });

  test('closing the quick pick cancels the search: no more requests', async () => {
    await vscode.commands.executeCommand('laafficPns.refresh'); // drop cached pages: fetch for real
    sb.setLatency(150);
    const start = sb.requestCount;
    const { qp, done } = await find(await appNode(appA), '999');
    await waitFor('the search to be under way', () => sb.requestCount - start >= 2);
    qp.hide();
    await done;
    const after = sb.requestCount;
    await new Promise((r) => setTimeout(r, 600));
    assert.ok(sb.requestCount - after <= ext.settings().searchConcurrency, `requests went on after cancel: ${sb.requestCount - after}`);
    const settled = sb.requestCount;
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(sb.requestCount, settled, 'requests still being made');
  });

  test('commands read only what menus pass: any other argument is ignored and the user is asked', async () => {
    const before = ext.ui.prompts.length;
    ext.ui.answer(undefined, undefined); // Esc at the first question of each
    await vscode.commands.executeCommand('laafficPns.findBinding', '12345');
    await vscode.commands.executeCommand('laafficPns.filter', '12345', ['expired']);
    const asked = ext.ui.prompts.slice(before);
    assert.deepEqual(asked.map((p) => [p.kind, p.text]), [
      ['inputBox', 'Laaffic PNS: Find Binding by Number'],
      ['inputBox', 'Laaffic PNS: Filter Loaded Bindings (1/2)'],
    ]);
    assert.equal(ext.treeView.description, undefined, 'no filter was set');
  });

  test('Filter by number and state shows only matching loaded bindings, in the view description too', async () => {
    const app = await appNode(appA);
    const loaded = bindings(await ext.tree.getChildren(app));
    assert.equal(loaded.length, 50);
    const digits = loaded[4].record.phoneA.slice(2, 6);
    ext.ui.answer(digits, []); // the digits; no state ticked
    await vscode.commands.executeCommand('laafficPns.filter');
    const shown = bindings(await ext.tree.getChildren(app));
    const want = loaded.filter((b) => [b.record.phoneA, b.record.phoneB, b.record.pnsNumberA, b.record.pnsNumberB, b.record.bindId].some((v) => v.includes(digits)));
    assert.deepEqual(shown.map((b) => b.record.bindId), want.map((b) => b.record.bindId));
    assert.match(String(ext.treeView.description), new RegExp(`Filter: “${digits}”`));
    ext.ui.answer('', ['Expired']);
    await vscode.commands.executeCommand('laafficPns.filter');
    const expired = bindings(await ext.tree.getChildren(app));
    assert.ok(expired.length > 0 && expired.every((b) => (b.record.expiresAt ?? Infinity) <= Date.now()));
    assert.match(String(ext.treeView.description), /Filter: expired/);
    await vscode.commands.executeCommand('laafficPns.clearFilter');
    assert.equal(bindings(await ext.tree.getChildren(app)).length, 50);
    assert.equal(ext.treeView.description, undefined);
  });

  test('Sort by expiry puts the soonest first; back to the vendor order', async () => {
    const app = await appNode(appA);
    const vendor = bindings(await ext.tree.getChildren(app)).map((b) => b.record.bindId);
    await vscode.commands.executeCommand('laafficPns.sortByExpiry');
    const sorted = bindings(await ext.tree.getChildren(app)).map((b) => b.record.expiresAt ?? Infinity);
    assert.deepEqual(sorted, [...sorted].sort((a, b) => a - b));
    await vscode.commands.executeCommand('laafficPns.sortByVendorOrder');
    assert.deepEqual(bindings(await ext.tree.getChildren(app)).map((b) => b.record.bindId), vendor);
  });

  test('Load all loads every binding once, then export reuses the cached pages', async () => {
    const app = await appNode(appA);
    await vscode.commands.executeCommand('laafficPns.loadAll', app);
    const kids = await ext.tree.getChildren(app);
    assert.deepEqual(bindings(kids).map((b) => b.record.bindId), truth().map((b) => b.bindId));
    assert.equal(kids.some((k) => k.kind === 'loadMore'), false);
    assert.equal(ext.tree.getTreeItem(app).description, '640 of 640');

    const before = sb.requestCount;
    const file = vscode.Uri.file(path.join(tmp, 'rides.csv'));
    const res = await exportTo(app, 'all', file);
    assert.equal(res.count, 640);
    assert.equal(sb.requestCount - before, 0, 'the export fetched pages the cache had');
    const rows = parseCsv(fs.readFileSync(file.fsPath, 'utf8').replace(/^\uFEFF/, ''));
    const header = rows[0];
    for (const col of ['bindId', 'phoneA', 'phoneB', 'pnsNumberA', 'pnsNumberB', 'expireTime', 'state']) assert.ok(header.includes(col), `no ${col} column`);
    assert.equal(rows.length, 641);
    const idCol = header.indexOf('bindId');
    const phoneCol = header.indexOf('phoneB');
    assert.deepEqual(rows.slice(1).map((r) => r[idCol]), truth().map((b) => b.bindId));
    assert.deepEqual(rows.slice(1).map((r) => r[phoneCol]), truth().map((b) => b.phoneB));
  });

  test('Load All stops at laafficPns.loadAllMaxBindings; Export still streams every binding to the file', async () => {
    await configure(ext, { loadAllMaxBindings: 100 });
    try {
      const app = await appNode(appA);
      await vscode.commands.executeCommand('laafficPns.loadAll', app);
      const kids = await ext.tree.getChildren(app);
      assert.deepEqual(bindings(kids).map((b) => b.record.bindId), truth().slice(0, 100).map((b) => b.bindId));
      assert.equal(ext.tree.getTreeItem(app).description, '100 of 640');
      // The app holds no more than that: no Load more, but a line that says why (Find or Export read the rest).
      assert.equal(kids.some((k) => k.kind === 'loadMore'), false, 'Load more is offered past the cap');
      assert.ok(kids.some((k) => k.kind === 'message' && /the most one app holds/.test((k as { label: string }).label)), 'the tree does not say why it stopped');
      const file = vscode.Uri.file(path.join(tmp, 'all-rides.json'));
      const res = await exportTo(app, 'all', file);
      assert.equal(res.count, 640);
      const rows = JSON.parse(fs.readFileSync(file.fsPath, 'utf8')) as Array<{ bindId: string }>;
      assert.deepEqual(rows.map((r) => r.bindId), truth().map((b) => b.bindId));
      assert.deepEqual(fs.readdirSync(tmp).filter((f) => f.endsWith('.part')), [], 'a temporary file was left behind');
    } finally {
      await resetSettings(['loadAllMaxBindings']);
      await vscode.commands.executeCommand('laafficPns.refresh');
    }
  });

  test('export to JSON of what is loaded writes exactly those bindings', async () => {
    const app = await appNode(sb.appIds[1]);
    const loaded = bindings(await ext.tree.getChildren(app));
    const file = vscode.Uri.file(path.join(tmp, 'food.json'));
    const res = await exportTo(app, 'loaded', file);
    assert.equal(res.count, loaded.length);
    const data = JSON.parse(fs.readFileSync(file.fsPath, 'utf8')) as Array<{ bindId: string; phoneA: string }>;
    assert.deepEqual(data.map((d) => d.bindId), loaded.map((b) => b.record.bindId));
    assert.deepEqual(data.map((d) => d.phoneA), loaded.map((b) => b.record.phoneA));
  });
});
