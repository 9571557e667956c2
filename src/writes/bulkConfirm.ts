import * as vscode from 'vscode';
import { formatPhone } from '../display/phone';
import { safeValue } from '../ui/safety';
import { confirmCount } from './protection';
import type { CommandContext } from '../commands/context';
import type { BulkItem } from './bulkRun';

/** More bindings than this in one run need their count typed. */
export const TYPE_COUNT_ABOVE = 10;
/** Bindings named in the confirmation. */
const SAMPLE = 5;

/**
 * The one confirmation of a bulk unbind: the count, the account(s) and the first bindings. More
 * than TYPE_COUNT_ABOVE, or any on a protected account: the count must be typed (the input box is
 * then the confirmation); otherwise a modal whose only button unbinds.
 */
export async function confirmBulk(c: CommandContext, items: readonly BulkItem[]): Promise<boolean> {
  const sendable = items.filter((i) => i.appId && i.account);
  const n = sendable.length;
  const perAccount = new Map<string, number>();
  for (const i of sendable) perAccount.set(i.accountName, (perAccount.get(i.accountName) ?? 0) + 1);
  const accounts =
    perAccount.size === 1 ? safeValue(sendable[0].accountName, 60) : [...perAccount].map(([name, count]) => vscode.l10n.t('{0} ({1})', safeValue(name, 60), count)).join(', ');
  const question = n === 1 ? vscode.l10n.t('Unbind 1 binding of {0}?', accounts) : vscode.l10n.t('Unbind {0} bindings of {1}?', n, accounts);
  const masked = c.settings().maskNumbers;
  const phone = (v: string) => formatPhone(v, { masked }) || '?';
  const sample = sendable.slice(0, SAMPLE).map((i) => vscode.l10n.t('{0}: {1} ↔ {2}', i.bindId, phone(i.phoneA), phone(i.phoneB)));
  if (n > SAMPLE) sample.push(vscode.l10n.t('…and {0} more', n - SAMPLE));
  const skipped = items.length - n;
  const notes = [
    ...(skipped ? [vscode.l10n.t('{0} listed under "All apps" without their app id cannot be unbound here: skipped.', skipped)] : []),
    vscode.l10n.t('This cannot be undone.'),
  ];
  const guarded = [...new Set(sendable.filter((i) => i.account?.protection === 'protected').map((i) => safeValue(i.accountName, 60)))];
  if (n > TYPE_COUNT_ABOVE || guarded.length) {
    const why = guarded.length ? vscode.l10n.t('{0} is protected: type {1} to unbind.', guarded.join(', '), n) : vscode.l10n.t('More than {0} bindings: type {1} to unbind.', TYPE_COUNT_ABOVE, n);
    return confirmCount(c, n, question, [why, `${sample.join(' · ')}.`, ...notes].join(' '));
  }
  const unbind = n === 1 ? vscode.l10n.t('Unbind 1 Binding') : vscode.l10n.t('Unbind {0} Bindings', n);
  const pick = await c.ui.warning(question, { modal: true, detail: [...sample, '', ...notes].join('\n') }, unbind);
  return pick === unbind;
}
