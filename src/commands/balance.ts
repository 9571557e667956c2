import * as vscode from 'vscode';
import type { Account } from '../accounts/accounts';
import { Cmd } from '../config/ids';
import { CommandContext } from './context';
import { accountOf } from '../tree/nodes';
import { registerCommand } from './register';

/** Refresh Balance, Switch Active Account… (the status bar item's click) and Make Active Account. */
export function registerBalanceCommands(c: CommandContext): void {
  // From the palette: the active account; from an account's node: that one (it becomes active).
  registerCommand(c.extension, c.log, Cmd.refreshBalance, (node?: unknown) => {
    const account = accountOf(node);
    if (account) c.balance.select(account);
    return c.balance.refresh(account);
  });

  registerCommand(c.extension, c.log, Cmd.switchAccount, async (): Promise<Account | undefined> => {
    const active = await c.accounts.resolveActive();
    const creds = await Promise.all(c.accounts.all().map(async (a) => ({ a, has: await a.credentials.get().then((x) => !!x, () => false) })));
    const again = { label: vscode.l10n.t('$(refresh) Read the Balance Again'), description: active.name, account: undefined };
    const pick = await c.ui.quickPick(
      [
        ...creds.map(({ a, has }) => ({
          label: a.name,
          description: a.host(),
          detail: [a === active ? vscode.l10n.t('active') : undefined, has ? undefined : vscode.l10n.t('no credentials')].filter(Boolean).join(' · ') || undefined,
          account: a as Account | undefined,
        })),
        again,
      ],
      { title: vscode.l10n.t('Laaffic PNS: Switch Active Account'), placeHolder: vscode.l10n.t('Which account do commands run from the palette act on?') },
    );
    if (!pick) return undefined;
    if (!pick.account) {
      await c.balance.refresh();
      return active;
    }
    await c.accounts.setActive(pick.account);
    c.log.info(`Active account: ${pick.account.name}.`);
    return pick.account;
  });

  registerCommand(c.extension, c.log, Cmd.makeActiveAccount, async (node?: unknown) => {
    const account = accountOf(node);
    if (account) await c.accounts.setActive(account);
    return account;
  });
}
