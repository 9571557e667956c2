import * as vscode from 'vscode';
import type { UnbindResult } from '../api';
import { safeValue, showInfo } from '../ui/safety';
import { formatPhone } from '../display/phone';
import { middleText } from '../tree/bindingText';
import { asNode } from '../tree/nodes';
import type { CommandContext } from '../commands/context';
import type { Account } from '../accounts/accounts';
import { confirmLastFour, refusedReadOnly } from './protection';
import { failureOf, recordWrite } from './record';

/** What an unbind needs and what its confirmation names. */
interface UnbindTarget {
  /** The account the binding belongs to (undefined: it was removed). */
  account: Account | undefined;
  bindId: string;
  appId: string | undefined;
  phoneA: string;
  phoneB: string;
  middle: string;
}

/**
 * Unbind… (a binding's menu or the details panel): asks in a quick pick whose highlighted answer
 * keeps the binding, sends one `unbind`, never retried; the binding then leaves the tree and the
 * panel. Laaffic's -24 ("data does not exist") counts as done, with a note.
 */
export async function unbindOne(c: CommandContext, node?: unknown): Promise<UnbindResult | undefined> {
  const target = targetOf(c, node);
  if (!target) {
    void showInfo(vscode.l10n.t('Select a binding in the Laaffic PNS view (right-click → Unbind…), or open its details first.'));
    return;
  }
  if (!target.appId) {
    void showInfo(vscode.l10n.t('Binding {0} was listed under "All apps" without its app id: unbind it from its app\'s node.', target.bindId));
    return;
  }
  const account = target.account;
  if (!account) {
    void showInfo(vscode.l10n.t('The account of binding {0} was removed: nothing was unbound.', target.bindId));
    return;
  }
  if (refusedReadOnly(c, account, vscode.l10n.t('Unbind'))) return;
  const masked = c.settings().maskNumbers;
  const phone = (v: string) => formatPhone(v, { masked }) || '?';
  // The safe answer first and highlighted: Enter or Esc keeps the binding.
  const keep: vscode.QuickPickItem = { label: vscode.l10n.t('Keep the Binding'), description: vscode.l10n.t('nothing changes') };
  const unbind: vscode.QuickPickItem = {
    label: vscode.l10n.t('Unbind'),
    description:
      c.accounts.all().length > 1
        ? // A name from the settings, with no markup: a quick pick would draw "$(…)" as an icon.
          vscode.l10n.t('binding {0} of {1} · cannot be undone', target.bindId, safeValue(account.name, 60))
        : vscode.l10n.t('binding {0} · cannot be undone', target.bindId),
    detail: vscode.l10n.t('Phone A {0} ↔ phone B {1}, through {2}', phone(target.phoneA), phone(target.phoneB), target.middle || vscode.l10n.t('their middle number')),
  };
  const pick = await c.ui.quickPick([keep, unbind], { title: vscode.l10n.t('Unbind binding {0}?', target.bindId), placeHolder: vscode.l10n.t('Enter keeps the binding: choose "Unbind" to remove it') });
  if (pick !== unbind) return;
  if (!(await confirmLastFour(c, account, target.phoneA, vscode.l10n.t('Unbind binding {0}?', target.bindId)))) return;
  const client = await account.connection.client();
  const entry = {
    kind: 'unbind' as const,
    accountId: account.id,
    accountName: account.name,
    appId: target.appId,
    bindId: target.bindId,
    phoneA: formatPhone(target.phoneA, { masked: true }),
    phoneB: formatPhone(target.phoneB, { masked: true }),
  };
  let result: UnbindResult;
  try {
    result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Unbinding {0}…', target.bindId) }, () =>
      client.unbind({ bindId: target.bindId, appId: target.appId! }),
    );
  } catch (e) {
    const failure = failureOf(e);
    if (failure) await recordWrite(c, { ...entry, ...failure });
    throw e;
  }
  await recordWrite(c, { ...entry, ...(result.alreadyGone ? { outcome: 'already-gone', status: '-24' } : { outcome: 'done', status: '0' }) });
  c.log.info(
    result.alreadyGone
      ? `Binding ${target.bindId} was already gone: Laaffic says it does not exist (expired or unbound elsewhere).`
      : `Binding ${target.bindId} was unbound.`,
  );
  const text = result.alreadyGone
    ? vscode.l10n.t('Binding {0} was already gone: Laaffic says it does not exist (expired or unbound elsewhere).', target.bindId)
    : vscode.l10n.t('Binding {0} was unbound.', target.bindId);
  c.tree.removeBinding(target.bindId, account);
  c.details.markGone(target.bindId, text);
  void showInfo(text);
  return result;
}

export function targetOf(c: CommandContext, node: unknown): UnbindTarget | undefined {
  const b = asNode(node, 'binding');
  if (b) {
    const r = b.record;
    const raw = r.raw?.appId;
    const appId = b.app.appId ?? (typeof raw === 'string' && raw ? raw : undefined);
    return { account: b.app.account, bindId: r.bindId, appId, phoneA: r.phoneA, phoneB: r.phoneB, middle: r.pnsNumberA ? middleText(r) : '' };
  }
  const v = c.details.shown;
  if (!v) return undefined;
  const raw = (() => {
    try {
      return (JSON.parse(v.rawJson) as { appId?: unknown }).appId;
    } catch {
      return undefined;
    }
  })();
  const appId = v.app.appId ?? (typeof raw === 'string' && raw ? raw : undefined);
  const account = c.accounts.get(v.app.account);
  return { account, bindId: v.bindId, appId, phoneA: v.phoneA, phoneB: v.phoneB, middle: v.pnsNumberA ? middleText(v) : '' };
}

