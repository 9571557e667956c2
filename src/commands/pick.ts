import * as vscode from 'vscode';
import type { Account } from '../accounts/accounts';
import type { BindingRecord } from '../api';
import { showInfo } from '../ui/safety';
import { accountOf, AppNode } from '../tree/nodes';
import type { BindingSource } from '../webview/detailsView';
import { CommandContext } from './context';

/** The pickers for commands run from the palette, without the node a menu would pass. */

/**
 * The account of `node` (a tree node, or `{ accountRef: id }` from an error's button); else the
 * only account; else the ACTIVE account (status bar; Switch Active Account…); asks only when the
 * active one cannot be used here (undefined: Esc).
 * `saved`: only accounts kept in globalState, for what changes an account's credentials or base
 * URL (an in-memory account such as the demo keeps the ones it was made with).
 */
export async function pickAccount(c: CommandContext, node: unknown, title: string, options: { saved?: boolean } = {}): Promise<Account | undefined> {
  const ref = node && typeof node === 'object' && typeof (node as { accountRef?: unknown }).accountRef === 'string' ? c.accounts.get((node as { accountRef: string }).accountRef) : undefined;
  const from = accountOf(node) ?? ref;
  if (from && !(options.saved && from.ephemeral)) return from;
  const all = options.saved ? c.accounts.saved() : c.accounts.all();
  if (all.length === 1) return all[0];
  const active = await c.accounts.resolveActive();
  if (all.includes(active)) return active;
  const pick = await c.ui.quickPick(
    all.map((a) => ({ label: a.name, description: a.host(), detail: a.ephemeral ? vscode.l10n.t('this window only') : undefined, account: a })),
    { title, placeHolder: vscode.l10n.t('Which account?') },
  );
  return pick?.account;
}

/**
 * An app node of an account's tree ("All apps" first); asks only when there is a choice. `also`:
 * one more answer offered last (Find's "All accounts"), returned as 'also' when picked.
 */
export async function pickTreeApp(c: CommandContext, title: string, placeHolder?: string, node?: unknown): Promise<AppNode | undefined>;
export async function pickTreeApp(c: CommandContext, title: string, placeHolder: string | undefined, node: unknown, also: vscode.QuickPickItem): Promise<AppNode | 'also' | undefined>;
export async function pickTreeApp(c: CommandContext, title: string, placeHolder?: string, node?: unknown, also?: vscode.QuickPickItem): Promise<AppNode | 'also' | undefined> {
  const account = await pickAccount(c, node, title);
  if (!account) return undefined;
  const apps = c.tree.appNodes(account);
  if (apps.length === 1 && !also) return apps[0];
  const all = apps.filter((a) => a.appId === undefined);
  const items: Array<vscode.QuickPickItem & { app?: AppNode }> = [...all, ...apps.filter((a) => a.appId !== undefined)].map((a) => ({
    label: a.label,
    description: a.appId === undefined ? vscode.l10n.t('every binding of this API key') : a.label !== a.appId ? a.appId : undefined,
    app: a,
  }));
  if (also) items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, also);
  const pick = await c.ui.quickPick(items, { title: several(c) ? `${title} (${account.name})` : title, placeHolder });
  return pick === also ? 'also' : pick?.app;
}

/** An app id of an account's list (the account from `node`, the only one, or asked for). */
export async function pickConfiguredApp(c: CommandContext, title: string, node?: unknown): Promise<{ account: Account; appId: string } | undefined> {
  const account = await pickAccount(c, node, title);
  if (!account) return undefined;
  const apps = account.apps();
  if (apps.length === 0) {
    void showInfo(several(c) ? vscode.l10n.t('{0} has no apps yet. Use "Laaffic PNS: Add App…" first.', account.name) : vscode.l10n.t('No apps are configured yet. Use "Laaffic PNS: Add App…" first.'));
    return undefined;
  }
  const pick = await c.ui.quickPick(
    apps.map((a) => ({ label: a.label || a.appId, description: a.label ? a.appId : undefined, appId: a.appId })),
    { title: several(c) ? `${title} (${account.name})` : title },
  );
  return pick ? { account, appId: pick.appId } : undefined;
}

function several(c: CommandContext): boolean {
  return c.accounts.all().length > 1;
}

/** What the details panel needs to show a binding of `app`, with its account's id (Refresh, Calls and Unbind use it). */
export function bindingSource(app: AppNode, record: BindingRecord, page: number): BindingSource {
  return { record, app: { appId: app.appId, label: app.label }, page, account: app.account.id };
}
