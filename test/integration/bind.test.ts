// Bind Numbers… in the real VS Code against the sandbox over real HTTP: the multi-step input,
// one request, the new binding in the tree (selected); an unknown outcome is said and not retried.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Prompt, TestApi } from '../support/testApi';
import type { AppNode, BindingNode } from '../../src/tree/nodes';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import { activate, clearCredentials, configure, extensionLog, resetSettings, setCredentials, waitFor } from './helpers';

suite('Bind', () => {
  let sb: Sandbox;
  let ext: TestApi;
  let appA: string;
  const bindRequests = () => sb.requests.filter((r) => r.path === '/v3/number/pns/bind');
  const appNode = () => waitFor('the app', async () => ((await ext.tree.getChildren()) as AppNode[]).find((a) => a.appId === appA));

  suiteSetup(async () => {
    sb = await startSandbox({ port: 0, seed: 29, bindingsPerApp: [12] });
    appA = sb.appIds[0];
    ext = await activate();
    await configure(ext, { baseUrl: sb.url, pageSize: 50, apps: [{ appId: appA, label: 'Rides' }] });
    await setCredentials(sb.apiKey, sb.apiSecret);
    await vscode.commands.executeCommand('laafficPns.bindings.focus');
  });

  suiteTeardown(async () => {
    ext.details.panel?.dispose();
    await clearCredentials();
    await resetSettings(['baseUrl', 'pageSize', 'apps', 'timeoutSeconds', 'retries', 'defaultCountry']);
    await sb.close();
  });

  test('a new binding is made once, shown selected in the tree, and is what the sandbox holds', async () => {
    const app = await appNode();
    const before = bindRequests().length;
    ext.ui.reset();
    ext.ui.answer('+917000100001', '917000100002', 'AXB', 'Let Laaffic choose', '1 day', 'Bind');
    const result = (await vscode.commands.executeCommand('laafficPns.bind', app)) as { bindId: string; pnsNumberA: string };
    assert.ok(result?.bindId, 'no binding was made');
    assert.equal(bindRequests().length - before, 1);
    const held = sb.bindings(appA).find((b) => b.bindId === result.bindId);
    assert.ok(held, 'the sandbox has no such binding');
    assert.deepEqual([held.phoneA, held.phoneB, held.pnsNumberA], ['917000100001', '917000100002', result.pnsNumberA], 'the + is not sent');
    const selected = await waitFor('the new binding selected', () => (ext.treeView.selection[0] as BindingNode | undefined)?.record?.bindId === result.bindId);
    assert.ok(selected);
    const kinds = ext.ui.prompts.map((p) => p.kind);
    assert.deepEqual(kinds, ['inputBox', 'inputBox', 'quickPick', 'quickPick', 'quickPick', 'quickPick']);
    assert.match(ext.ui.prompts[3].text, /Bind Numbers \(4\/6\)/);
    assert.ok(ext.ui.prompts[3].items?.some((i) => i.label === 'Let Laaffic choose'));
  });

  test('an invalid phone is refused before anything is sent', async () => {
    const app = await appNode();
    const before = bindRequests().length;
    ext.ui.reset();
    ext.ui.answer('12ab');
    // The test input refuses what the real box would refuse (its validateInput); the command stops.
    const r = await vscode.commands.executeCommand('laafficPns.bind', app);
    assert.equal(r, undefined);
    assert.equal(bindRequests().length, before);
    await waitFor('the refusal in the log', () => /"12ab" is rejected by the input box "Laaffic PNS: Bind Numbers \(1\/6\)": Start with \+ and the country code/.test(extensionLog(ext)));
  });

  test('an unknown outcome (no answer in time) is said, not retried, and "Look for It" searches by phone A', async () => {
    const app = await appNode();
    await configure(ext, { timeoutSeconds: 1, retries: 3 });
    sb.setFaults({ rate: 1, kinds: ['hang'], paths: ['/number/pns/bind'] });
    const before = bindRequests().length;
    try {
      ext.ui.reset();
      ext.ui.answer('917000200001', '917000200002', 'AXXB', 'Let Laaffic choose', '1 hour', 'Bind', 'Look for It');
      await vscode.commands.executeCommand('laafficPns.bind', app);
      assert.equal(bindRequests().length - before, 1, 'the bind was sent again');
      const modal = ext.ui.prompts.find((p) => p.kind === 'warning');
      assert.ok(modal?.modal, JSON.stringify(ext.ui.prompts.map((p) => p.text)));
      assert.match(modal.text, /may or may not/i);
    } finally {
      sb.setFaults(undefined);
      await resetSettings(['timeoutSeconds', 'retries']);
    }
  });

  test('a bind carried out but its reply lost: "Look for It" finds it, though Load All had just cached the app\'s pages', async () => {
    const app = await appNode();
    // Load All reads the app through the page cache (pages of 100, as Look for It's search does).
    await vscode.commands.executeCommand('laafficPns.loadAll', app);
    const cache = app.account.connection.cache;
    assert.ok(cache.size > 0, 'Load All cached no page');
    sb.setFaults({ rate: 1, kinds: ['drop'], paths: ['/number/pns/bind'] });
    const before = bindRequests().length;
    try {
      ext.ui.reset();
      ext.ui.answer('917000500001', '917000500002', 'AXB', 'Let Laaffic choose', '1 hour', 'Bind', 'Look for It');
      const result = await vscode.commands.executeCommand('laafficPns.bind', app);
      assert.equal(bindRequests().length - before, 1, 'the bind was sent again');
      const made = sb.bindings(appA).filter((b) => b.phoneA === '917000500001');
      assert.equal(made.length, 1, 'the sandbox did not carry the bind out');
      assert.ok(ext.ui.prompts.some((p) => p.kind === 'warning' && p.modal), 'the unknown outcome was not said');
      assert.deepEqual(result, { found: [made[0].bindId] }, 'Look for It did not find the binding the server holds');
      // The attempt dropped every page cached before it (Find, Load All and Export read from the server next).
      assert.equal(cache.size, 0, 'pages cached before the bind are still there');
    } finally {
      sb.setFaults(undefined);
    }
  });

  const held = (phoneA: string) => sb.bindings(appA).filter((b) => b.phoneA === phoneA);
  const bind = (app: AppNode) => vscode.commands.executeCommand('laafficPns.bind', app) as Thenable<{ bindId: string } | undefined>;

  test('the last step is a summary of what will be sent: Esc or its highlighted first answer sends nothing; "Bind" sends one request', async () => {
    const app = await appNode();
    const before = bindRequests().length;
    for (const keep of [undefined, (p: Prompt) => p.items?.[0]]) {
      ext.ui.reset();
      ext.ui.answer('+91 98765 00001', '+91 98765 00002', 'AXB', 'Let Laaffic choose', '1 hour', keep);
      assert.equal(await bind(app), undefined);
      const summary = ext.ui.prompts.at(-1)!;
      assert.equal(summary.kind, 'quickPick');
      assert.equal(summary.placeHolder, `Bind +91 98765 00001 ↔ +91 98765 00002 through a middle number Laaffic chooses, AXB, for 1 h, in app Rides (${appA})?`);
      assert.deepEqual(
        summary.items?.map((i) => [i.label, i.description]),
        [
          ["Don't Bind", 'nothing is sent'],
          ['Bind', '+91 98765 00001 ↔ +91 98765 00002 · AXB · 1 h'],
        ],
      );
    }
    // With masking on, the summary masks the phones too (the last four digits visible).
    await configure(ext, { maskNumbers: true });
    try {
      ext.ui.reset();
      ext.ui.answer('+91 98765 00001', '+91 98765 00002', 'AXB', 'Let Laaffic choose', '1 hour', undefined);
      await bind(app);
      assert.match(ext.ui.prompts.at(-1)?.placeHolder ?? '', /^Bind \+91 98•••• 0001 ↔ \+91 98•••• 0002 through /);
    } finally {
      await resetSettings(['maskNumbers']);
    }
    assert.equal(bindRequests().length, before, 'a summary not accepted sent a request');
    assert.equal(held('919876500001').length, 0);
    ext.ui.reset();
    ext.ui.answer('+91 98765 00001', '+91 98765 00002', 'AXB', 'Let Laaffic choose', '1 hour', 'Bind');
    const made = await bind(app);
    assert.ok(made?.bindId);
    assert.equal(bindRequests().length - before, 1);
    assert.equal(held('919876500001').length, 1);
  });

  test('numbers are read as Find reads them, each one\'s country shown as it is typed; one without a country code is refused with a hint', async () => {
    const app = await appNode();
    const before = bindRequests().length;
    const said = new Map<string, unknown>();
    ext.ui.reset();
    ext.ui.answer(
      (p: Prompt) => {
        for (const v of ['9876543210', '(+91) 98765-43210', '0091 98765 43210', '+49 1511 2345678', '919876543210']) said.set(v, p.validate?.(v));
        return '+91 98765 43210';
      },
      '+91 98765.43211',
      'AXB',
      'Let Laaffic choose',
      '1 hour',
      'Bind',
    );
    const made = await bind(app);
    const info = (message: string) => ({ message, severity: vscode.InputBoxValidationSeverity.Info });
    assert.equal(said.get('9876543210'), 'Start with + and the country code, e.g. +91 98765 43210, or set laafficPns.defaultCountry.');
    assert.deepEqual(said.get('(+91) 98765-43210'), info('India · +91 98765 43210'));
    assert.deepEqual(said.get('0091 98765 43210'), info('India · +91 98765 43210'));
    assert.deepEqual(said.get('+49 1511 2345678'), info('Germany · +49 1511 2345678'));
    // The vendor's own form (digits with the country code, no +) reads as the number it is.
    assert.deepEqual(said.get('919876543210'), info('India · +91 98765 43210'));
    assert.equal(ext.ui.prompts[0].validation, 'India · +91 98765 43210');
    assert.equal(ext.ui.prompts[1].validation, 'India · +91 98765 43211');
    assert.ok(made?.bindId);
    assert.equal(bindRequests().length - before, 1);
    assert.deepEqual(
      held('919876543210').map((b) => b.phoneB),
      ['919876543211'],
    );
    // Typed without a country code, the number is refused: nothing is sent.
    ext.ui.reset();
    ext.ui.answer('9876543210');
    assert.equal(await bind(app), undefined);
    assert.equal(bindRequests().length - before, 1);
  });

  test('with laafficPns.defaultCountry set, a number without a country code is completed and shown as completed', async () => {
    const app = await appNode();
    await configure(ext, { defaultCountry: '91' });
    try {
      const before = bindRequests().length;
      const said = new Map<string, unknown>();
      ext.ui.reset();
      ext.ui.answer(
        (p: Prompt) => {
          for (const v of ['098765 43220', '+49 1511 2345678', '919876543220']) said.set(v, (p.validate?.(v) as vscode.InputBoxValidationMessage | undefined)?.message);
          return '98765 43220';
        },
        '9876543221',
        'AXB',
        'Let Laaffic choose',
        '1 hour',
        'Bind',
      );
      const made = await bind(app);
      assert.equal(ext.ui.prompts[0].validation, 'India · +91 98765 43220 — completed from laafficPns.defaultCountry');
      assert.equal(ext.ui.prompts[1].validation, 'India · +91 98765 43221 — completed from laafficPns.defaultCountry');
      // A trunk 0 is dropped; a + says the number has its own code; digits valid with a code keep it.
      assert.equal(said.get('098765 43220'), 'India · +91 98765 43220 — completed from laafficPns.defaultCountry');
      assert.equal(said.get('+49 1511 2345678'), 'Germany · +49 1511 2345678');
      assert.equal(said.get('919876543220'), 'India · +91 98765 43220');
      assert.match(ext.ui.prompts.at(-1)?.placeHolder ?? '', /^Bind \+91 98765 43220 ↔ \+91 98765 43221 through/);
      assert.ok(made?.bindId);
      assert.equal(bindRequests().length - before, 1);
      assert.deepEqual(
        held('919876543220').map((b) => b.phoneB),
        ['919876543221'],
      );
    } finally {
      await resetSettings(['defaultCountry']);
    }
  });

  test('a protected account: the last four digits of phone A must be typed; wrong ones or Esc send nothing, the right ones send one request', async () => {
    const app = await appNode();
    await ext.accounts.setProtection(app.account, 'protected');
    try {
      const before = bindRequests().length;
      const steps = ['+91 98765 00011', '+91 98765 00012', 'AXB', 'Let Laaffic choose', '1 hour', 'Bind'];
      for (const typed of ['0012', undefined]) {
        ext.ui.reset();
        ext.ui.answer(...steps, typed);
        assert.equal(await bind(app), undefined);
        const asked = ext.ui.prompts.at(-1)!;
        assert.equal(asked.kind, 'inputBox');
        assert.equal(asked.validate?.('0012'), 'Not the last four digits of phone A.');
      }
      assert.equal(bindRequests().length, before, 'a write on a protected account went without the last four digits');
      ext.ui.reset();
      ext.ui.answer(...steps, '0011');
      assert.ok((await bind(app))?.bindId);
      assert.equal(bindRequests().length - before, 1);
    } finally {
      await ext.accounts.setProtection(app.account, 'none');
    }
  });

  test('a read-only account: Bind refuses and says why, from the app\'s menu or the palette, and sends nothing', async () => {
    const app = await appNode();
    await ext.accounts.setProtection(app.account, 'readOnly');
    try {
      const before = bindRequests().length;
      for (const from of [app, undefined]) {
        ext.ui.reset();
        ext.ui.answer('+91 98765 00021', '+91 98765 00022', 'AXB', 'Let Laaffic choose', '1 hour', 'Bind');
        assert.equal(await vscode.commands.executeCommand('laafficPns.bind', from), undefined);
        assert.deepEqual(
          ext.ui.prompts.map((p) => [p.kind, p.text]),
          [['warning', 'Bind is not allowed: the account "Main" is read-only. Nothing was sent. (Remove its read-only mark to write on it.)']],
        );
      }
      assert.equal(bindRequests().length, before);
    } finally {
      await ext.accounts.setProtection(app.account, 'none');
    }
  });

  test('asked for an app from the palette, Bind does not offer the apps of a read-only account', async () => {
    const app = await appNode();
    const staging = ext.accounts.addEphemeral({ name: 'Staging', baseUrl: sb.url, apiKey: sb.apiKey, apiSecret: sb.apiSecret, apps: [{ appId: appA, label: 'Rides (staging)' }] });
    await ext.accounts.setProtection(app.account, 'readOnly');
    try {
      const before = bindRequests().length;
      ext.ui.reset();
      ext.ui.answer(undefined);
      assert.equal(await vscode.commands.executeCommand('laafficPns.bind'), undefined);
      const offered = ext.ui.prompts.flatMap((p) => p.items ?? []).map((i) => i.label);
      assert.ok(offered.includes('Rides (staging)'), JSON.stringify(ext.ui.prompts));
      assert.ok(!offered.includes('Rides') && !offered.includes('Main'), `a read-only account's apps were offered: ${JSON.stringify(offered)}`);
      assert.equal(bindRequests().length, before);
    } finally {
      await ext.accounts.setProtection(app.account, 'none');
      if (ext.accounts.get(staging.id)) await ext.accounts.remove(staging);
    }
  });
});
