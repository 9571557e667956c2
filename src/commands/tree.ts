import * as vscode from 'vscode';
import { showInfo } from '../safety';
import { asNode } from '../tree/nodes';
import { pickTreeApp } from './pick';
import { CommandContext } from './context';
import { registerCommand } from './register';
import { Cmd } from '../ids';

export function registerTreeCommands(c: CommandContext): void {
  registerCommand(c.extension, c.log, Cmd.refresh, () => {
    for (const a of c.accounts.all()) a.connection.cache.clear();
    c.tree.refresh();
  });
  registerCommand(c.extension, c.log, Cmd.refreshApp, (node?: unknown) => {
    const app = asNode(node, 'app');
    const account = asNode(node, 'account')?.account;
    if (app) {
      app.account.connection.cache.clear();
      return c.tree.refreshApp(app);
    }
    if (account) {
      account.connection.cache.clear();
      return c.tree.refreshAccount(account);
    }
    for (const a of c.accounts.all()) a.connection.cache.clear();
    return c.tree.refresh();
  });
  registerCommand(c.extension, c.log, Cmd.loadMore, (node?: unknown) => {
    const app = asNode(node, 'loadMore')?.app ?? asNode(node, 'app');
    return app ? c.tree.loadMore(app) : undefined;
  });
  registerCommand(c.extension, c.log, Cmd.retry, (node?: unknown) => c.tree.retry(asNode(node, 'message')?.app ?? asNode(node, 'app')));
  registerCommand(c.extension, c.log, Cmd.showLog, () => c.log.show(true));
}

/** Load All: every binding of an app, cancellable, with progress. */
export function registerLoadAllCommand(c: CommandContext): void {
  registerCommand(c.extension, c.log, Cmd.loadAll, async (node?: unknown) => {
    const app = asNode(node, 'app') ?? (await pickTreeApp(c, 'Load every binding of which app?', undefined, node));
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
    if (result.truncated) {
      void showInfo(`${app.label}: loaded the first ${result.loaded.toLocaleString('en-US')} of ${result.total.toLocaleString('en-US')} bindings (the most Load All keeps). Find Binding by Number and Export still cover all of them.`);
    } else vscode.window.setStatusBarMessage(`$(check) ${app.label}: all ${result.loaded.toLocaleString('en-US')} bindings loaded`, 4000);
  });
}
