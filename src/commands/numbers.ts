import * as vscode from 'vscode';
import { discoverAppIds } from '../api';
import { Cmd } from '../config/ids';
import { NumberNode } from '../tree/numberNodes';
import { CommandContext } from './context';
import { copyValue } from './copy';
import { registerCommand } from './register';
import { pickAccount } from './pick';
import { appEntry, askAppName } from './apps';
import type { Account } from '../accounts/accounts';

/** Copy Number on a middle number, and Discover Apps…. */
export function registerNumberCommands(c: CommandContext): void {
  registerCommand(c.extension, c.log, Cmd.copyMiddleNumber, async (node?: unknown) => {
    if (node instanceof NumberNode) await copyValue(c, node.number.number, 'middle', vscode.l10n.t('middle number'));
  });

  registerCommand(c.extension, c.log, Cmd.discoverApps, async (node?: unknown) => {
    const account = await pickAccount(c, node, vscode.l10n.t('Laaffic PNS: Discover Apps of which account?'));
    if (!account) return;
    const several = c.accounts.all().length > 1;
    const client = await account.connection.client();
    const found = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: several ? vscode.l10n.t('Looking for apps in the middle numbers of {0}', account.name) : vscode.l10n.t('Looking for apps in your middle numbers'),
        cancellable: true,
      },
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
    const configured = new Set(account.apps().map((a) => a.appId));
    const fresh = found.apps.filter((a) => !configured.has(a.appId));
    if (fresh.length === 0) {
      void c.ui.info(
        found.apps.length === 0
          ? vscode.l10n.t('No app ids found in the {0} middle numbers of this API key.', found.numbers)
          : found.apps.length === 1
            ? vscode.l10n.t('No new apps: the app found in the middle numbers is already in the list.')
            : vscode.l10n.t('No new apps: the {0} apps found in the middle numbers are already in the list.', found.apps.length),
        {},
      );
      return;
    }
    const items = fresh.map((a) => ({ label: a.appId, description: a.numbers === 1 ? vscode.l10n.t('1 number') : vscode.l10n.t('{0} numbers', a.numbers), appId: a.appId }));
    const title = several ? vscode.l10n.t('Laaffic PNS: Discover Apps of {0}', account.name) : vscode.l10n.t('Laaffic PNS: Discover Apps');
    let placeHolder = vscode.l10n.t('Add which apps to the tree? ({0} already there)', configured.size);
    let picked: typeof items | undefined;
    // Enter with nothing ticked is not an answer: the list comes back and says how to tick (Escape leaves).
    while ((picked = await c.ui.quickPickMany(items, { title, placeHolder }))?.length === 0) {
      placeHolder = vscode.l10n.t('Nothing ticked: tick the apps to add (Space), then press Enter. Escape adds none.');
    }
    if (!picked) return;
    await c.accounts.setApps(account, [...account.apps(), ...picked.map((p) => appEntry(p.appId, ''))]);
    c.log.info(`Discover Apps: added ${picked.map((p) => p.appId).join(', ')}${several ? ` to ${account.name}` : ''}.`);
    vscode.window.setStatusBarMessage(picked.length === 1 ? vscode.l10n.t('$(check) Added 1 app') : vscode.l10n.t('$(check) Added {0} apps', picked.length), 3000);
    await nameApps(c, account, picked.map((p) => p.appId));
  });
}

/** Offers a name for each app just added (optional: Enter keeps the app id; Escape stops asking). */
async function nameApps(c: CommandContext, account: Account, appIds: readonly string[]): Promise<void> {
  const names = new Map<string, string>();
  for (const [i, appId] of appIds.entries()) {
    const label = await askAppName(c, {
      title: appIds.length === 1 ? vscode.l10n.t('Laaffic PNS: Name App {0}', appId) : vscode.l10n.t('Laaffic PNS: Name App {0} ({1}/{2})', appId, i + 1, appIds.length),
      prompt:
        appIds.length === 1
          ? vscode.l10n.t('A name for it in the tree (optional: press Enter to show the app id).')
          : vscode.l10n.t('A name for it in the tree (optional: press Enter to show the app id; Escape leaves the rest unnamed).'),
    });
    if (label === undefined) break;
    if (label.trim()) names.set(appId, label);
  }
  if (names.size === 0) return;
  await c.accounts.setApps(account, account.apps().map((a) => (names.has(a.appId) ? appEntry(a.appId, names.get(a.appId)!) : a)));
  c.log.info(`Discover Apps: named ${names.size} of the ${appIds.length} apps added.`);
}
