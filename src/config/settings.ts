import * as vscode from 'vscode';
import { DEFAULT_BASE_URL, parseZoneOffset, safeText } from '../api';
import { validateAppId } from './appId';

export { validateAppId };

export const SECTION = 'laafficPns';
export { DEFAULT_BASE_URL };

export interface AppEntry {
  appId: string;
  label?: string;
}

/** The extension's settings, read once per change and validated. */
export interface Settings {
  baseUrl: string;
  timeoutSeconds: number;
  expireTimeZone: string;
  /**
   * expireTimeZone in minutes east of UTC, or null when it is not an offset (the client then
   * refuses to start and the tree says so, with "Open settings…").
   */
  expireZoneMinutes: number | null;
  pageSize: number;
  expiringSoonHours: number;
  apps: AppEntry[];
  /** Pages fetched at once by Find Binding by Number, 1..16. */
  searchConcurrency: number;
  /** Find Binding by Number: whole number or part of one. */
  searchMatch: 'partial' | 'exact';
  /** How long pages fetched by search, Load all and export are reused, in seconds (0 = never). */
  cacheSeconds: number;
  /** How often a failed query is retried (network, timeout, 5xx, 429, -15, -18). */
  retries: number;
  /** Problems found while reading (shown once, in the log and a warning). */
  problems: string[];
}

function intIn(v: unknown, min: number, max: number): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : undefined;
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

  const concRaw = c.get<unknown>('searchConcurrency', 6);
  const searchConcurrency = intIn(concRaw, 1, 16) ?? 6;
  if (searchConcurrency !== concRaw) problems.push('laafficPns.searchConcurrency must be a whole number 1..16; using 6.');
  const matchRaw = c.get<unknown>('searchMatch', 'partial');
  const searchMatch = matchRaw === 'exact' ? 'exact' : 'partial';
  if (matchRaw !== 'exact' && matchRaw !== 'partial') problems.push('laafficPns.searchMatch must be "partial" or "exact"; using "partial".');
  const cacheRaw = c.get<unknown>('cacheSeconds', 60);
  const cacheSeconds = typeof cacheRaw === 'number' && cacheRaw >= 0 && cacheRaw <= 3600 ? cacheRaw : 60;
  if (cacheSeconds !== cacheRaw) problems.push('laafficPns.cacheSeconds must be 0..3600; using 60.');

  const retriesRaw = c.get<unknown>('retries', 2);
  const retries = intIn(retriesRaw, 0, 5) ?? 2;
  if (retries !== retriesRaw) problems.push('laafficPns.retries must be a whole number 0..5; using 2.');

  const expireTimeZone = String(c.get<string>('expireTimeZone', '+08:00') || '+08:00').trim();

  const apps: AppEntry[] = [];
  const seen = new Set<string>();
  const rawApps = c.get<unknown>('apps', []);
  if (Array.isArray(rawApps)) {
    for (const a of rawApps) {
      const appId = typeof a === 'string' ? a : a && typeof a === 'object' ? (a as { appId?: unknown }).appId : undefined;
      if (typeof appId !== 'string' || validateAppId(appId)) {
        problems.push(`Ignored an entry of laafficPns.apps without a valid appId: ${safeText(JSON.stringify(a), { max: 60 })}`);
        continue;
      }
      if (seen.has(appId.trim())) continue;
      seen.add(appId.trim());
      // A label is shown in the tree, menus and notifications: one line, no link syntax.
      const rawLabel = a && typeof a === 'object' && typeof (a as { label?: unknown }).label === 'string' ? (a as { label: string }).label : '';
      const label = safeText(rawLabel, { max: 100, markup: 'links' });
      apps.push(label ? { appId: appId.trim(), label } : { appId: appId.trim() });
    }
  } else if (rawApps !== undefined && rawApps !== null) problems.push('laafficPns.apps must be a list of { "appId": "…", "label": "…" }.');

  return {
    baseUrl: String(c.get<string>('baseUrl', DEFAULT_BASE_URL) || DEFAULT_BASE_URL).trim(),
    timeoutSeconds,
    expireTimeZone,
    expireZoneMinutes: zoneMinutesOrNull(expireTimeZone),
    pageSize,
    expiringSoonHours,
    apps,
    searchConcurrency,
    searchMatch,
    cacheSeconds,
    retries,
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

function zoneMinutesOrNull(zone: string): number | null {
  try {
    return parseZoneOffset(zone);
  } catch {
    return null;
  }
}
