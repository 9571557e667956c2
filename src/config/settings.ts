import * as vscode from 'vscode';
import { DEFAULT_BASE_URL } from '../api';
import { type AppEntry, parseSettings, type Settings } from './parse';

export { validateAppId } from './appId';
export { DEFAULTS, NUMBER_RULES, parseSettings } from './parse';
export type { AppEntry, Settings } from './parse';

export const SECTION = 'laafficPns';
export { DEFAULT_BASE_URL };

/** The settings as VS Code has them, parsed and validated (see parse.ts for the rules). */
export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(SECTION);
  return parseSettings((key) => c.get<unknown>(key));
}

/** Writes the app list where it is defined (workspace, else user settings). */
export async function writeApps(apps: AppEntry[]): Promise<void> {
  const c = vscode.workspace.getConfiguration(SECTION);
  const where = c.inspect('apps');
  const target =
    where?.workspaceFolderValue !== undefined
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : where?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
  await c.update('apps', apps.map((a) => (a.label ? { appId: a.appId, label: a.label } : { appId: a.appId })), target);
}
