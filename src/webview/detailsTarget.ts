/**
 * Which binding the details panel is about (its Target: ids, never its numbers), and reading it
 * again from the server, with what the panel then says: the binding, 'gone' or 'error'.
 */
import * as vscode from 'vscode';
import { findBinding, PnsError, type PnsClient } from '../api';
import type { Accounts } from '../accounts/accounts';
import { Settings } from '../config/settings';
import { errorText } from '../ui/language';
import { safeMessage } from '../ui/safety';
import { toView } from './detailsView';
import type { BindingView, PersistedDetails, ToPanel } from '../shared/messages';

/** Which binding the panel is about: enough to fetch it (again), without its numbers. */
export interface Target {
  bindId: string;
  /** null = all apps. */
  appId: string | null;
  label: string;
  page: number;
  /**
   * The id of the account it belongs to. Undefined only for a state saved without one (an older
   * version): like an id no account has any more, that means the account was removed.
   */
  account: string | undefined;
}

/** The target of a binding shown. */
export function targetOf(view: BindingView): Target {
  return { bindId: view.bindId, appId: view.app.appId, label: view.app.label, page: view.page, account: view.app.account };
}

/** The target of a panel restored with a state that passed parsePersistedDetails. */
export function restoredTarget(saved: PersistedDetails, accounts: Accounts): Target {
  const label = saved.appId === null ? vscode.l10n.t('All apps') : appLabel(accounts, saved.appId, saved.label, saved.account);
  return { bindId: saved.bindId, appId: saved.appId, page: saved.page, label, account: saved.account };
}

/** The label of a configured app as its account has it now, else the saved one, else the id. */
export function appLabel(accounts: Accounts, appId: string, saved: string | undefined, account: string | undefined): string {
  const app = accounts.get(account)?.apps().find((a) => a.appId === appId);
  return app ? app.label || app.appId : saved || appId;
}

/** The client of the binding's account; no id, or an id no account has, says it was removed (never another account). */
export async function accountClient(accounts: Accounts, account: string | undefined): Promise<PnsClient> {
  const a = accounts.get(account);
  if (!a) throw new PnsError(vscode.l10n.t('The account this binding belongs to was removed.'), vscode.l10n.t('Open a binding from the Laaffic PNS view.'));
  return a.connection.client();
}

/** What a re-read found: the binding as the panel shows it, or what the panel says instead. */
export type Reread = { type: 'found'; view: BindingView } | Extract<ToPanel, { type: 'gone' | 'error' }>;

export interface RereadOptions {
  accounts: Accounts;
  settings: () => Settings;
  log: vscode.LogOutputChannel;
  signal: AbortSignal;
  /** True when the answer no longer counts (cancelled, or the panel moved on to another binding). */
  stale: () => boolean;
}

/**
 * Re-reads the binding from the server: its page first, then (if it moved) the whole app. Works
 * from the ids alone, so a panel restored after a reload fetches its binding this way. Undefined
 * when the answer came stale (nothing logged then).
 */
export async function rereadBinding(target: Target, o: RereadOptions): Promise<Reread | undefined> {
  const account = o.accounts.get(target.account);
  if (!account) {
    // Nothing read, and nothing to try again (never through another account).
    o.log.info(`Binding ${target.bindId} was not read: its account was removed.`);
    return { type: 'error', text: `${vscode.l10n.t('The account this binding belongs to was removed.')} ${vscode.l10n.t('Open a binding from the Laaffic PNS view.')}`, final: true };
  }
  try {
    const client = await account.connection.client();
    const size = o.settings().pageSize;
    const appId = target.appId ?? undefined;
    // The core's one lookup: the hinted page and its neighbours, then (concurrently) the app.
    const result = await findBinding(client, { bindId: target.bindId, appId, size, pageHint: target.page, signal: o.signal, concurrency: o.settings().searchConcurrency });
    const found = result.found;
    const checked = result.checked;
    if (o.stale()) return undefined;
    if (found) {
      return { type: 'found', view: toView({ record: found.record, app: { appId, label: target.label }, page: found.page, account: account.id }, o.settings()) };
    }
    const n = checked.toLocaleString('en-US');
    o.log.info(`Binding ${target.bindId} no longer exists: it is not among the ${n} bindings of ${target.appId ? `app ${target.label}` : 'any app of this API key'}. It expired or was unbound.`);
    const text = target.appId
      ? vscode.l10n.t('Binding {0} no longer exists: it is not among the {1} bindings of app {2}. It expired or was unbound.', target.bindId, n, target.label)
      : vscode.l10n.t('Binding {0} no longer exists: it is not among the {1} bindings of any app of this API key. It expired or was unbound.', target.bindId, n);
    return { type: 'gone', bindId: target.bindId, text };
  } catch (e) {
    if (o.stale()) return undefined;
    const err = e as Error;
    o.log.warn(`Refresh of binding ${target.bindId} failed: ${err.message}${e instanceof PnsError ? ` — ${e.hint}` : ''}`);
    const shown = errorText(e);
    return { type: 'error', text: safeMessage(vscode.l10n.t('Could not refresh: {0}', `${shown.message}${shown.hint ? ` ${shown.hint}` : ''}`), 1000) };
  }
}
