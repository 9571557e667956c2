// Shared by the integration suites: the extension's test API (test/support/testApi.ts), polling, and
// driving the commands that ask for input (answered through the test API's answer queue).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LaafficPnsApi } from '../../src/extension';
import type { TestApi } from '../support/testApi';
import { isLoopbackHost, parseBaseUrl } from '../../src/api';

export const EXTENSION_ID = 'laaffic-pns-tools.laaffic-pns-explorer';
export const cfg = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('laafficPns');
export const GLOBAL = vscode.ConfigurationTarget.Global;
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The extension's test API (activate() returns it because the harness sets LAAFFIC_PNS_TEST=1). */
export async function activate(): Promise<TestApi> {
  const ext = vscode.extensions.getExtension<LaafficPnsApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this host`);
  const api = await ext.activate();
  assert.ok(api.test, 'no test API: is LAAFFIC_PNS_TEST=1 set for the extension host?');
  return api.test;
}

/** Polls until `fn` gives something truthy; fails with `what` after the timeout. */
export async function waitFor<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(40);
  }
}

/**
 * Runs Set Credentials, answering its two input boxes. With a loopback base URL (the tests'
 * sandbox) the command first warns that credentials would go to a local program: answered "keep".
 */
export async function setCredentials(apiKey: string, apiSecret: string): Promise<unknown> {
  const api = await activate();
  let local: boolean;
  try {
    local = isLoopbackHost(parseBaseUrl(api.settings().baseUrl).hostname);
  } catch {
    local = false;
  }
  // The modal's button in the display language (the zh-cn suite runs the same helper).
  if (local) api.ui.answer(vscode.env.language.startsWith('zh') ? '保留本地地址' : 'Keep the Local Address');
  api.ui.answer(apiKey, apiSecret);
  return vscode.commands.executeCommand('laafficPns.setCredentials');
}

/** Runs Clear Credentials, confirming its dialog. */
export async function clearCredentials(): Promise<unknown> {
  (await activate()).ui.answer(vscode.env.language.startsWith('zh') ? '移除' : 'Remove');
  return vscode.commands.executeCommand('laafficPns.clearCredentials');
}

/** Writes user settings and waits until the extension has read them. */
export async function configure(api: TestApi, values: Record<string, unknown>): Promise<void> {
  for (const [k, v] of Object.entries(values)) await cfg().update(k, v, GLOBAL);
  await waitFor('the settings to reach the extension', () =>
    Object.entries(values).every(([k, v]) => JSON.stringify((api.settings() as unknown as Record<string, unknown>)[k]) === JSON.stringify(v)),
  );
}

/** Removes the given user settings again. */
export async function resetSettings(keys: string[]): Promise<void> {
  for (const k of keys) await cfg().update(k, undefined, GLOBAL);
}

/** The text of the extension's output channel, from its log file under the user-data folder. */
export function extensionLog(api: TestApi): string {
  // globalStorage is <user-data>/User/globalStorage/<extension id>
  const userData = path.resolve(api.globalStorageUri.fsPath, '..', '..', '..');
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name === 'Laaffic PNS.log') found.push(p);
    }
  };
  walk(path.join(userData, 'logs'));
  return found.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
}
