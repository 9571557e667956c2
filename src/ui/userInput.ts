/**
 * Every question the extension asks goes through one UserInput (input boxes, quick picks, the
 * save dialog, awaited messages with buttons, openExternal), so that the integration tests can
 * answer from a queue (test/support/testApi.ts), as Azure's IActionContext.ui does.
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
  /** A message with buttons (made safe); the button picked, or undefined. */
  warning<T extends string>(message: string, options: vscode.MessageOptions, ...buttons: T[]): Promise<T | undefined>;
  info<T extends string>(message: string, options: vscode.MessageOptions, ...buttons: T[]): Promise<T | undefined>;
  /** Callers ask the user first. */
  openExternal(uri: vscode.Uri): Promise<boolean>;
}

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
