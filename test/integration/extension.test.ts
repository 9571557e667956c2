// The first tests against a real VS Code: run inside its extension host by
// scripts/vscode-host.mjs (code-server, offline) or scripts/test-electron.mjs (desktop).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LaafficPnsApi } from '../../src/extension';
import { startSandbox, type Sandbox } from '../../src/sandbox/main';
import { Cmd } from '../../src/config/ids';

const EXTENSION_ID = 'laaffic-pns-tools.laaffic-pns-explorer';

interface Contributes {
  viewsContainers?: { activitybar?: { id: string; title: string }[] };
  views?: Record<string, { id: string; name: string }[]>;
  commands?: { command: string; title: string }[];
}

/** Polls `cond` until it holds (configuration events are asynchronous). */
async function eventually(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function activated(): Promise<{ ext: vscode.Extension<LaafficPnsApi>; api: LaafficPnsApi }> {
  const ext = vscode.extensions.getExtension<LaafficPnsApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this host`);
  const api = await ext.activate();
  return { ext, api };
}

suite('Extension in a real VS Code', () => {
  suiteSetup(() => {
    console.log(
      `host: VS Code ${vscode.version}, Node ${process.versions.node}, ` +
        `uiKind ${vscode.env.uiKind === vscode.UIKind.Web ? 'Web' : 'Desktop'}, remote ${vscode.env.remoteName ?? 'none'}`,
    );
  });

  test('activates and reports its activation time', async () => {
    const { ext, api } = await activated();
    assert.equal(ext.isActive, true);
    assert.equal(typeof api.activationMs, 'number');
    assert.ok(Number.isFinite(api.activationMs) && api.activationMs >= 0);
    // Goal: <= 50 ms. Printed for the record, not asserted (machines differ).
    console.log(`activation: ${api.activationMs.toFixed(1)} ms`);
  });

  test('contributes the "Laaffic PNS" view container and the bindings view', async () => {
    const { ext } = await activated();
    const c = ext.packageJSON.contributes as Contributes;
    const container = c.viewsContainers?.activitybar?.find((v) => v.title === 'Laaffic PNS');
    assert.ok(container, 'no activity bar view container titled "Laaffic PNS"');
    const views = c.views?.[container.id] ?? [];
    assert.ok(
      views.some((v) => v.id === 'laafficPns.bindings'),
      `view laafficPns.bindings not in container ${container.id}`,
    );
    // The workbench creates `<viewId>.focus` only for views it really registered; running it
    // opens the container and resolves.
    await vscode.commands.executeCommand('laafficPns.bindings.focus');
  });

  test('registers every command listed in package.json', async () => {
    const { ext } = await activated();
    const declared = ((ext.packageJSON.contributes as Contributes).commands ?? []).map((c) => c.command);
    assert.ok(declared.length > 0, 'package.json declares no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `declared but not registered: ${missing.join(', ')}`);
  });

  test('the command id constants (src/config/ids.ts) and package.json list the same commands', async () => {
    const { ext } = await activated();
    const declared = ((ext.packageJSON.contributes as Contributes).commands ?? []).map((c) => c.command).sort();
    assert.deepEqual(declared, Object.values(Cmd).sort());
  });
});

suite('Settings', () => {
  let sandbox: Sandbox | undefined;
  let changed = false;
  let previous: string | undefined;

  suiteSetup(async () => {
    sandbox = await startSandbox({ port: 0 });
  });

  suiteTeardown(async () => {
    if (changed) {
      const config = vscode.workspace.getConfiguration('laafficPns');
      await config.update('baseUrl', previous, vscode.ConfigurationTarget.Global);
      const { api } = await activated();
      const expected = vscode.workspace.getConfiguration('laafficPns').get<string>('baseUrl');
      await eventually(() => api.test!.settings().baseUrl === expected, 'the restored laafficPns.baseUrl');
    }
    await sandbox?.close();
  });

  test('a changed laafficPns.baseUrl reaches the extension', async () => {
    assert.ok(sandbox);
    const { api } = await activated();
    const config = vscode.workspace.getConfiguration('laafficPns');
    previous = config.inspect<string>('baseUrl')?.globalValue;
    assert.notEqual(api.test!.settings().baseUrl, sandbox.url);
    changed = true;
    await config.update('baseUrl', sandbox.url, vscode.ConfigurationTarget.Global);
    await eventually(() => api.test!.settings().baseUrl === sandbox!.url, `settings().baseUrl === ${sandbox.url}`);
    assert.equal(api.test!.settings().baseUrl, sandbox.url);
  });
});
