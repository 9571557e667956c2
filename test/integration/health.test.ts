// The health dashboard in the real VS Code against the sandbox over real HTTP. The figures the
// page draws are compared with figures computed here, independently, from the sandbox's own data
// (its bindings, its call records, its balance asked with a bare signed request): the counts per
// expiry bucket, the calls per day and outcome, the runway. Each chart is compared with the table
// beside it as the page drew both (Chart.js's data, the table's cells); opening a figure lists
// exactly its set; masking hides every phone; Cancel stops the reading; pages the vendor fails
// now and then are retried (dist/health.js classifies the errors of the extension's client).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../support/testApi';
import type { AppNode } from '../../src/tree/nodes';
import type { HealthReport, ToHealthPage } from '../../src/shared/healthMessages';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import type { SandboxBinding, SandboxCallRecord } from '../../src/sandbox/types';
import { signedPost } from '../unit/helpers/signedPost';
import { vendorZoneMinutes } from '../../src/shared/binding';
import { activate, clearCredentials, configure, resetSettings, setCredentials, waitFor } from './helpers';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const BUCKETS = ['expired', '1h', '24h', '7d', 'later', 'unknown'] as const;
const OUTCOMES = ['answered', 'busy', 'no-answer', 'failed', 'other'] as const;
type Outcome = (typeof OUTCOMES)[number];

/** The bucket of a binding, by the rule the dashboard states: expired; within 1 h; 24 h; 7 days; later. */
function bucketOf(expiresAt: number, asOf: number): (typeof BUCKETS)[number] {
  const d = expiresAt - asOf;
  return d <= 0 ? 'expired' : d <= HOUR ? '1h' : d <= DAY ? '24h' : d <= 7 * DAY ? '7d' : 'later';
}

/** How a call ended, from its SIP final response (RFC 3261): 200 answered; 486/600/603 busy; 408/480/487 no answer; other 4xx-6xx failed. */
function outcomeOf(r: SandboxCallRecord): Outcome {
  const sip = String(r.sipCode).trim();
  if (sip === '200') return 'answered';
  if (['486', '600', '603'].includes(sip)) return 'busy';
  if (['408', '480', '487'].includes(sip)) return 'no-answer';
  if (/^[456]\d\d$/.test(sip)) return 'failed';
  return 'other';
}

/** A number as the page writes it in a table cell, read back. */
const num = (cell: string): number | null => (/^-?[\d,]+(\.\d+)?$/.test(cell) ? Number(cell.replace(/,/g, '')) : null);

