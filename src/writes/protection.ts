/**
 * What an account's protection (src/accounts/model.ts Protection) asks of a write before anything
 * is sent: a read-only account refuses every write, whatever invoked it (palette, keybinding,
 * details panel); a protected one needs something typed that proves the user read what is about
 * to change: the last four digits of phone A (one binding) or the count (several).
 * Bind, Unbind and bulk Unbind use these; none of them sends when they say no.
 */
import * as vscode from 'vscode';
import { digitsOnly } from '../api';
import { safeValue } from '../ui/safety';
import type { CommandContext } from '../commands/context';
import type { Account } from '../accounts/accounts';

/**
 * A read-only account: says that nothing was sent, and why, and returns true (the caller stops).
 * `what` is the write in words ("Bind", "Unbind").
 */
export function refusedReadOnly(c: CommandContext, account: Account, what: string): boolean {
  if (account.protection !== 'readOnly') return false;
  c.log.info(`${what}: refused, the account is read-only; nothing was sent.`);
  void c.ui.warning(
    vscode.l10n.t('{0} is not allowed: the account "{1}" is read-only. Nothing was sent. (Remove its read-only mark to write on it.)', what, safeValue(account.name, 60)),
    {},
  );
  return true;
}

/**
 * The user types `expected` (digits) into an input box; true when what was typed is exactly it.
 * The box refuses other digits as they are typed; Esc (or anything else) sends nothing and says so.
 */
async function typed(c: CommandContext, o: { title: string; prompt: string; expected: string; wrong: string; refusedLog: string }): Promise<boolean> {
  const text = await c.ui.inputBox({
    title: o.title,
    prompt: o.prompt,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' || digitsOnly(v) === o.expected ? undefined : o.wrong),
  });
  if (text !== undefined && digitsOnly(text) === o.expected && text.trim() !== '') return true;
  c.log.info(`${o.refusedLog}: ${text === undefined ? 'not confirmed' : 'wrong digits typed'}; nothing was sent.`);
  if (text !== undefined) void c.ui.warning(vscode.l10n.t('Those were not the digits asked for: nothing was sent.'), {});
  return false;
}

/**
 * One write on a protected account: the last four digits of phone A typed. True when the account
 * is not protected, or when they were typed right.
 */
export async function confirmLastFour(c: CommandContext, account: Account, phoneA: string, title: string): Promise<boolean> {
  if (account.protection !== 'protected') return true;
  const last = digitsOnly(phoneA).slice(-4);
  return typed(c, {
    title,
    prompt: vscode.l10n.t('"{0}" is a protected account: type the last four digits of phone A to go ahead (Esc sends nothing).', safeValue(account.name, 60)),
    expected: last,
    wrong: vscode.l10n.t('Not the last four digits of phone A.'),
    refusedLog: 'Protected account',
  });
}

/**
 * Several writes at once (bulk Unbind): the count typed. True when typed right. The caller decides
 * when it is needed (more than ten, or any on a protected account) and says why in `prompt`.
 */
export async function confirmCount(c: CommandContext, count: number, title: string, prompt: string): Promise<boolean> {
  return typed(c, {
    title,
    prompt,
    expected: String(count),
    wrong: vscode.l10n.t('Type {0}, the number of bindings.', count),
    refusedLog: 'Bulk confirmation',
  });
}
