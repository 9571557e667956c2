// Shared by the integration suites: the extension's API, polling, and driving the commands that
// ask for input (input boxes can't be typed into from a test, so those calls are answered).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LaafficPnsApi } from '../../src/extension';

export const EXTENSION_ID = 'laaffic-pns-tools.laaffic-pns-explorer';
export const cfg = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('laafficPns');
export const GLOBAL = vscode.ConfigurationTarget.Global;
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function activate(): Promise<LaafficPnsApi> {
  const ext = vscode.extensions.getExtension<LaafficPnsApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this host`);
  return ext.activate();
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

type Window = Record<string, unknown>;

/** Replaces a vscode.window function while `body` runs. */
export async function withStub<T>(name: keyof typeof vscode.window, impl: unknown, body: () => Promise<T>): Promise<T> {
  const w = vscode.window as unknown as Window;
  const orig = w[name];
  w[name] = impl;
  try {
    return await body();
  } finally {
    w[name] = orig;
  }
}

/**
 * Runs Set Credentials, answering its two input boxes. The tests use a loopback base URL, so
 * the command first warns that credentials would go to a local program: answered "keep".
 */
export function setCredentials(apiKey: string, apiSecret: string): Promise<unknown> {
  const answers = [apiKey, apiSecret];
  const w = vscode.window as unknown as Window;
  const warn = w.showWarningMessage as (...a: unknown[]) => Thenable<unknown>;
  const keepLocal = (msg: string, ...rest: unknown[]) =>
    /a program on this computer/.test(msg) ? Promise.resolve('Keep the Local Address') : warn.call(vscode.window, msg, ...rest);
  return withStub('showWarningMessage', keepLocal, () =>
    withStub('showInputBox', async () => answers.shift(), () => Promise.resolve(vscode.commands.executeCommand('laafficPns.setCredentials'))),
  );
}

/** Runs Clear Credentials, confirming its dialog. */
export function clearCredentials(): Promise<unknown> {
  return withStub('showWarningMessage', async () => 'Remove', () => Promise.resolve(vscode.commands.executeCommand('laafficPns.clearCredentials')));
}

/** Writes user settings and waits until the extension has read them. */
export async function configure(api: LaafficPnsApi, values: Record<string, unknown>): Promise<void> {
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
export function extensionLog(api: LaafficPnsApi): string {
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
