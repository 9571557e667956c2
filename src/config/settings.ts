import * as vscode from 'vscode';

export const SECTION = 'laafficPns';
export const DEFAULT_BASE_URL = 'https://api.laaffic.com/v3';

export interface AppEntry {
  appId: string;
  label?: string;
}

/** The extension's settings, read once per change and validated. */
export interface Settings {
  baseUrl: string;
  timeoutSeconds: number;
  expireTimeZone: string;
  pageSize: number;
  expiringSoonHours: number;
  apps: AppEntry[];
  /** Problems found while reading (shown once, in the log and a warning). */
  problems: string[];
}

function intIn(v: unknown, min: number, max: number): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : undefined;
}

/** Same rule as the Add App input box. */
export function validateAppId(id: string): string | undefined {
  const s = id.trim();
  if (s === '') return 'Enter the app id from the Laaffic console.';
  if (s.length > 64) return 'An app id is at most 64 characters.';
  if (!/^[\x21-\x7e]+$/.test(s)) return 'An app id has no spaces or special characters.';
  return undefined;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const problems: string[] = [];
  const timeoutRaw = c.get<unknown>('timeoutSeconds', 15);
  const timeoutSeconds = typeof timeoutRaw === 'number' && timeoutRaw >= 1 && timeoutRaw <= 120 ? timeoutRaw : 15;
  if (timeoutSeconds !== timeoutRaw) problems.push(`laafficPns.timeoutSeconds must be 1..120; using 15.`);
  const pageSizeRaw = c.get<unknown>('pageSize', 50);
  const pageSize = intIn(pageSizeRaw, 1, 100) ?? 50;
  if (pageSize !== pageSizeRaw) problems.push(`laafficPns.pageSize must be a whole number 1..100; using 50.`);
  const soonRaw = c.get<unknown>('expiringSoonHours', 24);
  const expiringSoonHours = typeof soonRaw === 'number' && soonRaw >= 0 && soonRaw <= 8760 ? soonRaw : 24;
  if (expiringSoonHours !== soonRaw) problems.push(`laafficPns.expiringSoonHours must be 0..8760; using 24.`);

  const apps: AppEntry[] = [];
  const seen = new Set<string>();
  const rawApps = c.get<unknown>('apps', []);
  if (Array.isArray(rawApps)) {
    for (const a of rawApps) {
      const appId = typeof a === 'string' ? a : a && typeof a === 'object' ? (a as { appId?: unknown }).appId : undefined;
      if (typeof appId !== 'string' || validateAppId(appId)) {
        problems.push(`Ignored an entry of laafficPns.apps without a valid appId: ${JSON.stringify(a)?.slice(0, 60)}`);
        continue;
      }
      if (seen.has(appId.trim())) continue;
      seen.add(appId.trim());
      const label = a && typeof a === 'object' && typeof (a as { label?: unknown }).label === 'string' ? (a as { label: string }).label.trim() : '';
      apps.push(label ? { appId: appId.trim(), label } : { appId: appId.trim() });
    }
  } else if (rawApps !== undefined && rawApps !== null) problems.push('laafficPns.apps must be a list of { "appId": "…", "label": "…" }.');

  return {
    baseUrl: String(c.get<string>('baseUrl', DEFAULT_BASE_URL) || DEFAULT_BASE_URL).trim(),
    timeoutSeconds,
    expireTimeZone: String(c.get<string>('expireTimeZone', '+08:00') || '+08:00').trim(),
    pageSize,
    expiringSoonHours,
    apps,
    problems,
  };
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
