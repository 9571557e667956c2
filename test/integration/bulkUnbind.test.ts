// Bulk Unbind in the real VS Code against the sandbox over real HTTP: the requests are counted at
// the sandbox. One confirmation (the count typed above ten or on a protected account), one
// request at a time, Cancel stops before the next, the first unknown outcome stops the run, a
// summary whose counts are the sandbox's, Save Results as CSV, every attempt in the write history.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Answer, Prompt, TestApi } from '../support/testApi';
import type { AccountNode, AppNode, BindingNode, Node } from '../../src/tree/nodes';
import type { Account } from '../../src/accounts/accounts';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import { parseCsv } from '../unit/helpers/csv';
import { activate, clearCredentials, configure, resetSettings, setCredentials, waitFor } from './helpers';

interface HistoryLine {
  kind: string;
  bindId?: string;
  outcome: string;
  status?: string;
  batch?: string;
  phoneA: string;
  phoneB: string;
}

suite('Bulk Unbind', () => {
  let sb: Sandbox;
  let ext: TestApi;
  let appA: string;
  let dir: string;
  const bindings = (ns: Node[]) => ns.filter((n): n is BindingNode => n.kind === 'binding');
  const unbinds = (s: Sandbox = sb) => s.requests.filter((r) => r.path === '/v3/number/pns/unbind');
  const historyFile = () => path.join(ext.globalStorageUri.fsPath, 'write-history.jsonl');
  const historyLines = (): string[] => (fs.existsSync(historyFile()) ? fs.readFileSync(historyFile(), 'utf8').split('\n').filter(Boolean) : []);
  /** The entries appended since `before` (the file's lines then). */
  const newHistory = (before: string[]): HistoryLine[] => {
    const old = new Set(before);
    return historyLines()
      .filter((l) => !old.has(l))
      .map((l) => JSON.parse(l) as HistoryLine);
  };
  const mainAccount = () => ext.accounts.all()[0];
  /** The loaded bindings of an app (fresh from the sandbox), in the tree's order. */
  async function loaded(appId: string | undefined = appA, under?: AccountNode): Promise<{ app: AppNode; nodes: BindingNode[] }> {
    ext.tree.refresh();
    const app = await waitFor('the app', async () => ((await ext.tree.getChildren(under)) as Node[]).find((a): a is AppNode => a.kind === 'app' && a.appId === appId));
    return { app, nodes: bindings(await ext.tree.getChildren(app)) };
  }
  /** Unbind Selected… on `nodes` (the first clicked, all selected) with the prompts answered in order. */
  async function unbindSelected(nodes: BindingNode[], answers: Answer[], hooks?: { afterReply(n: number): boolean | void }): Promise<void> {
    ext.ui.reset();
    ext.ui.answer(...answers);
    await vscode.commands.executeCommand('laafficPns.unbindSelected', nodes[0], nodes, hooks);
  }
  const inSandbox = (s: Sandbox, app: string, id: string) => s.bindings(app).some((b) => b.bindId === id);
  const summary = (): Prompt => {
    const p = ext.ui.prompts.at(-1)!;
    assert.match(p.text, /^Unbind of \d+ bindings:/, `the last prompt is not the summary: ${p.text}`);
    return p;
  };

  suiteSetup(async () => {
    sb = await startSandbox({ port: 0, seed: 31, bindingsPerApp: [80, 20] });
    appA = sb.appIds[0];
    ext = await activate();
    await configure(ext, { baseUrl: sb.url, pageSize: 40, apps: [{ appId: appA, label: 'Rides' }] });
    await setCredentials(sb.apiKey, sb.apiSecret);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'laaffic-bulk-'));
  });

  suiteTeardown(async () => {
    ext.ui.reset();
    sb.setFaults(undefined);
    await clearCredentials();
    await resetSettings(['baseUrl', 'pageSize', 'apps', 'maskNumbers']);
    await sb.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('12 bindings need the count typed: a wrong count or Esc sends nothing, the right count unbinds all 12', async () => {
    const { app, nodes: all } = await loaded();
    const nodes = all.slice(0, 12);
    const ids = nodes.map((n) => n.record.bindId);
    const before = unbinds().length;
    // The box refuses another count as it is typed (it cannot be accepted); empty, then Enter, or Esc sends nothing.
    for (const wrong of ['11', 'twelve', '', undefined]) {
      const refusals: unknown[] = [];
      await unbindSelected(nodes, [
        async (p: Prompt) => {
          if (wrong) refusals.push(await p.validate?.(wrong));
          return wrong ? undefined : wrong;
        },
      ]);
      if (wrong) assert.equal(refusals[0], 'Type 12, the number of bindings.', `"${wrong}" is not refused as typed`);
      const asked = ext.ui.prompts[0];
      assert.deepEqual({ kind: asked?.kind, text: asked?.text }, { kind: 'inputBox', text: `Unbind 12 bindings of ${mainAccount().name}?` }, String(wrong));
      assert.equal(unbinds().length, before, `${String(wrong)}: an unbind reached the sandbox`);
      assert.ok(ids.every((id) => inSandbox(sb, appA, id)), String(wrong));
    }
    await unbindSelected(nodes, ['12', undefined]);
    assert.deepEqual(unbinds().slice(before).map((r) => r.status), Array(12).fill('0'), 'twelve unbinds, each answered 0');
    assert.deepEqual(ids.filter((id) => inSandbox(sb, appA, id)), [], 'still in the sandbox');
    assert.equal(summary().text, 'Unbind of 12 bindings: 12 unbound, 0 already gone, 0 failed, 0 unknown, 0 not sent.');
    const shown = bindings(await ext.tree.getChildren(app)).map((n) => n.record.bindId);
    assert.deepEqual(shown.filter((id) => ids.includes(id)), [], 'the tree still shows some');
  });

  test('Cancel at the 5th reply sends no 6th; the history holds the 5 attempts under one batch id', async () => {
    const { nodes: all } = await loaded();
    const nodes = all.slice(0, 12);
    const ids = nodes.map((n) => n.record.bindId);
    const before = unbinds().length;
    const hist = historyLines();
    await unbindSelected(nodes, ['12', undefined], { afterReply: (n) => n === 5 });
    assert.equal(unbinds().length - before, 5, 'unbinds after the cancel');
    assert.deepEqual(ids.filter((id) => !inSandbox(sb, appA, id)), ids.slice(0, 5));
    assert.equal(summary().text, 'Unbind of 12 bindings: 5 unbound, 0 already gone, 0 failed, 0 unknown, 7 not sent.');
    const added = newHistory(hist);
    assert.deepEqual(
      added.map((e) => [e.kind, e.bindId, e.outcome]),
      ids.slice(0, 5).map((id) => ['unbind', id, 'done']),
    );
    const batches = new Set(added.map((e) => e.batch));
    assert.equal(batches.size, 1, 'one batch id');
    assert.ok([...batches][0], 'a batch id');
  });

  test('an unknown outcome (the 4th reply lost) stops the run: no 5th request, the summary names the binding', async () => {
    const { nodes: all } = await loaded();
    const nodes = all.slice(0, 8);
    const before = unbinds().length;
    try {
      await unbindSelected(nodes, ['Unbind 8 Bindings', undefined], {
        afterReply: (n) => void (n === 3 && sb.setFaults({ rate: 1, kinds: ['drop'], paths: ['/number/pns/unbind'] })),
      });
    } finally {
      sb.setFaults(undefined);
    }
    assert.deepEqual(unbinds().slice(before).map((r) => r.status), ['0', '0', '0', 0], 'three answered, the 4th without an answer, no 5th');
    const s = summary();
    assert.equal(s.text, 'Unbind of 8 bindings: 3 unbound, 0 already gone, 0 failed, 1 unknown, 4 not sent.');
    assert.ok(s.detail?.includes(`Binding ${nodes[3].record.bindId}: sent, no answer — check it before trying again.`), s.detail);
  });

  test('the summary counts what the sandbox did; Save Results as CSV has one row per binding, no full phone when masked', async () => {
    await configure(ext, { maskNumbers: true });
    const { nodes: all } = await loaded();
    const nodes = all.slice(0, 7);
    // One more from "All apps" (the sandbox's records carry no app id): cannot be unbound, skipped.
    const every = bindings(await ext.tree.getChildren(((await ext.tree.getChildren()) as Node[]).find((a): a is AppNode => a.kind === 'app' && a.appId === undefined)));
    const extra = every.find((n) => !all.some((a) => a.record.bindId === n.record.bindId))!;
    assert.ok(extra && extra.app.appId === undefined);
    const chosen = [...nodes, extra];
    sb.unbind(nodes[1].record.bindId); // gone elsewhere: -24
    const before = unbinds().length;
    const hist = historyLines();
    const file = vscode.Uri.file(path.join(dir, 'results.csv'));
    try {
      await unbindSelected(chosen, ['Unbind 7 Bindings', 'Save Results as CSV…', file], {
        afterReply: (n) => {
          if (n === 2) sb.setFaults({ rate: 1, kinds: ['status-18'], paths: ['/number/pns/unbind'] });
          if (n === 3) sb.setFaults(undefined);
          if (n === 4) sb.setFaults({ rate: 1, kinds: ['drop'], paths: ['/number/pns/unbind'] });
        },
      });
    } finally {
      sb.setFaults(undefined);
    }
    const confirm = ext.ui.prompts[0];
    assert.equal(confirm.text, `Unbind 7 bindings of ${mainAccount().name}?`);
    assert.ok(confirm.detail?.includes(nodes[0].record.bindId) && confirm.detail.includes('1 listed under "All apps"'), confirm.detail);
    // What the sandbox did, request by request (status 0: no answer).
    const statuses = unbinds().slice(before).map((r) => r.status);
    const outcome = (s: string | number | undefined) => (s === undefined ? 'not-sent' : s === '0' ? 'done' : s === '-24' ? 'already-gone' : s === 0 ? 'unknown' : 'failed');
    const expected = chosen.map((n, i) => (n === extra ? 'not-sent' : outcome(statuses[i])));
    const count = (o: string) => expected.filter((x) => x === o).length;
    assert.equal(statuses.length, 5, `requests: ${statuses.join(',')}`);
    assert.equal(
      ext.ui.prompts.find((p) => p.text.startsWith('Unbind of'))?.text,
      `Unbind of 8 bindings: ${count('done')} unbound, ${count('already-gone')} already gone, ${count('failed')} failed, ${count('unknown')} unknown, ${count('not-sent')} not sent.`,
    );
    const text = fs.readFileSync(file.fsPath, 'utf8');
    const [header, ...rows] = parseCsv(text);
    assert.deepEqual(header, ['bindId', 'appId', 'account', 'phoneA', 'phoneB', 'outcome', 'status', 'message']);
    assert.deepEqual(
      rows.map((r) => [r[0], r[1], r[5], r[6]]),
      chosen.map((n, i) => [n.record.bindId, n === extra ? '' : appA, expected[i], typeof statuses[i] === 'string' && statuses[i] !== '0' ? statuses[i] : '']),
    );
    for (const [i, n] of chosen.entries()) {
      for (const [cell, full] of [
        [rows[i][3], n.record.phoneA],
        [rows[i][4], n.record.phoneB],
      ]) {
        assert.ok(cell.includes('•') && !cell.replace(/\D/g, '').includes(full), `a full phone in the CSV: ${cell}`);
      }
    }
    const added = newHistory(hist);
    assert.deepEqual(
      added.map((e) => [e.bindId, e.outcome]),
      statuses.map((s, i) => [chosen[i].record.bindId, outcome(s)]),
    );
    assert.equal(new Set(added.map((e) => e.batch)).size, 1);
    for (const e of added) for (const n of chosen) assert.ok(!`${e.phoneA}${e.phoneB}`.replace(/\D/g, '').includes(n.record.phoneA), 'a full phone in the history');
    await resetSettings(['maskNumbers']);
  });

  test('Unbind… with several bindings selected hands over to the bulk flow; with one it asks as before', async () => {
    const { nodes } = await loaded();
    const before = unbinds().length;
    ext.ui.reset();
    await vscode.commands.executeCommand('laafficPns.unbind', nodes[1], nodes.slice(0, 3));
    assert.equal(ext.ui.prompts[0]?.text, `Unbind 3 bindings of ${mainAccount().name}?`);
    ext.ui.reset();
    await vscode.commands.executeCommand('laafficPns.unbind', nodes[1], [nodes[1]]);
    assert.equal(ext.ui.prompts[0]?.text, `Unbind binding ${nodes[1].record.bindId}?`);
    assert.equal(unbinds().length, before, 'Esc sent an unbind');
  });

  test('Unbind Filtered Bindings… unbinds exactly the bindings the filter shows under the app', async () => {
    const { app, nodes: all } = await loaded();
    const target = all[3].record;
    try {
      ext.ui.reset();
      ext.ui.answer(target.phoneA.slice(-7), []);
      await vscode.commands.executeCommand('laafficPns.filter');
      const shown = bindings(await ext.tree.getChildren(app));
      assert.ok(shown.length >= 1 && shown.length < all.length, `the filter shows ${shown.length}`);
      const before = unbinds().length;
      ext.ui.reset();
      ext.ui.answer((p: Prompt) => p.buttons?.[0] ?? String(shown.length), undefined);
      await vscode.commands.executeCommand('laafficPns.unbindFiltered', app);
      assert.equal(unbinds().length - before, shown.length);
      const ids = shown.map((n) => n.record.bindId);
      assert.deepEqual(all.map((n) => n.record.bindId).filter((id) => !inSandbox(sb, appA, id) && ids.includes(id)), ids);
      assert.ok(all.filter((n) => !ids.includes(n.record.bindId)).every((n) => inSandbox(sb, appA, n.record.bindId)), 'a binding the filter hid was unbound');
    } finally {
      await vscode.commands.executeCommand('laafficPns.clearFilter');
    }
  });

  suite('protected and read-only accounts', () => {
    let sbB: Sandbox;
    let bravo: Account;
    suiteSetup(async () => {
      sbB = await startSandbox({ port: 0, seed: 32, bindingsPerApp: [10] });
      bravo = await ext.accounts.add({ name: 'Bravo', baseUrl: sbB.url, apps: [{ appId: sbB.appIds[0], label: 'Rides B' }] }, { apiKey: sbB.apiKey, apiSecret: sbB.apiSecret, origin: new URL(sbB.url).origin });
    });
    suiteTeardown(async () => {
      if (ext.accounts.get(bravo.id)) await ext.accounts.remove(bravo);
      await sbB.close();
    });
    const bravoNodes = async () => {
      ext.tree.refresh();
      const acc = await waitFor('Bravo in the tree', async () => ((await ext.tree.getChildren()) as Node[]).find((n): n is AccountNode => n.kind === 'account' && n.account.id === bravo.id));
      return (await loaded(sbB.appIds[0], acc)).nodes;
    };

    test('a protected account with 2 bindings needs the count typed; bindings of two accounts: each named', async () => {
      await ext.accounts.setProtection(bravo, 'protected');
      const nodes = (await bravoNodes()).slice(0, 2);
      const main = await waitFor('Main in the tree', async () => ((await ext.tree.getChildren()) as Node[]).find((n): n is AccountNode => n.kind === 'account' && n.account.id === mainAccount().id));
      const { nodes: mains } = await loaded(appA, main);
      const beforeMain = unbinds().length;
      await unbindSelected([mains[0], ...nodes], [undefined]);
      assert.deepEqual({ kind: ext.ui.prompts[0].kind, text: ext.ui.prompts[0].text }, { kind: 'inputBox', text: `Unbind 3 bindings of ${mainAccount().name} (1), Bravo (2)?` });
      assert.equal(unbinds().length, beforeMain);
      await unbindSelected(nodes, [undefined]);
      assert.equal(ext.ui.prompts[0].kind, 'inputBox', 'not the typed count');
      assert.equal(unbinds(sbB).length, 0);
      await unbindSelected(nodes, ['2', undefined]);
      assert.deepEqual(unbinds(sbB).map((r) => r.status), ['0', '0']);
    });

    test('a read-only account: nothing is asked, nothing is sent', async () => {
      await ext.accounts.setProtection(bravo, 'readOnly');
      const nodes = (await bravoNodes()).slice(0, 2);
      const before = unbinds(sbB).length;
      ext.ui.fallback = (p) => p.buttons?.[0] ?? (p.kind === 'inputBox' ? '2' : undefined);
      await unbindSelected(nodes, []);
      assert.deepEqual(ext.ui.prompts, [], 'a prompt was shown');
      assert.equal(unbinds(sbB).length, before);
      // Several accounts at once: the read-only one refuses the whole run.
      const { nodes: mains } = await loaded(appA, ((await ext.tree.getChildren()) as Node[]).find((n): n is AccountNode => n.kind === 'account' && n.account.id === mainAccount().id));
      const beforeMain = unbinds().length;
      await unbindSelected([mains[0], ...nodes], []);
      assert.equal(unbinds().length, beforeMain);
      assert.equal(unbinds(sbB).length, before);
      ext.ui.reset();
    });
  });
});
