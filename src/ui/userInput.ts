/**
 * Every question the extension asks the user goes through one UserInput: input boxes, quick
 * picks, the save dialog, and messages with buttons that are awaited (modals, confirmations);
 * and opening something outside VS Code (openExternal: a call's recording, after a modal asked).
 * Fire-and-forget notifications go through src/ui/safety.ts directly. The VS Code implementation
 * is the only one in normal use; the integration tests get an answer queue instead
 * (test/support/testApi.ts), as the Azure extensions' IActionContext.ui / TestUserInput do.
 */
import * as vscode from 'vscode';
import { showInfo, showWarning } from './safety';

export interface UserInput {
  inputBox(options: vscode.InputBoxOptions): Promise<string | undefined>;
  quickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined>;
  quickPickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T[] | undefined>;
  /** A quick pick the caller drives (Find streams its results into one). */
  createQuickPick<T extends vscode.QuickPickItem>(): vscode.QuickPick<T>;
  saveDialog(options: vscode.SaveDialogOptions): Promise<vscode.Uri | undefined>;
  /** A warning with buttons (the message made safe); the button picked, or undefined. */
  warning<T extends string>(message: string, options: vscode.MessageOptions, ...buttons: T[]): Promise<T | undefined>;
  /** Information with buttons (the message made safe); the button picked, or undefined. */
  info<T extends string>(message: string, options: vscode.MessageOptions, ...buttons: T[]): Promise<T | undefined>;
  /** Opens a URI outside VS Code (vscode.env.openExternal). Callers ask the user first. */
  openExternal(uri: vscode.Uri): Promise<boolean>;
}

/** The real thing: VS Code's own prompts. */
export class VsCodeUserInput implements UserInput {
  async inputBox(options: vscode.InputBoxOptions): Promise<string | undefined> {
    return vscode.window.showInputBox(options);
  }
  async quickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined> {
    return vscode.window.showQuickPick(items, { ...options, canPickMany: false });
  }
  async quickPickMany<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T[] | undefined> {
    return vscode.window.showQuickPick(items, { ...options, canPickMany: true });
  }
  createQuickPick<T extends vscode.QuickPickItem>(): vscode.QuickPick<T> {
    return vscode.window.createQuickPick<T>();
  }
  async saveDialog(options: vscode.SaveDialogOptions): Promise<vscode.Uri | undefined> {
    return vscode.window.showSaveDialog(options);
  }
  async warning<T extends string>(message: string, options: vscode.MessageOptions, ...buttons: T[]): Promise<T | undefined> {
    return showWarning<T>(message, options, ...buttons);
  }
  async info<T extends string>(message: string, options: vscode.MessageOptions, ...buttons: T[]): Promise<T | undefined> {
    return showInfo<T>(message, options, ...buttons);
  }
  async openExternal(uri: vscode.Uri): Promise<boolean> {
    return vscode.env.openExternal(uri);
  }
}
