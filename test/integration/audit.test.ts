// Secret-leak audit: a whole session in the real VS Code, then every place the extension could
// have written to is searched for the API secret and for every Sign the session could have sent.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../support/testApi';
import { activate, cfg, GLOBAL as G, resetSettings, waitFor } from './helpers';
import type { AppNode, BindingNode, LoadMoreNode, Node } from '../../src/tree/nodes';
import { startSandbox, type FaultKind, type Sandbox } from '../../src/sandbox/main';

type W = Record<string, unknown>;

suite('Secret-leak audit', () => {
  test('a full session leaves the secret and the signatures nowhere but SecretStorage', async function () {
    this.timeout(120_000);
    const secret = `S3cr3t-${Date.now().toString(36)}-audit`;
    const sb: Sandbox = await startSandbox({ port: 0, seed: 99, bindingsPerApp: [260], apiKey: 'audit-key-7f3a', apiSecret: secret });
    const ext: TestApi = await activate();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'laaffic-audit-'));
    const startedSec = Math.floor(Date.now() / 1000);
    const shown: string[] = [];
    const w = vscode.window as unknown as W;
    const originals = new Map<string, unknown>();
    // Record every notification the extension shows, without changing what it does (questions
    // are answered by the test API's queue, which records them too).
    for (const name of ['showErrorMessage', 'showWarningMessage', 'showInformationMessage']) {
      const orig = w[name] as (...a: unknown[]) => Thenable<unknown>;
      originals.set(name, orig);
      w[name] = (msg: string, ...rest: unknown[]) => {
        shown.push(String(msg));
        return orig.call(vscode.window, msg, ...rest.filter((r) => typeof r === 'string'));
      };
    }
    const promptsBefore = ext.ui.prompts.length;
    const inputs = { push: (key: string, secret: string) => ext.ui.answer('Keep the Local Address', key, secret) };
    const posted: unknown[] = [];
    try {
      await cfg().update('baseUrl', sb.url, G);
      await cfg().update('pageSize', 40, G);
      await cfg().update('timeoutSeconds', 1, G);
      await cfg().update('apps', [{ appId: sb.appIds[0], label: 'Audit' }], G);
      inputs.push(sb.apiKey, secret);
      await vscode.commands.executeCommand('laafficPns.setCredentials');
      await waitFor('settings', () => ext.settings().baseUrl === sb.url && ext.settings().timeoutSeconds === 1);
      const app = await waitFor('app', async () => ((await ext.tree.getChildren()) as AppNode[]).find((a) => a.appId === sb.appIds[0]));
      const bindings = (ns: Node[]) => ns.filter((n): n is BindingNode => n.kind === 'binding');

      // Load pages.
      let kids = await ext.tree.getChildren(app);
      const more = kids.find((n): n is LoadMoreNode => n.kind === 'loadMore')!;
      await vscode.commands.executeCommand('laafficPns.loadMore', more);
      kids = await ext.tree.getChildren(app);
      assert.equal(bindings(kids).length, 80);

      // Every error class the client knows, each shown as a node.
      const faults: FaultKind[] = ['status-18', 'status-15', 'http-502-html', 'http-500', 'malformed-json', 'empty-body', 'drop', 'hang'];
      for (const kind of faults) {
        sb.setFaults({ rate: 1, kinds: [kind] });
        await vscode.commands.executeCommand('laafficPns.refreshApp', app);
        await ext.tree.getChildren(app);
      }
      sb.setFaults(undefined);
      sb.setClockSkew(3600);
      await vscode.commands.executeCommand('laafficPns.refreshApp', app);
      await ext.tree.getChildren(app);
      sb.setClockSkew(0);
      await cfg().update('baseUrl', 'http://127.0.0.1:1/v3', G);
      await waitFor('bad url', () => ext.settings().baseUrl.endsWith(':1/v3'));
      await ext.tree.getChildren(app);
      await cfg().update('baseUrl', 'http://example.com/v3', G);
      await waitFor('remote http url', () => ext.settings().baseUrl.includes('example.com'));
      await ext.tree.getChildren(app);
      await cfg().update('baseUrl', sb.url, G);
      await waitFor('good url', () => ext.settings().baseUrl === sb.url);
      inputs.push(sb.apiKey, 'wrong-secret');
      await vscode.commands.executeCommand('laafficPns.setCredentials');
      await ext.tree.getChildren(app);
      inputs.push(sb.apiKey, secret);
      await vscode.commands.executeCommand('laafficPns.setCredentials');

      // Details, refresh, copy; search; export.
      kids = await ext.tree.getChildren(app);
      const b = bindings(kids)[3];
      await vscode.commands.executeCommand('laafficPns.showBindingDetails', b);
      await waitFor('details', () => ext.details.lastRendered?.bindId === b.record.bindId);
      await ext.details.receive({ type: 'copy', field: 'json' });
      await ext.details.receive({ type: 'refresh' });
      let qp: vscode.QuickPick<vscode.QuickPickItem> | undefined;
      const created = ext.ui.onDidCreateQuickPick((q) => (qp = q));
      ext.ui.answer(b.record.phoneA);
      const search = vscode.commands.executeCommand('laafficPns.findBinding', app);
      await waitFor('search done', () => qp && !qp.busy);
      created.dispose();
      qp!.hide();
      await search;
      ext.ui.answer('All bindings', vscode.Uri.file(path.join(tmp, 'audit.csv')));
      await vscode.commands.executeCommand('laafficPns.exportBindings', app);
      posted.push(...ext.details.posted);
      const html = ext.details.panel?.webview.html ?? '';

      // Clear credentials.
      ext.ui.answer('Remove');
      await vscode.commands.executeCommand('laafficPns.clearCredentials');
      shown.push(...ext.ui.prompts.slice(promptsBefore).map((p) => p.text));
      await waitFor('credentials gone', async () => ((await ext.tree.getChildren()) as AppNode[]).length === 0);

      // Every Sign the session could have sent: one per second it ran, for both secrets used.
      const endSec = Math.floor(Date.now() / 1000) + 3700;
      const signs = new Set<string>();
      for (let t = startedSec - 3700; t <= endSec; t++) for (const s of [secret, 'wrong-secret']) signs.add(createHash('md5').update(`${sb.apiKey}${s}${t}`).digest('hex'));
      const needles = [secret, ...signs];
      const leaks: string[] = [];
      const check = (where: string, text: string) => {
        for (const n of needles) if (text.includes(n)) leaks.push(`${where}: ${n === secret ? 'the secret' : `a Sign (${n})`}`);
      };

      // The user-data folder: settings, state databases, logs (the output channel's file).
      const userData = path.resolve(ext.globalStorageUri.fsPath, '..', '..', '..');
      let files = 0;
      let sawLog = false;
      const scan = (dir: string) => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
          const p = path.join(dir, e.name);
          if (e.isDirectory()) scan(p);
          else if (e.isFile() && fs.statSync(p).size < 50_000_000) {
            files++;
            const text = fs.readFileSync(p, 'latin1');
            if (e.name === 'Laaffic PNS.log') sawLog = text.includes('queryBindPage');
            check(path.relative(userData, p), text);
          }
        }
      };
      scan(userData);
      assert.ok(sawLog, 'the output channel log was not among the scanned files');
      check('webview HTML', html);
      check('webview messages', JSON.stringify(posted));
      check('messages shown', shown.join('\n'));
      check('exported CSV', fs.readFileSync(path.join(tmp, 'audit.csv'), 'utf8'));
      for (const key of Object.keys(ext.settings())) check(`setting ${key}`, JSON.stringify(cfg().inspect(key) ?? {}));
      console.log(`audit: scanned ${files} files under the user-data folder, ${shown.length} shown messages, ${posted.length} webview messages, for the secret and ${signs.size} possible Sign values`);
      assert.deepEqual(leaks, []);
      assert.ok(shown.length > 0, 'no message was recorded: the audit did not see the UI');
    } finally {
      for (const [k, v] of originals) w[k] = v;
      await resetSettings(['baseUrl', 'pageSize', 'timeoutSeconds', 'apps']);
      ext.details.panel?.dispose();
      await sb.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
