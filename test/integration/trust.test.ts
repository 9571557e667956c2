// Trust boundaries in the real VS Code: a workspace cannot redirect the credentials, they go only
// to approved hosts, and nothing a hostile server or settings file says becomes a link, markup or
// a forged log line. The hostile servers are real loopback HTTP servers.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Prompt, TestApi } from '../support/testApi';
import type { AppNode, BindingNode, MessageNode, Node } from '../../src/tree/nodes';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import { envelope, json, startRawServer, type RawServer } from '../unit/helpers/rawServer';
import { activate, cfg, clearCredentials, configure, extensionLog, GLOBAL, resetSettings, setCredentials, waitFor } from './helpers';

type W = Record<string, unknown>;
const LINK = /\[[^\]]*\]\s*\(/;
const SETTINGS = ['baseUrl', 'pageSize', 'timeoutSeconds', 'apps', 'retries'];

/**
 * Every message shown while `body` runs: the notifications (recorded as they reach VS Code) and
 * the questions (through the test API, which records them as they would be shown); `answer` may
 * reply to a question that no queued answer is for (a modal, say).
 */
async function recordMessages<T>(answer: (msg: string) => string | undefined, body: () => Promise<T>): Promise<{ shown: string[]; result: T }> {
  const ui = (await activate()).ui;
  const w = vscode.window as unknown as W;
  const names = ['showErrorMessage', 'showWarningMessage', 'showInformationMessage'];
  const originals = names.map((n) => w[n]);
  const shown: string[] = [];
  for (const n of names) w[n] = (msg: string) => (shown.push(String(msg)), Promise.resolve(undefined));
  ui.fallback = (p: Prompt) => {
    if (p.kind !== 'warning' && p.kind !== 'info') return undefined;
    shown.push(p.text);
    return answer(p.text);
  };
  try {
    return { shown, result: await body() };
  } finally {
    names.forEach((n, i) => (w[n] = originals[i]));
    ui.fallback = () => undefined;
  }
}

function assertNoMarkup(text: string): void {
  assert.ok(!LINK.test(text), `a link in: ${text}`);
  assert.ok(!/[[\]`]/.test(text), `[ ] or a backtick in: ${text}`);
  assert.ok(!/[\r\n\u2028\u2029]/.test(text), `a line break in: ${JSON.stringify(text)}`);
}

suite('Trust boundaries', () => {
  let sb: Sandbox;
  let hostile: RawServer;
  let ext: TestApi;
  let appA: string;
  const bindings = (ns: Node[]) => ns.filter((n): n is BindingNode => n.kind === 'binding');
  const messages = (ns: Node[]) => ns.filter((n): n is MessageNode => n.kind === 'message');
  const appNode = (id: string) => waitFor(`app ${id}`, async () => ((await ext.tree.getChildren()) as AppNode[]).find((a) => a.appId === id));
  /** The app's children once its first load has settled into bindings or messages. */
  const settled = async (id: string) => {
    ext.tree.refresh();
    return waitFor(`children of ${id}`, async () => {
      const kids = await ext.tree.getChildren(await appNode(id));
      return bindings(kids).length || messages(kids).length ? kids : undefined;
    });
  };

  suiteSetup(async () => {
    sb = await startSandbox({ port: 0, seed: 5, bindingsPerApp: [30] });
    hostile = await startRawServer();
    ext = await activate();
    appA = sb.appIds[0];
    await configure(ext, { baseUrl: sb.url, apps: [{ appId: appA }], retries: 0 });
    await setCredentials(sb.apiKey, sb.apiSecret);
  });

  suiteTeardown(async () => {
    await recordMessages(() => undefined, () => Promise.resolve(vscode.commands.executeCommand('laafficPns.forgetHostApprovals')));
    await clearCredentials();
    await resetSettings(SETTINGS);
    await hostile.close();
    await sb.close();
  });

  test('laafficPns.baseUrl is an application setting: a workspace .vscode/settings.json cannot redirect the credentials', async () => {
    const scope = (await activate(), vscode.extensions.all.find((e) => e.id === 'laaffic-pns-tools.laaffic-pns-explorer')!.packageJSON.contributes.configuration.properties['laafficPns.baseUrl'].scope);
    assert.equal(scope, 'application');
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test window has no workspace folder');
    const file = path.join(folder.uri.fsPath, '.vscode', 'settings.json');
    const prior = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // A hostile repository's settings: another baseUrl, and a harmless setting that proves the file was read.
    fs.writeFileSync(file, JSON.stringify({ 'laafficPns.baseUrl': hostile.url, 'laafficPns.pageSize': 7 }, null, 2));
    try {
      await waitFor('the workspace settings file to be read (pageSize 7)', () => ext.settings().pageSize === 7, 20_000);
      assert.equal(ext.settings().baseUrl, sb.url);
      console.log(`workspace baseUrl as VS Code reports it: ${JSON.stringify(cfg().inspect('baseUrl')?.workspaceValue)}`);
      const kids = await settled(appA);
      assert.equal(bindings(kids).length, 7, 'the bindings came from the sandbox, 7 per page as the workspace asked');
      ext.ui.answer('All bindings', vscode.Uri.file(path.join(os.tmpdir(), `trust-${Date.now()}.csv`)));
      await vscode.commands.executeCommand('laafficPns.exportBindings', await appNode(appA));
      assert.equal(hostile.requests.length, 0, 'a request reached the workspace\'s host');
    } finally {
      if (prior === undefined) fs.rmSync(file, { force: true });
      else fs.writeFileSync(file, prior);
      await waitFor('the workspace settings to be gone', () => ext.settings().pageSize !== 7, 20_000);
    }
  });

  test('the user value of laafficPns.baseUrl survives later settings writes (the code-server bug)', async () => {
    await configure(ext, { baseUrl: sb.url });
    await cfg().update('pageSize', 20, GLOBAL);
    await cfg().update('timeoutSeconds', 14, GLOBAL);
    await waitFor('the other settings', () => ext.settings().pageSize === 20 && ext.settings().timeoutSeconds === 14);
    assert.equal(cfg().inspect('baseUrl')?.globalValue, sb.url);
    assert.equal(ext.settings().baseUrl, sb.url);
    const userSettings = path.resolve(ext.globalStorageUri.fsPath, '..', '..', 'settings.json');
    assert.ok(fs.readFileSync(userSettings, 'utf8').includes(sb.url), `${userSettings} lost the base URL`);
    assert.equal(bindings(await settled(appA)).length, 20);
  });

  test('another host is asked about once, in a modal that names it; declined, nothing is sent', async () => {
    // An https origin on this machine that is not loopback by name: it needs approval. A plain
    // TCP server counts the connections the client makes to it.
    let connections = 0;
    const tcp = net.createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
    const port = (tcp.address() as net.AddressInfo).port;
    const origin = `https://[::ffff:7f00:1]:${port}`;
    const host = `[::ffff:7f00:1]:${port}`;
    // (in a notification the brackets are shown as full-width look-alikes: no link can start there)
    const shownHost = `\uff3b::ffff:7f00:1\uff3d:${port}`;
    try {
      const asked: string[] = [];
      let answer: string | undefined;
      const modal = (m: string) => (/Send your Laaffic API key/.test(m) ? (asked.push(m), answer) : undefined);
      await recordMessages(modal, async () => {
        // The question is recorded before the base URL changes: the open view redraws (and asks)
        // as soon as the setting arrives, possibly before settled() below refreshes it.
        await configure(ext, { baseUrl: `${origin}/v3` });
        const kids = messages(await settled(appA));
        assert.deepEqual(asked, [`Send your Laaffic API key and signed requests to ${shownHost}?`]);
        assert.equal(kids[0].label, `Not sent: ${host} is not approved`);
        assert.equal(kids[1].command?.command, 'laafficPns.forgetHostApprovals');
        assert.equal(connections, 0);
        // remembered: no second question, still nothing sent
        await settled(appA);
        assert.equal(asked.length, 1);
        assert.equal(connections, 0);
        // "Ask again", approved this time: the client connects (and fails TLS: a plain TCP server)
        answer = `Send to ${host}`; // a button's label is not markdown: shown as it is
        await vscode.commands.executeCommand('laafficPns.forgetHostApprovals', origin);
        await settled(appA);
        assert.equal(asked.length, 2);
        await waitFor('a connection to the approved host', () => connections > 0);
        // remembered: no third question
        await settled(appA);
        assert.equal(asked.length, 2);
      });
      await waitFor('the approval in the log', () => extensionLog(ext).includes(`Approved sending credentials to https://${shownHost}.`));
    } finally {
      await configure(ext, { baseUrl: sb.url });
      await new Promise((r) => tcp.close(r));
    }
  });

  test('a hostile reply and a hostile settings entry reach notifications and the log without links or line breaks', async () => {
    hostile.handle((_r, res) => json(res, envelope(null, '-1', '[Open settings](command:laafficPns.clearCredentials) `x`\nforged-line-7 [info] all good')));
    await configure(ext, { baseUrl: hostile.url });
    const { shown } = await recordMessages(() => undefined, async () => {
      await setCredentials('hostile-key', 'hostile-secret-value');
      ext.ui.answer('All bindings', vscode.Uri.file(path.join(os.tmpdir(), `trust-${Date.now()}.csv`)));
      await vscode.commands.executeCommand('laafficPns.exportBindings', await appNode(appA));
      await cfg().update('apps', [{ appId: appA }, { appId: '[x](command:laafficPns.clearCredentials)' }], GLOBAL);
      await waitFor('the settings warning', () => ext.settings().problems.length > 0);
      await new Promise((r) => setTimeout(r, 200));
    });
    try {
      const fromServer = shown.filter((m) => m.includes('Open settings'));
      assert.ok(fromServer.length >= 2, `the check and the export show the reply: ${JSON.stringify(shown)}`);
      const fromSettings = shown.filter((m) => m.startsWith('Laaffic PNS settings:'));
      assert.equal(fromSettings.length, 1, JSON.stringify(shown));
      for (const m of [...fromServer, ...fromSettings]) {
        assertNoMarkup(m);
        assert.ok(!m.includes('hostile-secret-value'));
      }
      await waitFor('the reply in the log', () => extensionLog(ext).includes('forged-line-7'));
      for (const line of extensionLog(ext).split('\n').filter((l) => l.includes('forged-line-7'))) {
        assert.match(line, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \[(warning|error|info)\] /, `a forged log line: ${line}`);
      }
    } finally {
      await configure(ext, { baseUrl: sb.url, apps: [{ appId: appA }] });
      await setCredentials(sb.apiKey, sb.apiSecret);
    }
  });

  test('tooltips show a hostile record\'s fields as text: no image, link, HTML or code span', async () => {
    const record = {
      bindId: '4242',
      phoneA: '911`\n![pic](https://evil.example/i.png) [link](https://evil.example/l)',
      phoneB: '<img src="https://evil.example/x.png">',
      pnsNumberA: '[x](command:laafficPns.clearCredentials)',
      pnsNumberB: '**bold** <a href="https://evil.example">a</a>',
      expireTime: '2030-01-01 00:00:00\n\n# heading',
    };
    hostile.handle((_r, res) => json(res, envelope({ total: 1, size: 50, current: 1, pages: 1, records: [record] })));
    await configure(ext, { baseUrl: hostile.url });
    try {
      const [b] = bindings(await settled(appA));
      assert.ok(b, 'the hostile record is listed');
      const tip = ext.tree.getTreeItem(b).tooltip as vscode.MarkdownString;
      assert.ok(tip instanceof vscode.MarkdownString);
      assert.ok(!tip.isTrusted && !tip.supportHtml);
      // Rendered by VS Code's own markdown renderer (which even allows HTML): only text comes out.
      const html = await vscode.commands.executeCommand<string>('markdown.api.render', tip.value);
      assert.ok(typeof html === 'string' && html.includes('4242'), html);
      for (const tag of ['<img', '<a ', '<h1', '<script', '<em', '<code']) assert.ok(!html.includes(tag), `${tag} in ${html}`);
      for (const url of ['https://evil.example', 'command:']) assert.ok(!html.includes(`href="${url}`), `a link to ${url} in ${html}`);
      assert.equal(html.match(/<strong>/g)?.length, 1, `only "Binding 4242" is bold: ${html}`);
      assert.ok(html.includes('evil.example'), 'the text is still shown');
      const label = String(ext.tree.getTreeItem(b).label);
      assert.ok(!/[\r\n]/.test(label), label);
    } finally {
      await configure(ext, { baseUrl: sb.url });
    }
  });

  test('Try the Local Sandbox asks before replacing credentials, and takes only valid app ids', async () => {
    // Credentials that are not the sandbox's: its requests answer -1 while they are in use.
    await setCredentials('my-real-key', 'my-real-secret');
    const status = async () => {
      const before = sb.requestCount;
      await settled(appA);
      return sb.requests.slice(before - sb.requestCount).map((r) => r.status)[0];
    };
    assert.equal(await status(), '-1');
    const asked: string[] = [];
    await recordMessages((m) => (/Replace your saved Laaffic credentials/.test(m) ? (asked.push(m), undefined) : undefined), () => Promise.resolve(vscode.commands.executeCommand('laafficPns.trySandbox')));
    assert.equal(asked.length, 1, 'asked before replacing');
    assert.equal(await status(), '-1', 'cancelled: the credentials were not replaced');

    // A local server posing as a sandbox, with hostile and too many app ids.
    const fake = await startRawServer((_r, res) =>
      json(res, { apiKey: sb.apiKey, apiSecret: sb.apiSecret, appIds: ['[x](command:laafficPns.clearCredentials)', 'a b', 7, '', ...Array.from({ length: 40 }, (_, i) => `demoApp${i}`), 'demoApp1'] }),
    );
    try {
      await configure(ext, { baseUrl: fake.url.replace(/\/v3$/, '/v3'), apps: [] });
      await recordMessages((m) => (/Replace your saved Laaffic credentials/.test(m) ? 'Replace with Demo Credentials' : undefined), () => Promise.resolve(vscode.commands.executeCommand('laafficPns.trySandbox')));
      await waitFor('the demo apps', () => ext.settings().apps.length > 0);
      assert.deepEqual(ext.settings().apps.map((a) => a.appId), Array.from({ length: 20 }, (_, i) => `demoApp${i}`));
      await configure(ext, { baseUrl: sb.url, apps: [{ appId: appA }] });
      assert.equal(await status(), '0', 'confirmed: the demo credentials are in use');
    } finally {
      await fake.close();
      await configure(ext, { baseUrl: sb.url, apps: [{ appId: appA }] });
    }
  });

  test('Set Credentials with a loopback base URL warns that they would go to a local program', async () => {
    const before = ext.ui.prompts.length;
    const { shown } = await recordMessages(() => undefined, () => Promise.resolve(vscode.commands.executeCommand('laafficPns.setCredentials')));
    const url = new URL(sb.url);
    assert.deepEqual(shown, [`The base URL is ${url.host}: a program on this computer, not Laaffic.`]);
    const inputs = ext.ui.prompts.slice(before).filter((p) => p.kind === 'inputBox').length;
    assert.equal(inputs, 0, 'cancelled before anything was typed');
    assert.equal(ext.settings().baseUrl, sb.url);
  });
});
