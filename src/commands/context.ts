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
  /** Every account: each has its credentials, host approvals and connection. */
  accounts: Accounts;
  tree: BindingsProvider;
  /** Filter, sort and context keys of the bindings view. */
  view: ViewState;
  treeView: vscode.TreeView<unknown>;
  details: DetailsPanel;
  /** The calls panels: an app's or a middle number's calls. */
  calls: CallsPanels;
  settings(): Settings;
  /** Every question to the user goes through this (src/ui/userInput.ts). */
  ui: UserInput;
  /** The balance in the status bar. */
  balance: BalanceStatus;
}
