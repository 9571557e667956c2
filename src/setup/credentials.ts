import * as vscode from 'vscode';
import * as dns from 'node:dns';
import * as http from 'node:http';
import type { LookupFunction } from 'node:net';
import { nodeFetch as fetch } from '../api/nodeFetch';
import { DEFAULT_BASE_URL, isLoopbackHost, loopbackOnlyLookup, noIcons, parseBaseUrl } from '../api';
import { validateAppId } from '../config/settings';
import type { Account } from '../accounts/accounts';
import { safeValue, showInfo, showWarning } from '../ui/safety';
import type { CommandContext } from '../commands/context';
import { pickAccount } from '../commands/pick';
import { credentialProblem as printable } from '../shared/binding';

/** Set Credentials…: for the node's account, else the active one. */
export async function setCredentials(c: CommandContext, node?: unknown): Promise<void> {
  const account = await pickAccount(c, node, vscode.l10n.t('Laaffic PNS: Set Credentials for which account?'), { saved: true });
  if (!account) return;
  let url = baseUrlOrUndefined(account.baseUrl());
  if (url && isLoopbackHost(url.hostname)) {
    // Likely left over from the sandbox: real credentials would go to a local program.
    const useLaaffic = vscode.l10n.t('Use api.laaffic.com');
    const keep = vscode.l10n.t('Keep the Local Address');
    const pick = await c.ui.warning<string>(
      vscode.l10n.t('The base URL is {0}: a program on this computer, not Laaffic.', url.host),
      {
        modal: true,
        detail: account.usesSettings
          ? vscode.l10n.t('laafficPns.baseUrl is {0} (the local sandbox uses such an address). Credentials entered now would be sent to whatever program listens there. For a real Laaffic account, use https://api.laaffic.com/v3.', url.href)
          : vscode.l10n.t('The base URL of {0} is {1} (the local sandbox uses such an address). Credentials entered now would be sent to whatever program listens there. For a real Laaffic account, use https://api.laaffic.com/v3.', account.name, url.href),
      },
      useLaaffic,
      keep,
    );
    if (pick === undefined) return;
    if (pick === useLaaffic) {
      await c.accounts.setBaseUrl(account, DEFAULT_BASE_URL);
      url = parseBaseUrl(DEFAULT_BASE_URL);
    }
  }
  const entered = await askKeyAndSecret(c, several(c) ? vscode.l10n.t('Laaffic PNS: Set Credentials for {0}', account.name) : vscode.l10n.t('Laaffic PNS: Set Credentials'), url);
  if (!entered) return;
  // Bound to the host they were entered for: another host needs the user's approval.
  await account.credentials.set({ ...entered, origin: url?.origin });
  c.log.info(`Credentials${several(c) ? ` of ${account.name}` : ''} saved to secret storage${url ? ` for ${url.origin}` : ''}.`);
  await verify(c, account);
}

/** Clear Credentials: asks first. */
export async function clearCredentials(c: CommandContext, node?: unknown): Promise<void> {
  const account = await pickAccount(c, node, vscode.l10n.t('Laaffic PNS: Clear the credentials of which account?'), { saved: true });
  if (!account) return;
  const of = several(c) ? ` of ${account.name}` : '';
  const remove = vscode.l10n.t('Remove');
  const question = of ? vscode.l10n.t('Remove the Laaffic API key and secret of {0} from this machine?', account.name) : vscode.l10n.t('Remove the Laaffic API key and secret from this machine?');
  const ok = await c.ui.warning(question, { modal: true }, remove);
  if (ok !== remove) return;
  await account.credentials.clear();
  c.log.info(`Credentials${of} removed from secret storage.`);
  vscode.window.setStatusBarMessage(of ? vscode.l10n.t('$(check) Laaffic credentials of {0} removed', noIcons(account.name)) : vscode.l10n.t('$(check) Laaffic credentials removed'), 4000);
}

