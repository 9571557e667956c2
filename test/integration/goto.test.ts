// Go to Binding… and Find's "All accounts" in the real VS Code: two accounts on two sandboxes (each
// its own key), searched over real HTTP. What each sandbox holds is read from the sandbox itself;
// bindings shared by both accounts are made with bare signed HTTP (test/unit/helpers/signedPost.ts).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Account } from '../../src/accounts/accounts';
import type { TestApi } from '../support/testApi';
import type { AppNode, BindingNode, Node } from '../../src/tree/nodes';
import { startSandbox, type Sandbox, type SandboxBinding } from '../../src/sandbox/main';
import { signedPost } from '../unit/helpers/signedPost';
import { activate, clearCredentials, configure, extensionLog, resetSettings, setCredentials, sleep, waitFor } from './helpers';

type ResultPick = vscode.QuickPick<vscode.QuickPickItem & { match?: { record: { bindId: string }; place: AppNode } }>;

const PAGE = 20;

suite('Go to Binding, Find in all accounts', () => {
  let sbA: Sandbox;
  let sbB: Sandbox;
  let ext: TestApi;
  let accountB: Account;
  const bindings = (ns: Node[]) => ns.filter((n): n is BindingNode => n.kind === 'binding');
  const exact = (b: SandboxBinding, digits: string) => [b.phoneA, b.phoneB, b.pnsNumberA, b.pnsNumberB, b.bindId].includes(digits);
  const selected = () => ext.treeView.selection[0] as Node | undefined;
  const selectedBinding = async (bindId: string) => {
    try {
      return await waitFor(`binding ${bindId} selected in the tree`, () => {
        const s = selected();
        return s?.kind === 'binding' && s.record.bindId === bindId ? s : undefined;
      });
    } catch (e) {
      // What went wrong, should it: the extension's last log lines, the last prompts, the accounts.
      const errors = extensionLog(ext).split('\n').slice(-12);
      return assert.fail(`${(e as Error).message}; selected: ${selected()?.kind ?? "nothing"}; last log lines: ${errors.join(" | ") || "none"}; prompts: ${JSON.stringify(ext.ui.prompts.slice(-4).map((p) => [p.kind, p.text]))}; accounts: ${ext.accounts.all().map((a) => a.name).join(", ")}`);
    }
  };

  /** Runs a command that streams into a quick pick (answers queued first); returns the pick once made. */
  async function withPick(command: string, ...answers: unknown[]): Promise<{ qp: ResultPick; done: Thenable<unknown> }> {
    let qp: unknown;
    const sub = ext.ui.onDidCreateQuickPick((q) => (qp = q));
    try {
      ext.ui.answer(...answers);
      const done = vscode.commands.executeCommand(command);
      await waitFor('the quick pick', () => qp);
      return { qp: qp as ResultPick, done };
    } finally {
      sub.dispose();
    }
  }

  /** Accepts one row of a quick pick (once the workbench has it active). */
  async function accept(qp: ResultPick, bindId: string): Promise<void> {
    const item = qp.items.find((i) => i.match?.record.bindId === bindId);
    assert.ok(item, `no row for ${bindId}: ${qp.items.map((i) => i.label).join(' | ')}`);
    qp.activeItems = [item];
    await sleep(300);
    qp.activeItems = [item];
    await sleep(100);
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  }

  /** A binding of `phoneA` made in the sandbox's app (over its own HTTP API); its bind id. */
  async function bindIn(sb: Sandbox, appId: string, phoneA: string, phoneB: string): Promise<string> {
    const reply = JSON.parse(await signedPost(sb, '/number/pns/bind', { phoneA, phoneB, expireS: 3600, appId, bizType: 1 })) as { status: string };
    assert.equal(String(reply.status), '0', JSON.stringify(reply));
    const made = sb.bindings(appId).find((b) => b.phoneA === phoneA && b.phoneB === phoneB);
    assert.ok(made);
    return made.bindId;
  }

  suiteSetup(async () => {
    // Different keys and seeds: each sandbox answers -1 to the other's key, and no bind id is in both.
    sbA = await startSandbox({ port: 0, seed: 71, bindingsPerApp: [1500, 40], apiKey: 'key-of-a', apiSecret: 'secret-of-a' });
    sbB = await startSandbox({ port: 0, seed: 72, bindingsPerApp: [2600, 30], apiKey: 'key-of-b', apiSecret: 'secret-of-b' });
    ext = await activate();
    await configure(ext, { baseUrl: sbA.url, pageSize: PAGE, apps: [{ appId: sbA.appIds[0], label: 'Rides A' }] });
    await setCredentials(sbA.apiKey, sbA.apiSecret);
    accountB = await ext.accounts.add(
      { name: 'Sandbox B', baseUrl: sbB.url, apps: [{ appId: sbB.appIds[0], label: 'Rides B' }] },
      { apiKey: sbB.apiKey, apiSecret: sbB.apiSecret, origin: new URL(sbB.url).origin },
    );
    await vscode.commands.executeCommand('laafficPns.bindings.focus');
  });

  suiteTeardown(async () => {
    ext.ui.reset();
    ext.details.panel?.dispose();
    for (const a of ext.accounts.all()) if (!a.usesSettings) await ext.accounts.remove(a);
    await vscode.commands.executeCommand('laafficPns.forgetHostApprovals');
    await clearCredentials();
    await resetSettings(['baseUrl', 'pageSize', 'apps']);
    await sbA.close();
    await sbB.close();
  });

  setup(async () => {
    for (const sb of [sbA, sbB]) {
      sb.setFaults(undefined);
      sb.setLatency(0);
    }
    // Nothing loaded, no cached page, every node collapsed: nothing is in the tree unless Go to loads it.
    await vscode.commands.executeCommand('workbench.actions.treeView.laafficPns.bindings.collapseAll');
    await vscode.commands.executeCommand('laafficPns.refresh');
  });

  test('Go to Binding reveals a binding of the second account on page 4: the app shows pages 1–4, the binding is selected, its details open', async () => {
    const truthB = sbB.bindings(sbB.appIds[0]);
    const at = 3 * PAGE + 5; // on page 4 of the tree
    const target = truthB[at];
    assert.ok(!sbA.bindings().some((b) => b.bindId === target.bindId), 'the bind id is in both sandboxes: the test would prove nothing');
    ext.ui.answer(target.bindId);
    await vscode.commands.executeCommand('laafficPns.goToBinding');
    const node = await selectedBinding(target.bindId);
    assert.equal(node.app.account, accountB);
    assert.equal(node.app.appId, sbB.appIds[0]);
    // Loaded through the tree's own Load more: pages 1..4, exactly what the sandbox serves there.
    const listed = bindings(await ext.tree.getChildren(node.app));
    assert.deepEqual(listed.map((b) => b.record.bindId), truthB.slice(0, 4 * PAGE).map((b) => b.bindId));
    assert.equal(String(ext.tree.getTreeItem(node.app).description), `${4 * PAGE} of ${truthB.length.toLocaleString('en')}`);
    await waitFor('the details of the binding', () => ext.details.lastRendered?.bindId === target.bindId);
  });

  test('a binding past 20 pages is not loaded into the tree: its details open and its page is named', async () => {
    const truthB = sbB.bindings(sbB.appIds[0]);
    const target = truthB[1234]; // the search's page 13 (of 100): the tree's pages 61–65 (of 20)
    const before = ext.ui.prompts.length;
    ext.ui.answer(target.bindId);
    await vscode.commands.executeCommand('laafficPns.goToBinding');
    await waitFor('the details of the binding', () => ext.details.lastRendered?.bindId === target.bindId);
    const said = ext.ui.prompts.slice(before).filter((p) => p.kind === 'info').map((p) => p.text);
    assert.deepEqual(said, [`Binding ${target.bindId} is on page 61–65 of Rides B, more than 20 pages in: its details are open (Load All Bindings brings it into the tree).`]);
    const app = ext.tree.appNodes(accountB).find((a) => a.appId === sbB.appIds[0])!;
    assert.equal(app.list.records.length, 0, 'pages were loaded into the tree');
  });

  test('a binding the filter hides is loaded but not revealed: its details open and the filter is named', async () => {
    const target = sbA.bindings(sbA.appIds[0])[3];
    ext.ui.answer('15550000000', []); // digits no binding has; no state ticked
    await vscode.commands.executeCommand('laafficPns.filter');
    try {
      const before = ext.ui.prompts.length;
      ext.ui.answer(target.bindId);
      await vscode.commands.executeCommand('laafficPns.goToBinding');
      await waitFor('the details of the binding', () => ext.details.lastRendered?.bindId === target.bindId);
      assert.deepEqual(ext.ui.prompts.slice(before).filter((p) => p.kind === 'info').map((p) => p.text), [`Binding ${target.bindId} is loaded in Rides A but hidden by the filter: its details are open.`]);
      const app = ext.tree.appNodes(ext.accounts.all().find((x) => x.usesSettings)).find((x) => x.appId === sbA.appIds[0])!;
      assert.ok(app.list.records.some((e) => e.record.bindId === target.bindId), 'its page was not loaded');
    } finally {
      await vscode.commands.executeCommand('laafficPns.clearFilter');
    }
  });

  test('a phone bound in both accounts offers both matches, each naming its account; picking one reveals it; no match says what was searched', async () => {
    const phone = '919812300001';
    const inA = await bindIn(sbA, sbA.appIds[0], phone, '919812300002');
    const inB = await bindIn(sbB, sbB.appIds[0], phone, '919812300003');
    const expected = [...sbA.bindings(sbA.appIds[0]), ...sbB.bindings(sbB.appIds[0])].filter((b) => exact(b, phone)).map((b) => b.bindId).sort();
    assert.deepEqual(expected, [inA, inB].sort());

    const { qp, done } = await withPick('laafficPns.goToBinding', '+91 98123-00001');
    await waitFor('the search to finish', () => !qp.busy, 30_000);
    const rows = qp.items.filter((i) => i.match);
    assert.deepEqual(rows.map((i) => i.match!.record.bindId).sort(), expected);
    assert.match(rows.find((i) => i.match!.record.bindId === inA)!.detail ?? '', /^Main \/ Rides A · bind id /);
    assert.match(rows.find((i) => i.match!.record.bindId === inB)!.detail ?? '', /^Sandbox B \/ Rides B · bind id /);
    await accept(qp, inB);
    await done;
    const node = await selectedBinding(inB);
    assert.equal(node.app.account, accountB);
    await waitFor('the details of the binding', () => ext.details.lastRendered?.bindId === inB);

    const none = await withPick('laafficPns.goToBinding', '+1 555 0000 000 123');
    await waitFor('the search to finish', () => !none.qp.busy, 30_000);
    assert.equal(none.qp.ignoreFocusOut, false, 'the results, once complete, close as any quick pick does');
    const total = sbA.bindingCount(sbA.appIds[0]) + sbB.bindingCount(sbB.appIds[0]);
    assert.deepEqual([none.qp.items[0].label, none.qp.items[0].description], ['No binding matches 15550000000123', `${total.toLocaleString('en')} bindings searched in 2 apps of 2 accounts`]);
    assert.equal(none.qp.items.filter((i) => i.match).length, 0);
    none.qp.hide();
    await none.done;
  });

  test('Esc while Go to Binding searches stops the reads of every account', async () => {
    for (const sb of [sbA, sbB]) sb.setLatency(300);
    const startA = sbA.requestCount;
    const startB = sbB.requestCount;
    const { qp, done } = await withPick('laafficPns.goToBinding', '15550000000123');
    await waitFor('both accounts to be searched', () => sbA.requestCount - startA >= 2 && sbB.requestCount - startB >= 2, 20_000);
    assert.ok(qp.busy, 'the search ended before the cancel: the test would prove nothing');
    // While it reads, focus moving elsewhere does not close the list (and cancel the search); Esc does.
    assert.equal(qp.ignoreFocusOut, true, 'a click elsewhere would cancel the search');
    qp.hide();
    await done;
    const afterA = sbA.requestCount;
    const afterB = sbB.requestCount;
    await sleep(1000);
    // Requests already on their way may still arrive; no new ones are made.
    const limit = ext.settings().searchConcurrency;
    assert.ok(sbA.requestCount - afterA <= limit && sbB.requestCount - afterB <= limit, `requests went on after the cancel: ${sbA.requestCount - afterA}, ${sbB.requestCount - afterB}`);
    const settledA = sbA.requestCount;
    const settledB = sbB.requestCount;
    await sleep(800);
    assert.deepEqual([sbA.requestCount, sbB.requestCount], [settledA, settledB], 'requests still being made');
    const pagesA = Math.ceil(sbA.bindingCount(sbA.appIds[0]) / 100);
    const pagesB = Math.ceil(sbB.bindingCount(sbB.appIds[0]) / 100);
    assert.ok(settledA - startA < pagesA && settledB - startB < pagesB, 'every page was read anyway');
  });

  test('accounts without credentials or that fail are named, and the others are still searched', async () => {
    const noKey = await ext.accounts.add({ name: 'No key', baseUrl: sbB.url, apps: [{ appId: sbB.appIds[1], label: 'Food' }] });
    // B's key at A's sandbox: every request is refused (-1).
    const wrongKey = await ext.accounts.add(
      { name: 'Wrong key', baseUrl: sbA.url, apps: [{ appId: sbA.appIds[1], label: 'Food A' }] },
      { apiKey: sbB.apiKey, apiSecret: sbB.apiSecret, origin: new URL(sbA.url).origin },
    );
    try {
      const target = sbA.bindings(sbA.appIds[0])[7];
      const before = ext.ui.prompts.length;
      ext.ui.answer(target.bindId);
      await vscode.commands.executeCommand('laafficPns.goToBinding');
      const node = await selectedBinding(target.bindId);
      assert.equal(node.app.account.usesSettings, true);
      const said = ext.ui.prompts.slice(before).filter((p) => p.kind === 'warning').map((p) => p.text);
      assert.equal(said.length, 1, JSON.stringify(ext.ui.prompts.slice(before)));
      assert.match(said[0], /^2 accounts could not be searched: /);
      assert.match(said[0], /No key \(Account No key has no Laaffic credentials\.\)/);
      assert.match(said[0], /Wrong key \/ Food A \(/);
    } finally {
      await ext.accounts.remove(noKey);
      await ext.accounts.remove(wrongKey);
    }
  });

  test('Find Binding by Number offers "All accounts" beside the active account’s apps and finds the matches of every account, each naming its account', async () => {
    const phone = '919812300011';
    const inA = await bindIn(sbA, sbA.appIds[1], phone, '919812300012');
    const inB = await bindIn(sbB, sbB.appIds[0], phone, '919812300013');
    // "All apps" of each account: every binding of its key (partial match, the default).
    const expected = [...sbA.bindings(), ...sbB.bindings()].filter((b) => [b.phoneA, b.phoneB, b.pnsNumberA, b.pnsNumberB, b.bindId].some((v) => v.includes(phone))).map((b) => b.bindId).sort();
    assert.deepEqual(expected, [inA, inB].sort());
    const before = ext.ui.prompts.length;
    const { qp, done } = await withPick('laafficPns.findBinding', phone, 'All accounts');
    const where = ext.ui.prompts.slice(before).find((p) => p.kind === 'quickPick');
    // The active account's apps ("All apps" first), then "All accounts": never "which account?".
    const labels = where?.items?.filter((i) => i.kind !== vscode.QuickPickItemKind.Separator).map((i) => i.label) ?? [];
    assert.equal(labels[0], 'All apps', labels.join(' | '));
    assert.equal(labels.at(-1), 'All accounts', labels.join(' | '));
    assert.equal(where?.placeHolder, 'Search one app, all of them, or every account');
    await waitFor('the search to finish', () => !qp.busy, 30_000);
    const rows = qp.items.filter((i) => i.match);
    assert.deepEqual(rows.map((i) => i.match!.record.bindId).sort(), expected, `${qp.title} / ${qp.items.map((i) => i.label).join(' | ')}`);
    assert.match(rows.find((i) => i.match!.record.bindId === inA)!.detail ?? '', /^Main \/ All apps · /);
    assert.match(rows.find((i) => i.match!.record.bindId === inB)!.detail ?? '', /^Sandbox B \/ All apps · /);
    assert.match(qp.title ?? '', /in All accounts: 2 found/);
    await accept(qp, inB);
    await done;
    await waitFor('the details of the binding', () => ext.details.lastRendered?.bindId === inB);
  });
});
