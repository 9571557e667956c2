import * as vscode from 'vscode';
import { discoverAppIds } from '../api';
import { writeApps } from '../config/settings';
import { Cmd } from '../ids';
import { NumberNode, NumbersNode } from '../tree/numberNodes';
import { CommandContext } from './context';
import { copyValue } from './copy';
import { registerCommand } from './register';

/** The Numbers root's Load more / Retry, Copy Number on a middle number, and Discover Apps…. */
export function registerNumberCommands(c: CommandContext): void {
  registerCommand(c.extension, c.log, Cmd.loadMoreNumbers, (node?: unknown) => (node instanceof NumbersNode ? node.loadMore() : c.tree.numbers.loadMore()));

  registerCommand(c.extension, c.log, Cmd.copyMiddleNumber, async (node?: unknown) => {
    if (node instanceof NumberNode) await copyValue(c, node.number.number, 'middle', 'middle number');
  });

  registerCommand(c.extension, c.log, Cmd.discoverApps, async () => {
    const client = await c.connection.client();
    const found = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Looking for apps in your middle numbers', cancellable: true },
      async (progress, token) => {
        const ac = new AbortController();
        const sub = token.onCancellationRequested(() => ac.abort());
        try {
          return await discoverAppIds(client, { signal: ac.signal });
        } finally {
          sub.dispose();
        }
      },
    );
    if (found.invalid) c.log.warn(`Discover Apps: ${found.invalid} of ${found.numbers} numbers have no usable app id.`);
    const configured = new Set(c.settings().apps.map((a) => a.appId));
    const fresh = found.apps.filter((a) => !configured.has(a.appId));
    if (fresh.length === 0) {
      void c.ui.info(
        found.apps.length === 0
          ? `No app ids found in the ${found.numbers} middle numbers of this API key.`
          : `No new apps: the ${found.apps.length === 1 ? 'app' : `${found.apps.length} apps`} found in the middle numbers ${found.apps.length === 1 ? 'is' : 'are'} already in the list.`,
        {},
      );
      return;
    }
    const picked = await c.ui.quickPickMany(
      fresh.map((a) => ({ label: a.appId, description: `${a.numbers} ${a.numbers === 1 ? 'number' : 'numbers'}`, appId: a.appId })),
      { title: 'Laaffic PNS: Discover Apps', placeHolder: `Add which apps to the tree? (${configured.size} already there)` },
    );
    if (!picked || picked.length === 0) return;
    await writeApps([...c.settings().apps, ...picked.map((p) => ({ appId: p.appId }))]);
    c.log.info(`Discover Apps: added ${picked.map((p) => p.appId).join(', ')}.`);
    vscode.window.setStatusBarMessage(`$(check) Added ${picked.length} ${picked.length === 1 ? 'app' : 'apps'}`, 3000);
  });
}
