// The active account (issue 21, item 1), account protection in the UI (item 6) and the platform's
// brands in Add Account (item 11), in the real VS Code: two sandboxes with different keys, one
// account each. What each sandbox holds is read with bare signed HTTP, not through the extension.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Account } from '../../src/accounts/accounts';
import type { TestApi } from '../support/testApi';
import type { AccountNode, AppNode, BindingNode, Node } from '../../src/tree/nodes';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import { signedPost } from '../unit/helpers/signedPost';
import { activate, clearCredentials, EXTENSION_ID, configure, resetSettings, setCredentials, waitFor } from './helpers';

interface MenuEntry {
  command: string;
  when?: string;
}

/** package.json as VS Code read it (the menus it shows), not the code under test. */
const manifest = () => vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { menus: Record<string, MenuEntry[]> } };

/**
 * Whether a `when` clause of the bindings view's context menu can be true for a tree item with
 * this contextValue: its `viewItem == x` / `viewItem =~ /re/` terms, every other term taken as
 * true (the most a menu could ever show). Only `&&` clauses are used in these menus.
 */
function viewItemAllows(when: string | undefined, contextValue: string): boolean {
  if (!when) return true;
  assert.ok(!when.includes('||'), `a clause with || needs a real evaluator: ${when}`);
  return when.split('&&').every((term) => {
    const t = term.trim();
    const eq = /^viewItem == (\S+)$/.exec(t);
    if (eq) return eq[1] === contextValue;
    const re = /^viewItem =~ \/(.*)\/$/.exec(t);
    if (re) return new RegExp(re[1]).test(contextValue);
    return true;
  });
}

/** The commands of the view's item menus that a tree item with this contextValue could show. */
function itemMenuCommands(contextValue: string): Set<string> {
  return new Set(manifest().contributes.menus['view/item/context'].filter((e) => viewItemAllows(e.when, contextValue)).map((e) => e.command));
}

/** Bind and every kind of Unbind (the bulk ones too, where they exist). */
const WRITES = ['laafficPns.bind', 'laafficPns.unbind', 'laafficPns.unbindSelected', 'laafficPns.unbindFiltered'];

