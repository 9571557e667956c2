import * as vscode from 'vscode';
import { SECTION } from '../config/settings';
import { Cmd } from '../config/ids';
import { CommandContext } from './context';
import { registerCommand } from './register';

/** Mask Numbers / Show Numbers (the view title's eye): laafficPns.maskNumbers in the user settings, which a workspace cannot override. */
export function registerDisplayCommands(c: CommandContext): void {
  const set = (masked: boolean) => vscode.workspace.getConfiguration(SECTION).update('maskNumbers', masked, vscode.ConfigurationTarget.Global);
  registerCommand(c.extension, c.log, Cmd.maskNumbers, () => set(true));
  registerCommand(c.extension, c.log, Cmd.unmaskNumbers, () => set(false));
}