suite('Health dashboard', () => {
  let sb: Sandbox;
  let ext: TestApi;
  let appA: string;
  let tmp: string;
  const appNode = () => waitFor('the app', async () => ((await ext.tree.getChildren()) as AppNode[]).find((a) => a.appId === appA));
  const keyOf = (app: AppNode) => `${app.account.id}/${appA}`;
  const lastFigures = (key: string) =>
    [...ext.health.posted].reverse().find((p): p is { key: string; message: Extract<ToHealthPage, { type: 'healthFigures' }> } => p.key === key && p.message.type === 'healthFigures')?.message;
  /** Opens (or refreshes) the app's dashboard and waits until the page drew figures read after `since`. */
  async function showHealth(app: AppNode): Promise<HealthReport> {
    const since = Date.now();
    ext.health.forget();
    await vscode.commands.executeCommand('laafficPns.showHealth', app);
    return waitFor('the dashboard to draw its figures', () => {
      const r = ext.health.rendered(keyOf(app));
      return r?.state === 'figures' && r.asOf !== null && r.asOf >= since - 1000 ? r : undefined;
    }, 30_000);
  }
  const table = (r: HealthReport, id: string) => {
    const t = r.tables.find((x) => x.id === id);
    assert.ok(t, `the page drew no table ${id}`);
    return t;
  };
  /** The quick pick the next command opens, once it has finished reading. */
  function nextQuickPick(): Promise<vscode.QuickPick<vscode.QuickPickItem>> {
    return new Promise((resolve) => {
      const sub = ext.ui.onDidCreateQuickPick((qp) => {
        sub.dispose();
        resolve(qp);
      });
    });
  }
  const finished = (qp: vscode.QuickPick<vscode.QuickPickItem>) => waitFor('the list to be read', () => !qp.busy && qp.items.length > 0, 30_000);

  suiteSetup(async () => {
    sb = await startSandbox({ port: 0, seed: 41, bindingsPerApp: [300] });
    appA = sb.appIds[0];
    ext = await activate();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'laaffic-health-'));
    await configure(ext, { baseUrl: sb.url, pageSize: 100, apps: [{ appId: appA, label: 'Rides' }] });
    await setCredentials(sb.apiKey, sb.apiSecret);
  });

  suiteTeardown(async () => {
    sb.setFaults(undefined);
    for (const k of ext.health.keys()) if (k) ext.health.panel(k)?.dispose();
    await clearCredentials();
    await resetSettings(['baseUrl', 'pageSize', 'apps', 'maskNumbers']);
    await sb.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('the figures equal the sandbox\'s: bindings per expiry bucket, calls per day and outcome, runway', async () => {
    const app = await appNode();
    const r = await showHealth(app);
    const asOf = r.asOf!;
    // Bindings per expiry bucket, from the sandbox's bindings of the app.
    const want = new Map<string, number>(BUCKETS.map((b) => [b, 0]));
    const bindings: SandboxBinding[] = sb.bindings(appA);
    for (const b of bindings) want.set(bucketOf(b.expiresAt, asOf), want.get(bucketOf(b.expiresAt, asOf))! + 1);
    const expiry = table(r, 'expiry');
    assert.deepEqual(expiry.rows.map((row) => num(row[1])), BUCKETS.map((b) => want.get(b)), 'bindings per expiry bucket');
    assert.ok(BUCKETS.filter((b) => want.get(b)! > 0).length >= 2, 'the sandbox spreads its expiries over at least two buckets');

    // Calls per day and outcome: the app's calls of the window, by day in the vendor's zone.
    const posted = lastFigures(keyOf(app))!;
    const w = posted.figures.calls!;
    // The vendor's zone as the user set it (the default when not): its days are the chart's days.
    const zone = vendorZoneMinutes(ext.settings()) * 60_000;
    assert.ok(w.from <= asOf - 29 * DAY && w.to === asOf, 'the window is the last 30 days up to asOf');
    const calls = sb.callRecords(w.from, w.to).filter((c) => c.appId === appA && Number(c.startTime) * 1000 >= w.from && Number(c.startTime) * 1000 <= w.to);
    assert.ok(calls.length > 20, `only ${calls.length} calls in the window`);
    const perDay = new Map<string, Record<Outcome, number>>();
    for (let t = w.from; t <= w.to; t += DAY) perDay.set(new Date(t + zone).toISOString().slice(0, 10), { answered: 0, busy: 0, 'no-answer': 0, failed: 0, other: 0 });
    for (const c of calls) perDay.get(new Date(Number(c.startTime) * 1000 + zone).toISOString().slice(0, 10))![outcomeOf(c)]++;
    const drawn = table(r, 'callsPerDay');
    assert.deepEqual(drawn.rows.map((row) => row[0]), [...perDay.keys()], 'the days of the window');
    assert.deepEqual(drawn.rows.map((row) => row.slice(1).map(num)), [...perDay.values()].map((o) => OUTCOMES.map((k) => o[k])), 'calls per day and outcome');

    // Runway: the balance (asked here with a bare signed request) ÷ the average daily cost.
    const balance = Number((JSON.parse(await signedPost(sb, '/getBalance')) as { balance: string }).balance);
    const cost = calls.reduce((s, c) => s + Number(c.pay), 0);
    const days = perDay.size;
    const runway = Math.round(((balance * days) / cost) * 10) / 10;
    const line = /Runway: ([\d,.]+) days/.exec(r.text);
    assert.ok(line, `no runway on the page: ${r.text.slice(0, 400)}`);
    assert.ok(Math.abs(Number(line[1].replace(/,/g, '')) - runway) <= 0.1, `runway ${line[1]} days, computed ${runway}`);
  });

  test('pages the vendor fails now and then (HTTP 503, status -18) are retried: the figures are still the sandbox\'s, with no problem', async () => {
    const app = await appNode();
    // Pages cached by the earlier tests would answer at once: every page is asked for again.
    app.account.connection.cache.clear();
    const before = sb.faultCounts;
    // Errors of the account's client (the extension's) must be the error classes the dashboard's
    // page streams classify: else a transient failure ends the read instead of being retried.
    sb.setFaults({ rate: 0.3, kinds: ['http-503', 'status-18'], paths: ['/number/pns/queryBindPage', '/number/record/queryPage'] });
    let r: HealthReport;
    try {
      r = await showHealth(app);
    } finally {
      sb.setFaults(undefined);
    }
    const after = sb.faultCounts;
    const spoiled = after['http-503'] - before['http-503'] + after['status-18'] - before['status-18'];
    assert.ok(spoiled > 0, 'the sandbox failed no request: the test proves nothing');
    const posted = lastFigures(keyOf(app))!;
    assert.deepEqual(posted.figures.problems, [], 'no problem: each failed page was retried');
    const want = new Map<string, number>(BUCKETS.map((b) => [b, 0]));
    for (const b of sb.bindings(appA)) want.set(bucketOf(b.expiresAt, r.asOf!), want.get(bucketOf(b.expiresAt, r.asOf!))! + 1);
    assert.deepEqual(table(r, 'expiry').rows.map((row) => num(row[1])), BUCKETS.map((b) => want.get(b)), 'bindings per expiry bucket');
  });

  test('each chart shows exactly the numbers of the table beside it', async () => {
    const app = await appNode();
    const r = await showHealth(app);
    const pairs: Array<[string, string]> = [
      ['expiryChart', 'expiry'],
      ['callsPerDayChart', 'callsPerDay'],
      ['answerRateChart', 'answerRate'],
      ['costPerDayChart', 'costPerDay'],
    ];
    assert.deepEqual(r.charts.map((c) => c.id).sort(), pairs.map((p) => p[0]).sort(), 'the charts drawn');
    for (const [chartId, tableId] of pairs) {
      const c = r.charts.find((x) => x.id === chartId)!;
      const t = table(r, tableId);
      assert.deepEqual(c.labels, t.rows.map((row) => row[0]), `${chartId}: labels`);
      assert.deepEqual(c.datasets.map((d) => d.label), t.head.slice(1), `${chartId}: series`);
      c.datasets.forEach((d, i) => assert.deepEqual(d.data, t.rows.map((row) => num(row[i + 1])), `${chartId}: ${d.label}`));
      assert.ok(c.datasets.some((d) => d.data.some((v) => v !== null && v > 0)), `${chartId} draws something`);
    }
  });

  test('opening a figure lists exactly its set: bindings of an expiry bucket (exportable), calls of a day and outcome', async () => {
    const app = await appNode();
    const r = await showHealth(app);
    const asOf = r.asOf!;
    const bucket = (['7d', 'later', 'expired', '24h'] as const).find((b) => sb.bindings(appA).some((x) => bucketOf(x.expiresAt, asOf) === b))!;
    const want = sb.bindings(appA).filter((x) => bucketOf(x.expiresAt, asOf) === bucket).map((x) => x.bindId).sort();
    let pick = nextQuickPick();
    ext.ui.reset();
    const opened = ext.health.receive(keyOf(app), { type: 'healthOpen', set: { of: 'bindings', by: 'expiry', value: bucket } });
    let qp = await pick;
    await finished(qp);
    const listed = qp.items as Array<vscode.QuickPickItem & { binding?: { record: { bindId: string } }; exportThese?: true }>;
    assert.deepEqual(listed.filter((i) => i.binding).map((i) => i.binding!.record.bindId).sort(), want, `the bindings expiring ${bucket}`);
    // "Export these…" writes exactly them as CSV.
    const file = vscode.Uri.file(path.join(tmp, 'these.csv'));
    ext.ui.answer(file);
    const exportItem = listed.find((i) => i.exportThese)!;
    qp.activeItems = [exportItem];
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await opened;
    const csv = await waitFor('the CSV', () => (fs.existsSync(file.fsPath) ? fs.readFileSync(file.fsPath, 'utf8') : undefined));
    const lines = csv.trim().split(/\r\n/);
    assert.equal(lines.length, want.length + 1, 'a header and one row per binding');
    for (const id of want) assert.ok(csv.includes(id), `bind id ${id} in the CSV`);

    // Calls of one day and one outcome.
    const posted = lastFigures(keyOf(app))!;
    const w = posted.figures.calls!;
    const zone = posted.figures.zoneOffsetMinutes * 60_000;
    const day = posted.figures.calls!.days.find((d) => d.outcomes.answered > 0)!.day;
    const wantCalls = sb
      .callRecords(w.from, w.to)
      .filter((c) => c.appId === appA && outcomeOf(c) === 'answered' && new Date(Number(c.startTime) * 1000 + zone).toISOString().slice(0, 10) === day && Number(c.startTime) * 1000 >= w.from)
      .map((c) => c.callid)
      .sort();
    pick = nextQuickPick();
    const openedCalls = ext.health.receive(keyOf(app), { type: 'healthOpen', set: { of: 'calls', by: 'outcome', value: 'answered', day } });
    qp = await pick;
    await finished(qp);
    assert.deepEqual((qp.items as Array<vscode.QuickPickItem & { callId?: string }>).map((i) => i.callId).sort(), wantCalls, `the calls answered on ${day}`);
    qp.hide();
    await openedCalls;
  });

  test('masking hides every phone: none on the page, masked in the lists a figure opens', async () => {
    const app = await appNode();
    await configure(ext, { maskNumbers: true });
    try {
      const r = await showHealth(app);
      const phones = new Set<string>();
      for (const b of sb.bindings(appA)) phones.add(b.phoneA).add(b.phoneB);
      const digits = r.text.replace(/[\s\u00a0-]/g, '');
      for (const p of phones) assert.ok(!digits.includes(p.slice(-8)), `phone …${p.slice(-4)} is on the page`);
      const pick = nextQuickPick();
      const opened = ext.health.receive(keyOf(app), { type: 'healthOpen', set: { of: 'bindings', by: 'mode', value: 'AXB' } });
      const qp = await pick;
      await finished(qp);
      const items = (qp.items as Array<vscode.QuickPickItem & { binding?: unknown }>).filter((i) => i.binding);
      assert.ok(items.length > 0);
      for (const i of items) {
        const shown = `${i.label} ${i.description ?? ''} ${i.detail ?? ''}`.replace(/[\s-]/g, '');
        for (const p of phones) assert.ok(!shown.includes(p.slice(-8)), `phone …${p.slice(-4)} in "${i.label}"`);
        assert.match(i.label, /•.*↔.*•/, 'both phones masked');
      }
      qp.hide();
      await opened;
    } finally {
      await configure(ext, { maskNumbers: false });
    }
  });

  test('Cancel stops the reading: the page says so and no request is sent after', async () => {
    const app = await appNode();
    // Pages cached by the earlier tests would answer at once: the call records hang instead.
    app.account.connection.cache.clear();
    sb.setFaults({ rate: 1, kinds: ['hang'], paths: ['/number/record/queryPage'] });
    try {
      ext.health.forget();
      const key = keyOf(app);
      const shown = vscode.commands.executeCommand('laafficPns.showHealth', app);
      await waitFor('the page to show it is reading', () => ext.health.rendered(key)?.state === 'loading', 20_000);
      await ext.health.receive(key, { type: 'healthCancel' });
      // Checked before awaiting the command: without Cancel it would hang until the teardown.
      const r = await waitFor('the page to say cancelled', () => (ext.health.rendered(key)?.state === 'cancelled' ? ext.health.rendered(key) : undefined));
      assert.match(r.text, /Cancelled/);
      await shown;
      const after = sb.requestCount;
      await new Promise((res) => setTimeout(res, 1500));
      assert.equal(sb.requestCount, after, 'requests were sent after Cancel');
    } finally {
      sb.setFaults(undefined);
    }
  });

  test('from the palette it asks which app; one dashboard per scope: opening it again reveals the same one; All apps counts every binding', async () => {
    const app = await appNode();
    await showHealth(app);
    const before = ext.health.keys().length;
    ext.ui.reset();
    ext.ui.answer('Rides');
    ext.health.forget();
    await vscode.commands.executeCommand('laafficPns.showHealth');
    assert.equal(ext.ui.prompts[0]?.kind, 'quickPick', 'the palette asks where');
    assert.deepEqual(ext.ui.prompts[0]?.items?.map((i) => i.label), ['All apps', 'Rides']);
    await waitFor('the app\'s dashboard', () => ext.health.rendered(keyOf(app))?.state === 'figures');
    assert.equal(ext.health.keys().filter((k) => k === keyOf(app)).length, 1, 'still one dashboard of the app');
    assert.ok(ext.health.panel(keyOf(app))?.active, 'the app\'s dashboard is revealed');
    ext.ui.answer('All apps');
    await vscode.commands.executeCommand('laafficPns.showHealth');
    const all = `${app.account.id}/*`;
    const r = await waitFor('the All apps dashboard', () => (ext.health.rendered(all)?.state === 'figures' ? ext.health.rendered(all) : undefined), 30_000);
    assert.equal(ext.health.keys().length, before + 1, 'a second dashboard, for All apps');
    const total = /Total: ([\d,]+)/.exec(r.text);
    assert.equal(Number(total?.[1].replace(/,/g, '')), sb.bindingCount(), 'All apps: every binding of the key');
  });

  test('Export Figures… writes the figures as CSV to the file picked', async () => {
    const app = await appNode();
    const r = await showHealth(app);
    const file = vscode.Uri.file(path.join(tmp, 'figures.csv'));
    ext.ui.reset();
    ext.ui.answer(file);
    await ext.health.receive(keyOf(app), { type: 'healthExport' });
    const csv = fs.readFileSync(file.fsPath, 'utf8');
    const lines = csv.split('\r\n');
    assert.equal(lines[0], 'section,metric,key,value');
    const expiry = table(r, 'expiry');
    for (const [i, b] of BUCKETS.entries()) assert.ok(lines.includes(`bindings,expiry,${b},${num(expiry.rows[i][1])}`), `the ${b} bucket in the CSV`);
  });
});
