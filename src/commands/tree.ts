import * as vscode from 'vscode';
import { showInfo } from '../safety';
import { AppNode, LoadMoreNode, MessageNode } from '../tree/nodes';
import { CommandContext } from './context';
import { registerCommand } from './register';

export function registerTreeCommands(c: CommandContext): void {
  registerCommand(c.extension, c.log, 'laafficPns.refresh', () => {
    c.connection.cache.clear();
    c.tree.refresh();
  });
  registerCommand(c.extension, c.log, 'laafficPns.refreshApp', (node?: AppNode) => {
    c.connection.cache.clear();
    return node ? c.tree.refreshApp(node) : c.tree.refresh();
  });
  registerCommand(c.extension, c.log, 'laafficPns.loadMore', (node?: LoadMoreNode | AppNode) => {
    const app = node?.kind === 'loadMore' ? node.app : node;
    return app ? c.tree.loadMore(app) : undefined;
  });
  registerCommand(c.extension, c.log, 'laafficPns.retry', (node?: AppNode | MessageNode) => c.tree.retry(node?.kind === 'message' ? node.app : node));
  registerCommand(c.extension, c.log, 'laafficPns.showLog', () => c.log.show(true));
}

/** Load All: every binding of an app, cancellable, with progress. */
export function registerLoadAllCommand(c: CommandContext): void {
  registerCommand(c.extension, c.log, 'laafficPns.loadAll', async (node?: unknown) => {
    const app = node instanceof AppNode ? node : await pickApp(c, 'Load every binding of which app?');
    if (!app) return;
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Loading all bindings of ${app.label}`, cancellable: true },
      async (progress, token) => {
        const ac = new AbortController();
        const sub = token.onCancellationRequested(() => ac.abort());
        let last = 0;
        try {
          return await c.tree.loadAll(app, {
            signal: ac.signal,
            onProgress: (loaded, total) => {
              const pct = total ? (loaded / total) * 100 : 0;
              progress.report({ message: `${loaded.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`, increment: pct - last });
              last = pct;
            },
          });
        } finally {
          sub.dispose();
        }
      },
    );
    vscode.window.setStatusBarMessage(`$(check) ${app.label}: all ${result.loaded.toLocaleString('en-US')} bindings loaded`, 4000);
  });
}

/** An app node from the tree, asked for with a quick pick when a command was run without one. */
export async function pickApp(c: CommandContext, title: string): Promise<AppNode | undefined> {
  const apps = c.tree.appNodes();
  if (apps.length === 0) {
    void showInfo('Open the Laaffic PNS view and add an app first.');
    return undefined;
  }
  if (apps.length === 1) return apps[0];
  const pick = await vscode.window.showQuickPick(
    apps.map((a) => ({ label: a.label, description: a.appId && a.label !== a.appId ? a.appId : undefined, app: a })),
    { title },
  );
  return pick?.app;
}
