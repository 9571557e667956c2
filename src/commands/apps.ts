import * as vscode from 'vscode';
import { type AppEntry, validateAppId } from '../config/settings';
import { asNode } from '../tree/nodes';
import { pickAccount, pickConfiguredApp } from './pick';
import { CommandContext } from './context';
import { registerCommand } from './register';
import { Cmd } from '../config/ids';

/** Add, rename and remove the apps of an account (laafficPns.apps for the account kept in settings). */
export function registerAppCommands(c: CommandContext): void {
  registerCommand(c.extension, c.log, Cmd.addApp, async (node?: unknown) => {
    const account = await pickAccount(c, node, vscode.l10n.t('Laaffic PNS: Add App to which account?'));
    if (!account) return;
    const apps = account.apps();
    const title = c.accounts.all().length > 1 ? vscode.l10n.t('Laaffic PNS: Add App to {0}', account.name) : vscode.l10n.t('Laaffic PNS: Add App');
    const appId = await c.ui.inputBox({
      title,
      prompt: vscode.l10n.t('The app id from the Laaffic console (e.g. 4luaKsL2).'),
      placeHolder: vscode.l10n.t('app id'),
      ignoreFocusOut: true,
      validateInput: (v) => validateAppId(v) ?? (apps.some((a) => a.appId === v.trim()) ? vscode.l10n.t('That app is already in the list.') : undefined),
    });
    if (appId === undefined) return;
    const label = await askAppName(c, { title, prompt: vscode.l10n.t('A name for it in the tree (optional: press Enter to show the app id).') });
    if (label === undefined) return;
    await c.accounts.setApps(account, [...account.apps(), appEntry(appId.trim(), label)]);
    c.log.info(`Added app ${appId.trim()}${c.accounts.all().length > 1 ? ` to ${account.name}` : ''}.`);
  });

  registerCommand(c.extension, c.log, Cmd.renameApp, async (node?: unknown) => {
    const fromNode = asNode(node, 'app');
    const target = fromNode?.appId !== undefined ? { account: fromNode.account, appId: fromNode.appId } : await pickConfiguredApp(c, vscode.l10n.t('Rename which app?'), node);
    if (!target) return;
    const { account, appId: app } = target;
    const current = account.apps().find((a) => a.appId === app);
    const label = await askAppName(c, { title: vscode.l10n.t('Laaffic PNS: Rename App {0}', app), prompt: vscode.l10n.t('New name (empty: show the app id).'), value: current?.label ?? '' });
    if (label === undefined) return;
    await c.accounts.setApps(account, account.apps().map((a) => (a.appId === app ? appEntry(app, label) : a)));
  });

  registerCommand(c.extension, c.log, Cmd.removeApp, async (node?: unknown) => {
    const fromNode = asNode(node, 'app');
    const target = fromNode?.appId !== undefined ? { account: fromNode.account, appId: fromNode.appId } : await pickConfiguredApp(c, vscode.l10n.t('Remove which app from the tree?'), node);
    if (!target) return;
    await c.accounts.setApps(target.account, target.account.apps().filter((a) => a.appId !== target.appId));
    c.log.info(`Removed app ${target.appId} from the tree.`);
  });
}

/** Asks for an app's name in the tree (Add App, Rename App, Discover Apps): the text, '' for none, undefined on Esc. */
export function askAppName(c: Pick<CommandContext, 'ui'>, o: { title: string; prompt: string; value?: string }): Promise<string | undefined> {
  return c.ui.inputBox({
    title: o.title,
    prompt: o.prompt,
    value: o.value,
    ignoreFocusOut: true,
    validateInput: (v) => (v.length > 80 ? vscode.l10n.t('Keep the name under 80 characters.') : undefined),
  });
}

/** An app of the list with the name given ('' or blank: none, the tree shows the app id). */
export function appEntry(appId: string, label: string): AppEntry {
  return label.trim() ? { appId, label: label.trim() } : { appId };
}
