import * as vscode from 'vscode';
import fetch from 'node-fetch';
import { isLoopbackHost, parseBaseUrl } from '../api';
import { SECTION, writeApps } from '../config/settings';
import { CommandContext } from './context';
import { registerCommand } from './register';

const printable = (what: string) => (v: string) =>
  v.trim() === '' ? `The ${what} cannot be empty.` : /^[\x21-\x7e]+$/.test(v) ? undefined : `The ${what} has spaces or characters that are not allowed.`;

export function registerCredentialCommands(c: CommandContext): void {
  registerCommand(c.extension, c.log, 'laafficPns.setCredentials', async () => {
    const apiKey = await vscode.window.showInputBox({
      title: 'Laaffic PNS: Set Credentials (1/2)',
      prompt: 'Your Laaffic API key (Laaffic console → API). Stored only in VS Code\'s secret storage.',
      placeHolder: 'API key',
      ignoreFocusOut: true,
      validateInput: printable('API key'),
    });
    if (apiKey === undefined) return;
    const apiSecret = await vscode.window.showInputBox({
      title: 'Laaffic PNS: Set Credentials (2/2)',
      prompt: 'Your Laaffic API secret. Stored only in VS Code\'s secret storage, never in settings or logs.',
      placeHolder: 'API secret',
      password: true,
      ignoreFocusOut: true,
      validateInput: printable('API secret'),
    });
    if (apiSecret === undefined) return;
    await c.credentials.set({ apiKey: apiKey.trim(), apiSecret: apiSecret.trim() });
    c.log.info('Credentials saved to secret storage.');
    c.connection.invalidate(); // don't wait for SecretStorage's change event to drop the old client
    await verify(c);
  });

  registerCommand(c.extension, c.log, 'laafficPns.clearCredentials', async () => {
    const ok = await vscode.window.showWarningMessage('Remove the Laaffic API key and secret from this machine?', { modal: true }, 'Remove');
    if (ok !== 'Remove') return;
    await c.credentials.clear();
    c.log.info('Credentials removed from secret storage.');
    vscode.window.setStatusBarMessage('$(check) Laaffic credentials removed', 4000);
  });

  registerCommand(c.extension, c.log, 'laafficPns.trySandbox', async () => {
    let base = c.settings().baseUrl;
    let url: URL | undefined;
    try {
      url = parseBaseUrl(base);
    } catch {
      url = undefined;
    }
    if (!url || !isLoopbackHost(url.hostname)) {
      const entered = await vscode.window.showInputBox({
        title: 'Laaffic PNS: Try the Local Sandbox',
        prompt: 'URL of the local Laaffic sandbox (start one with "npm run sandbox" in the extension\'s repository).',
        value: 'http://127.0.0.1:8787/v3',
        ignoreFocusOut: true,
        validateInput: (v) => {
          try {
            return isLoopbackHost(parseBaseUrl(v).hostname) ? undefined : 'The sandbox runs on this machine: use localhost or 127.0.0.1.';
          } catch (e) {
            return (e as Error).message;
          }
        },
      });
      if (entered === undefined) return;
      base = entered.trim().replace(/\/+$/, '');
      url = parseBaseUrl(base);
    }
    const info = await sandboxInfo(url);
    if (c.settings().baseUrl !== base) await vscode.workspace.getConfiguration(SECTION).update('baseUrl', base, vscode.ConfigurationTarget.Global);
    if (c.settings().apps.length === 0 && info.appIds.length) {
      await writeApps(info.appIds.map((appId, i) => ({ appId, label: `Demo app ${i + 1}` })));
    }
    await c.credentials.set({ apiKey: info.apiKey, apiSecret: info.apiSecret });
    c.log.info(`Connected to the local sandbox at ${url.host} with its demo credentials.`);
    vscode.window.setStatusBarMessage(`$(check) Using the Laaffic sandbox at ${url.host}`, 5000);
  });
}

/** Asks the local sandbox for its demo credentials and app ids (only ever on loopback). */
async function sandboxInfo(base: URL): Promise<{ apiKey: string; apiSecret: string; appIds: string[] }> {
  const infoUrl = new URL('/__sandbox/info', base);
  let res;
  try {
    res = await fetch(infoUrl.href, { signal: AbortSignal.timeout(5000), redirect: 'error' });
  } catch {
    throw new Error(`No Laaffic sandbox answers at ${base.host}. Start it with "npm run sandbox" (or "npm run demo"), then try again.`);
  }
  const body = (await res.json().catch(() => undefined)) as { apiKey?: unknown; apiSecret?: unknown; appIds?: unknown } | undefined;
  if (!res.ok || !body || typeof body.apiKey !== 'string' || typeof body.apiSecret !== 'string') {
    throw new Error(`${base.host} is not a Laaffic sandbox (no demo credentials at /__sandbox/info).`);
  }
  const appIds = Array.isArray(body.appIds) ? body.appIds.filter((a): a is string => typeof a === 'string') : [];
  return { apiKey: body.apiKey, apiSecret: body.apiSecret, appIds };
}

/** Checks new credentials with a cheap call and says what happened; they stay saved either way. */
async function verify(c: CommandContext): Promise<void> {
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Checking the Laaffic credentials…' }, async () => {
    try {
      const client = await c.connection.client();
      await client.queryBindPage({ current: 1, size: 1 });
      void vscode.window.showInformationMessage(`Laaffic credentials saved and working (${client.host}).`);
    } catch (e) {
      const err = e as Error & { hint?: string };
      c.log.warn(`Credential check failed: ${err.message}`);
      void vscode.window.showWarningMessage(`Credentials saved, but the check failed: ${err.message}${err.hint ? ` ${err.hint}` : ''}`, 'Show Log').then((p) => p && c.log.show(true));
    }
  });
}