suite('Active account, protection and brands', () => {
  let sbA: Sandbox;
  let sbB: Sandbox;
  let ext: TestApi;
  let opsB: Account;

  const kids = (n?: Node) => ext.tree.getChildren(n);
  const accountNodes = async () => (await kids()).filter((n): n is AccountNode => n.kind === 'account');
  const nodeOf = async (a: Account) => waitFor(`the node of ${a.name}`, async () => (await accountNodes()).find((n) => n.account.id === a.id));
  const appsOf = async (a: Account) => (await kids(await nodeOf(a))).filter((n): n is AppNode => n.kind === 'app');
  const bindingsOf = async (app: AppNode) =>
    waitFor(`the bindings of ${app.label}`, async () => {
      const ns = (await kids(app)).filter((n): n is BindingNode => n.kind === 'binding');
      return ns.length ? ns : undefined;
    });
  const main = () => ext.accounts.all().find((a) => a.usesSettings)!;
  const balanceOf = async (sb: Sandbox) => (JSON.parse(await signedPost(sb, '/getBalance')) as { balance: string }).balance;
  const accountQuestions = (from: number) => ext.ui.prompts.slice(from).filter((p) => p.placeHolder === 'Which account?');

  suiteSetup(async () => {
    sbA = await startSandbox({ port: 0, seed: 81, bindingsPerApp: [6], apiKey: 'key-of-a', apiSecret: 'secret-of-a' });
    sbB = await startSandbox({ port: 0, seed: 82, bindingsPerApp: [5], apiKey: 'key-of-b', apiSecret: 'secret-of-b' });
    ext = await activate();
    await configure(ext, { baseUrl: sbA.url, apps: [{ appId: sbA.appIds[0], label: 'Rides A' }] });
    await setCredentials(sbA.apiKey, sbA.apiSecret);
    opsB = await ext.accounts.add({ name: 'Ops B', baseUrl: sbB.url, apps: [{ appId: sbB.appIds[0], label: 'Rides B' }] }, { apiKey: sbB.apiKey, apiSecret: sbB.apiSecret, origin: new URL(sbB.url).origin });
    await vscode.commands.executeCommand('laafficPns.bindings.focus');
  });

  suiteTeardown(async () => {
    ext.ui.reset();
    for (const a of ext.accounts.all()) if (!a.usesSettings && ext.accounts.all().length > 1) await ext.accounts.remove(a);
    if (main().protection !== 'none') await ext.accounts.setProtection(main(), 'none');
    await clearCredentials();
    await resetSettings(['baseUrl', 'apps']);
    await sbA.close();
    await sbB.close();
  });

  test('the status bar item switches the active account: its quick pick lists the accounts, and the item then shows the chosen one and its balance', async () => {
    const [balA, balB] = [await balanceOf(sbA), await balanceOf(sbB)];
    assert.notEqual(balA, balB, 'both sandboxes have the same balance: the check would prove nothing');
    // Make Active Account on Main's node.
    await vscode.commands.executeCommand('laafficPns.makeActiveAccount', await nodeOf(main()));
    assert.equal(ext.accounts.active, main());
    await waitFor('the balance of Main', () => ext.balance.item.text === `$(credit-card) Main: ${balA}`);
    // The item's click.
    const click = ext.balance.item.command;
    assert.equal(typeof click === 'string' ? click : click?.command, 'laafficPns.switchAccount');
    assert.match(String(ext.balance.item.tooltip), /Click to switch the active account/);
    const before = ext.ui.prompts.length;
    ext.ui.answer('Ops B');
    await vscode.commands.executeCommand(typeof click === 'string' ? click : click!.command);
    const asked = ext.ui.prompts.slice(before);
    assert.equal(asked.length, 1);
    assert.deepEqual(asked[0].items?.map((i) => i.label), ['Main', 'Ops B', '$(refresh) Read the Balance Again']);
    assert.equal(ext.accounts.active.id, opsB.id);
    assert.equal(ext.globalState.get('laafficPns.activeAccount'), opsB.id, 'kept per user');
    await waitFor('the balance of Ops B', () => ext.balance.item.text === `$(credit-card) Ops B: ${balB}`);
  });

  test('a palette command acts on the active account without asking which: Find Binding and Refresh Balance go to the second account\'s sandbox only', async () => {
    await ext.accounts.setActive(opsB);
    const target = sbB.bindings()[0];
    const digits = target.phoneA.slice(-6);
    const wanted = sbB.bindings().filter((b) => [b.phoneA, b.phoneB, b.pnsNumberA, b.pnsNumberB, b.bindId].some((v) => v.includes(digits))).map((b) => b.bindId);
    const [aBefore, bBefore] = [sbA.requestCount, sbB.requestCount];
    const before = ext.ui.prompts.length;
    let qp: vscode.QuickPick<vscode.QuickPickItem & { match?: { record: { bindId: string } } }> | undefined;
    const sub = ext.ui.onDidCreateQuickPick((q) => (qp = q as never));
    try {
      ext.ui.answer(digits, 'All apps');
      const done = vscode.commands.executeCommand('laafficPns.findBinding');
      const list = await waitFor('the search to finish', () => (qp && !qp.busy ? qp : undefined), 12_000);
      assert.deepEqual(list.items.map((i) => i.match?.record.bindId).sort(), [...wanted].sort());
      list.hide();
      await done;
    } finally {
      sub.dispose();
    }
    await vscode.commands.executeCommand('laafficPns.refreshBalance');
    assert.deepEqual(accountQuestions(before), [], 'asked which account');
    assert.equal(sbA.requestCount, aBefore, 'a request went to the first account\'s sandbox');
    assert.ok(sbB.requests.slice(bBefore).some((r) => r.path.endsWith('/getBalance')), 'Refresh Balance read the second account\'s balance');
    assert.ok(sbB.requests.slice(bBefore).some((r) => r.path.endsWith('/number/pns/queryBindPage')), 'Find searched the second account');
  });

  test('an account without credentials: the error offers exactly Set Credentials… and Switch Account…, and Set Credentials… sets them for that account', async () => {
    const bare = await ext.accounts.add({ name: 'No Keys', baseUrl: sbB.url, apps: [] });
    const w = vscode.window as unknown as { showErrorMessage: (...a: unknown[]) => Thenable<unknown> };
    const original = w.showErrorMessage;
    const shown: Array<{ message: string; buttons: unknown[] }> = [];
    try {
      await ext.accounts.setActive(bare);
      w.showErrorMessage = (message: unknown, ...buttons: unknown[]) => {
        shown.push({ message: String(message), buttons });
        return Promise.resolve(buttons.includes('Set Credentials…') ? 'Set Credentials…' : undefined);
      };
      const before = ext.ui.prompts.length;
      // Set Credentials then asks: the local address is kept, then the key and the secret.
      ext.ui.answer('Keep the Local Address', 'key-of-bare', 'secret-of-bare');
      await vscode.commands.executeCommand('laafficPns.discoverApps');
      const error = await waitFor('the error', () => shown.find((s) => /No Keys has no Laaffic credentials/.test(s.message)));
      assert.deepEqual(error.buttons, ['Set Credentials…', 'Switch Account…']);
      assert.doesNotMatch(error.message, /Laaffic PNS: /, 'no command to type');
      const stored = await waitFor('the credentials of No Keys', async () => ext.secrets.get(`laafficPns.credentials.${bare.id}`));
      assert.equal((JSON.parse(stored) as { apiKey: string }).apiKey, 'key-of-bare');
      assert.ok(ext.ui.prompts.slice(before).some((p) => p.text === 'Laaffic PNS: Set Credentials for No Keys (1/2)'), 'Set Credentials ran for that account');
      assert.deepEqual(accountQuestions(before), [], 'asked which account');
      assert.equal(await opsB.credentials.get().then((c) => c?.apiKey), sbB.apiKey, 'the other account kept its key');
    } finally {
      w.showErrorMessage = original;
      await ext.accounts.remove(bare);
    }
  });

  test('Set Account Protection… is shown on the account node and persists across a reload', async () => {
    await ext.accounts.setActive(main());
    ext.ui.answer('Protected');
    await vscode.commands.executeCommand('laafficPns.setAccountProtection', await nodeOf(opsB));
    assert.equal(opsB.protection, 'protected');
    let item = ext.tree.getTreeItem(await nodeOf(opsB));
    assert.equal(item.description, `${new URL(sbB.url).host} · Protected`);
    assert.match(String(item.tooltip), /Protected: a write needs the last four digits of phone A typed/);
    // From the palette: the active account (Main), no question which.
    const before = ext.ui.prompts.length;
    ext.ui.answer('Read-only');
    await vscode.commands.executeCommand('laafficPns.setAccountProtection');
    assert.deepEqual(accountQuestions(before), []);
    assert.equal(main().protection, 'readOnly');
    await ext.accounts.setProtection(main(), 'none');

    await ext.accounts.reload();
    const reloaded = ext.accounts.get(opsB.id)!;
    assert.notEqual(reloaded, opsB, 'reload() makes the accounts again');
    assert.equal(reloaded.protection, 'protected');
    item = ext.tree.getTreeItem(await nodeOf(reloaded));
    assert.equal(item.description, `${new URL(sbB.url).host} · Protected`);
    opsB = reloaded;
  });

  test('a read-only account offers no Bind or Unbind: no item menu of its nodes, not the palette while it is active, not its details panel', async () => {
    await ext.accounts.setProtection(opsB, 'readOnly');
    // Its nodes: account, apps, bindings; Main's for comparison.
    const [appB] = await appsOf(opsB);
    const [appA] = await appsOf(main());
    const bindingB = (await bindingsOf(appB))[0];
    const bindingA = (await bindingsOf(appA))[0];
    const cv = (n: Node) => String(ext.tree.getTreeItem(n).contextValue);
    for (const n of [await nodeOf(opsB), appB, bindingB]) {
      const offered = itemMenuCommands(cv(n));
      for (const w of WRITES) assert.ok(!offered.has(w), `${w} is offered on ${cv(n)}`);
    }
    // Every other command of a binding's menu is still there, and Main's binding still offers Unbind.
    assert.deepEqual([...itemMenuCommands(cv(bindingB))].sort(), [...itemMenuCommands(cv(bindingA))].filter((c) => !WRITES.includes(c)).sort());
    assert.deepEqual([...itemMenuCommands(cv(appB))].sort(), [...itemMenuCommands(cv(appA))].filter((c) => !WRITES.includes(c)).sort());
    assert.ok(itemMenuCommands(cv(bindingA)).has('laafficPns.unbind'), 'the clause check finds Unbind where it is offered');
    assert.ok(itemMenuCommands(cv(appA)).has('laafficPns.bind'));
    assert.ok(itemMenuCommands(cv(await nodeOf(opsB))).has('laafficPns.setAccountProtection'), 'the read-only account keeps its own menu');

    // The palette: its Bind and Unbind clauses need the key that says the active account is read-only.
    const palette = manifest().contributes.menus.commandPalette.filter((e) => WRITES.includes(e.command));
    assert.deepEqual(['laafficPns.bind', 'laafficPns.unbind'].filter((c) => !palette.some((e) => e.command === c)), []);
    for (const e of palette) assert.match(e.when ?? '', /!laafficPns\.activeReadOnly\b/, `${e.command} in the palette`);
    await ext.accounts.setActive(opsB);
    await waitFor('the key set', () => ext.view.contextValue('laafficPns.activeReadOnly') === true);
    await ext.accounts.setActive(main());
    await waitFor('the key cleared', () => ext.view.contextValue('laafficPns.activeReadOnly') === false);

    // The details panel: a binding of the read-only account has no Unbind button; Main's has.
    try {
      ext.details.lastRendered = undefined;
      await vscode.commands.executeCommand('laafficPns.showBindingDetails', bindingB);
      const r = await waitFor('B\'s binding rendered', () => (ext.details.lastRendered?.bindId === bindingB.record.bindId && ext.details.lastRendered.facts ? ext.details.lastRendered : undefined), 20_000);
      assert.equal(r.facts?.unbind, false, 'the page of a read-only account\'s binding offers Unbind');
      ext.details.lastRendered = undefined;
      await vscode.commands.executeCommand('laafficPns.showBindingDetails', bindingA);
      const rA = await waitFor('Main\'s binding rendered', () => (ext.details.lastRendered?.bindId === bindingA.record.bindId && ext.details.lastRendered.facts ? ext.details.lastRendered : undefined), 20_000);
      assert.equal(rA.facts?.unbind, true, 'the page check sees an Unbind button where there is one');
    } finally {
      ext.details.panel?.dispose();
      await ext.accounts.setProtection(opsB, 'none');
    }
  });

  test('Add Account… offers Laaffic, Onbuka, Itniotech and a custom URL; a brand\'s host gets the credentials without an approval question', async () => {
    const before = ext.ui.prompts.length;
    // Name, the brand; Esc at the API key (nothing is added, nothing leaves this machine).
    ext.ui.answer('Brand Test', 'Itniotech', undefined);
    const added = await vscode.commands.executeCommand('laafficPns.addAccount');
    assert.equal(added, undefined);
    const asked = ext.ui.prompts.slice(before);
    assert.deepEqual(asked.map((p) => p.text), ['Laaffic PNS: Add Account (1/4)', 'Laaffic PNS: Add Account (2/4)', 'Laaffic PNS: Add Account (3/4)']);
    assert.deepEqual(asked[1].items?.map((i) => [i.label, i.description]), [
      ['Laaffic', 'https://api.laaffic.com/v3'],
      ['Onbuka', 'https://api.onbuka.com/v3'],
      ['Itniotech', 'https://api.itniotech.com'],
      ['Custom URL…', 'a sandbox on this computer, or another host'],
    ]);
    // The key is asked for the brand's host.
    assert.match(asked[2].prompt ?? '', /They will be sent only to api\.itniotech\.com\./);
    assert.ok(!ext.accounts.all().some((a) => a.name === 'Brand Test'));
    // The trust check of an account: Itniotech's origin is allowed without a question (and an unknown host is asked about).
    const prompts = ext.ui.prompts.length;
    await main().approvals.ensure('https://api.itniotech.com', { apiKey: 'k', apiSecret: 's', origin: new URL(sbA.url).origin }, undefined as never);
    assert.equal(ext.ui.prompts.length, prompts, 'asked before sending to Itniotech');
    ext.ui.answer(undefined);
    await assert.rejects(main().approvals.ensure('https://unknown-brand.example', { apiKey: 'k', apiSecret: 's', origin: new URL(sbA.url).origin }, { info: () => undefined, warn: () => undefined } as never));
    assert.equal(ext.ui.prompts.length, prompts + 1, 'an unknown host is asked about');
    await main().approvals.forget('https://unknown-brand.example');
  });

  test('with one account (no account node) the view\'s description says Read-only or Protected', async () => {
    for (const a of ext.accounts.all()) if (!a.usesSettings) await ext.accounts.remove(a);
    assert.equal(ext.accounts.all().length, 1);
    try {
      await ext.accounts.setProtection(main(), 'readOnly');
      await waitFor('the view saying Read-only', () => /\bRead-only\b/.test(ext.treeView.description ?? ''));
      assert.equal(ext.view.contextValue('laafficPns.activeReadOnly'), true, 'the only account is the active one');
      await ext.accounts.setProtection(main(), 'protected');
      await waitFor('the view saying Protected', () => /\bProtected\b/.test(ext.treeView.description ?? ''));
    } finally {
      await ext.accounts.setProtection(main(), 'none');
    }
    await waitFor('the view saying nothing of it', () => !/Read-only|Protected/.test(ext.treeView.description ?? ''));
  });
});