/** Forget Approved Hosts: one origin (of one account) from the tree's "Ask again", else every answer. */
export async function forgetHostApprovals(c: CommandContext, origin?: unknown, accountId?: unknown): Promise<void> {
  // From the "Ask again" tree item: one origin (of one account); from the palette: every remembered answer.
  const one = typeof origin === 'string' ? origin : undefined;
  const only = typeof accountId === 'string' ? c.accounts.get(accountId) : undefined;
  if (!one) {
    const forgotten = await c.accounts.forgetApprovals();
    if (forgotten.length === 0) {
      void showInfo(vscode.l10n.t('No host approvals are remembered: Laaffic PNS asks before sending credentials to a host other than the Laaffic API.'));
      return;
    }
    c.log.info(`Forgot the approval answers for ${forgotten.map(([a, o, ans]) => `${o} (${ans}${several(c) ? `, ${a.name}` : ''})`).join(', ')}.`);
    return;
  }
  for (const a of only ? [only] : c.accounts.all()) await a.approvals.forget(one);
  c.log.info(`Forgot the approval answer for ${one}${only && several(c) ? ` (${only.name})` : ''}.`);
}

/** Try the Local Sandbox: its demo credentials (and app ids) in an account. */
export async function trySandbox(c: CommandContext, node?: unknown): Promise<void> {
  const account = await pickAccount(c, node, vscode.l10n.t('Laaffic PNS: Use the local sandbox in which account?'), { saved: true });
  if (!account) return;
  let base = account.baseUrl();
  let url = baseUrlOrUndefined(base);
  if (!url || !isLoopbackHost(url.hostname)) {
    const entered = await c.ui.inputBox({
      title: vscode.l10n.t('Laaffic PNS: Try the Local Sandbox'),
      prompt: vscode.l10n.t('URL of the local Laaffic sandbox (start one with "npm run sandbox" in the extension\'s repository).'),
      value: 'http://127.0.0.1:8787/v3',
      ignoreFocusOut: true,
      validateInput: (v) => {
        try {
          return isLoopbackHost(parseBaseUrl(v).hostname) ? undefined : vscode.l10n.t('The sandbox runs on this machine: use localhost or 127.0.0.1.');
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
  for (const why of info.ignored) c.log.warn(`Sandbox at ${url.host}: ${why}`);
  const existing = await account.credentials.get();
  if (existing && (existing.apiKey !== info.apiKey || existing.apiSecret !== info.apiSecret)) {
    const replace = vscode.l10n.t('Replace with Demo Credentials');
    const detail = existing.origin
      ? vscode.l10n.t('The API key and secret saved now (entered for {0}) are removed from this machine\'s secret storage. To use them again, run "Laaffic PNS: Set Credentials" and enter them again.', new URL(existing.origin).host)
      : vscode.l10n.t('The API key and secret saved now are removed from this machine\'s secret storage. To use them again, run "Laaffic PNS: Set Credentials" and enter them again.');
    const pick = await c.ui.warning(
      several(c) ? vscode.l10n.t('Replace your saved Laaffic credentials of {0} with the sandbox\'s demo credentials?', account.name) : vscode.l10n.t('Replace your saved Laaffic credentials with the sandbox\'s demo credentials?'),
      { modal: true, detail },
      replace,
    );
    if (pick !== replace) {
      c.log.info('Try the Local Sandbox: cancelled; the saved credentials are unchanged.');
      return;
    }
  }
  if (account.baseUrl() !== base) await c.accounts.setBaseUrl(account, base);
  if (account.apps().length === 0 && info.appIds.length) {
    await c.accounts.setApps(account, info.appIds.map((appId, i) => ({ appId, label: vscode.l10n.t('Demo app {0}', i + 1) })));
  }
  await account.credentials.set({ apiKey: info.apiKey, apiSecret: info.apiSecret, origin: url.origin });
  c.log.info(`Connected${several(c) ? ` ${account.name}` : ''} to the local sandbox at ${url.host} with its demo credentials.`);
  vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Using the Laaffic sandbox at {0}', noIcons(url.host)), 5000);
}

function several(c: CommandContext): boolean {
  return c.accounts.all().length > 1;
}

/** Asks for the API key, then the secret (checked like an HTTP header value); undefined on Esc. */
export async function askKeyAndSecret(c: CommandContext, title: string, url: URL | undefined, step = 1, steps = 2): Promise<{ apiKey: string; apiSecret: string } | undefined> {
  const where = url ? ' ' + vscode.l10n.t('They will be sent only to {0}.', url.host) : '';
  const apiKey = await c.ui.inputBox({
    title: `${title} (${step}/${steps})`,
    prompt: vscode.l10n.t('Your Laaffic API key (Laaffic console → API). Stored only in VS Code\'s secret storage.') + where,
    placeHolder: vscode.l10n.t('API key'),
    ignoreFocusOut: true,
    validateInput: printable('API key'),
  });
  if (apiKey === undefined) return undefined;
  const apiSecret = await c.ui.inputBox({
    title: `${title} (${step + 1}/${steps})`,
    prompt: vscode.l10n.t('Your Laaffic API secret. Stored only in VS Code\'s secret storage, never in settings or logs.') + where,
    placeHolder: vscode.l10n.t('API secret'),
    password: true,
    ignoreFocusOut: true,
    validateInput: printable('API secret'),
  });
  if (apiSecret === undefined) return undefined;
  return { apiKey: apiKey.trim(), apiSecret: apiSecret.trim() };
}

/** The most app ids taken from a sandbox (it is a local program, but not necessarily ours). */
export const MAX_SANDBOX_APPS = 20;

export function baseUrlOrUndefined(base: string): URL | undefined {
  try {
    return parseBaseUrl(base);
  } catch {
    return undefined;
  }
}

/**
 * Asks the local sandbox for its demo credentials and app ids: only on loopback (a name must
 * resolve to loopback), no redirects, a small reply, and every value checked like typed input.
 */
async function sandboxInfo(base: URL): Promise<{ apiKey: string; apiSecret: string; appIds: string[]; ignored: string[] }> {
  const infoUrl = new URL('/__sandbox/info', base);
  const notSandbox = () => new Error(vscode.l10n.t('{0} is not a Laaffic sandbox (no usable demo credentials at /__sandbox/info).', base.host));
  let text: string;
  try {
    const agent = new http.Agent({ lookup: loopbackOnlyLookup(dns.lookup as LookupFunction) } as http.AgentOptions);
    const res = await fetch(infoUrl.href, { signal: AbortSignal.timeout(5000), redirect: 'error', agent, size: 64 * 1024 });
    if (!res.ok) throw notSandbox();
    text = await res.text();
  } catch (e) {
    if (e instanceof Error && e.message === notSandbox().message) throw e;
    throw new Error(vscode.l10n.t('No Laaffic sandbox answers at {0}. Start it with "npm run sandbox" (or "npm run demo"), then try again.', base.host), { cause: e });
  }
  let body: { apiKey?: unknown; apiSecret?: unknown; appIds?: unknown } | undefined;
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = undefined;
  }
  const credential = (v: unknown) => typeof v === 'string' && v.length <= 256 && printable('value')(v) === undefined;
  if (!body || typeof body !== 'object' || !credential(body.apiKey) || !credential(body.apiSecret)) throw notSandbox();
  const ignored: string[] = [];
  const appIds: string[] = [];
  const list = Array.isArray(body.appIds) ? body.appIds : [];
  for (const a of list) {
    if (typeof a !== 'string' || validateAppId(a)) {
      ignored.push(`ignored an app id that is not valid: ${safeValue(JSON.stringify(a), 40)}`);
    } else if (!appIds.includes(a.trim())) {
      if (appIds.length < MAX_SANDBOX_APPS) appIds.push(a.trim());
      else ignored.push(`ignored app id ${a.trim()}: at most ${MAX_SANDBOX_APPS} are added`);
    }
  }
  return { apiKey: body.apiKey as string, apiSecret: body.apiSecret as string, appIds, ignored: ignored.slice(0, 10) };
}

/** Checks an account's new credentials with a cheap call and says what happened; they stay saved either way. */
export async function verify(c: CommandContext, account: Account): Promise<void> {
  const of = several(c) ? ` of ${account.name}` : '';
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: of ? vscode.l10n.t('Checking the Laaffic credentials of {0}…', account.name) : vscode.l10n.t('Checking the Laaffic credentials…') }, async () => {
    try {
      const client = await account.connection.client();
      await client.queryBindPage({ current: 1, size: 1 });
      void showInfo(of ? vscode.l10n.t('Laaffic credentials of {0} saved and working ({1}).', account.name, client.host) : vscode.l10n.t('Laaffic credentials saved and working ({0}).', client.host));
    } catch (e) {
      const err = e as Error & { hint?: string };
      c.log.warn(`Credential check failed: ${err.message}`);
      const showLog = vscode.l10n.t('Show Log');
      void showWarning(vscode.l10n.t('Credentials saved, but the check failed: {0}', `${err.message}${err.hint ? ` ${err.hint}` : ''}`), showLog).then((p) => p && c.log.show(true));
    }
  });
}
