// The balance in the status bar, in the real VS Code, against the sandbox over real HTTP.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../support/testApi';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import { signedPost } from '../unit/helpers/signedPost';
import { envelope, json, startRawServer } from '../unit/helpers/rawServer';
import { activate, clearCredentials, configure, resetSettings, setCredentials, waitFor } from './helpers';

suite('Balance', () => {
  let sb: Sandbox;
  let ext: TestApi;
  /** The sandbox's own answer, read with bare node:http (not through the extension). */
  let truth: { balance: string; gift: string; credit: string };

  suiteSetup(async () => {
    sb = await startSandbox({ port: 0, seed: 17, bindingsPerApp: [20] });
    ext = await activate();
    truth = JSON.parse(await signedPost(sb, '/getBalance')) as typeof truth;
    await configure(ext, { baseUrl: sb.url, apps: [{ appId: sb.appIds[0] }] });
    await setCredentials(sb.apiKey, sb.apiSecret);
    await vscode.commands.executeCommand('laafficPns.bindings.focus');
  });

  suiteTeardown(async () => {
    await clearCredentials();
    await resetSettings(['baseUrl', 'apps', 'lowBalance']);
    await sb.close();
  });

  test('shows the balance while the view is visible; a balance under laafficPns.lowBalance is marked', async () => {
    const state = await waitFor('the balance', () => (ext.balance.state.kind === 'ok' ? ext.balance.state : undefined));
    assert.equal(state.balance.balance, truth.balance);
    assert.equal(ext.balance.item.text, `$(credit-card) ${truth.balance}`);
    assert.match(String(ext.balance.item.tooltip), new RegExp(`gift ${truth.gift.replace('.', '\\.')}`));
    assert.equal(ext.balance.item.backgroundColor, undefined, `${truth.balance} is not low`);

    await configure(ext, { lowBalance: Number(truth.balance) + 1 });
    await vscode.commands.executeCommand('laafficPns.refreshBalance');
    const low = await waitFor('the low balance', () => (ext.balance.state.kind === 'ok' && ext.balance.state.low ? ext.balance.state : undefined));
    assert.equal(low.balance.balance, truth.balance);
    assert.equal((ext.balance.item.backgroundColor as vscode.ThemeColor | undefined)?.id, 'statusBarItem.warningBackground');
  });

  test('text from outside draws no icon: an account name with $(…) is escaped, the currency the server names is shown, a balance that is not a decimal is an invalid reply', async () => {
    const server = await startRawServer();
    let reply: Record<string, unknown> = { balance: '12.50', gift: '0', credit: '0', currency: 'USD' };
    server.handle((req, res) => (req.url.endsWith('/getBalance') ? json(res, { status: '0', reason: 'success', ...reply }) : json(res, envelope(null))));
    const ops = ext.accounts.addEphemeral({ name: 'Ops $(warning)', baseUrl: server.url, apiKey: 'key-of-ops', apiSecret: 'secret-of-ops' });
    try {
      ext.balance.select(ops);
      const ok = await ext.balance.refresh(ops);
      assert.equal(ok.kind, 'ok');
      // `\$(` is VS Code's escape: the status bar shows "$(warning)" as text, not the icon.
      assert.equal(ext.balance.item.text, '$(credit-card) Ops \\$(warning): 12.50 USD');

      reply = { balance: '$(warning) 99', gift: '0', credit: '0' };
      const bad = await ext.balance.refresh(ops);
      assert.equal(bad.kind, 'error');
      assert.equal(ext.balance.item.text, '$(credit-card) Ops \\$(warning): Balance ?');
      assert.match(String(ext.balance.item.tooltip), /getBalance is not usable: its balance is not a decimal number/);
      assert.ok(!String(ext.balance.item.tooltip).includes('99'), 'the bad value is not shown');
    } finally {
      await ext.accounts.remove(ops);
      await server.close();
    }
  });

  test('an error says so on the item; without credentials it is gone', async () => {
    sb.setFaults({ rate: 1, kinds: ['http-500'], paths: ['/getBalance'] });
    try {
      await configure(ext, { retries: 0 });
      const s = await ext.balance.refresh();
      assert.equal(s.kind, 'error');
      assert.equal(ext.balance.item.text, '$(credit-card) Balance ?');
      assert.match(String(ext.balance.item.tooltip), /HTTP 500/);
    } finally {
      sb.setFaults(undefined);
      await resetSettings(['retries']);
    }
    await clearCredentials();
    await waitFor('the balance to go', () => ext.balance.state.kind === 'none');
  });
});
