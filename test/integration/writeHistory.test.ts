// The write history in the real VS Code against the sandbox over real HTTP: every Bind and Unbind
// sent is appended (done, already gone, failed with the vendor's code, unknown), what was never
// sent is not, the file under the global storage holds no full phone and no secret; Show Write
// History lists it newest first and by account; Export Write History… writes CSV.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Prompt, TestApi } from '../support/testApi';
import type { AppNode, BindingNode } from '../../src/tree/nodes';
import type { Account } from '../../src/accounts/accounts';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import { activate, clearCredentials, configure, resetSettings, setCredentials, waitFor } from './helpers';
import { parseCsv } from '../unit/helpers/csv';

interface Line {
  at: string;
  kind: string;
  outcome: string;
  status?: string;
  accountId: string;
  appId: string;
  bindId?: string;
  phoneA: string;
  phoneB: string;
}

suite('Write history', () => {
  let sb: Sandbox;
  let ext: TestApi;
  let appA: string;
  let since: string;
  let second: Account | undefined;
  const file = () => path.join(ext.globalStorageUri.fsPath, 'write-history.jsonl');
  const text = () => (fs.existsSync(file()) ? fs.readFileSync(file(), 'utf8') : '');
  /** The lines this suite appended (other suites write to the same history), oldest first. */
  const lines = (): Line[] =>
    text()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Line)
      .filter((l) => l.at >= since && l.appId === appA);
  const appNode = () => waitFor('the app', () => ext.tree.appNodes().find((a): a is AppNode => a.appId === appA && a.account.usesSettings));
  const bindRequests = () => sb.requests.filter((r) => r.path === '/v3/number/pns/bind');
  const phones = ['919876510001', '919876510002', '919876510011', '919876510012', '919876510021', '919876510022', '919876510031', '919876510032'];
  const bindSteps = (a: string, b: string) => [`+${a}`, `+${b}`, 'AXB', 'Let Laaffic choose', '1 hour'];

  suiteSetup(async () => {
    sb = await startSandbox({ port: 0, seed: 41, bindingsPerApp: [6] });
    appA = sb.appIds[0];
    ext = await activate();
    await configure(ext, { baseUrl: sb.url, pageSize: 50, apps: [{ appId: appA, label: 'Rides' }] });
    await setCredentials(sb.apiKey, sb.apiSecret);
    since = new Date().toISOString();
  });

  suiteTeardown(async () => {
    sb.setFaults(undefined);
    if (second && ext.accounts.get(second.id)) await ext.accounts.remove(second);
    await clearCredentials();
    await resetSettings(['baseUrl', 'pageSize', 'apps']);
    await sb.close();
  });

  test('every Bind and Unbind sent is recorded (done, already gone, failed with its code, unknown), nothing unsent is, and no full phone or secret is written', async () => {
    const app = await appNode();
    // Refused at the summary: nothing sent, nothing recorded.
    ext.ui.reset();
    ext.ui.answer(...bindSteps(phones[0], phones[1]), undefined);
    await vscode.commands.executeCommand('laafficPns.bind', app);
    assert.equal(bindRequests().length, 0);
    assert.deepEqual(lines(), []);

    ext.ui.reset();
    ext.ui.answer(...bindSteps(phones[0], phones[1]), 'Bind');
    const made = (await vscode.commands.executeCommand('laafficPns.bind', app)) as { bindId: string };
    assert.ok(made?.bindId);
    const node = await waitFor('the new binding in the tree', async () => (await ext.tree.getChildren(app)).find((n): n is BindingNode => n.kind === 'binding' && (n as BindingNode).record.bindId === made.bindId));
    ext.ui.reset();
    ext.ui.answer('Unbind');
    await vscode.commands.executeCommand('laafficPns.unbind', node);
    ext.ui.answer('Unbind');
    await vscode.commands.executeCommand('laafficPns.unbind', node);

    sb.setFaults({ rate: 1, kinds: ['status-18'], paths: ['/number/pns/bind'] });
    try {
      ext.ui.reset();
      ext.ui.answer(...bindSteps(phones[2], phones[3]), 'Bind');
      await vscode.commands.executeCommand('laafficPns.bind', app);
      sb.setFaults({ rate: 1, kinds: ['drop'], paths: ['/number/pns/bind'] });
      ext.ui.reset();
      ext.ui.answer(...bindSteps(phones[4], phones[5]), 'Bind', undefined);
      await vscode.commands.executeCommand('laafficPns.bind', app);
      assert.ok(ext.ui.prompts.some((p) => p.kind === 'warning' && p.modal), 'the unknown outcome was not said');
    } finally {
      sb.setFaults(undefined);
    }

    const got = lines();
    assert.deepEqual(
      got.map((l) => [l.kind, l.outcome, l.status]),
      [
        ['bind', 'done', '0'],
        ['unbind', 'done', '0'],
        ['unbind', 'already-gone', '-24'],
        ['bind', 'failed', '-18'],
        ['bind', 'unknown', undefined],
      ],
    );
    assert.deepEqual(
      got.map((l) => l.bindId),
      [made.bindId, made.bindId, made.bindId, undefined, undefined],
    );
    assert.ok(got.every((l) => l.accountId === app.account.id));
    assert.ok(got[0].phoneA.endsWith('0001') && got[0].phoneB.endsWith('0002'), JSON.stringify(got[0]));
    const all = text();
    for (const p of phones.slice(0, 6)) {
      assert.ok(!all.includes(p) && !all.includes(p.slice(2)) && !all.includes(`98765 ${p.slice(-5)}`), `the history holds the full phone ${p}`);
    }
    assert.ok(!all.includes(sb.apiKey) && !all.includes(sb.apiSecret), 'the history holds a credential');
  });

  test('Show Write History lists the writes newest first, by account when several wrote; Export Write History… writes them as CSV', async () => {
    second = ext.accounts.addEphemeral({ name: 'Staging', baseUrl: sb.url, apiKey: sb.apiKey, apiSecret: sb.apiSecret, apps: [{ appId: appA, label: 'Rides (staging)' }] });
    const app2 = await waitFor('the second account\'s app', () => ext.tree.appNodes(second).find((a) => a.appId === appA));
    ext.ui.reset();
    ext.ui.answer(...bindSteps(phones[6], phones[7]), 'Bind');
    const made = (await vscode.commands.executeCommand('laafficPns.bind', app2)) as { bindId: string };
    assert.ok(made?.bindId);
    const ours = lines();
    assert.equal(ours.at(-1)?.accountId, second.id);

    const listed = async (scope: string) => {
      ext.ui.reset();
      ext.ui.answer(scope, undefined);
      await vscode.commands.executeCommand('laafficPns.showWriteHistory');
      const [first, list] = ext.ui.prompts;
      assert.ok(first.items?.some((i) => i.label === 'All accounts') && first.items.some((i) => i.label === 'Staging') && first.items.some((i) => i.label === 'Main'), JSON.stringify(first.items));
      return list.items ?? [];
    };
    const staging = await listed('Staging');
    assert.equal(staging.length, 1);
    assert.match(staging[0].label, / · bind · done$/);
    assert.match(staging[0].detail ?? '', new RegExp(`^binding ${made.bindId} · \\+91 98•+ 0031 ↔ \\+91 98•+ 0032 · status 0$`));

    const everyone = await listed('All accounts');
    // Newest first: this suite's writes, the last made at the top.
    const entryOf = (i: vscode.QuickPickItem) => (i as vscode.QuickPickItem & { entry: Line }).entry;
    const mine = everyone.filter((i) => entryOf(i).appId === appA && entryOf(i).at >= since);
    const times = everyone.map((i) => entryOf(i).at);
    assert.deepEqual(times, [...times].sort().reverse(), 'not newest first');
    assert.deepEqual(
      mine.map((i) => i.label.replace(/^.* · (bind|unbind) · /, '$1 · ')),
      ['bind · done', 'bind · outcome unknown', 'bind · failed (-18)', 'unbind · already gone', 'unbind · done', 'bind · done'],
    );
    assert.match(mine[0].description ?? '', /^Staging · app /);

    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'laaffic-history-')), 'history.csv');
    try {
      ext.ui.reset();
      ext.ui.answer((p: Prompt) => (p.kind === 'saveDialog' ? vscode.Uri.file(out) : undefined));
      await vscode.commands.executeCommand('laafficPns.exportWriteHistory');
      const rows = parseCsv(fs.readFileSync(out, 'utf8'));
      assert.deepEqual(rows[0], ['time', 'kind', 'outcome', 'status', 'account', 'accountId', 'appId', 'bindId', 'phoneA', 'phoneB', 'message', 'batch']);
      assert.deepEqual(rows[1].slice(1, 8), ['bind', 'done', '0', 'Staging', second.id, appA, made.bindId]);
      // A masked phone starts with + and is written as text, not a formula.
      assert.match(rows[1][8], /^'\+91 98•+ 0031$/);
      const csv = fs.readFileSync(out, 'utf8');
      for (const p of phones) assert.ok(!csv.includes(p), `the export holds the full phone ${p}`);
      assert.equal(rows.length - 1, text().split('\n').filter(Boolean).length, 'not every entry was exported');
    } finally {
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    }
  });
});
