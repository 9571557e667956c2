import * as vscode from 'vscode';
import type { Accounts } from '../accounts/accounts';
import { Settings } from '../config/settings';
import { BindingsProvider } from '../tree/provider';
import { ViewState } from '../tree/viewState';
import { UserInput } from '../ui/userInput';
import { DetailsPanel } from '../webview/detailsPanel';
import type { CallsPanels } from '../webview/callsPanel';
import type { BalanceStatus } from '../ui/balanceStatus';

/** What command implementations may use. */
export interface CommandContext {
  extension: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  accounts: Accounts;
  tree: BindingsProvider;
  view: ViewState;
  treeView: vscode.TreeView<unknown>;
  details: DetailsPanel;
  calls: CallsPanels;
  settings(): Settings;
  ui: UserInput;
  balance: BalanceStatus;
}
