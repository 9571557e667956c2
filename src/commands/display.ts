import * as vscode from 'vscode';
import { SECTION } from '../config/settings';
import { Cmd } from '../config/ids';
import { CommandContext } from './context';
import { registerCommand } from './register';

/**
 * Mask Numbers / Show Numbers: the view title's eye button (one shows while the other is hidden,
 * by the context key laafficPns.masked). Each writes laafficPns.maskNumbers in the user settings
 * (an application setting: a workspace cannot turn masking off); the tree, the details panel,
 * Find, notifications and the log follow that change (src/extension.ts).
 */
export function registerDisplayCommands(c: CommandContext): void {
  const set = (masked: boolean) => vscode.workspace.getConfiguration(SECTION).update('maskNumbers', masked, vscode.ConfigurationTarget.Global);
  registerCommand(c.extension, c.log, Cmd.maskNumbers, () => set(true));
  registerCommand(c.extension, c.log, Cmd.unmaskNumbers, () => set(false));
}
