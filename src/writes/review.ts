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

/** What the summary names, as shown. */
function parts(c: CommandContext, p: BindPlan): { a: string; b: string; pool: string; life: string; app: string; account?: string } {
  const masked = c.settings().maskNumbers;
  const label = p.account.apps().find((x) => x.appId === p.appId)?.label;
  return {
    a: formatPhone(p.phoneA, { masked }),
    b: formatPhone(p.phoneB, { masked }),
    pool: p.poolNumber ? formatNumber(p.poolNumber) : vscode.l10n.t('a middle number Laaffic chooses'),
    life: shortDuration(p.expireS * 1000),
    app: label ? `${safeValue(label, 60)} (${p.appId})` : p.appId,
    account: c.accounts.all().length > 1 ? safeValue(p.account.name, 60) : undefined,
  };
}

/** "Bind +91 98765 43210 ↔ +91 98765 43211 through a middle number Laaffic chooses, AXB, for 1 h, in app Rides (1234)?" */
export function bindSentence(c: CommandContext, p: BindPlan): string {
  const { a, b, pool, life, app, account } = parts(c, p);
  return account
    ? vscode.l10n.t('Bind {0} ↔ {1} through {2}, {3}, for {4}, in app {5} of {6}?', a, b, pool, p.mode, life, app, account)
    : vscode.l10n.t('Bind {0} ↔ {1} through {2}, {3}, for {4}, in app {5}?', a, b, pool, p.mode, life, app);
}

/**
 * Asks; true only when "Bind" was chosen. The whole sentence is the placeholder (what a screen
 * reader says); the "Bind" item says it again in two lines that fit a narrow quick pick.
 */
export async function reviewBind(c: CommandContext, plan: BindPlan, title: string): Promise<boolean> {
  const { a, b, pool, life, app, account } = parts(c, plan);
  const keep: vscode.QuickPickItem = { label: vscode.l10n.t("Don't Bind"), description: vscode.l10n.t('nothing is sent') };
  const bind: vscode.QuickPickItem = {
    label: vscode.l10n.t('Bind'),
    description: `${a} ↔ ${b} · ${plan.mode} · ${life}`,
    detail: account ? vscode.l10n.t('through {0}, in app {1} of {2}; one request', pool, app, account) : vscode.l10n.t('through {0}, in app {1}; one request', pool, app),
  };
  const pick = await c.ui.quickPick([keep, bind], { title, placeHolder: bindSentence(c, plan) });
  if (pick === bind) return true;
  c.log.info('Bind: not confirmed at the summary; nothing was sent.');
  return false;
}
