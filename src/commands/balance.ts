import { Cmd } from '../ids';
import { CommandContext } from './context';
import { registerCommand } from './register';

/** Refresh Balance: the status bar item's click, and the palette. */
export function registerBalanceCommands(c: CommandContext): void {
  registerCommand(c.extension, c.log, Cmd.refreshBalance, () => c.balance.refresh());
}
