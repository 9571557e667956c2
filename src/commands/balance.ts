import { Cmd } from '../config/ids';
import { CommandContext } from './context';
import { accountOf } from '../tree/nodes';
import { registerCommand } from './register';

/** Refresh Balance: the status bar item's click, and the palette. */
export function registerBalanceCommands(c: CommandContext): void {
  // From the palette or the status bar item: the account shown; from an account's node: that one.
  registerCommand(c.extension, c.log, Cmd.refreshBalance, (node?: unknown) => {
    const account = accountOf(node);
    if (account) c.balance.select(account);
    return c.balance.refresh();
  });
}
