/**
 * Bind's last step: a summary of exactly what is about to be sent, where only an explicit choice
 * sends (the safe answer first and highlighted: Enter or Esc sends nothing), as Unbind asks.
 * Phones are shown in full, the numbers about to be sent, unless laafficPns.maskNumbers is on
 * (then masked, the last four digits visible, as everywhere).
 */
import * as vscode from 'vscode';
import { formatNumber, formatPhone } from '../display/phone';
import { shortDuration } from '../display/text';
import { safeValue } from '../ui/safety';
import type { CommandContext } from '../commands/context';
import type { Account } from '../accounts/accounts';

export interface BindPlan {
  account: Account;
  appId: string;
  /** With the country code, no '+'. */
  phoneA: string;
  phoneB: string;
  mode: 'AXB' | 'AXXB';
  /** The chosen middle number, or undefined: Laaffic chooses. */
  poolNumber: string | undefined;
  expireS: number;
}

/** "Bind +91 98765 43210 ↔ +91 98765 43211 through a middle number Laaffic chooses, AXB, for 1 h, in app Rides (1234)?" */
export function bindSentence(c: CommandContext, p: BindPlan): string {
  const masked = c.settings().maskNumbers;
  const pool = p.poolNumber ? formatNumber(p.poolNumber) : vscode.l10n.t('a middle number Laaffic chooses');
  const label = p.account.apps().find((a) => a.appId === p.appId)?.label;
  const app = label ? `${safeValue(label, 60)} (${p.appId})` : p.appId;
  const a = formatPhone(p.phoneA, { masked });
  const b = formatPhone(p.phoneB, { masked });
  const life = shortDuration(p.expireS * 1000);
  return c.accounts.all().length > 1
    ? vscode.l10n.t('Bind {0} ↔ {1} through {2}, {3}, for {4}, in app {5} of {6}?', a, b, pool, p.mode, life, app, safeValue(p.account.name, 60))
    : vscode.l10n.t('Bind {0} ↔ {1} through {2}, {3}, for {4}, in app {5}?', a, b, pool, p.mode, life, app);
}

/** Asks; true only when "Bind" was chosen. */
export async function reviewBind(c: CommandContext, plan: BindPlan, title: string): Promise<boolean> {
  const sentence = bindSentence(c, plan);
  const keep: vscode.QuickPickItem = { label: vscode.l10n.t("Don't Bind"), description: vscode.l10n.t('nothing is sent') };
  const bind: vscode.QuickPickItem = { label: vscode.l10n.t('Bind'), description: vscode.l10n.t('sends one request, never repeated by itself'), detail: sentence };
  const pick = await c.ui.quickPick([keep, bind], { title, placeHolder: sentence });
  if (pick === bind) return true;
  c.log.info('Bind: not confirmed at the summary; nothing was sent.');
  return false;
}
