import { validateAppId } from '../config/settings';
import { asNode } from '../tree/nodes';
import { pickAccount, pickConfiguredApp } from './pick';
import { CommandContext } from './context';
import { registerCommand } from './register';
import { Cmd } from '../ids';

/** Add, rename and remove the apps of an account (laafficPns.apps for the account kept in settings). */
export function registerAppCommands(c: CommandContext): void {
  registerCommand(c.extension, c.log, Cmd.addApp, async (node?: unknown) => {
    const account = await pickAccount(c, node, 'Laaffic PNS: Add App to which account?');
    if (!account) return;
    const apps = account.apps();
    const title = c.accounts.all().length > 1 ? `Laaffic PNS: Add App to ${account.name}` : 'Laaffic PNS: Add App';
    const appId = await c.ui.inputBox({
      title,
      prompt: 'The app id from the Laaffic console (e.g. 4luaKsL2).',
      placeHolder: 'app id',
      ignoreFocusOut: true,
      validateInput: (v) => validateAppId(v) ?? (apps.some((a) => a.appId === v.trim()) ? 'That app is already in the list.' : undefined),
    });
    if (appId === undefined) return;
    const label = await c.ui.inputBox({
      title,
      prompt: 'A name for it in the tree (optional: press Enter to show the app id).',
      ignoreFocusOut: true,
      validateInput: (v) => (v.length > 80 ? 'Keep the name under 80 characters.' : undefined),
    });
    if (label === undefined) return;
    await c.accounts.setApps(account, [...account.apps(), label.trim() ? { appId: appId.trim(), label: label.trim() } : { appId: appId.trim() }]);
    c.log.info(`Added app ${appId.trim()}${c.accounts.all().length > 1 ? ` to ${account.name}` : ''}.`);
  });

  registerCommand(c.extension, c.log, Cmd.renameApp, async (node?: unknown) => {
    const fromNode = asNode(node, 'app');
    const target = fromNode?.appId !== undefined ? { account: fromNode.account, appId: fromNode.appId } : await pickConfiguredApp(c, 'Rename which app?', node);
    if (!target) return;
    const { account, appId: app } = target;
    const current = account.apps().find((a) => a.appId === app);
    const label = await c.ui.inputBox({
      title: `Laaffic PNS: Rename App ${app}`,
      prompt: 'New name (empty: show the app id).',
      value: current?.label ?? '',
      ignoreFocusOut: true,
      validateInput: (v) => (v.length > 80 ? 'Keep the name under 80 characters.' : undefined),
    });
    if (label === undefined) return;
    await c.accounts.setApps(account, account.apps().map((a) => (a.appId === app ? (label.trim() ? { appId: app, label: label.trim() } : { appId: app }) : a)));
  });

  registerCommand(c.extension, c.log, Cmd.removeApp, async (node?: unknown) => {
    const fromNode = asNode(node, 'app');
    const target = fromNode?.appId !== undefined ? { account: fromNode.account, appId: fromNode.appId } : await pickConfiguredApp(c, 'Remove which app from the tree?', node);
    if (!target) return;
    await c.accounts.setApps(target.account, target.account.apps().filter((a) => a.appId !== target.appId));
    c.log.info(`Removed app ${target.appId} from the tree.`);
  });
}
