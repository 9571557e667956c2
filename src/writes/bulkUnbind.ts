import * as vscode from 'vscode';
import { asNode } from '../tree/nodes';
import type { AppNode, BindingNode } from '../tree/nodes';
import { safeValue, showInfo, showWarning } from '../ui/safety';
import type { CommandContext } from '../commands/context';
import { targetOf } from './unbind';
import { confirmBulk } from './bulkConfirm';
import { runBulk, type BulkHooks, type BulkItem } from './bulkRun';
import { showBulkSummary } from './bulkSummary';

export type { BulkHooks } from './bulkRun';

/**
 * Unbind Selected… (several bindings selected in the tree; VS Code hands a context-menu command
 * the clicked node and every selected one). From the palette: the tree's selection.
 */
export async function unbindSelected(c: CommandContext, node?: unknown, nodes?: unknown, hooks?: BulkHooks): Promise<void> {
  const chosen = Array.isArray(nodes) && nodes.length ? nodes : node !== undefined ? [node] : [...c.treeView.selection];
  const bindings = chosen.map((n) => asNode(n, 'binding')).filter((b): b is BindingNode => !!b);
  if (!bindings.length) {
    void showInfo(vscode.l10n.t('Select the bindings to unbind in the Laaffic PNS view (Shift- or Ctrl-click several), then right-click → Unbind Selected….'));
    return;
  }
  await unbindMany(c, bindings, hooks);
}

/**
 * Unbind Filtered Bindings…: the bindings the current filter shows under an app, taken from what
 * the tree shows (whatever filled it: the loaded pages or a filter of every page).
 */
export async function unbindFiltered(c: CommandContext, node?: unknown, hooks?: BulkHooks): Promise<void> {
  if (!c.view.filterActive) {
    void showInfo(vscode.l10n.t('No filter is set: use Filter Loaded Bindings… first, then unbind the bindings it shows.'));
    return;
  }
  const app = asNode(node, 'app') ?? (await pickApp(c));
  if (!app) return;
  const shown = (await c.tree.getChildren(app)).map((n) => asNode(n, 'binding')).filter((b): b is BindingNode => !!b);
  if (!shown.length) {
    void showInfo(vscode.l10n.t('The filter shows no bindings under {0}: nothing to unbind.', safeValue(app.label, 60)));
    return;
  }
  await unbindMany(c, shown, hooks);
}

/** Asks which app (of every account in the tree). */
async function pickApp(c: CommandContext): Promise<AppNode | undefined> {
  const apps: AppNode[] = [];
  for (const root of await c.tree.getChildren()) {
    const app = asNode(root, 'app');
    if (app) apps.push(app);
    else if (asNode(root, 'account')) for (const child of await c.tree.getChildren(root)) if (asNode(child, 'app')) apps.push(child as AppNode);
  }
  if (!apps.length) {
    void showInfo(vscode.l10n.t('No apps are configured yet. Use "Laaffic PNS: Add App…" first.'));
    return undefined;
  }
  const several = c.accounts.all().length > 1;
  const pick = await c.ui.quickPick(
    apps.map((a) => ({ label: safeValue(a.label, 80), description: several ? safeValue(a.account.name, 60) : a.appId, app: a })),
    { title: vscode.l10n.t('Unbind the filtered bindings of which app?') },
  );
  return pick?.app;
}

/** The bindings to unbind (once each), then refusal, confirmation, the run and the summary. */
async function unbindMany(c: CommandContext, nodes: BindingNode[], hooks?: BulkHooks): Promise<void> {
  // The same binding may be shown twice (its app and "All apps"): one request, with its app id when either has it.
  const byKey = new Map<string, BulkItem>();
  for (const n of nodes) {
    const t = targetOf(c, n);
    if (!t) continue;
    const key = `${t.account?.id ?? ''}/${t.bindId}`;
    if (byKey.get(key)?.appId) continue;
    byKey.set(key, { account: t.account, accountName: t.account?.name ?? n.app.account.name, bindId: t.bindId, appId: t.appId, phoneA: t.phoneA, phoneB: t.phoneB });
  }
  const items = [...byKey.values()];
  const readOnly = [...new Set(items.map((i) => i.account).filter((a) => a?.protection === 'readOnly'))];
  if (readOnly.length) {
    const names = readOnly.map((a) => safeValue(a!.name, 60)).join(', ');
    c.log.info(`Bulk unbind refused: account(s) ${readOnly.map((a) => a!.name).join(', ')} read-only; nothing was sent.`);
    void showWarning(vscode.l10n.t('{0} is read-only: nothing was unbound. Leave its bindings out of the selection, or change its protection.', names));
    return;
  }
  const sendable = items.filter((i) => i.appId && i.account);
  if (!sendable.length) {
    void showInfo(vscode.l10n.t('None of the {0} bindings can be unbound from here: bindings listed under "All apps" without their app id are unbound from their app\'s node.', items.length));
    return;
  }
  if (!(await confirmBulk(c, items))) return;
  const results = await runBulk(c, items, typeof hooks?.afterReply === 'function' ? hooks : undefined);
  await showBulkSummary(c, results);
}
