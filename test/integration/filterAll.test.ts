// Filter All Pages in a real VS Code, against the sandbox over real HTTP: every page of an app
// through the tree filter, its exact count, Cancel, a failing page with Retry, the way back to the
// pages, and Export of the bindings the filter shows.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../support/testApi';
import { activate, clearCredentials, configure, resetSettings, setCredentials, sleep, waitFor } from './helpers';
import type { AppNode, BindingNode, MessageNode, Node } from '../../src/tree/nodes';
import { startSandbox, type Sandbox, type SandboxBinding } from '../../src/sandbox/main';
import { parseCsv } from '../unit/helpers/csv';

suite('Filter All Pages', () => {
  const SIZE = 2000;
  let sb: Sandbox;
  let ext: TestApi;
  let appA: string;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'laaffic-filter-all-'));
  const truth = () => sb.bindings(appA);
  const appNode = async () => waitFor('the app node', async () => ((await ext.tree.getChildren()) as AppNode[]).find((a) => a.appId === appA));
  const kids = async () => (await ext.tree.getChildren(await appNode())) as Node[];
  const bindings = (ns: Node[]) => ns.filter((n): n is BindingNode => n.kind === 'binding');
  const messages = (ns: Node[]) => ns.filter((n): n is MessageNode => n.kind === 'message');
  const ids = (ns: Node[]) => bindings(ns).map((b) => b.record.bindId);
  const description = async () => String(ext.tree.getTreeItem(await appNode()).description);
  const en = (n: number) => n.toLocaleString('en-US');
  /** The app's bindings now (a test unbinds one). */
  const total = () => sb.bindingCount(appA);
  const count = (n: number) => (n === 1 ? '1 match' : `${en(n)} matches`);
  /** The test's own reading of the filter: digits contained in a number or the bind id (partial matching). */
  const hasDigits = (b: SandboxBinding, digits: string) => [b.phoneA, b.phoneB, b.pnsNumberA, b.pnsNumberB, b.bindId].some((v) => v.replace(/\D/g, '').includes(digits));
  const expiredIds = () => truth().filter((b) => b.expiresAt <= Date.now()).map((b) => b.bindId);
  const pageRequests = () => sb.requests.filter((r) => r.path === '/v3/number/pns/queryBindPage').length;

  /** Filter All Pages from the app's menu: the filter's two steps answered, then every page. */
  async function filterAll(digits: string, states: string[]): Promise<void> {
    ext.ui.answer(digits, states);
    await vscode.commands.executeCommand('laafficPns.filterAllPages', await appNode());
  }

  /** A row's command, run as a click on it runs it. */
  function click(n: MessageNode): Thenable<unknown> {
    assert.ok(n.command, `"${n.label}" has no command`);
    return vscode.commands.executeCommand(n.command.command, ...(n.command.arguments ?? []));
  }

  suiteSetup(async () => {
    sb = await startSandbox({ port: 0, seed: 29, bindingsPerApp: [SIZE, 40] });
    appA = sb.appIds[0];
    ext = await activate();
    await configure(ext, { baseUrl: sb.url, pageSize: 50, searchMatch: 'partial', apps: [{ appId: appA, label: 'Rides' }] });
    await setCredentials(sb.apiKey, sb.apiSecret);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('laafficPns.clearFilter');
    await clearCredentials();
    await resetSettings(['baseUrl', 'pageSize', 'searchMatch', 'apps', 'loadAllMaxBindings']);
    await sb.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  setup(async () => {
    sb.setFaults(undefined);
    sb.setLatency(0);
    await vscode.commands.executeCommand('laafficPns.clearFilter');
    // Forgets the pages read (the page cache too): each test reads for real.
    await vscode.commands.executeCommand('laafficPns.refresh');
    ext.ui.reset();
  });

  test('a state filter (expired): the app lists exactly the expired bindings of every page, with their exact count', async () => {
    assert.equal(bindings(await kids()).length, 50, 'page 1 is loaded');
    const before = expiredIds();
    await filterAll('', ['Expired']);
    const after = expiredIds();
    const shown = ids(await kids());
    // A binding may expire while the test runs: every one expired before is listed, none that was not expired after.
    assert.ok(before.length > 0 && before.some((id) => !truth().slice(0, 50).some((b) => b.bindId === id)), 'no expired binding past page 1: the test would not see the other pages');
    for (const id of before) assert.ok(shown.includes(id), `expired binding ${id} is missing`);
    for (const id of shown) assert.ok(after.includes(id), `${id} is listed but not expired`);
    // In the vendor's order, each once.
    assert.deepEqual(shown, truth().map((b) => b.bindId).filter((id) => shown.includes(id)));
    assert.equal(await description(), `${count(shown.length)} in ${en(total())} bindings`);
    assert.ok(messages(await kids()).some((m) => m.label === `${count(shown.length)} in all ${en(total())} bindings`), messages(await kids()).map((m) => m.label).join(' | '));
    // The message at the top of the tree no longer says only the loaded pages are filtered.
    assert.match(ext.treeView.message ?? '', /^Showing bindings that match expired: every page of an app filtered across all pages/);
  });

  test('while it reads, the app lists at most the first 500 matches; at the end all of them', async () => {
    const want = truth().filter((b) => b.expiresAt > Date.now()).length;
    assert.ok(want > 600, `only ${want} bindings not expired: the test would prove nothing`);
    sb.setLatency(150);
    ext.ui.answer('', ['Active', 'Expiring soon']);
    const run = vscode.commands.executeCommand('laafficPns.filterAllPages', await appNode());
    let most = 0;
    // The description while it reads: "filtering… page x of y · N matches".
    await waitFor('more than 500 matches found while reading', async () => {
      most = Math.max(most, bindings(await kids()).length);
      const d = await description();
      const m = /· ([\d,]+) matches$/.exec(d);
      return !!m && Number(m[1].replace(/,/g, '')) > 500 && d.startsWith('filtering…');
    }, 30_000);
    most = Math.max(most, bindings(await kids()).length);
    assert.ok(most <= 500, `${most} rows listed while reading`);
    await run;
    const end = bindings(await kids()).length;
    assert.ok(end > 500 && Math.abs(end - want) <= 5, `${end} rows at the end, ${want} bindings not expired`);
  });

  test('a digits query: exactly the matching bindings of every page; Export offers them and writes exactly them', async () => {
    const digits = truth()[1500].phoneB.slice(-4);
    const want = truth().filter((b) => hasDigits(b, digits)).map((b) => b.bindId);
    assert.ok(want.length > 1, `"${digits}" matches ${want.length} binding(s) only`);
    await filterAll(digits, []);
    const shown = await kids();
    assert.deepEqual(ids(shown), want);
    assert.equal(await description(), `${count(want.length)} in ${en(total())} bindings`);

    const file = vscode.Uri.file(path.join(tmp, 'filtered.csv'));
    const label = `The ${en(want.length)} bindings the filter shows`;
    ext.ui.answer(label, file);
    const res = (await vscode.commands.executeCommand('laafficPns.exportBindings', await appNode())) as { count: number };
    const offered = ext.ui.prompts.find((p) => p.kind === 'quickPick' && p.text === 'Export Rides');
    assert.deepEqual(offered?.items?.slice(0, 2).map((i) => i.label), [label, 'All bindings']);
    assert.equal(res.count, want.length);
    const rows = parseCsv(fs.readFileSync(file.fsPath, 'utf8').replace(/^\uFEFF/, ''));
    const col = rows[0].indexOf('bindId');
    assert.deepEqual(rows.slice(1).map((r) => r[col]), want);
    assert.deepEqual(rows.slice(1).map((r) => r[rows[0].indexOf('phoneA')]), truth().filter((b) => want.includes(b.bindId)).map((b) => b.phoneA));
  });

  test('an unbound match leaves the list and the count at once', async () => {
    const digits = truth()[1700].phoneA.slice(-4);
    await filterAll(digits, []);
    const before = bindings(await kids());
    const gone = before.find((b) => !truth().slice(0, 50).some((t) => t.bindId === b.record.bindId));
    assert.ok(gone, 'every match is on the loaded page: the test would not see the other pages');
    ext.ui.answer('Unbind');
    await vscode.commands.executeCommand('laafficPns.unbind', gone);
    assert.ok(!truth().some((b) => b.bindId === gone.record.bindId), 'the sandbox still has it');
    const want = truth().filter((b) => hasDigits(b, digits)).map((b) => b.bindId);
    assert.deepEqual(ids(await kids()), want);
    assert.equal(await description(), `${count(want.length)} in ${en(total())} bindings`);
  });

  test('the tree holds at most laafficPns.loadAllMaxBindings matches and says so, with the exact count', async () => {
    await configure(ext, { loadAllMaxBindings: 100 });
    try {
      // Three digits (the fewest partial matching takes) of a bind id: the ids share their first digits.
      const triple = truth()[7].bindId.replace(/\D/g, '').slice(0, 3);
      const many = truth().filter((b) => hasDigits(b, triple)).map((b) => b.bindId);
      assert.ok(many.length > 100, `"${triple}" matches ${many.length} bindings only`);
      await filterAll(triple, []);
      const shown = await kids();
      assert.deepEqual(ids(shown), many.slice(0, 100));
      assert.equal(await description(), `${count(many.length)} in ${en(total())} bindings`);
      assert.ok(messages(shown).some((m) => m.label === `Showing the first 100 of ${en(many.length)} matches (laafficPns.loadAllMaxBindings)`), messages(shown).map((m) => m.label).join(' | '));
    } finally {
      await resetSettings(['loadAllMaxBindings']);
    }
  });

  test('Cancel stops reading: no page is requested after it, and the app says its list is partial', async () => {
    sb.setLatency(400);
    const start = pageRequests();
    ext.ui.answer('', ['Expired']);
    const run = vscode.commands.executeCommand('laafficPns.filterAllPages', await appNode());
    await waitFor('the read to be under way', () => pageRequests() - start >= 3);
    const cancel = await waitFor('the Cancel row', async () => messages(await kids()).find((m) => m.command?.command === 'laafficPns.cancelFilterAllPages'));
    await click(cancel);
    await run;
    const atEnd = pageRequests();
    await sleep(1500);
    assert.equal(pageRequests(), atEnd, 'pages were requested after Cancel');
    assert.ok(atEnd - start < SIZE / 100, `every page was read (${atEnd - start} requests): Cancel came too late to tell`);
    const shown = await kids();
    const d = await description();
    assert.match(d, /so far · cancelled$/);
    assert.doesNotMatch(d, /in [\d,]+ bindings/, 'a partial read claims a count of every binding');
    assert.ok(messages(shown).some((m) => /^Cancelled at page \d+ of \d+: .* \(partial\)$/.test(m.label)), messages(shown).map((m) => m.label).join(' | '));
    // What it had: expired bindings, in the vendor's order.
    const expired = expiredIds();
    assert.deepEqual(ids(shown), expired.filter((id) => ids(shown).includes(id)));
  });

  test('a failing page shows an error with Retry (never a short list as if complete); Retry completes', async function () {
    this.timeout(90_000);
    sb.setLatency(300);
    const digits = truth()[1900].phoneA.slice(-4);
    const want = truth().filter((b) => hasDigits(b, digits)).map((b) => b.bindId);
    const start = pageRequests();
    ext.ui.answer(digits, []);
    const run = vscode.commands.executeCommand('laafficPns.filterAllPages', await appNode());
    await waitFor('the first pages', () => pageRequests() - start >= 2);
    sb.setFaults({ rate: 1, kinds: ['http-500'], paths: ['/number/pns/queryBindPage'] });
    await run;
    const failed = await kids();
    const error = messages(failed).find((m) => m.severity === 'error');
    assert.ok(error, `no error row: ${messages(failed).map((m) => m.label).join(' | ')}`);
    assert.match(await description(), /so far · failed$/);
    assert.ok(messages(failed).some((m) => /^Partial: /.test(m.label)));
    assert.equal(error.command?.command, 'laafficPns.filterAllPages', 'the error row does not retry');
    sb.setFaults(undefined);
    sb.setLatency(0);
    const asked = ext.ui.prompts.length;
    await click(error);
    assert.equal(ext.ui.prompts.length, asked, 'Retry asked for the filter again');
    assert.deepEqual(ids(await kids()), want);
    assert.equal(await description(), `${count(want.length)} in ${en(total())} bindings`);
  });

  test('another filter goes back to the loaded pages and offers every page again; clearing it returns to the paged view', async () => {
    const digits = truth()[1200].pnsNumberA.slice(-5);
    await filterAll(digits, []);
    assert.deepEqual(ids(await kids()), truth().filter((b) => hasDigits(b, digits)).map((b) => b.bindId));
    // Filter Loaded Bindings… with another filter: the loaded page, filtered, and the offer.
    ext.ui.answer('', ['Expired']);
    await vscode.commands.executeCommand('laafficPns.filter');
    const loaded = truth().slice(0, 50);
    const now = Date.now();
    const onPage = await kids();
    assert.deepEqual(ids(onPage), loaded.filter((b) => b.expiresAt <= now).map((b) => b.bindId).filter((id) => ids(onPage).includes(id)));
    assert.ok(ids(onPage).every((id) => loaded.some((b) => b.bindId === id)), 'a binding past the loaded page is shown');
    const offer = messages(onPage).find((m) => m.label === `Filter all ${en(total())} bindings…`);
    assert.ok(offer, messages(onPage).map((m) => m.label).join(' | '));
    const asked = ext.ui.prompts.length;
    const before = expiredIds();
    await click(offer);
    assert.equal(ext.ui.prompts.length, asked, 'the offer asked for the filter again');
    const all = ids(await kids());
    for (const id of before) assert.ok(all.includes(id), `expired binding ${id} is missing`);
    assert.ok(all.length > ids(onPage).length);
    // Clear Filter: the paged view, as before.
    await vscode.commands.executeCommand('laafficPns.clearFilter');
    const paged = await kids();
    assert.deepEqual(ids(paged), truth().slice(0, 50).map((b) => b.bindId));
    assert.equal(paged[paged.length - 1].kind, 'loadMore');
    assert.equal(await description(), `50 of ${en(total())}`);
  });
});
