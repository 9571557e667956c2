import * as vscode from 'vscode';
import { BuiltinCmd, Cmd, WALKTHROUGH_ID } from '../config/ids';
import { CommandContext } from './context';
import { registerCommand } from './register';

/** Get Started: opens the extension's walkthrough (package.json `contributes.walkthroughs`). */
export function registerWalkthroughCommand(c: CommandContext): void {
  registerCommand(c.extension, c.log, Cmd.getStarted, async () => {
    await vscode.commands.executeCommand(BuiltinCmd.openWalkthrough, WALKTHROUGH_ID, false);
  });
}
