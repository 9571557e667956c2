import * as vscode from 'vscode';

export const SECTION = 'laafficPns';
export const DEFAULT_BASE_URL = 'https://api.laaffic.com/v3';

/** The extension's settings, read once per change and validated. */
export interface Settings {
  baseUrl: string;
  timeoutSeconds: number;
  expireTimeZone: string;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const timeout = Number(c.get<number>('timeoutSeconds', 15));
  return {
    baseUrl: String(c.get<string>('baseUrl', DEFAULT_BASE_URL) || DEFAULT_BASE_URL).trim(),
    timeoutSeconds: Number.isFinite(timeout) && timeout >= 1 && timeout <= 120 ? timeout : 15,
    expireTimeZone: String(c.get<string>('expireTimeZone', '+08:00') || '+08:00').trim(),
  };
}
