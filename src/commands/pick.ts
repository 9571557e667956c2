import * as vscode from 'vscode';
import { showInfo } from '../safety';
import { AppNode } from '../tree/nodes';
import { CommandContext } from './context';

/**
 * The two app pickers, for commands run without a node:
 * - pickTreeApp: an app of the tree, "All apps" included (Find, Load All, Export);
 * - pickConfiguredApp: an app id from the settings, or the demo's (Rename, Remove).
 */

/** An app node of the tree ("All apps" first); asks only when there is a choice. */
export async function pickTreeApp(c: CommandContext, title: string, placeHolder?: string): Promise<AppNode | undefined> {
  const apps = c.tree.appNodes();
  if (apps.length === 0) {
    void showInfo(vscode.l10n.t('Open the Laaffic PNS view and add an app first.'));
    return undefined;
  }
  if (apps.length === 1) return apps[0];
  const all = apps.filter((a) => a.appId === undefined);
  const pick = await c.ui.quickPick(
    [...all, ...apps.filter((a) => a.appId !== undefined)].map((a) => ({
      label: a.label,
      description: a.appId === undefined ? vscode.l10n.t('every binding of this API key') : a.label !== a.appId ? a.appId : undefined,
      app: a,
    })),
    { title, placeHolder },
  );
  return pick?.app;
}

/** An app id from laafficPns.apps (the demo's apps while it runs). */
export async function pickConfiguredApp(c: CommandContext, title: string): Promise<string | undefined> {
  const apps = c.connection.apps();
  if (apps.length === 0) {
    void showInfo(vscode.l10n.t('No apps are configured yet. Use "Laaffic PNS: Add App…" first.'));
    return undefined;
  }
  const pick = await c.ui.quickPick(
    apps.map((a) => ({ label: a.label || a.appId, description: a.label ? a.appId : undefined, appId: a.appId })),
    { title },
  );
  return pick?.appId;
}
