import { validateAppId } from '../config/settings';
import { asNode } from '../tree/nodes';
import { pickConfiguredApp } from './pick';
import { CommandContext } from './context';
import { registerCommand } from './register';
import { Cmd } from '../ids';

export function registerAppCommands(c: CommandContext): void {
  registerCommand(c.extension, c.log, Cmd.addApp, async () => {
    const apps = c.connection.apps();
    const appId = await c.ui.inputBox({
      title: 'Laaffic PNS: Add App',
      prompt: 'The app id from the Laaffic console (e.g. 4luaKsL2).',
      placeHolder: 'app id',
      ignoreFocusOut: true,
      validateInput: (v) => validateAppId(v) ?? (apps.some((a) => a.appId === v.trim()) ? 'That app is already in the list.' : undefined),
    });
    if (appId === undefined) return;
    const label = await c.ui.inputBox({
      title: 'Laaffic PNS: Add App',
      prompt: 'A name for it in the tree (optional: press Enter to show the app id).',
      ignoreFocusOut: true,
      validateInput: (v) => (v.length > 80 ? 'Keep the name under 80 characters.' : undefined),
    });
    if (label === undefined) return;
    await c.connection.setApps([...apps, label.trim() ? { appId: appId.trim(), label: label.trim() } : { appId: appId.trim() }]);
    c.log.info(`Added app ${appId.trim()}.`);
  });

  registerCommand(c.extension, c.log, Cmd.renameApp, async (node?: unknown) => {
    const app = asNode(node, 'app')?.appId ?? (await pickConfiguredApp(c, 'Rename which app?'));
    if (!app) return;
    const apps = c.connection.apps();
    const current = apps.find((a) => a.appId === app);
    const label = await c.ui.inputBox({
      title: `Laaffic PNS: Rename App ${app}`,
      prompt: 'New name (empty: show the app id).',
      value: current?.label ?? '',
      ignoreFocusOut: true,
      validateInput: (v) => (v.length > 80 ? 'Keep the name under 80 characters.' : undefined),
    });
    if (label === undefined) return;
    await c.connection.setApps(apps.map((a) => (a.appId === app ? (label.trim() ? { appId: app, label: label.trim() } : { appId: app }) : a)));
  });

  registerCommand(c.extension, c.log, Cmd.removeApp, async (node?: unknown) => {
    const app = asNode(node, 'app')?.appId ?? (await pickConfiguredApp(c, 'Remove which app from the tree?'));
    if (!app) return;
    await c.connection.setApps(c.connection.apps().filter((a) => a.appId !== app));
    c.log.info(`Removed app ${app} from the tree.`);
  });
}
