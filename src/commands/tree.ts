import * as vscode from 'vscode';
import { noIcons } from '../api';
import { showInfo } from '../ui/safety';
import { asNode } from '../tree/nodes';
import { NumbersNode } from '../tree/numberNodes';
import { pickTreeApp } from './pick';
import { CommandContext } from './context';
import { registerCommand } from './register';
import { Cmd } from '../config/ids';
import { asWalk } from '../tree/walks';

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
  // On a Load more node, an app or Numbers (Numbers' Retry too).
  registerCommand(c.extension, c.log, Cmd.loadMore, (node?: unknown) => (asNode(node, 'loadMore')?.parent ?? asNode(node, 'app') ?? (node instanceof NumbersNode ? node : undefined))?.list.loadMore());
  registerCommand(c.extension, c.log, Cmd.retry, (node?: unknown) => c.tree.retry(asNode(asNode(node, 'message')?.parent ?? node, 'app')));
  registerCommand(c.extension, c.log, Cmd.showLog, () => c.log.show(true));
}

/** Load All: every binding of an app, cancellable, with progress. */
export function registerLoadAllCommand(c: CommandContext): void {
  registerCommand(c.extension, c.log, Cmd.loadAll, async (node?: unknown) => {
    const app = asNode(node, 'app') ?? (await pickTreeApp(c, vscode.l10n.t('Load every binding of which app?'), undefined, node));
    if (!app) return;
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Loading all bindings of {0}', app.label), cancellable: true },
      async (progress, token) => {
        const ac = new AbortController();
        const sub = token.onCancellationRequested(() => ac.abort());
        let last = 0;
        try {
          return await asWalk(() => c.tree.loadAll(app, {
            signal: ac.signal,
            onProgress: (loaded, total) => {
              const pct = total ? (loaded / total) * 100 : 0;
              progress.report({ message: vscode.l10n.t('{0} of {1}', loaded.toLocaleString('en-US'), total.toLocaleString('en-US')), increment: pct - last });
              last = pct;
            },
          }));
        } finally {
          sub.dispose();
        }
      },
    );
    if (result.truncated) {
      void showInfo(
        vscode.l10n.t(
          '{0}: loaded the first {1} of {2} bindings (the most Load All keeps). Find Binding by Number and Export still cover all of them.',
          app.label,
          result.loaded.toLocaleString('en-US'),
          result.total.toLocaleString('en-US'),
        ),
      );
    } else vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) {0}: all {1} bindings loaded', noIcons(app.label), result.loaded.toLocaleString('en-US')), 4000);
  });
}
