/**
 * Find Calls by Number… (in dist/complaints.js, loaded on first use): a customer's phone (typed in any form Find accepts, or phone A or B of
 * a binding, or the number Find Binding by Number found no binding for), a window up to the two
 * months the vendor keeps, and every account or one; the calls panel then reads the phone's
 * calls through each account at once, showing them as they arrive (src/webview/callsByPhone.ts).
 */
import * as vscode from 'vscode';
import { MAX_NUMBER_DIGITS, MIN_NUMBER_DIGITS, parseSearchQuery } from '../api';
import type { Account } from '../accounts/accounts';
import { Cmd } from '../config/ids';
import { formatPhone } from '../display/phone';
import { PHONE_WINDOWS } from '../shared/calls';
import { asNode } from '../tree/nodes';
import { phoneTarget, type TargetAccount } from '../webview/callsScope';
import { askCallsWindow } from './callRecords';
import type { CommandContext } from './context';
import { queryInputProblem } from './find';

/** Why a typed phone cannot be looked for, or undefined: Find's own check, then the digits a phone has. */
export function phoneInputProblem(v: string): string | undefined {
  const find = queryInputProblem(v, 'exact');
  if (find !== undefined) return find;
  const n = parseSearchQuery(v, 'exact').digits.length;
  return n < MIN_NUMBER_DIGITS || n > MAX_NUMBER_DIGITS ? vscode.l10n.t('A phone number has {0} to {1} digits, with its country code: e.g. +91 98765 43210.', MIN_NUMBER_DIGITS, MAX_NUMBER_DIGITS) : undefined;
}

/** An account as a calls target names it. */
export function targetAccountOf(c: CommandContext, a: Account): TargetAccount {
  return { id: a.id, name: a.name, several: c.accounts.all().length > 1, apps: a.apps() };
}

/** Every account, or one: "All accounts" first when there are several. undefined = Esc. */
async function askAccounts(c: CommandContext, preferred?: Account): Promise<Account[] | undefined> {
  const all = c.accounts.all();
  if (all.length <= 1) return all.length ? all : undefined;
  type Item = vscode.QuickPickItem & { accounts: Account[] };
  const items: Item[] = [
    { label: vscode.l10n.t('All accounts'), description: vscode.l10n.t('{0} accounts, read at the same time', all.length), accounts: all },
    ...all.map((a): Item => ({ label: a.name, description: a === preferred ? vscode.l10n.t('the binding\'s account') : a.host(), accounts: [a] })),
  ];
  const pick = await c.ui.quickPick(items, { title: vscode.l10n.t('Find Calls by Number: through which accounts?'), placeHolder: vscode.l10n.t('Every account, or one') });
  return pick?.accounts;
}

/** The digits of phone A or B of a binding (asked which), of what Find passes, or typed. undefined = Esc. */
async function askPhone(c: CommandContext, arg: unknown): Promise<{ digits: string; from?: Account } | undefined> {
  const node = asNode(arg, 'binding');
  if (node) {
    const masked = c.settings().maskNumbers;
    const r = node.record;
    type Item = vscode.QuickPickItem & { phone: string };
    const items: Item[] = [
      { label: vscode.l10n.t('Phone A'), description: formatPhone(r.phoneA, { masked }), phone: r.phoneA },
      { label: vscode.l10n.t('Phone B'), description: formatPhone(r.phoneB, { masked }), phone: r.phoneB },
    ].filter((i) => i.phone !== '');
    const pick = await c.ui.quickPick(items, { title: vscode.l10n.t('Find Calls by Number: binding {0}', r.bindId), placeHolder: vscode.l10n.t('Whose calls? Phone A or phone B') });
    if (!pick || phoneInputProblem(pick.phone)) return undefined;
    return { digits: parseSearchQuery(pick.phone, 'exact').digits, from: node.app.account };
  }
  const given = typeof arg === 'object' && arg !== null && typeof (arg as { phone?: unknown }).phone === 'string' ? (arg as { phone: string }).phone : undefined;
  if (given !== undefined && !phoneInputProblem(given)) return { digits: parseSearchQuery(given, 'exact').digits };
  const typed = await c.ui.inputBox({
    title: vscode.l10n.t('Laaffic PNS: Find Calls by Number'),
    prompt: vscode.l10n.t('A customer\'s phone number, with its country code (+, spaces and dashes are ignored): their calls as caller or called party.'),
    placeHolder: '+91 98765 43210',
    ignoreFocusOut: true,
    validateInput: (v) => phoneInputProblem(v),
  });
  if (typed === undefined || phoneInputProblem(typed)) return undefined;
  return { digits: parseSearchQuery(typed, 'exact').digits };
}

/** Find Calls by Number…: the phone, the window, the accounts; then the calls panel reads and shows them. */
export async function findCallsByNumber(c: CommandContext, arg?: unknown): Promise<void> {
  if (c.accounts.all().length === 0) {
    await vscode.commands.executeCommand(Cmd.setCredentials);
    return;
  }
  const phone = await askPhone(c, arg);
  if (!phone) return;
  const shown = formatPhone(phone.digits, { masked: c.settings().maskNumbers });
  const request = await askCallsWindow(c.ui, vscode.l10n.t('phone {0}', shown), PHONE_WINDOWS);
  if (!request) return;
  const accounts = await askAccounts(c, phone.from);
  if (!accounts) return;
  const target = phoneTarget(
    phone.digits,
    accounts.map((a) => targetAccountOf(c, a)),
    c.settings().maskNumbers,
  );
  await c.calls.showCalls(target, request);
}
