import * as vscode from 'vscode';
import { performance } from 'node:perf_hooks';
import { readSettings, SECTION, Settings } from './config/settings';

/** What activate() returns: used by the integration tests and by other extensions. */
export interface LaafficPnsApi {
  /** Milliseconds spent inside activate(). */
  readonly activationMs: number;
  /** The settings as the extension currently sees them. */
  settings(): Settings;
}

export function activate(context: vscode.ExtensionContext): LaafficPnsApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Laaffic PNS', { log: true });
  context.subscriptions.push(log);

  let settings = readSettings();
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) {
        settings = readSettings();
        log.info('Settings changed');
      }
    }),
    vscode.commands.registerCommand('laafficPns.showLog', () => log.show(true)),
    vscode.window.createTreeView('laafficPns.bindings', {
      treeDataProvider: { getChildren: () => [], getTreeItem: (x: vscode.TreeItem) => x },
    }),
  );

  const activationMs = performance.now() - started;
  log.info(`Activated in ${activationMs.toFixed(1)} ms`);
  return { activationMs, settings: () => settings };
}

export function deactivate(): void {
  /* everything is disposed through context.subscriptions */
}
