import * as vscode from 'vscode';
import { performance } from 'node:perf_hooks';
import { CredentialStore } from './auth/credentials';
import { HostApprovals } from './auth/trust';
import { safeLogChannel, safeValue, showWarning } from './safety';
import { registerAllCommands } from './commands';
import { readSettings, SECTION, Settings } from './config/settings';
import { Connection } from './connection';
import { BindingsProvider } from './tree/provider';
import { ViewState } from './tree/viewState';
import { Node } from './tree/nodes';
import { DetailsPanel } from './webview/detailsPanel';
import { VIEW_ID } from './ids';

/** What activate() returns: used by the integration tests (and open to other extensions). */
export interface LaafficPnsApi {
  /** Milliseconds spent inside activate(). */
  readonly activationMs: number;
  /** The settings as the extension currently sees them. */
  settings(): Settings;
  /** The bindings tree's provider (the integration tests drive it as VS Code does). */
  readonly tree: BindingsProvider;
  readonly treeView: vscode.TreeView<Node>;
  /** The binding details panel (one, reused). */
  readonly details: DetailsPanel;
  /** Where VS Code keeps this extension's global storage (tests find the user-data folder from it). */
  readonly globalStorageUri: vscode.Uri;
}

export function activate(context: vscode.ExtensionContext): LaafficPnsApi {
  const started = performance.now();
  const channel = vscode.window.createOutputChannel('Laaffic PNS', { log: true });
  context.subscriptions.push(channel);
  // Every line is made safe on its way in: one line, no key, secret or Sign.
  const log = safeLogChannel(channel);

  let settings = readSettings();
  const shownProblems = new Set<string>();
  const reportProblems = () => {
    for (const p of settings.problems) {
      if (shownProblems.has(p)) continue;
      shownProblems.add(p);
      log.warn(p);
      void showWarning(`Laaffic PNS settings: ${safeValue(p, 300)}`);
    }
  };
  reportProblems();

  const credentials = new CredentialStore(context.secrets);
  const approvals = new HostApprovals(context.globalState);
  const connection = new Connection(credentials, log, () => settings, approvals);
  const view = new ViewState();
  const tree = new BindingsProvider(connection, () => settings, log, view);
  const treeView = vscode.window.createTreeView<Node>(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  view.attach(treeView as vscode.TreeView<unknown>);
  const details = new DetailsPanel(context.extensionUri, connection, () => settings, log);
  context.subscriptions.push(credentials, connection, view, tree, treeView, details);

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      settings = readSettings();
      reportProblems();
      log.info('Settings changed: reloading the tree.');
      connection.invalidate();
      tree.refresh();
    }),
    credentials.onDidChange(() => {
      log.info('Credentials changed: reloading the tree.');
      connection.invalidate();
      tree.refresh();
    }),
  );

  registerAllCommands({ extension: context, log, credentials, connection, tree, view, treeView: treeView as vscode.TreeView<unknown>, details, settings: () => settings });

  // Context keys for the welcome views, without waiting for the view to be opened.
  void credentials.get().then((c) => view.setConnection(!!c, settings.apps.length > 0));

  const activationMs = performance.now() - started;
  log.info(`Activated in ${activationMs.toFixed(1)} ms`);
  return { activationMs, settings: () => settings, tree, treeView, details, globalStorageUri: context.globalStorageUri };
}

export function deactivate(): void {
  /* everything is disposed through context.subscriptions */
}
